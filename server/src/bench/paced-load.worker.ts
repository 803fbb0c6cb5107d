import { parentPort, workerData } from 'node:worker_threads';

/**
 * Background ingest load at a steady rate from its own thread, so the load generator's JSON and
 * HTTP work never runs on the server's event loop (in production it comes from other machines).
 */
interface Job {
  url: string;
  key: string;
  postsPerSecond: number;
  /** Concurrent requests in flight. */
  lanes: number;
  /** Each post mentions one of these words (the programs' queries). */
  words: string[];
}

const job = workerData as Job;
let seq = 0;
let stop = false;
const started = Date.now();

async function lane(): Promise<void> {
  while (!stop) {
    const due = Math.floor(((Date.now() - started) / 1000) * job.postsPerSecond) - seq;
    if (due <= 0) {
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    const posts = Array.from({ length: Math.min(due, 200) }, () => {
      const i = seq++;
      return { source: 'x', externalId: `bg-${i}`, text: `${job.words[i % job.words.length]} ramai dibicarakan ${i}`, createdAt: new Date(Date.now() - 1_000).toISOString(), author: { handle: `bg${i % 5_000}` } };
    });
    const res = await fetch(`${job.url}/api/ingest/posts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': job.key }, body: JSON.stringify({ posts }) });
    await res.body?.cancel();
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
  }
}

parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'stop') stop = true;
});
Promise.all(Array.from({ length: job.lanes }, lane)).then(
  () => parentPort!.postMessage({ type: 'done', posts: seq, seconds: (Date.now() - started) / 1000 }),
  (err: unknown) => {
    // fetch hides the socket error in `cause`: without it "fetch failed" says nothing.
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    parentPort!.postMessage({ type: 'error', message: `${err instanceof Error ? err.message : String(err)}${cause}` });
  },
);
