import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { REACH_SQL } from '../metrics/who-where.repository.js';

export interface AccountSummaryRow {
  name: string | null;
  followers: number | null;
  location: string | null;
  /** The newest account creation time its posts of the window gave (ms). */
  created_at_ms: number | null;
  posts: number;
  engagement: number;
  reach: number;
  first_at: Date | null;
  last_at: Date | null;
}

export interface AccountCampaignRow {
  id: string;
  program_id: string;
  status: string;
  opened_at: Date;
  details: { posts?: unknown; accounts?: unknown; sampleText?: unknown } | null;
}

/** One account's reads: its posts of a window along posts_author_created_at_idx, and the campaign alerts that named it. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly db: Database) {}

  async exists(source: string, handle: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM posts WHERE author_handle = $1 AND source = $2 LIMIT 1`, [handle, source]);
    return rows.length > 0;
  }

  async summary(source: string, handle: string, from: Date, to: Date): Promise<AccountSummaryRow> {
    const [r] = await this.db.query<AccountSummaryRow>(
      `WITH ps AS (
         SELECT author_name, author_followers::float8 AS followers, author_location, author_created_at, likes::float8 AS likes,
                shares::float8 AS shares, replies::float8 AS replies, created_at
         FROM posts WHERE author_handle = $1 AND source = $2 AND created_at >= $3 AND created_at < $4)
       SELECT (SELECT author_name FROM ps WHERE author_name IS NOT NULL ORDER BY created_at DESC LIMIT 1) AS name,
              max(followers) AS followers,
              (SELECT author_location FROM ps WHERE author_location IS NOT NULL ORDER BY created_at DESC LIMIT 1) AS location,
              -- As epoch ms: PGlite parses a timestamp before the year 100 into the 1900s or 2000s.
              (extract(epoch FROM max(author_created_at)) * 1000)::float8 AS created_at_ms,
              count(*)::int AS posts, coalesce(sum(likes + shares + replies), 0) AS engagement, ${REACH_SQL} AS reach,
              min(created_at) AS first_at, max(created_at) AS last_at
       FROM ps`,
      [handle, source, from.toISOString(), to.toISOString()],
    );
    return r!;
  }

  programs(source: string, handle: string, from: Date, to: Date): Promise<Array<{ id: string; name: string; slug: string; posts: number }>> {
    return this.db.query(
      `SELECT g.id, g.name, g.slug, count(*)::int AS posts
       FROM posts p CROSS JOIN LATERAL unnest(p.program_ids) AS x(id) JOIN programs g ON g.id = x.id
       WHERE p.author_handle = $1 AND p.source = $2 AND p.created_at >= $3 AND p.created_at < $4
       GROUP BY g.id, g.name, g.slug ORDER BY posts DESC, g.name`,
      [handle, source, from.toISOString(), to.toISOString()],
    );
  }

  sentimentByDay(source: string, handle: string, from: Date, to: Date): Promise<Array<{ day: Date; positive: number; neutral: number; negative: number }>> {
    return this.db.query(
      `SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,
              count(*) FILTER (WHERE sentiment_label = 'positive')::int AS positive,
              count(*) FILTER (WHERE sentiment_label = 'neutral')::int AS neutral,
              count(*) FILTER (WHERE sentiment_label = 'negative')::int AS negative
       FROM posts WHERE author_handle = $1 AND source = $2 AND created_at >= $3 AND created_at < $4
       GROUP BY 1 ORDER BY 1`,
      [handle, source, from.toISOString(), to.toISOString()],
    );
  }

  places(source: string, handle: string, from: Date, to: Date): Promise<Array<{ code: string; posts: number }>> {
    return this.db.query(
      `SELECT c.code, count(*)::int AS posts
       FROM posts p CROSS JOIN LATERAL unnest(p.places) AS c(code)
       WHERE p.author_handle = $1 AND p.source = $2 AND p.created_at >= $3 AND p.created_at < $4 AND length(c.code) = 2
       GROUP BY c.code ORDER BY posts DESC, c.code LIMIT 10`,
      [handle, source, from.toISOString(), to.toISOString()],
    );
  }

  /** Coordinated-campaign alerts whose cluster named `source:handle` (the detector stores them so), newest first. */
  campaigns(source: string, handle: string, limit: number): Promise<AccountCampaignRow[]> {
    return this.db.query(
      `SELECT a.id, a.program_id, a.status, a.opened_at, a.explanation->'details' AS details
       FROM alerts a
       WHERE a.kind = 'coordinated_campaign' AND a.explanation->'details'->'accounts' @> jsonb_build_array($1::text)
       ORDER BY a.opened_at DESC, a.id DESC LIMIT $2`,
      [`${source}:${handle}`, limit],
    );
  }
}
