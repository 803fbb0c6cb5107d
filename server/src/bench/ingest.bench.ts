import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import type { IngestPost } from '@siaga/shared';
import pino from 'pino';
import { createApp } from '../app/create-app.js';
import { loadConfig } from '../config/config.js';
import { DemoGenerator } from '../demo/demo-generator.js';
import { DEMO_PROGRAMS } from '../demo/demo-programs.js';
import { ProgramsService } from '../programs/programs.service.js';
import { BackfillService } from '../programs/backfill.service.js';
import { type BenchContext, fmt, withScratchDatabase } from './support.js';

const KEY = 'bench-ingest-key-0123456789abcdef';
const BATCH = 500;

function makePosts(n: number, runId: string): IngestPost[] {
  const gen = new DemoGenerator({ seed: 42, baseRate: 1000 });
  const start = Date.now() - 6 * 3_600_000;
  const posts: IngestPost[] = [];
  while (posts.length < n) {
    const at = new Date(start + (posts.length / n) * 6 * 3_600_000);
    for (const p of gen.next(100, at)) posts.push({ ...p, externalId: `${runId}-${posts.length}-${p.externalId}` });
  }
  return posts.slice(0, n);
}

async function measureApi(ctx: BenchContext, engine: 'postgres' | 'pglite', env: Record<string, string>, posts: IngestPost[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-'));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SIAGA_DATA_DIR: dataDir, SIAGA_INGEST_KEY: KEY, SIAGA_ADMIN_PASSWORD: 'bench-password-1', ...env });
  const siaga = await createApp(config, { logger: pino({ level: 'silent' }) });
  try {
    const programs = siaga.app.get(ProgramsService);
    for (const p of DEMO_PROGRAMS) await programs.create(null, p);
    for (let i = DEMO_PROGRAMS.length; i < 10; i++) await programs.create(null, { name: `Program ${i}`, slug: `program-${i}`, query: `(program${i} OR "layanan ${i}") AND NOT spam` });
    await siaga.app.get(BackfillService).idle();
    const server = await siaga.app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ingest/posts`;
    const bodies: string[] = [];
    for (let i = 0; i < posts.length; i += BATCH) bodies.push(JSON.stringify({ posts: posts.slice(i, i + BATCH) }));
    // Warm-up batch (JIT, statement plans), not counted.
    const warm = makePosts(BATCH, `warm-${engine}-${Date.now()}`);
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ posts: warm }) });
    const result = await new Promise<{ accepted: number; seconds: number }>((resolve, reject) => {
      const w = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: { url, key: KEY, bodies, concurrency: engine === 'pglite' ? 2 : 4 } });
      w.once('message', resolve);
      w.once('error', reject);
    });
    if (result.accepted !== posts.length) throw new Error(`expected ${posts.length} accepted, got ${result.accepted}`);
    const rate = result.accepted / result.seconds;

    // The same rows as a plain 500-row multi-VALUES INSERT into a copy of the posts table.
    await siaga.db.query(`DROP TABLE IF EXISTS bench_raw_posts`);
    await siaga.db.query(`CREATE TABLE bench_raw_posts (LIKE posts INCLUDING ALL)`);
    const cols = 12;
    const t0 = performance.now();
    for (let i = 0; i < posts.length; i += BATCH) {
      const chunk = posts.slice(i, i + BATCH);
      const params: unknown[] = [];
      const values = chunk.map((p, j) => {
        params.push(crypto.randomUUID(), p.source, p.externalId, p.text, p.createdAt, p.author.handle, p.author.name ?? null, p.author.followers ?? null, p.url ?? null, 'id', 'neutral', 0);
        return `(${Array.from({ length: cols }, (_, k) => `$${j * cols + k + 1}`).join(',')})`;
      });
      await siaga.db.query(
        `INSERT INTO bench_raw_posts (id, source, external_id, text, created_at, author_handle, author_name, author_followers, url, lang, sentiment_label, sentiment_score) VALUES ${values.join(',')}`,
        params,
      );
    }
    const rawRate = posts.length / ((performance.now() - t0) / 1000);
    await siaga.db.query(`DROP TABLE bench_raw_posts`);
    ctx.report(`ingest.${engine}.api_posts_per_s`, rate, `${fmt(rate)} posts/s through POST /api/ingest/posts (${posts.length} posts, batches of ${BATCH}, 10 programs)`);
    ctx.report(`ingest.${engine}.raw_insert_rows_per_s`, rawRate, `${fmt(rawRate)} rows/s plain 500-row INSERT of the same rows`);
    ctx.report(`ingest.${engine}.api_vs_raw`, rate / rawRate, `${((rate / rawRate) * 100).toFixed(0)}% of the raw INSERT rate`);
  } finally {
    await siaga.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchIngest(ctx: BenchContext): Promise<void> {
  const n = Number(process.env.BENCH_INGEST_POSTS ?? 50_000);
  const runId = `b${Date.now()}`;
  const posts = makePosts(n, runId);
  if (ctx.serverUrl) {
    await withScratchDatabase(ctx.serverUrl, (url) => measureApi(ctx, 'postgres', { DATABASE_URL: url }, posts));
  } else {
    ctx.note('ingest.postgres: skipped (no PostgreSQL server reachable; set BENCH_DATABASE_URL)');
  }
  await measureApi(ctx, 'pglite', { DATABASE_URL: '' }, posts.slice(0, Math.min(n, 20_000)));
}
