import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

export interface MinuteRow {
  program_id: string;
  minute: Date;
  volume: number;
  negative: number;
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
}
