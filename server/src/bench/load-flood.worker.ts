import { parentPort, workerData } from 'node:worker_threads';
import type { IngestPost } from '@siaga/shared';
import { DemoGenerator } from '../demo/demo-generator.js';

/**
 * Sustained ingest as fast as the instances take it, from its own thread: the demo's mix of
 * posts about the demo programs, timed now (live, so detection evaluates every batch), in
 * `batch`-post requests over `lanes` concurrent lanes spread over the instances. A refused batch
 * (429/503) is retried after its Retry-After, as a well-behaved collector does.
 *
 * The posts are made before the clock starts ('ready', then 'go'), `poolSize` of them, so that the
 * run sends each at most once: a pool cycled verbatim would make every post after the first cycle an
 * exact copy of an earlier one from the same account, which a real stream is not and which the
 * campaign detector's copy path serves more cheaply than new text. The demo's own repeats (reposts,
 * copy-paste scripts, short stock phrases) stay as the generator makes them. Given `posts` (a recorded crisis), it
 * sends those instead, each once, and stops when they are all sent.
 */
interface Job {
  urls: string[];
  key: string;
  seconds: number;
  lanes: number;
  batch: number;
  runId: string;
  poolSize: number;
  posts?: IngestPost[];
}

const job = workerData as Job;
// Made before the run: the generator's CPU would otherwise be taken from the servers on the same cores.
const pool = job.posts ?? new DemoGenerator({ seed: 11, baseRate: 1000, autoCrises: false }).next(job.poolSize);
/** Sends the given posts once; the demo's pool is cycled (and the repeats counted) if the run outlasts it. */
const once = job.posts !== undefined;
let seq = 0;
let accepted = 0;
let refused = 0;
let started = 0;
let deadline = 0;

async function lane(i: number): Promise<void> {
  const url = `${job.urls[i % job.urls.length]}/api/ingest/posts`;
  while (performance.now() < deadline && !(once && seq >= pool.length)) {
    const createdAt = new Date(Date.now() - 1_000).toISOString();
    const posts = Array.from({ length: once ? Math.min(job.batch, pool.length - seq) : job.batch }, () => {
      const i = seq++;
      return { ...pool[i % pool.length]!, externalId: `${job.runId}-${i}`, createdAt };
    });
    const body = JSON.stringify({ posts });
    for (;;) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': job.key }, body });
      await res.arrayBuffer();
      if (res.status === 202) break;
      if (res.status !== 503 && res.status !== 429) throw new Error(`ingest answered ${res.status}`);
      refused++;
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
    }
    accepted += posts.length;
  }
}

parentPort!.once('message', () => {
  started = performance.now();
  deadline = started + job.seconds * 1000;
  Promise.all(Array.from({ length: job.lanes }, (_, i) => lane(i))).then(
    () => parentPort!.postMessage({ type: 'done', accepted, refused, seconds: (performance.now() - started) / 1000, repeated: Math.max(0, seq - pool.length) }),
    (err: unknown) => {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      parentPort!.postMessage({ type: 'error', message: `${err instanceof Error ? err.message : String(err)}${cause}` });
    },
  );
});
parentPort!.postMessage({ type: 'ready' });
