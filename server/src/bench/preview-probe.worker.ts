import { parentPort, workerData } from 'node:worker_threads';

/**
 * Query previews and /api/health probes from their own thread, so the client's timers and sockets
 * never wait on the server's event loop: a health probe that waits shows the server's stall.
 */
interface Job {
  url: string;
  token: string;
  queries: string[];
  rounds: number;
}

export interface PreviewProbeResult {
  /** Previews with nothing else asked of the server. */
  aloneMs: number[];
  /** CPU time of the whole process (server and this probe) during each preview alone. */
  aloneCpuMs: number[];
  /** Previews while health probes run back to back. */
  previewMs: number[];
  /** Health probes sent back to back while a preview was running. */
  healthDuringMs: number[];
  /** Health probes with no preview running. */
  healthIdleMs: number[];
  /** What the previews answered (the last of each query). */
  answers: Array<{ query: string; matched: number; scanned: number; complete: boolean }>;
}

const job = workerData as Job;

async function health(): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${job.url}/api/health`);
  await res.body?.cancel();
  if (res.status !== 200) throw new Error(`health answered ${res.status}`);
  return performance.now() - t0;
}

async function preview(query: string): Promise<Response> {
  return fetch(`${job.url}/api/programs/preview`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
    body: JSON.stringify({ query }),
  });
}

async function run(): Promise<PreviewProbeResult> {
  const out: PreviewProbeResult = { aloneMs: [], aloneCpuMs: [], previewMs: [], healthDuringMs: [], healthIdleMs: [], answers: [] };
  for (let i = 0; i < 5; i++) out.healthIdleMs.push(await health());
  for (let round = 0; round < job.rounds; round++) {
    for (const query of job.queries) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const res = await preview(query);
      await res.body?.cancel();
      if (res.status !== 200) throw new Error(`preview answered ${res.status}`);
      const cpu = process.cpuUsage(c0);
      out.aloneMs.push(performance.now() - t0);
      out.aloneCpuMs.push((cpu.user + cpu.system) / 1000);
    }
  }
  for (let round = 0; round < job.rounds; round++) {
    for (const query of job.queries) {
      let done = false;
      const t0 = performance.now();
      const running = preview(query).then(async (res) => {
        const body = (await res.json()) as { matched: number; scanned: number; complete: boolean };
        out.previewMs.push(performance.now() - t0);
        done = true;
        if (res.status !== 200) throw new Error(`preview answered ${res.status}`);
        if (round === job.rounds - 1) out.answers.push({ query, matched: body.matched, scanned: body.scanned, complete: body.complete });
      });
      // Give the preview a head start, then probe until it has answered.
      await new Promise((r) => setTimeout(r, 20));
      while (!done) {
        const ms = await health();
        // A probe that ended after the preview still waited behind it: it counts.
        out.healthDuringMs.push(ms);
      }
      await running;
    }
  }
  return out;
}

run().then(
  (result) => parentPort!.postMessage({ type: 'done', result }),
  (err: unknown) => parentPort!.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
);
