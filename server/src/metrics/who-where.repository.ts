import { Injectable } from '@nestjs/common';
import { ENGAGEMENT_WEIGHT } from '@siaga/shared';
import { Database } from '../database/database.js';
import { MAX_LINKS_PER_GROUP } from './network.js';

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

/** The window's graph as `networkGraph` aggregates it (the JSON columns arrive parsed). */
export interface NetworkGraphRow {
  accounts_seen: number;
  edges_seen: number;
  /** The kept accounts, most link weight first. */
  accounts: Array<{ id: string; strength: number; coBursts: number; duplicatePosts: number }>;
  edges: Array<{ a: string; b: string; replies: number; mentions: number; quotes: number; shares: number; duplicates: number }>;
}

export interface NetworkAccountRow {
  id: string;
  posts: number;
  negative: number;
  followers: number;
  engagement: number;
  times: number[];
  texts: string[];
  /** Its first post of the window (ms). */
  first_at: number | null;
  /** The newest account creation time its posts of the window gave (ms); null when none did. */
  created_at: number | null;
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
   * How many posts of the window the network reads (at most `max`, the newest), and the oldest instant read:
   * null when the window holds no more than `max` posts, else the time after which the newest `max` lie.
   */
  async networkWindow(s: PostScope, max: number): Promise<{ posts: number; after: Date | null }> {
    const params: unknown[] = [iso(s.from), iso(s.to), max + 1];
    let from = `posts p WHERE p.created_at >= $1 AND p.created_at < $2`;
    if (s.programIds) {
      const one = s.programIds.length === 1;
      params.push(one ? s.programIds[0] : s.programIds);
      from = `post_programs p WHERE p.program_id ${one ? '= $4::uuid' : '= ANY($4::uuid[])'} AND p.created_at >= $1 AND p.created_at < $2`;
    }
    const [r] = await this.db.query<{ n: number; oldest: Date | null }>(
      `SELECT count(*)::int AS n, min(created_at) AS oldest FROM (SELECT p.created_at FROM ${from} ORDER BY p.created_at DESC LIMIT $3) w`,
      params,
    );
    const n = r?.n ?? 0;
    return n > max ? { posts: max, after: new Date(r!.oldest!) } : { posts: n, after: null };
  }

  /**
   * The window's interaction graph aggregated in SQL from `post_interactions` (an index-only range scan,
   * joined to the program's links): replies, quotes, shares and mentions between two accounts; near-duplicate groups
   * (accounts that posted one copy key, ordered by their newest such post, each linked to the 8 before it, as
   * `groupLinks` does) plus the campaign links given; then the `nodes` accounts with the most link weight and the
   * `edges + 1` heaviest links among them. Answers those links and accounts (with their near-duplicate posts and
   * repeated co-burst partners) and how many accounts and links the window held.
   */
  async networkGraph(
    s: PostScope,
    after: Date | null,
    campaignLinks: ReadonlyArray<readonly [string, string]>,
    limits: { nodes: number; edges: number },
  ): Promise<NetworkGraphRow> {
    // Each member of a near-duplicate group with the MAX_LINKS_PER_GROUP members before it, in one pass (lag).
    const LAGS = Array.from({ length: MAX_LINKS_PER_GROUP }, (_, k) => `lag(account, ${k + 1}) OVER g`).join(', ');
    const params: unknown[] = [after && after > s.from ? iso(after) : iso(s.from), iso(s.to), campaignLinks.map((l) => l[0]), campaignLinks.map((l) => l[1]), limits.nodes, limits.edges + 1];
    // After the cut, strictly: the cut instant is the newest post left out.
    // Byte order ("C") for the accounts and keys: grouping, least/greatest and sorting them under a language
    // collation cost a third of the statement.
    let scan = `SELECT i.post_id, i.created_at, i.kind, i.from_account COLLATE "C" AS from_account, i.target COLLATE "C" AS target FROM post_interactions i
                WHERE i.created_at ${after && after > s.from ? '>' : '>='} $1 AND i.created_at < $2 AND i.target IS NOT NULL AND (i.kind <> 'copy' OR i.shared)`;
    if (s.programIds) {
      const one = s.programIds.length === 1;
      params.push(one ? s.programIds[0] : s.programIds);
      // Semi-joined on post_id alone: with (created_at, post_id) the planner multiplies two selectivities, expects
      // one row out of 150,000 and plans every later step as a nested loop (75 s at 100,000 posts on the server).
      scan += ` AND i.post_id IN (SELECT pp.post_id FROM post_programs pp WHERE pp.program_id ${one ? '= $7::uuid' : '= ANY($7::uuid[])'} AND pp.created_at ${after && after > s.from ? '>' : '>='} $1 AND pp.created_at < $2)`;
    }
    // 32 MB for the aggregates of this one statement (the server's default 4 MB spilled them to disk).
    const [r] = await this.db.transaction(async (em) => {
      await em.query(`SELECT set_config('work_mem', '32MB', true)`);
      return em.query<NetworkGraphRow[]>(
      `WITH w AS MATERIALIZED (${scan}),
       multi AS (
         -- Most keys are one post's: keep the keys of two accounts or more before sorting anything.
         SELECT target AS key FROM w WHERE kind = 'copy' GROUP BY target HAVING min(from_account) <> max(from_account)),
       copies AS (
         SELECT w.target AS key, w.from_account AS account, max(w.created_at) AS newest, count(*)::int AS n
         FROM w JOIN multi ON multi.key = w.target WHERE w.kind = 'copy' GROUP BY w.target, w.from_account),
       grouped AS MATERIALIZED (
         SELECT key, account, n, ARRAY[${LAGS}] AS before
         FROM copies WINDOW g AS (PARTITION BY key ORDER BY newest DESC, account)),
       dup AS MATERIALIZED (
         SELECT x.account AS a, b.account AS b FROM grouped x, unnest(x.before) AS b(account) WHERE b.account IS NOT NULL
         UNION ALL
         SELECT c.a, c.b FROM unnest($3::text[], $4::text[]) AS c(a, b) WHERE c.a <> c.b),
       links AS (
         SELECT least(from_account, target) AS a, greatest(from_account, target) AS b, kind FROM w WHERE kind <> 'copy' AND from_account <> target
         UNION ALL
         SELECT least(a, b), greatest(a, b), 'copy' FROM dup),
       pairs AS MATERIALIZED (
         SELECT a, b, count(*) FILTER (WHERE kind = 'reply')::int AS replies, count(*) FILTER (WHERE kind = 'mention')::int AS mentions,
                count(*) FILTER (WHERE kind = 'quote')::int AS quotes, count(*) FILTER (WHERE kind = 'share')::int AS shares,
                count(*) FILTER (WHERE kind = 'copy')::int AS duplicates, count(*)::int AS weight
         FROM links GROUP BY a, b),
       strength AS (
         SELECT account, sum(weight)::int AS strength FROM (SELECT a AS account, weight FROM pairs UNION ALL SELECT b, weight FROM pairs) x GROUP BY account),
       kept AS MATERIALIZED (SELECT account, strength FROM strength ORDER BY strength DESC, account LIMIT $5),
       edges AS (
         SELECT p.* FROM pairs p JOIN kept ka ON ka.account = p.a JOIN kept kb ON kb.account = p.b
         ORDER BY p.weight DESC, p.a || p.b LIMIT $6),
       partners AS (
         SELECT account, count(*) FILTER (WHERE n >= 2)::int AS co_bursts
         FROM (SELECT d.a AS account, d.b AS other, count(*) AS n FROM (SELECT a, b FROM dup UNION ALL SELECT b, a FROM dup) d
               WHERE d.a IN (SELECT account FROM kept) GROUP BY d.a, d.b) x GROUP BY account),
       duplicated AS (
         SELECT account, sum(n)::int AS posts FROM grouped WHERE account IN (SELECT account FROM kept) GROUP BY account)
       SELECT (SELECT count(*)::int FROM strength) AS accounts_seen,
              (SELECT count(*)::int FROM pairs) AS edges_seen,
              (SELECT coalesce(json_agg(json_build_object('id', k.account, 'strength', k.strength, 'coBursts', coalesce(pa.co_bursts, 0),
                                                          'duplicatePosts', coalesce(du.posts, 0)) ORDER BY k.strength DESC, k.account), '[]')
               FROM kept k LEFT JOIN partners pa ON pa.account = k.account LEFT JOIN duplicated du ON du.account = k.account) AS accounts,
              (SELECT coalesce(json_agg(json_build_object('a', e.a, 'b', e.b, 'replies', e.replies, 'mentions', e.mentions, 'quotes', e.quotes,
                                                          'shares', e.shares, 'duplicates', e.duplicates)), '[]') FROM edges e) AS edges`,
      params,
      );
    });
    return r ?? { accounts_seen: 0, edges_seen: 0, accounts: [], edges: [] };
  }

  /**
   * What the drawn accounts did in the window: posts, negatives, most followers, engagement, the times of their
   * newest 500 posts (for the rhythm), their newest texts (for the community terms), their first post and the
   * newest account creation time their posts gave (for the account's age), one walk per account down
   * `posts_author_created_at_idx`.
   */
  networkAccounts(s: PostScope, ids: readonly string[], texts: number): Promise<NetworkAccountRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const sources: string[] = [];
    const handles: string[] = [];
    for (const id of ids) {
      const i = id.indexOf(':');
      sources.push(id.slice(0, i));
      handles.push(id.slice(i + 1));
    }
    const params: unknown[] = [ids, sources, handles, iso(s.from), iso(s.to), texts];
    let inScope = '';
    if (s.programIds) {
      const one = s.programIds.length === 1;
      params.push(one ? s.programIds[0] : s.programIds);
      // The post's own copy of its programs (backfill keeps it with post_programs): no probe per post.
      inScope = one ? ` AND $7::uuid = ANY(p.program_ids)` : ` AND p.program_ids && $7::uuid[]`;
    }
    return this.db.query<NetworkAccountRow>(
      `SELECT k.id, st.posts, st.negative, st.followers, st.engagement, st.times[1:500] AS times, st.texts[1:$6] AS texts, st.first_at, st.created_at
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(id, source, handle)
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS posts, count(*) FILTER (WHERE p.sentiment_label = 'negative')::int AS negative,
                coalesce(max(p.author_followers), 0)::float8 AS followers, coalesce(sum(p.likes + p.shares + p.replies), 0)::float8 AS engagement,
                array_agg((extract(epoch FROM p.created_at) * 1000)::float8 ORDER BY p.created_at DESC) AS times,
                array_agg(left(p.text, 2000) ORDER BY p.created_at DESC) AS texts,
                (extract(epoch FROM min(p.created_at)) * 1000)::float8 AS first_at,
                (extract(epoch FROM max(p.author_created_at)) * 1000)::float8 AS created_at
         FROM posts p WHERE p.author_handle = k.handle AND p.source = k.source AND p.created_at >= $4 AND p.created_at < $5${inScope}) st`,
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
