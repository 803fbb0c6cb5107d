import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../app/create-app.js';
import { loadConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import type { PreparedPost } from '../ingest/prepare.js';
import { PostsWriterRepository } from '../ingest/posts-writer.repository.js';
import { TEXTS_PER_ACCOUNT } from '../metrics/network.js';
import { WhoWhereRepository } from '../metrics/who-where.repository.js';
import { NETWORK_LIMITS, WhoWhereService } from '../metrics/who-where.service.js';
import { ALL_PLACE_RULES, DEFAULT_PLACE_RULES } from '../places/gazetteer.js';
import { crossValidate, f1, readPlaceCases, rulesDiff, scoreHeldOut, selectRules, type PlaceScore } from '../places/place-eval.js';
import { PlaceMatcher } from '../places/place-matcher.js';
import { ProgramsService } from '../programs/programs.service.js';
import { type BenchContext, fmt, withScratchDatabase } from './support.js';

const POSTS = Number(process.env.BENCH_NETWORK_POSTS ?? 100_000);
const HOURS = 12;
const ACCOUNTS = 3_000;

/**
 * `--only places`: 5-fold cross-validation of the rule choice on the training sentences (each fold and the
 * mean), whether the server's default rules are the choice made on all of them, then the held-out sentences
 * scored once with those rules, and the matcher's speed.
 */
export function benchPlaces(ctx: BenchContext): Promise<void> {
  const training = readPlaceCases();
  const line = (s: PlaceScore) => `precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (${s.truePositives} found, ${s.falsePositives} wrong, ${s.falseNegatives} missed)`;
  const cv = crossValidate(training);
  for (const f of cv.folds) {
    ctx.report(`places_cv_fold${f.fold}_f1`, f.f1, `places, cross-validation fold ${f.fold}/5: rules chosen on ${f.trained} sentences${f.changes.length ? ` (${f.changes.join(', ')})` : ' (every rule on)'}, scored on ${f.score.sentences}: ${line(f.score)}, F1 ${f.f1.toFixed(3)}`);
  }
  ctx.report('places_cv_precision', cv.precision, `places, cross-validation mean over 5 folds of ${training.length} training sentences: precision ${cv.precision.toFixed(3)}, recall ${cv.recall.toFixed(3)}, F1 ${cv.f1.toFixed(3)}`);
  const chosen = selectRules(training);
  const diff = rulesDiff(DEFAULT_PLACE_RULES, chosen.rules);
  ctx.note(`places: rules chosen on all ${training.length} training sentences: ${rulesDiff(ALL_PLACE_RULES, chosen.rules).join(', ') || 'every rule on'}; the server's defaults ${diff.length ? `DIFFER (${diff.join(', ')})` : 'are that choice'}`);
  const held = scoreHeldOut();
  ctx.report('places_heldout_precision', held.precision, `places, held-out (places-id-heldout.tsv, ${held.sentences} sentences written for Siaga after the rules were chosen): ${line(held)}, F1 ${f1(held).toFixed(3)}`);
  ctx.report('places_heldout_recall', held.recall, `places, held-out recall ${held.recall.toFixed(3)}`);
  const matcher = new PlaceMatcher();
  const texts = training.map((c) => c.text);
  const rounds = 40;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) matcher.match(t);
  const ms = performance.now() - t0;
  ctx.report('places_texts_per_s', (rounds * texts.length) / (ms / 1000), `places matcher: ${fmt((rounds * texts.length) / (ms / 1000))} texts/s on one core`);
  return Promise.resolve();
}

/**
 * The window's posts written straight in SQL: `n` posts of one program over `hours`, among 3,000 accounts; a
 * fifth mention another account, a quarter reply to an earlier post, one in eleven is a copied slogan.
 */
export async function seedNetworkPosts(db: Database, programId: string, from: Date, n: number): Promise<void> {
  const spanMs = HOURS * 3_600_000;
  await db.query(
    `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, author_name, author_followers, lang,
                        sentiment_label, sentiment_score, sentiment_confidence, likes, shares, replies, views, program_ids, parent_external_id, places)
     SELECT md5('net-post-' || i)::uuid, 'x', 'net-' || i,
            CASE WHEN i % 11 = 0 THEN 'Tolak kenaikan harga BBM sekarang juga, rakyat sudah susah #tolakbbm'
                 WHEN i % 5 = 0 THEN '@warga' || ((i * 7919) % $5::int) || ' banjir makin parah di sini, tolong bantu ' || i
                 ELSE 'banjir di kampung kami belum surut juga ' || i END,
            $2::timestamptz + make_interval(secs => (i::float8 * $3::float8 / $4::float8) / 1000),
            'warga' || ((i * 31) % $5::int), NULL, ((i * 31) % $5::int) * 10, 'id',
            CASE WHEN i % 3 = 0 THEN 'negative' WHEN i % 3 = 1 THEN 'neutral' ELSE 'positive' END,
            CASE WHEN i % 3 = 0 THEN -0.6 WHEN i % 3 = 1 THEN 0 ELSE 0.5 END,
            0.8, i % 50, i % 7, i % 3, i % 1000, ARRAY[$1::uuid],
            CASE WHEN i % 4 = 0 AND i > 100 THEN 'net-' || (i - 1 - (i % 97)) END,
            CASE i % 6 WHEN 0 THEN ARRAY['73', '73.71'] WHEN 1 THEN ARRAY['35'] ELSE '{}'::text[] END
     FROM generate_series(0, $4::int - 1) AS i`,
    [programId, from.toISOString(), spanMs, n, ACCOUNTS],
  );
  await db.query(
    `INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label)
     SELECT $1::uuid, created_at, id, sentiment_label FROM posts WHERE external_id LIKE 'net-%'`,
    [programId],
  );
  await db.query(`ANALYZE posts`);
  await db.query(`ANALYZE post_programs`);
}

/**
 * The seeded posts' interactions, written as ingest writes them (`insertInteractions`, 5,000 posts a batch,
 * oldest first so replies find their parents); one post in thirteen also quotes an earlier post. Answers the
 * median milliseconds per batch.
 */
export async function seedInteractions(db: Database, writer: PostsWriterRepository): Promise<number> {
  const rows = await db.query<{ id: string; source: string; external_id: string; author_handle: string; text: string; parent_external_id: string | null; created_at: Date }>(
    `SELECT id, source, external_id, author_handle, text, parent_external_id, created_at FROM posts WHERE external_id LIKE 'net-%' ORDER BY created_at, id`,
  );
  const times: number[] = [];
  for (let i = 0; i < rows.length; i += 5_000) {
    const batch = rows.slice(i, i + 5_000).map((r, k) => {
      const n = i + k;
      return {
        id: r.id,
        source: r.source,
        externalId: r.external_id,
        authorHandle: r.author_handle,
        text: r.text,
        parentExternalId: r.parent_external_id,
        quotedExternalId: n % 13 === 0 && n > 200 ? `net-${n - 150}` : null,
        createdAt: new Date(r.created_at),
      } as PreparedPost;
    });
    const t0 = performance.now();
    await db.transaction((em) => writer.insertInteractions(em, batch));
    times.push(performance.now() - t0);
  }
  await db.query(`ANALYZE post_interactions`);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

async function median3<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; first: number }> {
  const runs = [await timed(fn), await timed(fn), await timed(fn)];
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return { value: sorted[1]!.value, ms: sorted[1]!.ms, first: runs[0]!.ms };
}

async function runNetwork(ctx: BenchContext, databaseUrl: string, engine: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'siaga-bench-network-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: '', LOG_LEVEL: 'silent', SIAGA_DATA_DIR: dataDir, SIAGA_ADMIN_PASSWORD: 'bench-password-1' });
  const siaga = await createApp(config, { logger: pino({ level: 'silent' }), inMemory: !databaseUrl });
  try {
    const db = siaga.app.get(Database);
    const program = await siaga.app.get(ProgramsService).create(null, { name: 'Banjir', slug: 'banjir', query: 'banjir' });
    const from = new Date(Date.now() - (HOURS + 1) * 3_600_000);
    const seeded = await timed(() => seedNetworkPosts(db, program.id, from, POSTS));
    ctx.note(`${engine}: seeded ${fmt(POSTS)} posts over ${HOURS} h in ${fmt(seeded.ms)} ms`);
    const perBatch = await seedInteractions(db, siaga.app.get(PostsWriterRepository));
    const [{ n: interactions }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM post_interactions`)) as [{ n: number }];
    ctx.report('interactions_batch_ms', perBatch, `  ingest's interaction rows (${engine}): ${fmt(interactions)} rows for ${fmt(POSTS)} posts, ${fmt(perBatch)} ms per 5,000-post batch (median)`);
    const who = siaga.app.get(WhoWhereService);
    const q = { programId: program.id, from: from.toISOString(), to: new Date(from.getTime() + HOURS * 3_600_000 + 1).toISOString() };
    const net = await median3(() => who.network(q));
    const v = net.value;
    ctx.report(
      'network_ms',
      net.ms,
      `network, ${fmt(POSTS)} posts in the window (${engine}): ${fmt(net.ms)} ms median of 3 (first ${fmt(net.first)} ms; target < 1,000 ms); read the interactions of the newest ${fmt(v.postsScanned)} posts, saw ${fmt(v.accountsSeen)} accounts and ${fmt(v.edgesSeen)} links, drew ${v.nodes.length} nodes, ${v.edges.length} edges, ${v.communities.length} communities (sampled: ${v.sampled})`,
    );
    // Where the time goes: the graph's aggregate, the drawn accounts' posts, and drawing (communities, scores).
    const scope = { programIds: [program.id], from: new Date(q.from), to: new Date(q.to) };
    const repo = siaga.app.get(WhoWhereRepository);
    const graph = await median3(() => repo.networkGraph(scope, null, [], NETWORK_LIMITS));
    const ids = graph.value.accounts.map((a) => a.id);
    const accounts = await median3(() => repo.networkAccounts(scope, ids, TEXTS_PER_ACCOUNT));
    ctx.report('network_read_ms', graph.ms, `  of which: the graph's SQL aggregate ${fmt(graph.ms)} ms, the ${fmt(ids.length)} drawn accounts' posts ${fmt(accounts.ms)} ms (medians of 3)`);
    const actors = await median3(() => who.actors({ ...q, limit: 20 }));
    ctx.report('actors_ms', actors.ms, `actors by reach, ${fmt(POSTS)} posts (${engine}): ${fmt(actors.ms)} ms median of 3, ${fmt(actors.value.accounts)} accounts`);
    const places = await median3(() => who.places(q));
    ctx.report('places_ms', places.ms, `places per province, ${fmt(POSTS)} posts (${engine}): ${fmt(places.ms)} ms median of 3, ${fmt(places.value.placed)} placed posts`);
  } finally {
    await siaga.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `--only network`: the network endpoint's service at 100,000 posts in the window, on each engine. */
export async function benchNetwork(ctx: BenchContext): Promise<void> {
  await runNetwork(ctx, '', 'pglite');
  if (ctx.serverUrl) await withScratchDatabase(ctx.serverUrl, (url) => runNetwork(ctx, url, 'postgres'));
  else ctx.note('PostgreSQL server not reachable: network measured on the embedded engine only');
}
