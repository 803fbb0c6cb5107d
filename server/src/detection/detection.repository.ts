import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

export interface MinuteRow {
  program_id: string;
  minute: Date;
  volume: number;
  negative: number;
}

export interface HarmHourRow {
  program_id: string;
  hour: Date;
  harm: number;
}

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
