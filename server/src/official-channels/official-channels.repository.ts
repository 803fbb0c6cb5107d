import { Injectable } from '@nestjs/common';
import type { OfficialChannelKind, SentimentLabel } from '@siaga/shared';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database.js';

export interface OfficialChannelRow {
  id: string;
  program_id: string;
  source: string;
  handle: string;
  label: string;
  kind: OfficialChannelKind;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface RecountRow {
  program_id: string;
  state: 'pending' | 'running' | 'done' | 'failed';
  changed: number;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
}

/** Where a recount's walk over a program's links stands: after this (created_at, post_id). */
export interface LinkKey {
  at: string;
  postId: string;
}

/** A link whose mark disagrees with the registry, with what its rollup contribution is made of. */
export interface FlippedLink {
  created_at: Date;
  post_id: string;
  /** The mark before the flip: true when the post was counted in `official`. */
  was_official: boolean;
  sentiment_label: SentimentLabel;
  sentiment_score: number;
  source: string;
  author_handle: string;
}

/** Before every link: the walk's start. */
export const FIRST_LINK: LinkKey = { at: '-infinity', postId: '00000000-0000-0000-0000-000000000000' };

export type OfficialChannelPatch = Partial<Pick<OfficialChannelRow, 'program_id' | 'source' | 'handle' | 'label' | 'kind'>>;

@Injectable()
export class OfficialChannelsRepository {
  constructor(private readonly db: Database) {}

  list(programId?: string): Promise<OfficialChannelRow[]> {
    return programId
      ? this.db.query<OfficialChannelRow>(`SELECT * FROM official_channels WHERE program_id = $1 ORDER BY source, handle, id`, [programId])
      : this.db.query<OfficialChannelRow>(`SELECT * FROM official_channels ORDER BY program_id, source, handle, id`);
  }

  async get(id: string): Promise<OfficialChannelRow | undefined> {
    return (await this.db.query<OfficialChannelRow>(`SELECT * FROM official_channels WHERE id = $1`, [id]))[0];
  }

  async programExists(id: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM programs WHERE id = $1`, [id])).length > 0;
  }

  async insert(r: OfficialChannelRow): Promise<void> {
    await this.db.query(
      `INSERT INTO official_channels (id, program_id, source, handle, label, kind, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.id, r.program_id, r.source, r.handle, r.label, r.kind, r.created_by, r.created_at.toISOString(), r.updated_at.toISOString()],
    );
  }

  async update(id: string, patch: OfficialChannelPatch, at: Date): Promise<OfficialChannelRow | undefined> {
    const params: unknown[] = [id, at.toISOString()];
    const sets = ['updated_at = $2'];
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) sets.push(`${k} = $${params.push(v)}`);
    // Select from the data-modifying statement, so that both engines answer the row.
    const rows = await this.db.query<OfficialChannelRow>(`WITH changed AS (UPDATE official_channels SET ${sets.join(', ')} WHERE id = $1 RETURNING *) SELECT * FROM changed`, params);
    return rows[0];
  }

  async recounts(programIds: readonly string[]): Promise<Map<string, RecountRow>> {
    if (programIds.length === 0) return new Map();
    const rows = await this.db.query<RecountRow>(`SELECT * FROM official_recounts WHERE program_id = ANY($1::uuid[])`, [programIds]);
    return new Map(rows.map((r) => [r.program_id, r]));
  }

  /** A new request: the counts of earlier passes are forgotten; the walk starts (again) from the first link. */
  async requestRecount(programId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO official_recounts (program_id, state, changed, requested_at) VALUES ($1, 'pending', 0, $2)
       ON CONFLICT (program_id) DO UPDATE SET state = 'pending', changed = 0, requested_at = excluded.requested_at, started_at = NULL, finished_at = NULL, error = NULL`,
      [programId, at.toISOString()],
    );
  }

  async startRecount(programId: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE official_recounts SET state = 'running', started_at = $2, error = NULL WHERE program_id = $1`, [programId, at.toISOString()]);
  }

  /** Adds a finished pass's changes to those since the request. */
  async finishRecount(programId: string, changed: number, at: Date): Promise<void> {
    await this.db.query(`UPDATE official_recounts SET state = 'done', changed = changed + $2, finished_at = $3 WHERE program_id = $1`, [programId, changed, at.toISOString()]);
  }

  async failRecount(programId: string, changed: number, error: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE official_recounts SET state = 'failed', changed = changed + $2, error = $3, finished_at = $4 WHERE program_id = $1`, [
      programId, changed, error.slice(0, 500), at.toISOString(),
    ]);
  }

  /** Programs whose recount was asked for and not finished (a restart, or a migration that asked for it). */
  async unfinishedRecounts(): Promise<string[]> {
    const rows = await this.db.query<{ program_id: string }>(`SELECT program_id FROM official_recounts WHERE state IN ('pending', 'running') ORDER BY requested_at`);
    return rows.map((r) => r.program_id);
  }

  /** The key of the `count`-th link of a program after `after`, or undefined when fewer are left: one batch's end. */
  async batchEnd(programId: string, after: LinkKey, count: number): Promise<LinkKey | undefined> {
    // `created_at >= $2` beside the row comparison: the range scan starts there instead of at the program's first link.
    const rows = await this.db.query<{ created_at: Date; post_id: string }>(
      `SELECT created_at, post_id FROM post_programs
       WHERE program_id = $1 AND created_at >= $2::timestamptz AND (created_at, post_id) > ($2::timestamptz, $3::uuid)
       ORDER BY created_at, post_id OFFSET ${count - 1} LIMIT 1`,
      [programId, after.at, after.postId],
    );
    const r = rows[0];
    return r ? { at: new Date(r.created_at).toISOString(), postId: r.post_id } : undefined;
  }

  /**
   * Flips, in the caller's transaction, the marks of a program's links in `(after, upto]` (at most
   * `limit`, to the end when `upto` is undefined) that disagree with the registry as it is now: a
   * post is official when its author is one of the program's channels, matched as ingest and the
   * reports match them (lower-cased source, handle without '@'). Answers the flipped links.
   * Written for plans that stay on indexes whatever the table sizes: the links come from the
   * primary key in order (LIMIT), their posts by id one by one (LATERAL), and the update goes by
   * the links' keys. The update re-checks each mark under its row lock, so a concurrent pass (on
   * another instance) that flipped a link first makes this one leave it.
   */
  async flipMarks(em: EntityManager, programId: string, after: LinkKey, upto: LinkKey | undefined, limit: number): Promise<FlippedLink[]> {
    const params: unknown[] = [programId, after.at, after.postId];
    const bound = upto ? ` AND pp.created_at <= $${params.push(upto.at)}::timestamptz AND (pp.created_at, pp.post_id) <= ($${params.length}::timestamptz, $${params.push(upto.postId)}::uuid)` : '';
    const wrong = await em.query<FlippedLink[]>(
      `WITH links AS MATERIALIZED (
         SELECT pp.created_at, pp.post_id, pp.official FROM post_programs pp
         WHERE pp.program_id = $1 AND pp.created_at >= $2::timestamptz AND (pp.created_at, pp.post_id) > ($2::timestamptz, $3::uuid)${bound}
         ORDER BY pp.created_at, pp.post_id LIMIT ${limit})
       SELECT l.created_at, l.post_id, l.official AS was_official, p.sentiment_label, p.sentiment_score::float8 AS sentiment_score, p.source, p.author_handle
       FROM links l CROSS JOIN LATERAL (SELECT q.sentiment_label, q.sentiment_score, q.source, q.author_handle FROM posts q WHERE q.id = l.post_id) p
       WHERE l.official <> EXISTS (SELECT 1 FROM official_channels oc
                                   WHERE oc.program_id = $1 AND oc.source = lower(p.source) AND oc.handle = ltrim(lower(p.author_handle), '@'))`,
      params,
    );
    if (wrong.length === 0) return wrong;
    const flipped = await em.query<Array<{ post_id: string }>>(
      `WITH flipped AS (
         UPDATE post_programs pp SET official = NOT pp.official
         FROM unnest($2::timestamptz[], $3::uuid[], $4::boolean[]) AS u(created_at, post_id, was_official)
         WHERE pp.program_id = $1 AND pp.created_at = u.created_at AND pp.post_id = u.post_id AND pp.official = u.was_official
         RETURNING pp.post_id)
       SELECT post_id FROM flipped`,
      [programId, wrong.map((r) => new Date(r.created_at).toISOString()), wrong.map((r) => r.post_id), wrong.map((r) => r.was_official)],
    );
    const ids = new Set(flipped.map((r) => r.post_id));
    return wrong.filter((r) => ids.has(r.post_id));
  }

  async delete(id: string): Promise<OfficialChannelRow | undefined> {
    const rows = await this.db.query<OfficialChannelRow>(`WITH gone AS (DELETE FROM official_channels WHERE id = $1 RETURNING *) SELECT * FROM gone`, [id]);
    return rows[0];
  }
}
