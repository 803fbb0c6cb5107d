import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

/** The tables every dashboard read and the detectors' warm-up go through: their statistics are kept fresh. */
export const HOT_TABLES = ['posts', 'post_programs', 'rollups_minute'] as const;
export type HotTable = (typeof HOT_TABLES)[number];

/** Statistics target of ANALYZE on the embedded engine (the server keeps its own setting). */
export const PGLITE_STATISTICS_TARGET = 10;

// Any fixed number: instances on one server take it in turn, so two never ANALYZE together.
const ANALYZE_LOCK = 0x5a_1a_6a_01;

/** Planner statistics: ANALYZE and what the catalog says about the last one. */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly db: Database) {}

  /**
   * ANALYZE of one table. On the server, under a transaction-level advisory lock taken without
   * waiting: when another instance holds it, that instance is analysing and this one answers false.
   */
  async analyze(table: HotTable): Promise<boolean> {
    if (this.db.engine === 'pglite') {
      // One connection: nothing else runs meanwhile, no lock needed. ANALYZE holds the server's
      // thread, and its cost is the sample (300 rows per unit of target) — mostly to_tsvector of
      // the sampled texts for the text index: a 3,000-row sample took 220 ms on 200,000 posts
      // (2 s at the default of 100), and is plenty for these columns' few values.
      await this.db.transaction(async (em) => {
        await em.query(`SET LOCAL default_statistics_target = ${PGLITE_STATISTICS_TARGET}`);
        await em.query(`ANALYZE ${table}`);
      });
      return true;
    }
    return this.db.transaction(async (em) => {
      const [row] = await em.query<Array<{ ok: boolean }>>(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [ANALYZE_LOCK]);
      if (!row?.ok) return false;
      await em.query(`ANALYZE ${table}`);
      return true;
    });
  }

  /**
   * Per table, the rows the planner believes it holds (-1: never analysed nor vacuumed) and its
   * size on disk in bytes.
   */
  async tables(): Promise<Map<HotTable, { estimatedRows: number; bytes: number }>> {
    const rows = await this.db.query<{ relname: HotTable; reltuples: number; bytes: number }>(
      `SELECT c.relname, c.reltuples::float8 AS reltuples, pg_relation_size(c.oid)::float8 AS bytes FROM pg_class c
       WHERE c.relname = ANY($1) AND c.relkind = 'r' AND pg_table_is_visible(c.oid)`,
      [[...HOT_TABLES]],
    );
    return new Map(rows.map((r) => [r.relname, { estimatedRows: Number(r.reltuples), bytes: Number(r.bytes) }]));
  }
}
