import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Keyset } from '../common/cursor.js';
import { Database } from '../database/database.js';
import { ProgramEntity } from './program.entity.js';
import { asciiQuerySql, type QueryNode } from './query/index.js';

/** Where a preview goes on: the oldest post read so far, its time exact to the microsecond (UTC text). */
export interface PreviewCursor {
  at: string;
  id: string;
}

/** A post of a preview slice, by its place in the slice (0 is the newest). */
export interface PreviewSlicePost {
  rank: number;
  id: string;
  lang: string;
}

export interface PreviewSlice {
  /** Posts of the window read by this slice. */
  read: number;
  /** The oldest of them (undefined when none was read). */
  last: { cursor: PreviewCursor; at: Date } | undefined;
  /** Posts of the slice with an ASCII-only text that match the query (decided in SQL), counted by language. */
  asciiMatches: Array<{ lang: string; n: number }>;
  /** The newest `samples` of those in each language. */
  asciiSamples: PreviewSlicePost[];
  /** Posts with any other character, which the matcher decides. */
  others: Array<PreviewSlicePost & { text: string }>;
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
   * posts_created_at_idx, so a statement costs `limit` index entries whatever the window holds. A post whose text is
   * ASCII only is matched here (`asciiQuerySql`, after a LIKE on one of the query's `patterns`, which such a post must
   * contain) and only counted, bar the newest `samples` per language; any other text travels for the matcher to
   * fold. So a slice answers a few rows instead of every candidate's text.
   */
  async previewSlice(
    w: { from: Date; to: Date },
    limit: number,
    after: PreviewCursor | undefined,
    query: { node: QueryNode; patterns: readonly string[] | null; samples: number },
  ): Promise<PreviewSlice> {
    const params: unknown[] = [w.from.toISOString(), w.to.toISOString(), limit, query.patterns, query.samples];
    let keyset = '';
    if (after) {
      params.push(after.at, after.id);
      keyset = `AND (p.created_at, p.id) < ($6::timestamp AT TIME ZONE 'UTC', $7::uuid)`;
    }
    const matches = asciiQuerySql(query.node, `lower(c.text COLLATE "C")`, params);
    const rows = await this.db.query<{ kind: 't' | 'c' | 's' | 'x'; n: number | null; last_at: string | null; last_time: Date | null; id: string | null; lang: string | null; text: string | null; rank: number | null }>(
      `WITH page AS MATERIALIZED (
         SELECT p.id, p.created_at, p.text, p.lang, (row_number() OVER (ORDER BY p.created_at DESC, p.id DESC))::int - 1 AS rank
         FROM posts p
         WHERE p.created_at >= $1 AND p.created_at < $2 ${keyset}
         ORDER BY p.created_at DESC, p.id DESC LIMIT $3
       ), m AS MATERIALIZED (
         SELECT c.rank, c.id, c.lang FROM page c
         WHERE octet_length(c.text) = char_length(c.text) AND ($4::text[] IS NULL OR lower(c.text COLLATE "C") LIKE ANY ($4::text[])) AND ${matches}
       )
       SELECT 't' AS kind, t.read::int AS n, (t.created_at AT TIME ZONE 'UTC')::text AS last_at, t.created_at AS last_time, t.id, NULL AS lang, NULL AS text, NULL::int AS rank
       FROM (SELECT count(*) OVER () AS read, created_at, id FROM page ORDER BY created_at, id LIMIT 1) t
       UNION ALL SELECT 'c', count(*)::int, NULL, NULL, NULL, m.lang, NULL, NULL FROM m GROUP BY m.lang
       UNION ALL SELECT 's', NULL, NULL, NULL, s.id, s.lang, NULL, s.rank
         FROM (SELECT m.*, row_number() OVER (PARTITION BY m.lang ORDER BY m.rank) AS k FROM m) s WHERE s.k <= $5
       UNION ALL SELECT 'x', NULL, NULL, NULL, c.id, c.lang, c.text, c.rank FROM page c WHERE octet_length(c.text) <> char_length(c.text)`,
      params,
    );
    const slice: PreviewSlice = { read: 0, last: undefined, asciiMatches: [], asciiSamples: [], others: [] };
    for (const r of rows) {
      if (r.kind === 't') {
        slice.read = r.n!;
        slice.last = { cursor: { at: r.last_at!, id: r.id! }, at: new Date(r.last_time!) };
      } else if (r.kind === 'c') slice.asciiMatches.push({ lang: r.lang!, n: r.n! });
      else if (r.kind === 's') slice.asciiSamples.push({ rank: r.rank!, id: r.id!, lang: r.lang! });
      else slice.others.push({ rank: r.rank!, id: r.id!, lang: r.lang!, text: r.text! });
    }
    return slice;
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
