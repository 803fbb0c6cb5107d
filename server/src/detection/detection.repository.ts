import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { PRINT_PRIME, type RowPrint } from './band.js';

export interface MinuteRow {
  program_id: string;
  minute: Date;
  volume: number;
  negative: number;
}

/** A stored post as the campaign and harm detectors read it. */
export interface RecentPostRow {
  id: string;
  text: string;
  author_handle: string;
  source: string;
  created_at: Date;
  harm_flag: boolean;
  harm_terms: string[];
  /** By one of the program's own official channels. */
  official: boolean;
  /** A share (repost, boost) of another post: kept out of the campaign detector. */
  share: boolean;
}

export interface HarmHourRow {
  program_id: string;
  hour: Date;
  harm: number;
}

const MINUTE = 60_000;

@Injectable()
export class DetectionRepository {
  constructor(private readonly db: Database) {}

  /** Per-minute counts of every program since `from` (the detectors' warm-up history). */
  history(from: Date, to: Date, programId?: string): Promise<MinuteRow[]> {
    const params: unknown[] = [from.toISOString(), to.toISOString()];
    let filter = '';
    if (programId) {
      params.push(programId);
      filter = 'AND program_id = $3';
    }
    return this.db.query<MinuteRow>(
      `SELECT program_id, minute, volume, negative FROM rollups_minute WHERE minute >= $1 AND minute < $2 ${filter} ORDER BY minute`,
      params,
    );
  }

  /** A program's per-minute counts in `[from, to)` (epoch minutes), oldest first: what a band replays. */
  async minutes(programId: string, from: number, to: number): Promise<Array<{ minute: number; volume: number; negative: number }>> {
    const rows = await this.history(new Date(from * MINUTE), new Date(to * MINUTE), programId);
    return rows.map((r) => ({ minute: Math.floor(new Date(r.minute).getTime() / MINUTE), volume: r.volume, negative: r.negative }));
  }

  /**
   * `RowPrint`s of a program's rows from `origin` through each of `ends` (epoch minutes, ascending), per interval:
   * the first over `[origin, ends[0]]`, each next over `(ends[k-1], ends[k]]`. `rowHash` in SQL, in exact bigints
   * (a product stays below 2^57; sums are exact doubles below 2^53).
   */
  async prints(programId: string, origin: number, ends: readonly number[]): Promise<RowPrint[]> {
    const out = ends.map((): RowPrint => ({ rows: 0, volume: 0, negative: 0, hash: 0 }));
    if (!ends.length) return out;
    const P = PRINT_PRIME;
    // Few operators a row: this runs over the 15 days of minutes behind a band on every request beside other instances.
    const rows = await this.db.query<{ k: number; rows: number; volume: number; negative: number; hash: number }>(
      `SELECT width_bucket(m, $4::bigint[])::int AS k, count(*)::int AS rows, sum(v)::float8 AS volume, sum(n)::float8 AS negative,
         sum((v * (e * e % ${P})) % ${P} + (n * e) % ${P})::float8 AS hash
       FROM (SELECT m, m % ${P} AS e, v, n FROM (
         SELECT date_part('epoch', minute)::bigint / 60 AS m, volume::bigint AS v, negative::bigint AS n
         FROM rollups_minute WHERE program_id = $1 AND minute >= $2 AND minute < $3) r) s
       GROUP BY 1`,
      [programId, new Date(origin * MINUTE).toISOString(), new Date((ends[ends.length - 1]! + 1) * MINUTE).toISOString(), `{${ends.map((e) => e + 1).join(',')}}`],
    );
    for (const r of rows) {
      const p = out[r.k];
      if (p) Object.assign(p, { rows: Number(r.rows), volume: Number(r.volume), negative: Number(r.negative), hash: Number(r.hash) });
    }
    return out;
  }

  /**
   * A program's posts of `[from, to)`, the newest `limit`, oldest first, each with how its link is counted (official
   * when one of the program's own channels wrote it, as at ingest) and whether it is a share: the campaign and harm
   * windows a new detection holder replays.
   */
  async recentPosts(programId: string, from: Date, to: Date, limit: number): Promise<RecentPostRow[]> {
    const rows = await this.db.query<RecentPostRow>(
      `SELECT p.id, p.text, p.author_handle, p.source, p.created_at, p.harm_flag, p.harm_terms, pp.official,
              p.shared_external_id IS NOT NULL AS share
       FROM post_programs pp JOIN posts p ON p.id = pp.post_id
       WHERE pp.program_id = $1 AND pp.created_at >= $2 AND pp.created_at < $3
       ORDER BY pp.created_at DESC
       LIMIT $4`,
      [programId, from.toISOString(), to.toISOString(), limit],
    );
    return rows.reverse();
  }

  /** Per-hour harm-report posts of every program since `from` (the harm detector's usual level). */
  harmHistory(from: Date, to: Date): Promise<HarmHourRow[]> {
    // Harm posts are few: the partial index posts_harm_created_at_idx serves the range.
    return this.db.query<HarmHourRow>(
      `SELECT x AS program_id, date_trunc('hour', p.created_at) AS hour, count(*)::int AS harm
       FROM posts p CROSS JOIN LATERAL unnest(p.program_ids) AS x
       WHERE p.harm_flag AND p.created_at >= $1 AND p.created_at < $2
       GROUP BY 1, 2`,
      [from.toISOString(), to.toISOString()],
    );
  }
}
