import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { createApp } from '../app/create-app.js';
import { loadConfig } from '../config/config.js';
import type { PreviewProbeResult } from './preview-probe.worker.js';
import { type BenchContext, fmt, percentile, withScratchDatabase } from './support.js';

const PASSWORD = 'bench-password-1';
/** Posts in the last 24 hours (the case is 50,000); BENCH_PREVIEW_POSTS changes it. */
const POSTS = Number(process.env.BENCH_PREVIEW_POSTS ?? 50_000);
const QUERIES = ['bpjs', 'bansos OR "harga cabai"', 'jalan AND rusak AND NOT tol'];
const ROUNDS = 3;
const TOPICS = ['bpjs', 'prakerja', 'mbg', 'bansos', 'bbm pertalite', 'kip kuliah', 'harga cabai', 'jalan rusak', 'banjir', 'listrik padam'];
const WORDS = ['antrian', 'lama', 'bagus', 'mantap', 'kecewa', 'parah', 'cepat', 'gak', 'jelas', 'banget', 'terima kasih', 'ribet', 'lancar', 'hoaks', 'naik', 'iuran', 'warga', 'pemerintah', 'tolong', 'segera', 'daerah', 'kota', 'desa', 'tol'];

/** `POSTS` posts spread over the last 24 hours, ~150 characters each, straight into the table. */
async function seed(query: (sql: string, params?: unknown[]) => Promise<unknown>, now: number): Promise<void> {
  const step = Math.floor((24 * 3_600_000 - 60_000) / POSTS);
  const words = Array.from({ length: 14 }, (_, k) => `(w.words)[1 + ((i * ${2 * k + 3} + ${k}) % cardinality(w.words))]`).join(` || ' ' || `);
  await query(
    `WITH w AS (SELECT $4::text[] AS words, $5::text[] AS topics)
     INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score)
     SELECT gen_random_uuid(), 'x', 'pv-' || i,
       (w.topics)[1 + i % cardinality(w.topics)] || ' ' || ${words} || ' #info' || (i % 9) || ' ' || i,
       $1::timestamptz - (i * $2::int || ' milliseconds')::interval, 'warga' || (i % 3000),
       CASE WHEN i % 5 = 0 THEN 'en' ELSE 'id' END, 'neutral', 0
     FROM w, generate_series(1, $3::int) AS i`,
    [new Date(now).toISOString(), step, POSTS, WORDS, TOPICS],
  );
}

async function probe(url: string, token: string): Promise<PreviewProbeResult> {
  const w = new Worker(new URL('./preview-probe.worker.js', import.meta.url), { workerData: { url, token, queries: QUERIES, rounds: ROUNDS } });
  try {
    return await new Promise<PreviewProbeResult>((resolve, reject) => {
      w.once('message', (m: { type: string; result?: PreviewProbeResult; message?: string }) =>
        m.type === 'done' ? resolve(m.result!) : reject(new Error(`preview probe failed: ${m.message}`)),
      );
      w.once('error', reject);
    });
  } finally {
    await w.terminate();
  }
}

async function measure(ctx: BenchContext, engine: string, dbUrl: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-preview-'));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SIAGA_DATA_DIR: dataDir, SIAGA_ADMIN_PASSWORD: PASSWORD, DATABASE_URL: dbUrl, REDIS_URL: '' });
  const siaga = await createApp(config, { logger: pino({ level: 'silent' }) });
  try {
    const t0 = performance.now();
    await seed((sql, params) => siaga.db.query(sql, params), Date.now());
    ctx.note(`${engine}: ${fmt(POSTS)} posts of the last 24 h seeded in ${fmt(performance.now() - t0)} ms`);
    const server = await siaga.app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.admin.email, password: PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };

    const r = await probe(url, accessToken);
    const alone = [...r.aloneMs].sort((a, b) => a - b);
    const cpu = [...r.aloneCpuMs].sort((a, b) => a - b);
    const preview = [...r.previewMs].sort((a, b) => a - b);
    const during = [...r.healthDuringMs].sort((a, b) => a - b);
    const idle = [...r.healthIdleMs].sort((a, b) => a - b);
    const key = engine === 'PGlite' ? 'pglite' : 'server';
    ctx.report(
      `preview.${key}.p50_ms`,
      percentile(preview, 50),
      `${engine}, ${fmt(POSTS)} posts in 24 h: preview alone p50 ${fmt(percentile(alone, 50))} ms, max ${fmt(alone[alone.length - 1]!)} ms (CPU p50 ${fmt(percentile(cpu, 50))} ms); beside the health probes p50 ${fmt(percentile(preview, 50))} ms, max ${fmt(preview[preview.length - 1]!)} ms (${preview.length} each; target < 1,000 ms)`,
    );
    ctx.report(
      `preview.${key}.health_during_max_ms`,
      during[during.length - 1] ?? 0,
      `${engine}: /api/health during previews, ${during.length} probes back to back: p50 ${fmt(percentile(during, 50))} ms, max ${fmt(during[during.length - 1] ?? 0)} ms; idle p50 ${fmt(percentile(idle, 50))} ms`,
    );
    ctx.note(`load average while measuring: ${os.loadavg()[0]!.toFixed(2)} on ${os.availableParallelism()} cores (wall-clock figures suffer when it exceeds the cores)`);
    for (const a of r.answers) ctx.note(`${engine}: "${a.query}" matched ${fmt(a.matched)} of ${fmt(a.scanned)} scanned${a.complete ? '' : ' (partial)'}`);
  } finally {
    await siaga.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The query preview on a busy day: 50,000 posts in the last 24 hours, on PGlite (the database in
 * the server's own thread) and on the PostgreSQL server; preview latency, and /api/health latency
 * measured from another thread while each preview runs.
 */
export async function benchPreview(ctx: BenchContext): Promise<void> {
  await measure(ctx, 'PGlite', '');
  if (ctx.serverUrl) await withScratchDatabase(ctx.serverUrl, (url) => measure(ctx, 'PostgreSQL server', url));
  else ctx.note('preview: no PostgreSQL server answered (set BENCH_DATABASE_URL): server figures not measured');
}
