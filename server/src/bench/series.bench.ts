import pg from 'pg';
import { systemClock } from '../common/clock.js';
import { loadConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { MetricsRepository } from '../metrics/metrics.repository.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import { type BenchContext, fmt, percentile, withDatabase } from './support.js';

const DB_NAME = 'siaga_bench_series';
const DAYS = 30;

/**
 * Seeds (once, kept between runs) a database with BENCH_SERIES_POSTS posts (5 million by default)
 * over 30 days and 10 programs, with their links and rollups, written by SQL as the issue asks.
 */
async function seed(db: Database, posts: number, ctx: BenchContext): Promise<void> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts`);
  if ((row?.n ?? 0) >= posts) return;
  ctx.note(`series: seeding ${fmt(posts)} posts by SQL (once; the database ${DB_NAME} is kept for later runs)…`);
  const t0 = performance.now();
  await db.query(`TRUNCATE posts, post_programs, rollups_minute, programs CASCADE`);
  await db.query(`INSERT INTO programs (id, name, slug, query)
    SELECT gen_random_uuid(), 'Program ' || g, 'program-' || g, 'program' || g FROM generate_series(1, 10) g`);
  await db.query(`
    WITH p AS (SELECT array_agg(id ORDER BY slug) AS ids FROM programs)
    INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score, program_ids)
    SELECT gen_random_uuid(), 'x', 'seed-' || g, 'program' || (g % 10 + 1) || ' seeded post ' || g,
           now() - (g::float8 / ${posts}) * interval '${DAYS} days', 'user' || (g::bigint * 7919 % 200000), 'id',
           (ARRAY['positive','neutral','negative'])[g % 3 + 1], ((g % 3) - 1)::real, ARRAY[p.ids[g % 10 + 1]]
    FROM p, generate_series(1, ${posts}) g`);
  await db.query(`INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label)
    SELECT program_ids[1], created_at, id, sentiment_label FROM posts`);
  await db.query(`INSERT INTO rollups_minute (program_id, minute, volume, positive, neutral, negative, sentiment_sum, authors)
    SELECT pp.program_id, date_trunc('minute', pp.created_at), count(*),
           count(*) FILTER (WHERE pp.sentiment_label = 'positive'), count(*) FILTER (WHERE pp.sentiment_label = 'neutral'),
           count(*) FILTER (WHERE pp.sentiment_label = 'negative'), sum(p.sentiment_score), count(DISTINCT p.author_handle)
    FROM post_programs pp JOIN posts p ON p.id = pp.post_id GROUP BY 1, 2`);
  await db.query(`ANALYZE`);
  ctx.note(`series: seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

export async function benchSeries(ctx: BenchContext): Promise<void> {
  if (!ctx.serverUrl) {
    ctx.note('series: skipped (no PostgreSQL server reachable; set BENCH_DATABASE_URL)');
    return;
  }
  const posts = Number(process.env.BENCH_SERIES_POSTS ?? 5_000_000);
  const admin = new pg.Client({ connectionString: ctx.serverUrl });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB_NAME]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: withDatabase(ctx.serverUrl, DB_NAME) });
  const db = await Database.open(config);
  try {
    await seed(db, posts, ctx);
    const [program] = await db.query<{ id: string }>(`SELECT id FROM programs ORDER BY slug LIMIT 1`);
    const service = new MetricsService(new MetricsRepository(db), new ProgramsRepository(db), new PostsRepository(db), systemClock);
    const run = async (bucket: '1m' | '1h', tz: string) => {
      const times: number[] = [];
      let points = 0;
      for (let i = 0; i < 40; i++) {
        const t0 = performance.now();
        const r = await service.series({ programId: program!.id, bucket, tz });
        times.push(performance.now() - t0);
        points = r.points.length;
      }
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 50), p95: percentile(times, 95), points };
    };
    const m = await run('1m', 'Asia/Jakarta');
    ctx.report('series.24h_1m_p50_ms', m.p50, `24 h per-minute series (${m.points} points) with ${fmt(posts)} posts stored: p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms`);
    const h = await run('1h', 'Asia/Jakarta');
    ctx.report('series.24h_1h_p50_ms', h.p50, `24 h hourly series (${h.points} points): p50 ${h.p50.toFixed(1)} ms, p95 ${h.p95.toFixed(1)} ms`);
  } finally {
    await db.close();
  }
}
