import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestPost } from '@siaga/shared';
import { DemoGenerator } from '../demo/demo-generator.js';
import { DEMO_PROGRAMS } from '../demo/demo-programs.js';
import { type BenchContext, fmt, withScratchDatabase } from './support.js';

const KEY = 'bench-memory-key-0123456789abcdef';
const ADMIN_PASSWORD = 'Bench-memory-Password-93!';
const BATCH = 1_000;
const LANES = 3;
const CAMPAIGN_PER_MINUTE = 2_000;
const CAMPAIGN_MINUTES = 60;
const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** The server process's resident and peak resident memory (Linux /proc), in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * Posts in time order over the last 24 h: the demo's mix, and in the last hour a copy-paste
 * campaign at 2,000 posts a minute (one message, small edits, many accounts) on top.
 */
function* postsOver(total: number, runId: string): Generator<IngestPost[]> {
  const campaign = CAMPAIGN_PER_MINUTE * CAMPAIGN_MINUTES;
  const end = Date.now() - 60_000;
  const start = end - 24 * 3_600_000;
  const campaignStart = end - CAMPAIGN_MINUTES * 60_000;
  const gen = new DemoGenerator({ seed: 7, baseRate: 1000 });
  let made = 0;
  let copies = 0;
  while (made < total) {
    const batch: IngestPost[] = [];
    while (batch.length < BATCH && made < total) {
      const share = made / total;
      const at = new Date(start + share * (end - start));
      // The campaign's posts are spread over its hour in the same proportion as the organic ones.
      if (at.getTime() >= campaignStart && copies < campaign && copies / campaign <= (at.getTime() - campaignStart) / (end - campaignStart)) {
        const n = copies++;
        batch.push({
          source: 'x',
          externalId: `${runId}-c${n}`,
          text: `Program makan bergizi gratis GAGAL total, anak-anak keracunan, pemerintah harus tanggung jawab sekarang juga! #TolakMBG ${n % 97}`,
          createdAt: at.toISOString(),
          author: { handle: `akun_${n % 4_000}`, followers: 12 },
        });
      } else {
        const [p] = gen.next(1, at);
        batch.push({ ...p!, externalId: `${runId}-o${made}` });
      }
      made++;
    }
    yield batch;
  }
}

async function run(ctx: BenchContext, engine: 'postgres' | 'pglite', env: Record<string, string>, total: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-memory-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', SIAGA_DATA_DIR: dataDir, SIAGA_INGEST_KEY: KEY, SIAGA_ADMIN_PASSWORD: ADMIN_PASSWORD, SIAGA_STATIC_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 600 || child.exitCode !== null) throw new Error(`the server did not start (exit ${child.exitCode})`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const login = (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@siaga.local', password: ADMIN_PASSWORD }) })).json()) as { accessToken: string };
    for (const p of DEMO_PROGRAMS) {
      const res = await fetch(`${base}/api/programs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` }, body: JSON.stringify(p) });
      if (res.status !== 201) throw new Error(`creating program ${p.slug}: ${res.status}`);
    }
    const startMem = memoryOf(child.pid!);
    const batches = postsOver(total, `m${Date.now()}`);
    let sent = 0;
    let refused = 0;
    const samples: Array<{ posts: number; rss: number }> = [];
    const t0 = performance.now();
    const lane = async () => {
      for (let next = batches.next(); !next.done; next = batches.next()) {
        const body = JSON.stringify({ posts: next.value });
        for (;;) {
          const res = await fetch(`${base}/api/ingest/posts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body });
          await res.arrayBuffer();
          if (res.status === 202) break;
          if (res.status !== 503 && res.status !== 429) throw new Error(`ingest answered ${res.status}`);
          refused++;
          await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
        }
        sent += next.value.length;
        if (sent % 100_000 < BATCH) samples.push({ posts: sent, rss: memoryOf(child.pid!).rss });
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    const seconds = (performance.now() - t0) / 1000;
    // Let the detectors and rollups finish what the last batches started.
    await new Promise((r) => setTimeout(r, 5_000));
    const end = memoryOf(child.pid!);
    ctx.report(`memory.${engine}.rss_mb`, end.rss, `${end.rss.toFixed(0)} MB RSS of the server after ${fmt(sent)} posts (peak ${end.peak.toFixed(0)} MB; ${startMem.rss.toFixed(0)} MB at start), a ${CAMPAIGN_MINUTES}-minute campaign of ${fmt(CAMPAIGN_PER_MINUTE)} posts/min included (target < 500 MB)`);
    ctx.report(`memory.${engine}.posts_per_s`, sent / seconds, `${fmt(sent / seconds)} posts/s while measuring (${LANES} lanes of ${BATCH}-post batches, ${refused} answers of 503 retried)`);
    ctx.note(`memory.${engine}: RSS by posts sent: ${samples.map((s) => `${fmt(s.posts)} → ${s.rss.toFixed(0)} MB`).join(', ')}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `--only memory`: the server's own memory (a separate process) over a long ingest with a campaign. */
export async function benchMemory(ctx: BenchContext): Promise<void> {
  const total = Number(process.env.BENCH_MEMORY_POSTS ?? 1_000_000);
  if (ctx.serverUrl) await withScratchDatabase(ctx.serverUrl, (url) => run(ctx, 'postgres', { DATABASE_URL: url }, total));
  else ctx.note('memory.postgres: skipped (no PostgreSQL server reachable; set BENCH_DATABASE_URL)');
  if (process.env.BENCH_MEMORY_PGLITE !== '0') await run(ctx, 'pglite', {}, Math.min(total, Number(process.env.BENCH_MEMORY_PGLITE_POSTS ?? total)));
}
