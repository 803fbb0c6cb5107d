import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostsQuery } from '@siaga/shared';
import pino from 'pino';
import { createApp, type SiagaApp } from '../app/create-app.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../database/database.js';
import { StatisticsService } from '../maintenance/statistics.service.js';
import { BackfillService } from '../programs/backfill.service.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { type BenchContext, fmt, percentile, withScratchDatabase } from './support.js';

const KEY = 'bench-ingest-key-0123456789abcdef';
const PASSWORD = 'bench-password-1';
const DAY = 86_400_000;
/** `BENCH_SCALE=1m` (default) or `10m` (the PostgreSQL server only), or a number of posts. */
const SCALE = process.env.BENCH_SCALE ?? '1m';
const POSTS = SCALE === '10m' ? 10_000_000 : SCALE === '1m' ? 1_000_000 : Number(SCALE);
const SEED_CHUNK = 50_000;
const REPS = Number(process.env.BENCH_SCALE_REPS ?? 15);
const EXPORT_ROWS = 100_000;
const INGEST_POSTS = 20_000;
/** How long health is probed beside the backfill a query edit starts (at 10M it runs longer than that). */
const BACKFILL_PROBE_S = 180;
const AUTHORS = 20_000;
const PROGRAMS: Array<[string, string, string]> = [
  ['BPJS Kesehatan', 'bpjs', 'bpjs OR jkn'],
  ['Kartu Prakerja', 'prakerja', 'prakerja'],
  ['Makan Bergizi Gratis', 'mbg', 'mbg'],
  ['Bantuan Sosial', 'bansos', 'bansos'],
  ['Subsidi BBM', 'bbm', 'bbm OR pertalite'],
  ['KIP Kuliah', 'kip', '"kip kuliah"'],
];
const TOPICS = ['bpjs', 'prakerja', 'mbg', 'bansos', 'bbm pertalite', 'kip kuliah'];
const WORDS = ['antrian', 'lama', 'bagus', 'mantap', 'kecewa', 'parah', 'cepat', 'gak', 'jelas', 'banget', 'terima', 'kasih', 'ribet', 'lancar', 'hoaks', 'naik', 'iuran', 'warga', 'pemerintah', 'tolong', 'segera', 'daerah', 'kota', 'desa', 'the', 'queue', 'slow', 'good'];

type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/**
 * `POSTS` posts over the last 14 days, one of six programs each, 20,000 authors, 30 % negative,
 * 20 % English, one in 1,000 from a rare source ("rss"), one in 5,000 with the rare word "langka",
 * one in 200 reporting harm, and one word of a long tail (50,000 words, a few very common, most
 * rare: real posts' vocabulary, which the planner's text statistics depend on); their
 * post_programs rows and per-minute rollups. Straight SQL, in
 * chunks, so the load takes minutes rather than the ingest path's hour.
 */
async function seed(query: Query, programIds: string[], now: number, progress: (done: number) => void): Promise<void> {
  const step = (14 * DAY - 60_000) / POSTS;
  const words = Array.from({ length: 12 }, (_, k) => `(w.words)[1 + ((i * ${2 * k + 3} + ${k} + i / ${7 + k}) % cardinality(w.words))]`).join(` || ' ' || `);
  for (let a = 1; a <= POSTS; a += SEED_CHUNK) {
    const b = Math.min(POSTS, a + SEED_CHUNK - 1);
    await query(
      `WITH w AS (SELECT $4::text[] AS words, $5::text[] AS topics, $6::uuid[] AS pids),
       ins AS (
         INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score, program_ids, harm_flag)
         SELECT gen_random_uuid(),
           CASE WHEN i % 1000 = 0 THEN 'rss' WHEN i % 3 = 0 THEN 'tiktok' ELSE 'x' END,
           's-' || i,
           (w.topics)[1 + i % 6] || ' ' || ${words} || CASE WHEN i % 5000 = 0 THEN ' langka' ELSE '' END || ' #info' || (i % 50)
             || ' kata' || floor(power(((i::bigint * 2654435761) % 1000003) / 1000003.0, 3) * 50000)::int,
           $1::timestamptz - ((i * $2::float8)::bigint || ' milliseconds')::interval,
           'warga' || ((i::bigint * 7919) % ${AUTHORS}),
           CASE WHEN i % 5 = 0 THEN 'en' ELSE 'id' END,
           CASE WHEN i % 10 < 3 THEN 'negative' WHEN i % 10 < 5 THEN 'positive' ELSE 'neutral' END,
           CASE WHEN i % 10 < 3 THEN -0.6 WHEN i % 10 < 5 THEN 0.6 ELSE 0 END,
           ARRAY[(w.pids)[1 + i % 6]],
           i % 200 = 0
         FROM w, generate_series($3::int, $7::int) AS i
         RETURNING id, created_at, program_ids, sentiment_label)
       INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label)
       SELECT program_ids[1], created_at, id, sentiment_label FROM ins`,
      [new Date(now).toISOString(), step, a, WORDS, TOPICS, programIds, b],
    );
    progress(b);
  }
  await query(
    `INSERT INTO rollups_minute (program_id, minute, volume, positive, neutral, negative, sentiment_sum, authors)
     SELECT program_id, date_trunc('minute', created_at), count(*),
       count(*) FILTER (WHERE sentiment_label = 'positive'), count(*) FILTER (WHERE sentiment_label = 'neutral'),
       count(*) FILTER (WHERE sentiment_label = 'negative'), 0, 0
     FROM post_programs GROUP BY 1, 2`,
  );
}

interface Client {
  url: string;
  token: string;
  /** Signs in again (the access token expires during a long load). */
  login(): Promise<void>;
}

async function timed(c: Client, path: string, init: RequestInit = {}): Promise<{ ms: number; status: number; body: unknown; bytes: number }> {
  const go = () => fetch(`${c.url}${path}`, { ...init, headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  let t0 = performance.now();
  // The first request after a long seed may find its kept-alive socket closed by the server: once more.
  let res = await go().catch(() => {
    t0 = performance.now();
    return go();
  });
  if (res.status === 401) {
    await res.text();
    await c.login();
    t0 = performance.now();
    res = await go();
  }
  const text = await res.text();
  const ms = performance.now() - t0;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { ms, status: res.status, body, bytes: Buffer.byteLength(text) };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pcts = (xs: number[]) => {
  const s = sorted(xs);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? 0, n: s.length };
};

/** Health probes back to back until `until` settles; answers their latencies. */
async function probeHealth(c: Client, until: Promise<unknown>): Promise<{ ms: number[]; failed: number }> {
  let done = false;
  void until.finally(() => (done = true));
  const ms: number[] = [];
  let failed = 0;
  await new Promise((r) => setTimeout(r, 20));
  while (!done) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${c.url}/api/health`);
      await res.text();
      if (res.status !== 200) failed++;
    } catch {
      failed++;
    }
    ms.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { ms, failed };
}

async function explainAll(db: Database, programId: string, now: number): Promise<string> {
  const out: string[] = [];
  let plans: string[] = [];
  const explain = (run: (sql: string, params?: unknown[]) => Promise<unknown[]>) => async (sql: string, params?: unknown[]) => {
    // The text query's own look at the planner's estimate and its settings run as they are.
    if (/^(SELECT set_config\(|EXPLAIN|SELECT reltuples)/.test(sql)) return run(sql, params);
    const plan = (await run(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)) as Array<Record<string, string>>;
    plans.push(plan.map((r) => Object.values(r)[0]).join('\n'));
    // A text query's probe of the text index feeds the page's statement: it answers its rows too.
    return /^SELECT p\.id FROM posts p WHERE to_tsvector/.test(sql.trim()) ? run(sql, params) : plan;
  };
  const explaining = {
    query: explain((sql, params) => db.query(sql, params)),
    transaction: <T>(work: (em: { query: ReturnType<typeof explain> }) => Promise<T>) => db.transaction((em) => work({ query: explain((sql, params) => em.query<unknown[]>(sql, params)) })),
  } as unknown as Database;
  const repo = new PostsRepository(explaining);
  const day = new Date(now - DAY).toISOString();
  const cases: Array<[string, PostsQuery]> = [
    ['newest posts', {}],
    ['one program', { programId }],
    ['program × negative', { programId, sentiment: 'negative' }],
    ['program × negative × last 24 h', { programId, sentiment: 'negative', from: day }],
    ['rare source', { source: 'rss' }],
    ['program × rare source', { programId, source: 'rss' }],
    ['language en', { lang: 'en' }],
    ['harm', { harm: true }],
    ['q common word', { q: 'antrian' }],
    ['q rare word', { q: 'langka' }],
    ['program × q rare word', { programId, q: 'langka' }],
    ['q hashtag', { q: '#info7' }],
  ];
  for (const [name, f] of cases) {
    plans = [];
    await repo.list(f, 50, undefined);
    out.push(`### ${name}: ${JSON.stringify(f)}\n${plans.join('\n-- then --\n')}\n`);
  }
  const scan = (await repo.scan({ from: new Date(now - DAY), to: new Date(now), programId }, 2_501, undefined)) as unknown as Array<Record<string, string>>;
  out.push(`### preview / top-terms scan page (2,500 rows of a program's 24 h)\n${scan.map((r) => Object.values(r)[0]).join('\n')}\n`);
  const series = await db.query<Record<string, string>>(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT minute, volume, negative FROM rollups_minute WHERE program_id = $1 AND minute >= $2 AND minute < $3 ORDER BY minute`,
    [programId, new Date(now - 15 * DAY).toISOString(), new Date(now).toISOString()],
  );
  out.push(`### band / series rollups (15 days of one program)\n${series.map((r) => Object.values(r)[0]).join('\n')}\n`);
  return out.join('\n');
}

async function measure(ctx: BenchContext, engine: 'pglite' | 'server', dbUrl: string): Promise<void> {
  const label = engine === 'pglite' ? 'PGlite' : 'PostgreSQL server';
  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-scale-'));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SIAGA_DATA_DIR: dataDir, SIAGA_INGEST_KEY: KEY, SIAGA_ADMIN_PASSWORD: PASSWORD, DATABASE_URL: dbUrl, REDIS_URL: '' });
  let siaga: SiagaApp | undefined;
  try {
    siaga = await createApp(config, { logger: pino({ level: 'silent' }) });
    const db = siaga.db;
    const server = await siaga.app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c: Client = {
      url,
      token: '',
      async login() {
        const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.admin.email, password: PASSWORD }) });
        this.token = ((await res.json()) as { accessToken: string }).accessToken;
      },
    };
    await c.login();
    const programIds: string[] = [];
    for (const [name, slug, query] of PROGRAMS) {
      const r = await timed(c, '/api/programs', { method: 'POST', body: JSON.stringify({ name, slug, query }) });
      if (r.status !== 201) throw new Error(`creating program ${slug}: ${r.status}`);
      programIds.push((r.body as { id: string }).id);
    }
    const P = programIds[0]!;
    const now = Date.now();

    const t0 = performance.now();
    let lastNote = t0;
    await seed(
      (sql, params) => db.query(sql, params),
      programIds,
      now,
      (done) => {
        if (performance.now() - lastNote > 30_000) {
          lastNote = performance.now();
          ctx.note(`${label}: ${fmt(done)} posts seeded after ${fmt((lastNote - t0) / 1000)} s`);
        }
      },
    );
    ctx.report(`scale.${engine}.seed_s`, (performance.now() - t0) / 1000, `${label}: ${fmt(POSTS)} posts over 14 days (6 programs, ${fmt(AUTHORS)} authors) loaded by SQL in ${fmt((performance.now() - t0) / 1000)} s`);

    const negative = `/api/posts?programId=${P}&sentiment=negative&limit=50`;
    const before = [];
    for (let i = 0; i < 3; i++) before.push((await timed(c, negative)).ms);
    const stats = siaga.app.get(StatisticsService);
    const a0 = performance.now();
    await stats.run('start');
    const analyzeMs = performance.now() - a0;
    ctx.report(
      `scale.${engine}.analyze_ms`,
      analyzeMs,
      `${label}: program × negative, first page, before any ANALYZE: p50 ${fmt(percentile(sorted(before), 50))} ms; ANALYZE of the three hot tables took ${fmt(analyzeMs)} ms (one table at a time)`,
    );

    const day = new Date(now - DAY).toISOString();
    const week = new Date(now - 7 * DAY).toISOString();
    const reads: Array<[string, string]> = [
      ['posts, newest', '/api/posts?limit=50'],
      ['posts, program', `/api/posts?programId=${P}&limit=50`],
      ['posts, program × negative', negative],
      ['posts, program × negative × 24 h', `${negative}&from=${day}`],
      ['posts, program × positive × 7 days', `/api/posts?programId=${P}&sentiment=positive&from=${week}&limit=50`],
      ['posts, rare source', '/api/posts?source=rss&limit=50'],
      ['posts, program × rare source', `/api/posts?programId=${P}&source=rss&limit=50`],
      ['posts, language en', '/api/posts?lang=en&limit=50'],
      ['posts, harm', '/api/posts?harm=true&limit=50'],
      ['posts, q common word', '/api/posts?q=antrian&limit=50'],
      ['posts, q rare word', '/api/posts?q=langka&limit=50'],
      ['posts, program × q rare word', `/api/posts?programId=${P}&q=langka&limit=50`],
      ['posts, q hashtag', '/api/posts?q=%23info7&limit=50'],
      ['series 24 h, 1 min', `/api/metrics/series?programId=${P}&bucket=1m`],
      ['series 7 days, 1 h', `/api/metrics/series?programId=${P}&bucket=1h&from=${week}`],
      ['overview', '/api/metrics/overview'],
      ['top lists 24 h', `/api/metrics/top?programId=${P}`],
      ['band 24 h', `/api/detection/band?programId=${P}`],
      ['band 24 h, the wall (5 min buckets)', `/api/detection/band?programId=${P}&bucket=5m`],
    ];
    // The band's first request starts its track (15 days replayed); the reads below extend it, as a wall's do.
    const cold = await timed(c, `/api/detection/band?programId=${P}`);
    if (cold.status !== 200) throw new Error(`band answered ${cold.status}`);
    ctx.report(`scale.${engine}.band_first_ms`, cold.ms, `${label} ${fmt(POSTS)}: band 24 h, first request (a new track: 15 days replayed): ${fmt(cold.ms)} ms (${fmt(cold.bytes / 1024)} KB)`);
    for (const [name, path] of reads) {
      const ms: number[] = [];
      let bytes = 0;
      for (let i = 0; i < REPS; i++) {
        const r = await timed(c, path);
        if (r.status !== 200) throw new Error(`${name} answered ${r.status}`);
        ms.push(r.ms);
        bytes = r.bytes;
      }
      const p = pcts(ms);
      ctx.report(`scale.${engine}.${name}.p95_ms`, p.p95, `${label} ${fmt(POSTS)}: ${name}: p50 ${fmt(p.p50)} ms, p95 ${fmt(p.p95)} ms (${p.n} reads, ${fmt(bytes / 1024)} KB)`);
    }

    // A 20-page walk of the program's negative posts, following the cursor.
    const w0 = performance.now();
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const r = await timed(c, `${negative}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      cursor = (r.body as { nextCursor: string | null }).nextCursor;
      if (!cursor) break;
    }
    ctx.report(`scale.${engine}.walk_ms`, performance.now() - w0, `${label} ${fmt(POSTS)}: 20-page walk of the program's negative posts: ${fmt(performance.now() - w0)} ms`);

    // Export of 100,000 rows, with health probes beside it.
    await c.login();
    const e0 = performance.now();
    let ttfb = 0;
    let rows = 0;
    const exporting = (async () => {
      const res = await fetch(`${url}/api/posts/export?max=${EXPORT_ROWS}`, { headers: { authorization: `Bearer ${c.token}` } });
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (!ttfb) ttfb = performance.now() - e0;
        for (const byte of chunk) if (byte === 10) rows++;
      }
    })();
    const eh = await probeHealth(c, exporting);
    await exporting;
    const exportS = (performance.now() - e0) / 1000;
    const ehp = pcts(eh.ms);
    ctx.report(
      `scale.${engine}.export_rows_per_s`,
      (rows - 1) / exportS,
      `${label} ${fmt(POSTS)}: export of ${fmt(rows - 1)} rows in ${exportS.toFixed(1)} s: ${fmt((rows - 1) / exportS)} rows/s, first byte after ${fmt(ttfb)} ms; /api/health beside it p50 ${fmt(ehp.p50)} ms, p99 ${fmt(ehp.p99)} ms, max ${fmt(ehp.max)} ms (${ehp.n} probes, ${eh.failed} not 200)`,
    );

    // Query previews, with health probes beside them.
    const previewMs: number[] = [];
    const previewing = (async () => {
      for (const query of ['bpjs', 'bansos OR "kip kuliah"', 'antrian AND NOT lama']) {
        const r = await timed(c, '/api/programs/preview', { method: 'POST', body: JSON.stringify({ query }) });
        if (r.status !== 200) throw new Error(`preview answered ${r.status}`);
        previewMs.push(r.ms);
      }
    })();
    const ph = await probeHealth(c, previewing);
    await previewing;
    const pp = pcts(previewMs);
    const php = pcts(ph.ms);
    ctx.report(
      `scale.${engine}.preview_ms`,
      pp.max,
      `${label} ${fmt(POSTS)}: query preview p50 ${fmt(pp.p50)} ms, max ${fmt(pp.max)} ms (${pp.n}); /api/health beside them p50 ${fmt(php.p50)} ms, p99 ${fmt(php.p99)} ms (${php.n} probes, ${ph.failed} not 200)`,
    );

    // Ingest through the API on top of the load, with health probes beside it.
    const i0 = performance.now();
    const ingesting = (async () => {
      for (let b = 0; b < INGEST_POSTS / 500; b++) {
        const posts = Array.from({ length: 500 }, (_, k) => ({
          source: 'x',
          externalId: `live-${b}-${k}`,
          text: `${TOPICS[k % 6]} antrian lama sekali hari ini nomor ${b * 500 + k}`,
          createdAt: new Date(Date.now() - 30_000).toISOString(),
          author: { handle: `live${k % 997}` },
        }));
        const res = await fetch(`${url}/api/ingest/posts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ posts }) });
        await res.text();
        if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
      }
    })();
    const ih = await probeHealth(c, ingesting);
    await ingesting;
    const ingestS = (performance.now() - i0) / 1000;
    const ihp = pcts(ih.ms);
    ctx.report(
      `scale.${engine}.ingest_posts_per_s`,
      INGEST_POSTS / ingestS,
      `${label} ${fmt(POSTS)}: ingest of ${fmt(INGEST_POSTS)} more posts through the API: ${fmt(INGEST_POSTS / ingestS)} posts/s; /api/health beside it p50 ${fmt(ihp.p50)} ms, p99 ${fmt(ihp.p99)} ms (${ihp.n} probes, ${ih.failed} not 200)`,
    );

    // A query edit: the stored posts of the last 30 days are re-matched in the background (the backfill,
    // 1,000-post chunks), with health probes beside it for up to BACKFILL_PROBE_S.
    const backfill = siaga.app.get(BackfillService);
    const b0 = performance.now();
    const edit = await timed(c, `/api/programs/${P}`, { method: 'PATCH', body: JSON.stringify({ query: 'bpjs OR jkn OR kis' }) });
    if (edit.status !== 200) throw new Error(`editing the program answered ${edit.status}`);
    let backfillS: number | undefined;
    const backfilling = Promise.race([
      backfill.idle().then(() => (backfillS = (performance.now() - b0) / 1000)),
      new Promise((r) => setTimeout(r, BACKFILL_PROBE_S * 1000)),
    ]);
    const bh = await probeHealth(c, backfilling);
    await backfilling;
    const bhp = pcts(bh.ms);
    ctx.report(
      `scale.${engine}.backfill_health_p99_ms`,
      bhp.p99,
      `${label} ${fmt(POSTS)}: backfill after a query edit (all ${fmt(POSTS + INGEST_POSTS)} stored posts are of its 30 days) ${backfillS === undefined ? `still running after ${BACKFILL_PROBE_S} s` : `done in ${backfillS.toFixed(1)} s (${fmt((POSTS + INGEST_POSTS) / backfillS)} posts/s)`}; /api/health beside it p50 ${fmt(bhp.p50)} ms, p99 ${fmt(bhp.p99)} ms, max ${fmt(bhp.max)} ms (${bhp.n} probes, ${bh.failed} not 200)`,
    );

    const rss = process.memoryUsage().rss;
    let disk = '';
    if (engine === 'pglite') {
      await db.query('CHECKPOINT').catch(() => undefined);
      disk = `, data directory ${execFileSync('du', ['-sh', join(dataDir, 'pglite')], { encoding: 'utf8' }).split('\t')[0]}`;
    } else {
      const [row] = await db.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
      disk = `, database ${row?.size}`;
    }
    ctx.note(`${label} ${fmt(POSTS)}: process RSS ${fmt(rss / 1048576)} MB${disk}; load average ${os.loadavg()[0]!.toFixed(2)} on ${os.availableParallelism()} cores`);

    if (process.env.BENCH_SCALE_EXPLAIN) {
      mkdirSync('reports', { recursive: true });
      const file = join('reports', `scale-plans-${engine}-${SCALE}.txt`);
      writeFileSync(file, await explainAll(db, P, now));
      ctx.note(`${label}: plans written to ${file}`);
    }
  } finally {
    await siaga?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The dashboard's reads at 1,000,000 posts (BENCH_SCALE=10m: 10,000,000 on the PostgreSQL server
 * only): each explorer filter, series, top lists, band; export rate and first byte; previews; and
 * /api/health latency during the export, the previews, an ingest and a backfill. BENCH_SCALE_ENGINES=pglite or
 * server picks one engine; BENCH_SCALE_EXPLAIN=1 also writes the plans to reports/.
 */
export async function benchScale(ctx: BenchContext): Promise<void> {
  const engines = (process.env.BENCH_SCALE_ENGINES ?? 'pglite,server').split(',');
  if (engines.includes('pglite') && SCALE !== '10m') await measure(ctx, 'pglite', '');
  if (!engines.includes('server')) return;
  if (ctx.serverUrl) await withScratchDatabase(ctx.serverUrl, (url) => measure(ctx, 'server', url));
  else ctx.note('scale: no PostgreSQL server answered (set BENCH_DATABASE_URL): server figures not measured');
}
