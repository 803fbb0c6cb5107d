import { Injectable } from '@nestjs/common';
import type { Alert, MetricsUpdate } from '@siaga/shared';
import { Database } from '../database/database.js';
import type { LiveAlertEvent } from './live.types.js';

interface EventRow {
  seq: number;
  type: 'opened' | 'updated';
  payload: Alert;
}

const toEvent = (r: EventRow): LiveAlertEvent => ({ seq: Number(r.seq), type: r.type, alert: r.payload });

@Injectable()
export class LiveRepository {
  constructor(private readonly db: Database) {}

  /** The newest alert event: where this instance's feed starts. */
  async latestAlertSeq(): Promise<number> {
    const [row] = await this.db.query<{ seq: number | null }>(`SELECT max(seq) AS seq FROM alert_events`);
    return Number(row?.seq ?? 0);
  }

  /** Alert events after `seq`, of every program, in order (the feed catching up on a gap). */
  async alertEventsAfter(seq: number, limit: number): Promise<LiveAlertEvent[]> {
    const rows = await this.db.query<EventRow>(`SELECT seq, type, payload FROM alert_events WHERE seq > $1 ORDER BY seq LIMIT $2`, [seq, limit]);
    return rows.map(toEvent);
  }

  /** What a reconnecting client missed: its programs' events after `seq`, not older than the window. */
  async missedAlertEvents(seq: number, programIds: readonly string[], windowMinutes: number, limit: number): Promise<LiveAlertEvent[]> {
    const rows = await this.db.query<EventRow>(
      `SELECT seq, type, payload FROM alert_events
       WHERE seq > $1 AND program_id = ANY($2::uuid[]) AND at >= now() - make_interval(mins => $3::int)
       ORDER BY seq LIMIT $4`,
      [seq, programIds, windowMinutes, limit],
    );
    return rows.map(toEvent);
  }

  /** The rollup rows of these (program, minute) pairs, in one query. */
  async rollups(keys: ReadonlyArray<{ programId: string; minute: Date }>): Promise<MetricsUpdate[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.query<{ program_id: string; minute: Date; volume: number; positive: number; neutral: number; negative: number }>(
      `SELECT r.program_id, r.minute, r.volume, r.positive, r.neutral, r.negative
       FROM rollups_minute r
       JOIN unnest($1::uuid[], $2::timestamptz[]) AS k(program_id, minute) ON r.program_id = k.program_id AND r.minute = k.minute`,
      [keys.map((k) => k.programId), keys.map((k) => k.minute.toISOString())],
    );
    return rows.map((r) => ({
      programId: r.program_id,
      minute: new Date(r.minute).toISOString(),
      volume: r.volume,
      positive: r.positive,
      neutral: r.neutral,
      negative: r.negative,
    }));
  }
}
