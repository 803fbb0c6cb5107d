import { parentPort, workerData } from 'node:worker_threads';

/** Sends prepared JSON batches to the ingest API from its own thread, `concurrency` at a time. */
interface Job {
  url: string;
  key: string;
  bodies: string[];
  concurrency: number;
}

const job = workerData as Job;
let next = 0;
let accepted = 0;
const started = performance.now();
async function lane(): Promise<void> {
  while (next < job.bodies.length) {
    const body = job.bodies[next++]!;
    const res = await fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': job.key }, body });
    const json = (await res.json()) as { accepted?: number };
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(json)}`);
    accepted += json.accepted ?? 0;
  }
}
await Promise.all(Array.from({ length: job.concurrency }, lane));
parentPort!.postMessage({ accepted, seconds: (performance.now() - started) / 1000 });
