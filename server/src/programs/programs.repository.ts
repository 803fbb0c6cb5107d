import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Keyset } from '../common/cursor.js';
import { Database } from '../database/database.js';
import { ProgramEntity } from './program.entity.js';

/** Where a preview goes on: the oldest post read so far, its time exact to the microsecond (UTC text). */
export interface PreviewCursor {
  at: string;
  id: string;
}

export interface PreviewSliceRow {
  id: string;
  created_at: Date;
  text: string;
  lang: string;
}

export interface PreviewSlice {
  /** Posts of the window read by this slice. */
  read: number;
  /** The oldest of them (undefined when none was read). */
  last: { cursor: PreviewCursor; at: Date } | undefined;
  /** The posts read that may match, newest first; the others cannot. */
  candidates: PreviewSliceRow[];
}

@Injectable()
export class ProgramsRepository {
  constructor(private readonly db: Database) {}

  private repo(em?: EntityManager) {
    return (em ?? this.db.dataSource.manager).getRepository(ProgramEntity);
  }

  findById(id: string, em?: EntityManager): Promise<ProgramEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findBySlug(slug: string): Promise<ProgramEntity | null> {
    return this.repo().findOneBy({ slug });
  }

  all(): Promise<ProgramEntity[]> {
    return this.repo().find({ order: { name: 'ASC' } });
  }

  /** Changes whenever a program is created, edited or deleted, on any instance. */
  async version(): Promise<string> {
    const [row] = await this.db.query<{ n: number; latest: Date | null }>(`SELECT count(*)::int AS n, max(updated_at) AS latest FROM programs`);
    return `${row?.n ?? 0}|${row?.latest?.getTime() ?? 0}`;
  }

  list(limit: number, after: Keyset | undefined): Promise<ProgramEntity[]> {
    const qb = this.repo().createQueryBuilder('p');
    if (after) qb.where('(p.created_at, p.id) > (:at, :id)', { at: after.at, id: after.id });
    return qb.orderBy('p.created_at', 'ASC').addOrderBy('p.id', 'ASC').limit(limit + 1).getMany();
  }

  async insert(p: ProgramEntity, em?: EntityManager): Promise<void> {
    await this.repo(em).insert(p);
  }

  async update(id: string, patch: Partial<ProgramEntity>, em?: EntityManager): Promise<void> {
    await this.repo(em).update({ id }, patch);
  }

  async delete(id: string, em?: EntityManager): Promise<void> {
    await this.repo(em).delete({ id });
  }

  /**
   * One slice of a query preview: the next `limit` posts of `[from, to)`, newest first after `after`, read over
   * posts_created_at_idx, so a statement costs `limit` index entries whatever the window holds. Only the posts that
   * may match travel back: a pure-ASCII text is kept when its lowercase contains one of the `patterns` (LIKE),
   * since folding an ASCII text is lowercasing it; any other text is kept for the matcher to fold. `patterns` null
   * keeps every post.
   */
  async previewSlice(w: { from: Date; to: Date }, limit: number, after: PreviewCursor | undefined, patterns: readonly string[] | null): Promise<PreviewSlice> {
    const params: unknown[] = [w.from.toISOString(), w.to.toISOString(), limit, patterns];
    let keyset = '';
    if (after) {
      params.push(after.at, after.id);
      keyset = `AND (p.created_at, p.id) < ($5::timestamp AT TIME ZONE 'UTC', $6::uuid)`;
    }
    const rows = await this.db.query<{ read: number; last_at: string; last_time: Date; last_id: string } & { [K in keyof PreviewSliceRow]: PreviewSliceRow[K] | null }>(
      `WITH page AS MATERIALIZED (
         SELECT p.id, p.created_at, p.text, p.lang FROM posts p
         WHERE p.created_at >= $1 AND p.created_at < $2 ${keyset}
         ORDER BY p.created_at DESC, p.id DESC LIMIT $3
       ), tail AS (
         SELECT count(*) OVER () AS read, created_at, id FROM page ORDER BY created_at, id LIMIT 1
       )
       SELECT t.read::int AS read, (t.created_at AT TIME ZONE 'UTC')::text AS last_at, t.created_at AS last_time, t.id AS last_id,
         c.id, c.created_at, c.text, c.lang
       FROM tail t LEFT JOIN page c ON $4::text[] IS NULL OR octet_length(c.text) <> char_length(c.text) OR lower(c.text COLLATE "C") LIKE ANY ($4::text[])
       ORDER BY c.created_at DESC, c.id DESC`,
      params,
    );
    const head = rows[0];
    if (!head) return { read: 0, last: undefined, candidates: [] };
    const candidates: PreviewSliceRow[] = [];
    for (const r of rows) if (r.id !== null) candidates.push({ id: r.id, created_at: r.created_at!, text: r.text!, lang: r.lang! });
    return { read: head.read, last: { cursor: { at: head.last_at, id: head.last_id }, at: new Date(head.last_time) }, candidates };
  }

  /** Whether `[from, to)` holds a post older than `after` (a preview that stopped at its cap). */
  async previewHasOlder(w: { from: Date; to: Date }, after: PreviewCursor): Promise<boolean> {
    const [row] = await this.db.query<{ more: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM posts p WHERE p.created_at >= $1 AND p.created_at < $2
         AND (p.created_at, p.id) < ($3::timestamp AT TIME ZONE 'UTC', $4::uuid)) AS more`,
      [w.from.toISOString(), w.to.toISOString(), after.at, after.id],
    );
    return row?.more === true;
  }

  pendingBackfills(): Promise<ProgramEntity[]> {
    return this.repo().createQueryBuilder('p').where('p.backfill_cutoff IS NOT NULL').getMany();
  }

  /** Clears the marker unless a newer edit set another one meanwhile. */
  async finishBackfill(id: string, cutoff: Date): Promise<void> {
    await this.db.query(`UPDATE programs SET backfill_cutoff = NULL WHERE id = $1 AND backfill_cutoff = $2`, [id, cutoff]);
  }
}
