import { Injectable } from '@nestjs/common';
import type { Lang, PostsQuery, SentimentLabel } from '@siaga/shared';
import type { Keyset } from '../common/cursor.js';
import { Database } from '../database/database.js';
import { copyRecords, copySettings, csvText, type CsvCopyPage } from './csv-copy.js';

export interface PostRow {
  id: string;
  source: string;
  external_id: string;
  text: string;
  created_at: Date;
  ingested_at: Date;
  author_handle: string;
  author_name: string | null;
  author_followers: number | null;
  url: string | null;
  lang: Lang;
  lang_given: string | null;
  sentiment_label: SentimentLabel;
  sentiment_score: number;
  sentiment_confidence: number;
  sentiment_terms: Array<{ term: string; weight: number }>;
  sentiment_corrected_at: Date | null;
  sentiment_corrected_by: string | null;
  harm_flag: boolean;
  harm_terms: string[];
  likes: number;
  shares: number;
  replies: number;
  views: number;
  parent_external_id: string | null;
  program_ids: string[];
  places: string[];
  author_location: string | null;
  /** When the account was created (ms since the epoch), as the source gave it with this post. */
  author_created_at_ms: number | null;
  /** The post this one reshares (same source); null for an original. */
  shared_external_id?: string | null;
  /** Written by an official channel of one of its programs (read where COLUMNS are). */
  official?: boolean;
}

export interface ScanRow {
  id: string;
  created_at: Date;
  text: string;
  lang: Lang;
  author_handle: string;
}

/**
 * The account's creation time as epoch milliseconds: PGlite parses a timestamp before the year 100 as one in the
 * 1900s or 2000s ("0001-01-01" came back as 2001), and a source may give any year from 0001.
 */
export const AUTHOR_CREATED_AT_MS = `(extract(epoch FROM p.author_created_at) * 1000)::float8 AS author_created_at_ms`;

// Links to deleted programs are dropped on read rather than by rewriting every post on delete.
const COLUMNS = `p.id, p.source, p.external_id, p.text, p.created_at, p.ingested_at, p.author_handle, p.author_name,
  p.author_followers, p.url, p.lang, p.lang_given, p.sentiment_label, p.sentiment_score,
  p.sentiment_confidence, p.sentiment_terms, p.sentiment_corrected_at, p.sentiment_corrected_by, p.likes, p.shares, p.replies,
  p.views, p.parent_external_id, p.harm_flag, p.harm_terms, p.places, p.author_location, ${AUTHOR_CREATED_AT_MS}, p.shared_external_id,
  ARRAY(SELECT x FROM unnest(p.program_ids) AS x WHERE EXISTS (SELECT 1 FROM programs g WHERE g.id = x)) AS program_ids,
  EXISTS (SELECT 1 FROM official_channels oc WHERE oc.source = lower(p.source) AND oc.handle = ltrim(lower(p.author_handle), '@')
    AND oc.program_id = ANY(p.program_ids)) AS official`;

/** A text query matching at most this many posts is served from its matches (see `textMatches`). */
const RARE_TEXT_CAP = 2_000;
/**
 * A text query the planner expects in at least this share of the posts is common for sure: a word the statistics do
 * not list is costed at 0.5 % at most, so this takes a listed word (PGlite's 3,000-row sample saw it 60 times; its walk
 * along the time index reads a few thousand posts for a page) or an OR of more than three unlisted ones.
 */
const COMMON_TEXT_SHARE = 0.02;

@Injectable()
export class PostsRepository {
  constructor(private readonly db: Database) {}

  /** The export's CSV is written by the database (`csvCopyPage`): the embedded engine. */
  get copiesCsv(): boolean {
    return this.db.engine === 'pglite';
  }

  /**
   * Newest first, keyset-paginated. With a program, the scan runs on the (program, time) side table.
   * With `q`, the text index is probed first: a query matching at most `RARE_TEXT_CAP` posts is read
   * from those posts (by id), whatever the planner would estimate for the word (`textMatches`).
   */
  async list(f: PostsQuery, limit: number, after: Keyset | undefined): Promise<PostRow[]> {
    const rare = f.q ? await this.textMatches(f.q) : undefined;
    if (rare && rare.length === 0) return [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const { from, where, t, tid } = this.filtered(f, p, rare, after && { at: after.at.toISOString(), id: after.id });
    const sql = `SELECT ${COLUMNS} FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${t}.created_at DESC, ${tid} DESC LIMIT ${p(limit + 1)}`;
    return this.db.query<PostRow>(sql, params);
  }

  /**
   * One keyset page of `list`'s posts (newest first, at most `limit`) written as the export's CSV records by the
   * embedded engine's COPY (`Database.copyCsvEmbedded`): each record the cells `toCsvValues` in posts.service.ts makes,
   * byte for byte. `rare` is `textMatches(f.q)`, read once for the whole export. Undefined on the server engine.
   */
  async csvCopyPage(f: PostsQuery, limit: number, after: { at: string; id: string } | undefined, rare: string[] | undefined): Promise<CsvCopyPage | undefined> {
    if (this.db.engine !== 'pglite') return undefined;
    if (rare && rare.length === 0) return { csv: '', rows: 0, last: undefined };
    // A page is sorted in memory rather than in temporary files, whatever page size the caller asks for.
    const { settings, p } = copySettings([['work_mem', '32MB']]);
    const { from, where, t, tid } = this.filtered(f, p, rare, after);
    // The cells are made in an outer query over the page's plain values: csvText() names its argument several times,
    // and an expression (a subquery, to_char) would be evaluated that many times per row.
    const raw = await this.db.copyCsvEmbedded(
      `SELECT c.id, c.created_at, ${['source', 'external_id', 'author_handle', 'author_name'].map((x) => csvText(`c.${x}`)).join(', ')}, c.lang, c.sentiment_label,
              c.sentiment_score, c.corrected, ${csvText('c.programs')}, ${csvText('c.url')}, ${csvText('c.text')},
              c.author_followers, c.likes, c.shares, c.replies, c.views, ${csvText('c.places')}, c.k_at::text, c.k_id
       FROM (
         SELECT p.id::text AS id, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
                p.source, p.external_id, p.author_handle, p.author_name, p.lang, p.sentiment_label, p.sentiment_score,
                CASE WHEN p.sentiment_corrected_at IS NOT NULL THEN 'true' ELSE 'false' END AS corrected,
                -- Slugs of the programs that still exist, in the post's order; most posts have one, which a join names.
                CASE WHEN cardinality(p.program_ids) <= 1 THEN first_program.slug
                  ELSE (SELECT string_agg(pr.slug, ';' ORDER BY u.ord) FROM unnest(p.program_ids) WITH ORDINALITY AS u(id, ord) JOIN programs pr ON pr.id = u.id) END AS programs,
                p.url, p.text, p.author_followers, p.likes, p.shares, p.replies, p.views, array_to_string(p.places, ';') AS places,
                ${t}.created_at AS k_at, ${tid} AS k_id
         FROM ${from} LEFT JOIN programs first_program ON first_program.id = p.program_ids[1]
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${t}.created_at DESC, ${tid} DESC LIMIT ${p(limit)}::int
       ) c
       ORDER BY c.k_at DESC, c.k_id DESC`,
      settings,
    );
    return raw === undefined ? undefined : copyRecords(raw);
  }

  /**
   * The explorer's filters as SQL over `from`, each value through `p` (a bind parameter, or a COPY setting: every use
   * casts it). With a program filter, time and sentiment conditions go to post_programs (`t`), else to posts.
   */
  private filtered(f: PostsQuery, p: (v: unknown) => string, rare: string[] | undefined, after: { at: string; id: string } | undefined): { from: string; where: string[]; t: string; tid: string } {
    const where: string[] = [];
    // A program with a source or an author: the walk runs along that filter's (key, time) index on posts, each post's
    // link to the program checked by its key. Ordered by post_programs' time instead, the planner read every post of
    // the source and sorted them (a rare source at 10M posts: 165 ms p50, 579 ms p95). post_programs' time and
    // sentiment are copies of the post's, so the cursor and the page are the same either way.
    const viaPosts = f.programId !== undefined && (f.source !== undefined || f.author !== undefined);
    const linked = f.programId !== undefined && !viaPosts;
    const t = linked ? 'pp' : 'p';
    const tid = linked ? 'pp.post_id' : 'p.id';
    if (linked) where.push(`pp.program_id = ${p(f.programId)}::uuid`);
    if (f.from) where.push(`${t}.created_at >= ${p(f.from)}::timestamptz`);
    if (f.to) where.push(`${t}.created_at < ${p(f.to)}::timestamptz`);
    if (viaPosts) {
      const sentiment = f.sentiment ? ` AND pp.sentiment_label = ${p(f.sentiment)}::text` : '';
      where.push(`EXISTS (SELECT 1 FROM post_programs pp WHERE pp.post_id = p.id AND pp.program_id = ${p(f.programId)}::uuid${sentiment})`);
    } else if (f.sentiment) where.push(`${t}.sentiment_label = ${p(f.sentiment)}::text`);
    if (f.lang) where.push(`p.lang = ${p(f.lang)}::text`);
    // Sources are matched whatever their case ("Twitter" finds "twitter"), along posts_source_created_at_idx.
    if (f.source) where.push(`lower(p.source) = lower(${p(f.source)}::text)`);
    // One account's posts run along posts_author_created_at_idx; a place along the GIN index posts_places_idx.
    if (f.author) where.push(`p.author_handle = ${p(f.author)}::text`);
    if (f.place) where.push(`p.places @> ARRAY[${p(f.place)}::text]`);
    if (rare) where.push(`p.id = ANY(${p(rare)}::uuid[])`);
    else if (f.q) where.push(`to_tsvector('simple', p.text) @@ websearch_to_tsquery('simple', ${p(f.q)}::text)`);
    // Literal conditions (no parameter): the partial index posts_harm_created_at_idx matches `p.harm_flag`.
    if (f.harm === true) where.push('p.harm_flag');
    if (f.harm === false) where.push('NOT p.harm_flag');
    if (after) where.push(`(${t}.created_at, ${tid}) < (${p(after.at)}::timestamptz, ${p(after.id)}::uuid)`);
    const from = linked ? `post_programs pp JOIN posts p ON p.id = pp.post_id` : `posts p`;
    return { from, where, t, tid };
  }

  /**
   * Every post matching `q` when there are at most `RARE_TEXT_CAP` of them (else undefined: the word
   * is common, and the time-ordered walk finds a page of it quickly). A rare word's frequency is
   * what a small ANALYZE sample cannot tell (PGlite analyses 3,000 rows): costed at 0.5 % of the
   * table, it made the planner walk the time index through the whole table (10 s at 1M posts). The
   * probe always reads the text index (a sequential scan would run `to_tsvector` on every row it
   * reads: 255 ms for a common word's 2,001 matches on PGlite at 1M) and stops at the cap.
   */
  async textMatches(q: string): Promise<string[] | undefined> {
    // A word the statistics list as common is estimated well, and its walk is short: no probe (its bitmap would cost
    // more than the page: 105 ms for 375,000 matches on PGlite at 1M posts).
    if ((await this.estimatedShare(q)) >= COMMON_TEXT_SHARE) return undefined;
    return this.db.transaction(async (em) => {
      await em.query(`SELECT set_config('enable_seqscan', 'off', true)`);
      // The bitmap of a word just under the common share holds its every match (200,000 at 10M posts): in the default
      // 4 MB it went lossy, and rechecking the text of every post on those pages took 377 of the probe's 567 ms.
      await em.query(`SELECT set_config('work_mem', '32MB', true)`);
      const rows = await em.query<Array<{ id: string }>>(
        `SELECT p.id FROM posts p WHERE to_tsvector('simple', p.text) @@ websearch_to_tsquery('simple', $1) LIMIT $2`,
        [q, RARE_TEXT_CAP + 1],
      );
      return rows.length <= RARE_TEXT_CAP ? rows.map((r) => r.id) : undefined;
    });
  }

  /** The planner's estimate of the share of posts matching `q` (0 when the table has no statistics yet). */
  private async estimatedShare(q: string): Promise<number> {
    const plan = await this.db.query<Record<string, unknown>>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM posts p WHERE to_tsvector('simple', p.text) @@ websearch_to_tsquery('simple', $1)`,
      [q],
    );
    const [stats] = await this.db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'posts'::regclass`);
    const raw = Object.values(plan[0] ?? {})[0];
    const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan?: { 'Plan Rows'?: number } }> | undefined;
    const rows = Number(parsed?.[0]?.Plan?.['Plan Rows'] ?? 0);
    const total = Number(stats?.n ?? 0);
    return total > 0 ? rows / total : 0;
  }

  async findById(id: string): Promise<PostRow | undefined> {
    const rows = await this.db.query<PostRow>(`SELECT ${COLUMNS} FROM posts p WHERE p.id = $1`, [id]);
    return rows[0];
  }

  /** Full rows of these posts, newest first. */
  findByIds(ids: readonly string[]): Promise<PostRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.query<PostRow>(`SELECT ${COLUMNS} FROM posts p WHERE p.id = ANY($1::uuid[]) ORDER BY p.created_at DESC, p.id DESC`, [ids]);
  }

  /**
   * Light rows of a `[from, to)` window (of one program when given), newest first, keyset-paginated:
   * what in-process scans (top terms, query previews) read instead of full posts.
   */
  scan(w: { from: Date; to: Date; programId?: string }, limit: number, after: Keyset | undefined): Promise<ScanRow[]> {
    const params: unknown[] = [w.from.toISOString(), w.to.toISOString()];
    const t = w.programId ? 'pp' : 'p';
    const tid = w.programId ? 'pp.post_id' : 'p.id';
    const where = [`${t}.created_at >= $1`, `${t}.created_at < $2`];
    if (w.programId) {
      params.push(w.programId);
      where.push(`pp.program_id = $${params.length}`);
    }
    if (after) {
      params.push(after.at.toISOString(), after.id);
      where.push(`(${t}.created_at, ${tid}) < ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(limit);
    const from = w.programId ? `post_programs pp JOIN posts p ON p.id = pp.post_id` : `posts p`;
    return this.db.query<ScanRow>(
      `SELECT p.id, p.created_at, p.text, p.lang, p.author_handle FROM ${from} WHERE ${where.join(' AND ')}
       ORDER BY ${t}.created_at DESC, ${tid} DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Every program's slug by id (a CSV export names programs by slug). */
  async programSlugs(): Promise<Map<string, string>> {
    const rows = await this.db.query<{ id: string; slug: string }>(`SELECT id, slug FROM programs`);
    return new Map(rows.map((r) => [r.id, r.slug]));
  }
}
