import { Injectable } from '@nestjs/common';
import type { IncidentEntryKind, IncidentProgram, IncidentsQuery, IncidentStatus, SentimentLabel, Severity } from '@siaga/shared';
import type { EntityManager } from 'typeorm';
import type { AlertRow } from '../alerts/alerts.repository.js';
import type { Keyset } from '../common/cursor.js';
import { Database } from '../database/database.js';
import { copyRecords, copySettings, csvText, type CsvCopyPage } from '../posts/csv-copy.js';
import { AUTHOR_CREATED_AT_MS, type PostRow } from '../posts/posts.repository.js';

export interface OfficialStatsRow {
  channels: number;
  posts: number;
  engagement: number;
  reach: number;
  first_at: Date | null;
  first_handle: string | null;
}

export interface IncidentRow {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  owner_id: string | null;
  owner_name: string | null;
  started_at: Date;
  ended_at: Date | null;
  summary: string;
  lessons: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  alert_count: number;
  /** The programs that still exist, by name. */
  programs: IncidentProgram[];
}

export type IncidentPatch = Partial<Pick<IncidentRow, 'title' | 'severity' | 'status' | 'owner_id' | 'started_at' | 'ended_at' | 'summary' | 'lessons' | 'updated_at'>> & { program_ids?: string[] };

export interface EntryRow {
  id: string;
  incident_id: string;
  at: Date;
  recorded_at: Date;
  user_id: string | null;
  user_name: string | null;
  kind: IncidentEntryKind;
  text: string | null;
  url: string | null;
  alert_id: string | null;
  post_id: string | null;
  details: Record<string, unknown>;
}

export interface PinRow extends PostRow {
  pinned_at: Date;
  pin_user_name: string | null;
  pin_note: string | null;
}

/** The posts of an incident: its programs in its span, with the report's CSV filters. */
export interface PostScope {
  programIds: readonly string[];
  from: Date;
  to: Date;
  sentiment?: SentimentLabel;
  lang?: string;
  source?: string;
  q?: string;
}

/** What one CSV row needs, read light: dates as ISO text, no explanation terms. */
export interface CsvRow {
  id: string;
  created_at: string;
  /** The exact key (microseconds kept) to continue after this row. */
  k_at: string;
  source: string;
  external_id: string;
  author_handle: string;
  author_name: string | null;
  lang: string;
  sentiment_label: string;
  sentiment_score: number;
  corrected: boolean;
  /** The post's program ids joined by `;` (parsing a uuid[] per row costs more than the rest of the row). */
  program_ids: string;
  url: string | null;
  text: string;
  author_followers: number | null;
  likes: number;
  shares: number;
  replies: number;
  views: number;
}

export interface BucketRow {
  k: number;
  b: number;
  volume: number;
  negative: number;
  positive: number;
  neutral: number;
}

export interface PostStatsRow {
  posts: number;
  unique_authors: number;
  reach: number;
  likes: number;
  shares: number;
  replies: number;
  views: number;
  by_source: Array<{ value: string; count: number }>;
  by_lang: Array<{ value: string; count: number }>;
  top_post_ids: string[];
}

// As the posts module reads them (links to deleted programs dropped on read).
const POST_COLUMNS = `p.id, p.source, p.external_id, p.text, p.created_at, p.ingested_at, p.author_handle, p.author_name,
  p.author_followers, p.url, p.lang, p.lang_given, p.sentiment_label, p.sentiment_score,
  p.sentiment_confidence, p.sentiment_terms, p.sentiment_corrected_at, p.sentiment_corrected_by, p.likes, p.shares, p.replies,
  p.views, p.parent_external_id, p.harm_flag, p.harm_terms, ${AUTHOR_CREATED_AT_MS}, p.shared_external_id,
  ARRAY(SELECT x FROM unnest(p.program_ids) AS x WHERE EXISTS (SELECT 1 FROM programs g WHERE g.id = x)) AS program_ids`;

const SELECT = `SELECT i.id, i.title, i.severity, i.status, i.owner_id, i.started_at, i.ended_at, i.summary, i.lessons, i.created_by,
    i.created_at, i.updated_at, o.name AS owner_name, c.name AS created_by_name,
    (SELECT count(*)::int FROM incident_alerts ia WHERE ia.incident_id = i.id) AS alert_count,
    COALESCE((SELECT json_agg(json_build_object('id', g.id, 'name', g.name, 'slug', g.slug) ORDER BY g.name, g.id)
              FROM programs g WHERE g.id = ANY(i.program_ids)), '[]'::json) AS programs
  FROM incidents i LEFT JOIN users o ON o.id = i.owner_id LEFT JOIN users c ON c.id = i.created_by`;

const iso = (d: Date) => d.toISOString();

/** A numbered-parameter builder: `p(v)` appends v and answers its placeholder. */
function params() {
  const values: unknown[] = [];
  return { values, p: (v: unknown) => (values.push(v), `$${values.length}`) };
}

@Injectable()
export class IncidentsRepository {
  constructor(private readonly db: Database) {}

  private mgr(em?: EntityManager) {
    return em ?? this.db.dataSource.manager;
  }

  async insert(em: EntityManager, r: { id: string; title: string; program_ids: string[]; severity: Severity; owner_id: string | null; started_at: Date; summary: string; created_by: string; at: Date }): Promise<void> {
    await em.query(
      `INSERT INTO incidents (id, title, program_ids, severity, status, owner_id, started_at, summary, created_by, created_at, updated_at)
       VALUES ($1, $2, $3::uuid[], $4, 'open', $5, $6, $7, $8, $9, $9)`,
      [r.id, r.title, r.program_ids, r.severity, r.owner_id, iso(r.started_at), r.summary, r.created_by, iso(r.at)],
    );
  }

  /** The incident's row, locked for the rest of the transaction. */
  async lock(em: EntityManager, id: string): Promise<{ id: string; status: IncidentStatus; started_at: Date; ended_at: Date | null; program_ids: string[] } | undefined> {
    const rows = await em.query<Array<{ id: string; status: IncidentStatus; started_at: Date; ended_at: Date | null; program_ids: string[] }>>(
      `SELECT id, status, started_at, ended_at, program_ids FROM incidents WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0];
  }

  async update(em: EntityManager, id: string, patch: IncidentPatch): Promise<void> {
    const { values, p } = params();
    const idRef = p(id);
    const sets = Object.entries(patch).map(([k, v]) => `${k} = ${p(v instanceof Date ? iso(v) : v)}${k === 'program_ids' ? '::uuid[]' : ''}`);
    if (sets.length) await em.query(`UPDATE incidents SET ${sets.join(', ')} WHERE id = ${idRef}`, values);
  }

  async get(id: string, em?: EntityManager): Promise<IncidentRow | undefined> {
    const rows = await this.mgr(em).query<IncidentRow[]>(`${SELECT} WHERE i.id = $1`, [id]);
    return rows[0];
  }

  list(q: IncidentsQuery, limit: number, after: Keyset | undefined): Promise<IncidentRow[]> {
    const { values, p } = params();
    const where: string[] = [];
    if (q.status) where.push(`i.status = ${p(q.status)}`);
    if (q.programId) where.push(`${p(q.programId)}::uuid = ANY(i.program_ids)`);
    if (after) where.push(`(i.started_at, i.id) < (${p(iso(after.at))}, ${p(after.id)}::uuid)`);
    return this.db.query<IncidentRow>(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.started_at DESC, i.id DESC LIMIT ${p(limit + 1)}`, values);
  }

  async addEntry(em: EntityManager, e: Omit<EntryRow, 'details'> & { details?: Record<string, unknown> }): Promise<void> {
    await em.query(
      `INSERT INTO incident_entries (id, incident_id, at, recorded_at, user_id, user_name, kind, text, url, alert_id, post_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)`,
      [e.id, e.incident_id, iso(e.at), iso(e.recorded_at), e.user_id, e.user_name, e.kind, e.text, e.url, e.alert_id, e.post_id, JSON.stringify(e.details ?? {})],
    );
  }

  entries(incidentId: string): Promise<EntryRow[]> {
    return this.db.query<EntryRow>(`SELECT * FROM incident_entries WHERE incident_id = $1 ORDER BY at, n`, [incidentId]);
  }

  /** Programs of these alerts and their openings (unknown ids are missing from the answer). */
  alertsByIds(ids: readonly string[], em?: EntityManager): Promise<Array<{ id: string; program_id: string; opened_at: Date }>> {
    if (!ids.length) return Promise.resolve([]);
    return this.mgr(em).query(`SELECT id, program_id, opened_at FROM alerts WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async existingPrograms(ids: readonly string[], em?: EntityManager): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.mgr(em).query<Array<{ id: string }>>(`SELECT id FROM programs WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map((r) => r.id);
  }

  /** Links the alerts; answers the ids that were not linked before. */
  async linkAlerts(em: EntityManager, incidentId: string, alertIds: readonly string[], at: Date): Promise<string[]> {
    const rows = await em.query<Array<{ alert_id: string }>>(
      `INSERT INTO incident_alerts (incident_id, alert_id, linked_at) SELECT $1, a.id, $3 FROM alerts a WHERE a.id = ANY($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING alert_id`,
      [incidentId, alertIds, iso(at)],
    );
    return rows.map((r) => r.alert_id);
  }

  alerts(incidentId: string): Promise<AlertRow[]> {
    return this.db.query<AlertRow>(
      `SELECT a.*, p.name AS program_name, u.name AS assignee_name
       FROM incident_alerts ia JOIN alerts a ON a.id = ia.alert_id JOIN programs p ON p.id = a.program_id LEFT JOIN users u ON u.id = a.assignee_id
       WHERE ia.incident_id = $1 ORDER BY a.opened_at, a.id`,
      [incidentId],
    );
  }

  /** Pins the post; false when it was pinned already. */
  async pin(em: EntityManager, r: { incidentId: string; postId: string; at: Date; userId: string; userName: string; note: string | null }): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `INSERT INTO incident_pins (incident_id, post_id, pinned_at, user_id, user_name, note) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING post_id`,
      [r.incidentId, r.postId, iso(r.at), r.userId, r.userName, r.note],
    );
    return rows.length > 0;
  }

  async postExists(id: string, em?: EntityManager): Promise<boolean> {
    const rows = await this.mgr(em).query<unknown[]>(`SELECT 1 FROM posts WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  pins(incidentId: string): Promise<PinRow[]> {
    return this.db.query<PinRow>(
      `SELECT ${POST_COLUMNS}, ip.pinned_at, ip.user_name AS pin_user_name, ip.note AS pin_note
       FROM incident_pins ip JOIN posts p ON p.id = ip.post_id WHERE ip.incident_id = $1 ORDER BY ip.pinned_at, p.id`,
      [incidentId],
    );
  }

  /**
   * Per-bucket counts from the per-minute rollups: week 0 is the span, weeks 1..`weeks` the same
   * hours of the previous weeks (shifted onto the span, so bucket `b` lines up across weeks).
   */
  buckets(programIds: readonly string[], from: Date, to: Date, bucketSeconds: number, weeks: number): Promise<BucketRow[]> {
    if (!programIds.length) return Promise.resolve([]);
    return this.db.query<BucketRow>(
      `SELECT k, floor(extract(epoch FROM (r.minute + make_interval(days => 7 * k)) - $2::timestamptz) / $4)::int AS b,
              sum(r.volume)::int AS volume, sum(r.negative)::int AS negative, sum(r.positive)::int AS positive, sum(r.neutral)::int AS neutral
       FROM generate_series(0, $5::int) AS k
       JOIN rollups_minute r ON r.program_id = ANY($1::uuid[])
        AND r.minute >= $2::timestamptz - make_interval(days => 7 * k) AND r.minute < $3::timestamptz - make_interval(days => 7 * k)
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [programIds, iso(from), iso(to), bucketSeconds, weeks],
    );
  }

  /** Volume and negative volume of a window, from the rollups. */
  async counts(programIds: readonly string[], from: Date, to: Date): Promise<{ volume: number; negative: number }> {
    if (!programIds.length || from >= to) return { volume: 0, negative: 0 };
    const [r] = await this.db.query<{ volume: number; negative: number }>(
      `SELECT coalesce(sum(volume), 0)::int AS volume, coalesce(sum(negative), 0)::int AS negative
       FROM rollups_minute WHERE program_id = ANY($1::uuid[]) AND minute >= $2 AND minute < $3`,
      [programIds, iso(from), iso(to)],
    );
    return r ?? { volume: 0, negative: 0 };
  }

  /**
   * Authors, reach, engagement, shares and the most engaging posts, over the distinct posts of
   * the span, in one statement that reads them once.
   */
  async postStats(programIds: readonly string[], from: Date, to: Date, top: number): Promise<PostStatsRow> {
    const [r] = await this.db.query<PostStatsRow>(
      `WITH ps AS MATERIALIZED (
         SELECT p.id, p.created_at, p.source, p.lang, p.author_handle, p.author_name, coalesce(p.author_followers, 0)::float8 AS followers,
                p.likes::float8 AS likes, p.shares::float8 AS shares, p.replies::float8 AS replies, p.views::float8 AS views
         FROM posts p
         WHERE p.id IN (SELECT pp.post_id FROM post_programs pp WHERE pp.program_id = ANY($1::uuid[]) AND pp.created_at >= $2 AND pp.created_at < $3)
           -- The programs' official channels are counted apart (officialStats).
           AND NOT EXISTS (SELECT 1 FROM official_channels oc WHERE oc.program_id = ANY($1::uuid[]) AND oc.source = lower(p.source) AND oc.handle = ltrim(lower(p.author_handle), '@'))),
       au AS MATERIALIZED (
         SELECT author_handle AS handle, max(author_name) AS name, max(followers) AS followers, count(*)::int AS posts, sum(likes + shares + replies) AS engagement
         FROM ps GROUP BY author_handle),
       totals AS (
         SELECT count(*)::int AS posts, coalesce(sum(likes), 0) AS likes, coalesce(sum(shares), 0) AS shares,
                coalesce(sum(replies), 0) AS replies, coalesce(sum(views), 0) AS views FROM ps)
       SELECT t.posts, t.likes, t.shares, t.replies, t.views,
              (SELECT count(*)::int FROM au) AS unique_authors,
              (SELECT coalesce(sum(followers), 0) FROM au) AS reach,
              (SELECT coalesce(json_agg(x ORDER BY x.count DESC, x.value), '[]'::json) FROM (SELECT source AS value, count(*)::int AS count FROM ps GROUP BY source) x) AS by_source,
              (SELECT coalesce(json_agg(x ORDER BY x.count DESC, x.value), '[]'::json) FROM (SELECT lang AS value, count(*)::int AS count FROM ps GROUP BY lang) x) AS by_lang,
              ARRAY(SELECT id FROM ps ORDER BY likes + shares + replies DESC, created_at DESC, id DESC LIMIT $4) AS top_post_ids
       FROM totals t`,
      [programIds, iso(from), iso(to), top],
    );
    return r!;
  }

  /**
   * Posts of the programs' official channels in the span: how many, the first at or after
   * `firstFrom`, and the followers of the accounts and the engagement of the posts.
   */
  async officialStats(programIds: readonly string[], from: Date, to: Date, firstFrom: Date): Promise<OfficialStatsRow> {
    const [r] = await this.db.query<OfficialStatsRow>(
      `WITH op AS MATERIALIZED (
         SELECT DISTINCT ON (p.id) p.id, p.created_at, p.source, p.author_handle, coalesce(p.author_followers, 0)::float8 AS followers,
                (p.likes + p.shares + p.replies)::float8 AS engagement
         FROM post_programs pp JOIN posts p ON p.id = pp.post_id
         JOIN official_channels oc ON oc.program_id = pp.program_id AND oc.source = lower(p.source) AND oc.handle = ltrim(lower(p.author_handle), '@')
         WHERE pp.program_id = ANY($1::uuid[]) AND pp.created_at >= $2 AND pp.created_at < $3)
       SELECT (SELECT count(*)::int FROM official_channels WHERE program_id = ANY($1::uuid[])) AS channels,
              (SELECT count(*)::int FROM op) AS posts,
              (SELECT coalesce(sum(engagement), 0) FROM op) AS engagement,
              (SELECT coalesce(sum(f), 0) FROM (SELECT max(followers) AS f FROM op GROUP BY source, ltrim(lower(author_handle), '@')) a) AS reach,
              f.created_at AS first_at, f.author_handle AS first_handle
       FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT created_at, author_handle FROM op WHERE created_at >= $4 ORDER BY created_at, id LIMIT 1) f ON true`,
      [programIds, iso(from), iso(to), iso(firstFrom)],
    );
    return r!;
  }

  /** Full rows of these posts (in no particular order). */
  postsByIds(ids: readonly string[]): Promise<PostRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.query<PostRow>(`SELECT ${POST_COLUMNS} FROM posts p WHERE p.id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * One keyset page of the scope's distinct posts for the CSV, newest first (up to `limit` rows).
   * A post of several of the programs appears once. With one program the scan follows
   * post_programs' key.
   */
  csvPage(s: PostScope, limit: number, after: { at: string; id: string } | undefined): Promise<CsvRow[]> {
    const { values, p } = params();
    const { where, distinct } = this.scope(s, p, after && { at: `${p(after.at)}::timestamptz`, id: `${p(after.id)}::uuid` });
    return this.db.query<CsvRow>(
      `SELECT ${distinct} p.id, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at, pp.created_at::text AS k_at,
              p.source, p.external_id, p.author_handle, p.author_name, p.lang, p.sentiment_label, p.sentiment_score,
              p.sentiment_corrected_at IS NOT NULL AS corrected, array_to_string(p.program_ids, ';') AS program_ids, p.url, p.text, p.author_followers, p.likes, p.shares, p.replies, p.views
       FROM post_programs pp JOIN posts p ON p.id = pp.post_id
       WHERE ${where.join(' AND ')} ORDER BY pp.created_at DESC, pp.post_id DESC LIMIT ${p(limit)}`,
      values,
    );
  }

  /**
   * One keyset page of `csvPage`'s posts written as CSV by the embedded engine's COPY (`Database.copyCsvEmbedded`), each
   * record the cells `csvValues` in reports.service.ts makes, byte for byte; undefined on the server engine.
   */
  async csvCopyPage(s: PostScope, limit: number, after: { at: string; id: string } | undefined): Promise<CsvCopyPage | undefined> {
    if (this.db.engine !== 'pglite') return undefined;
    // A page is sorted in memory rather than in temporary files (4 MB by default; a 10,000-row page is about 2 MB).
    const { settings, p } = copySettings([['work_mem', '32MB']]);
    const programs = p(s.programIds);
    const { where, distinct } = this.scope(s, p, after && { at: `${p(after.at)}::timestamptz`, id: `${p(after.id)}::uuid` });
    // The cells are made in an outer query over the page's plain values: csvText() names its argument several times,
    // and an expression (a subquery, to_char) would be evaluated that many times per row.
    const raw = await this.db.copyCsvEmbedded(
      // Ours, never empty and never starting like a formula (a uuid, a timestamp, a language and a label): as they are.
      `SELECT c.id, c.created_at, ${['source', 'external_id', 'author_handle', 'author_name'].map((c) => csvText(`c.${c}`)).join(', ')}, c.lang, c.sentiment_label,
              c.sentiment_score, c.corrected, ${csvText('c.programs')}, ${csvText('c.url')}, ${csvText('c.text')},
              c.author_followers, c.likes, c.shares, c.replies, c.views, c.official, c.k_at::text, c.k_id
       FROM (
         SELECT ${distinct} p.id::text AS id, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
                p.source, p.external_id, p.author_handle, p.author_name, p.lang, p.sentiment_label, p.sentiment_score,
                CASE WHEN p.sentiment_corrected_at IS NOT NULL THEN 'true' ELSE 'false' END AS corrected,
                -- Most posts belong to one program: a join names it (the general case aggregates the array per row).
                CASE WHEN cardinality(p.program_ids) <= 1 THEN first_program.slug
                  ELSE (SELECT string_agg(pr.slug, ';' ORDER BY u.ord) FROM unnest(p.program_ids) WITH ORDINALITY AS u(id, ord) JOIN programs pr ON pr.id = u.id) END AS programs,
                p.url, p.text, p.author_followers, p.likes, p.shares, p.replies, p.views,
                CASE WHEN EXISTS (
                  SELECT 1 FROM official_channels oc
                  WHERE oc.program_id = ANY(${programs}::uuid[]) AND oc.source = lower(p.source) AND oc.handle = lower(regexp_replace(p.author_handle, '^@+', ''))
                ) THEN 1 ELSE 0 END AS official,
                pp.created_at AS k_at, pp.post_id AS k_id
         FROM post_programs pp JOIN posts p ON p.id = pp.post_id LEFT JOIN programs first_program ON first_program.id = p.program_ids[1]
         WHERE ${where.join(' AND ')} ORDER BY pp.created_at DESC, pp.post_id DESC LIMIT ${p(limit)}::int
       ) c
       ORDER BY c.k_at DESC, c.k_id DESC`,
      settings,
    );
    return raw === undefined ? undefined : copyRecords(raw);
  }

  private scope(s: PostScope, p: (v: unknown) => string, after: { at: string; id: string } | undefined): { where: string[]; distinct: string } {
    const where: string[] = [];
    where.push(s.programIds.length === 1 ? `pp.program_id = ${p(s.programIds[0])}::uuid` : `pp.program_id = ANY(${p(s.programIds)}::uuid[])`);
    where.push(`pp.created_at >= ${p(iso(s.from))}::timestamptz`, `pp.created_at < ${p(iso(s.to))}::timestamptz`);
    if (s.sentiment) where.push(`pp.sentiment_label = ${p(s.sentiment)}`);
    if (s.lang) where.push(`p.lang = ${p(s.lang)}`);
    if (s.source) where.push(`p.source = ${p(s.source)}`);
    if (s.q) where.push(`to_tsvector('simple', p.text) @@ websearch_to_tsquery('simple', ${p(s.q)})`);
    if (after) where.push(`(pp.created_at, pp.post_id) < (${after.at}, ${after.id})`);
    return { where, distinct: s.programIds.length === 1 ? '' : 'DISTINCT ON (pp.created_at, pp.post_id)' };
  }

  /** The official channels of these programs as `source|handle` (the CSV marks their posts; a handful of rows). */
  async officialKeys(programIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ source: string; handle: string }>(`SELECT DISTINCT source, handle FROM official_channels WHERE program_id = ANY($1::uuid[])`, [programIds]);
    return new Set(rows.map((r) => `${r.source}|${r.handle}`));
  }

  /** Every program's slug by id (the CSV names programs by slug). */
  async programSlugs(): Promise<Map<string, string>> {
    const rows = await this.db.query<{ id: string; slug: string }>(`SELECT id, slug FROM programs`);
    return new Map(rows.map((r) => [r.id, r.slug]));
  }

  /** The texts of the span's newest distinct posts, for the terms and hashtags count. */
  texts(programIds: readonly string[], from: Date, to: Date, limit: number): Promise<Array<{ text: string }>> {
    const { values, p } = params();
    const { where, distinct } = this.scope({ programIds, from, to }, p, undefined);
    return this.db.query(
      `SELECT ${distinct} p.text FROM post_programs pp JOIN posts p ON p.id = pp.post_id
       WHERE ${where.join(' AND ')} ORDER BY pp.created_at DESC, pp.post_id DESC LIMIT ${p(limit)}`,
      values,
    );
  }

}
