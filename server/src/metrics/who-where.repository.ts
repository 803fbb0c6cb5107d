import { Injectable } from '@nestjs/common';
import { ENGAGEMENT_WEIGHT, type SentimentLabel } from '@siaga/shared';
import { Database } from '../database/database.js';

/** Whose posts: the distinct posts of some programs (none: every post) in `[from, to)`. */
export interface PostScope {
  programIds?: readonly string[];
  /** Leave out the posts of these programs' official channels (incident reports count them apart). */
  excludeOfficial?: boolean;
  from: Date;
  to: Date;
}

export interface ActorRow {
  handle: string;
  name: string | null;
  sources: string[];
  followers: number;
  posts: number;
  engagement: number;
  negative: number;
  reach: number;
  first_at: Date;
  last_at: Date;
}

export interface NetworkPostRow {
  id: string;
  source: string;
  author_handle: string;
  followers: number;
  engagement: number;
  sentiment_label: SentimentLabel;
  created_at: Date;
  text: string;
  /** The author of the post it replies to, when that post is stored (same source). */
  parent_handle: string | null;
}

/** Reach, as ENGAGEMENT_WEIGHT documents it: the most followers seen plus weighted interactions. */
export const REACH_SQL = `(coalesce(max(followers), 0) + ${ENGAGEMENT_WEIGHT} * coalesce(sum(likes + shares + replies), 0))`;

const iso = (d: Date) => d.toISOString();

/** `WITH ps AS (...)`: the scope's distinct posts with the columns the reads below use. */
function scopePosts(s: PostScope, columns: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [iso(s.from), iso(s.to)];
  if (s.programIds) {
    const one = s.programIds.length === 1;
    params.push(one ? s.programIds[0] : s.programIds);
    // As the incident reports match official channels: by lowercased source and handle without '@'.
    const official = s.excludeOfficial
      ? ` AND NOT EXISTS (SELECT 1 FROM official_channels oc WHERE oc.program_id = ANY($4::uuid[]) AND oc.source = lower(p.source) AND oc.handle = ltrim(lower(p.author_handle), '@'))`
      : '';
    if (s.excludeOfficial) params.push(s.programIds);
    return {
      sql: `SELECT ${columns} FROM posts p
            WHERE p.id IN (SELECT pp.post_id FROM post_programs pp WHERE pp.program_id ${one ? '= $3::uuid' : '= ANY($3::uuid[])'} AND pp.created_at >= $1 AND pp.created_at < $2)${official}`,
      params,
    };
  }
  return { sql: `SELECT ${columns} FROM posts p WHERE p.created_at >= $1 AND p.created_at < $2`, params };
}

/**
 * The who-and-where reads (accounts by reach, places, platforms, the network's posts), in aggregate SQL over
 * a window. The dashboard's metrics and the incident reports both read accounts through here.
 */
@Injectable()
export class WhoWhereRepository {
  constructor(private readonly db: Database) {}

  /** The accounts of the window by reach (then posts, then handle), and how many accounts posted. */
  async actors(s: PostScope, limit: number): Promise<{ accounts: number; rows: ActorRow[] }> {
    const ps = scopePosts(s, `p.author_handle, p.author_name, p.source, p.author_followers::float8 AS followers, p.likes::float8 AS likes,
      p.shares::float8 AS shares, p.replies::float8 AS replies, p.sentiment_label, p.created_at`);
    const rows = await this.db.query<ActorRow & { accounts: number }>(
      `WITH ps AS MATERIALIZED (${ps.sql}),
       au AS (
         SELECT author_handle AS handle, max(author_name) AS name, coalesce(max(followers), 0) AS followers, count(*)::int AS posts,
                coalesce(sum(likes + shares + replies), 0) AS engagement, count(*) FILTER (WHERE sentiment_label = 'negative')::int AS negative,
                ${REACH_SQL} AS reach, min(created_at) AS first_at, max(created_at) AS last_at,
                array_agg(source ORDER BY source) AS all_sources
         FROM ps GROUP BY author_handle)
       SELECT a.handle, a.name, a.followers, a.posts, a.engagement, a.negative, a.reach, a.first_at, a.last_at,
              ARRAY(SELECT x.s FROM unnest(a.all_sources) AS x(s) GROUP BY x.s ORDER BY count(*) DESC, x.s) AS sources,
              (SELECT count(*)::int FROM au) AS accounts
       FROM au a ORDER BY a.reach DESC, a.posts DESC, a.handle LIMIT $${ps.params.length + 1}`,
      [...ps.params, limit],
    );
    if (rows.length) return { accounts: rows[0]!.accounts, rows };
    return { accounts: 0, rows: [] };
  }

  /** Posts per province code (and the regencies named most), with negatives. */
  async places(s: PostScope, regencies: number): Promise<{
    posts: number;
    placed: number;
    provinces: Array<{ code: string; posts: number; negative: number }>;
    regencies: Array<{ code: string; posts: number; negative: number }>;
  }> {
    const ps = scopePosts(s, `p.places, p.sentiment_label`);
    const [r] = await this.db.query<{ posts: number; placed: number; codes: Array<{ code: string; posts: number; negative: number }> | null }>(
      `WITH ps AS MATERIALIZED (${ps.sql}),
       codes AS (
         SELECT c.code, count(*)::int AS posts, count(*) FILTER (WHERE ps.sentiment_label = 'negative')::int AS negative
         FROM ps, unnest(ps.places) AS c(code) GROUP BY c.code)
       SELECT (SELECT count(*)::int FROM ps) AS posts,
              (SELECT count(*)::int FROM ps WHERE cardinality(places) > 0) AS placed,
              (SELECT json_agg(codes ORDER BY codes.posts DESC, codes.code) FROM codes) AS codes`,
      ps.params,
    );
    const codes = r?.codes ?? [];
    return {
      posts: r?.posts ?? 0,
      placed: r?.placed ?? 0,
      provinces: codes.filter((c) => c.code.length === 2),
      regencies: codes.filter((c) => c.code.length > 2).slice(0, regencies),
    };
  }

  /** Posts and negatives per source, most posts first. */
  platforms(s: PostScope): Promise<Array<{ source: string; posts: number; negative: number }>> {
    const ps = scopePosts(s, `p.source, p.sentiment_label`);
    return this.db.query(
      `WITH ps AS MATERIALIZED (${ps.sql})
       SELECT source, count(*)::int AS posts, count(*) FILTER (WHERE sentiment_label = 'negative')::int AS negative
       FROM ps GROUP BY source ORDER BY posts DESC, source`,
      ps.params,
    );
  }

  /**
   * The newest `max` posts of the window with what the network needs, each reply with the author of the
   * post it answers (looked up by the stored post's source and external id).
   */
  networkPosts(s: PostScope, max: number): Promise<NetworkPostRow[]> {
    const params: unknown[] = [iso(s.from), iso(s.to)];
    let from = `posts p WHERE p.created_at >= $1 AND p.created_at < $2`;
    let order = `p.created_at DESC, p.id DESC`;
    if (s.programIds) {
      // One program is an equality, so the newest rows come straight off post_programs' key backwards;
      // with = ANY(...) the planner sorts the whole window first.
      const one = s.programIds.length === 1;
      params.push(one ? s.programIds[0] : s.programIds);
      from = `post_programs pp JOIN posts p ON p.id = pp.post_id WHERE pp.program_id ${one ? '= $3::uuid' : '= ANY($3::uuid[])'} AND pp.created_at >= $1 AND pp.created_at < $2`;
      order = `pp.created_at DESC, pp.post_id DESC`;
    }
    params.push(max);
    return this.db.query<NetworkPostRow>(
      `SELECT p.id, p.source, p.author_handle, coalesce(p.author_followers, 0)::float8 AS followers,
              (p.likes + p.shares + p.replies)::float8 AS engagement, p.sentiment_label, p.created_at, p.text,
              (SELECT q.author_handle FROM posts q WHERE p.parent_external_id IS NOT NULL AND q.source = p.source AND q.external_id = p.parent_external_id) AS parent_handle
       FROM ${from} ORDER BY ${order} LIMIT $${params.length}`,
      params,
    );
  }

  /** Accounts (`source:handle`) named by open or acknowledged coordinated-campaign alerts that fired in the window. */
  async openCampaignAccounts(s: PostScope): Promise<string[][]> {
    const params: unknown[] = [iso(s.from), iso(s.to)];
    let where = `a.kind = 'coordinated_campaign' AND a.status IN ('open', 'acknowledged') AND a.last_triggered_at >= $1 AND a.opened_at < $2`;
    if (s.programIds) {
      params.push(s.programIds);
      where += ` AND a.program_id = ANY($3::uuid[])`;
    }
    const rows = await this.db.query<{ accounts: unknown }>(`SELECT a.explanation->'details'->'accounts' AS accounts FROM alerts a WHERE ${where}`, params);
    return rows.map((r) => (Array.isArray(r.accounts) ? r.accounts.filter((x): x is string => typeof x === 'string') : []));
  }

  async programExists(id: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM programs WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}
