import { Injectable } from '@nestjs/common';
import type { Bucket, Severity } from '@siaga/shared';
import { Database } from '../database/database.js';

export interface SeriesRow {
  t: Date;
  volume: number;
  positive: number;
  neutral: number;
  negative: number;
  sentiment_sum: number;
  authors: number;
  sketches: Uint8Array[] | null;
}

export interface OverviewProgramRow {
  program_id: string;
  hour_volume: number;
  hour_negative: number;
  current_minute: number;
  open_alerts: number;
  acknowledged_alerts: number;
  worst_severity: Severity | null;
}

export interface OverviewBucketRow {
  program_id: string;
  t: Date;
  volume: number;
  negative: number;
}

const STEP: Record<Bucket, string> = { '1m': '1 minute', '5m': '5 minutes', '1h': '1 hour', '1d': '1 day' };

/** Truncates a local (time-zone-less) timestamp expression to its bucket. */
function truncate(bucket: Bucket, local: string): string {
  switch (bucket) {
    case '1m':
      return `date_trunc('minute', ${local})`;
    case '5m':
      return `date_bin('5 minutes', ${local}, timestamp '2000-01-01')`;
    case '1h':
      return `date_trunc('hour', ${local})`;
    case '1d':
      return `date_trunc('day', ${local})`;
  }
}

@Injectable()
export class MetricsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Buckets are cut in the caller's time zone (a day in Asia/Jakarta starts at 17:00 UTC) and
   * every bucket of the range is answered, empty ones as zeros. Per-minute rows carry their own
   * distinct-author estimate; coarser buckets return the sketches, merged by the caller.
   */
  series(programId: string, from: Date, to: Date, bucket: Bucket, tz: string): Promise<SeriesRow[]> {
    const local = (ts: string) => `(${ts} AT TIME ZONE $4)`;
    const bucketOf = (ts: string) => `(${truncate(bucket, local(ts))} AT TIME ZONE $4)`;
    const authors = bucket === '1m' ? `max(r.authors)::int AS authors, NULL::bytea[] AS sketches` : `0 AS authors, array_agg(r.authors_sketch) FILTER (WHERE r.authors_sketch IS NOT NULL) AS sketches`;
    const sql = `
      WITH b AS (SELECT ${bucketOf('$2::timestamptz')} AS first_t),
      buckets AS (
        SELECT (gs AT TIME ZONE $4) AS t
        FROM b, generate_series(${truncate(bucket, local('b.first_t'))}, ${local('($3::timestamptz - interval \'1 microsecond\')')}, $5::interval) AS gs
      ),
      agg AS (
        SELECT ${bucketOf('r.minute')} AS t,
               sum(r.volume)::int AS volume, sum(r.positive)::int AS positive, sum(r.neutral)::int AS neutral,
               sum(r.negative)::int AS negative, sum(r.sentiment_sum)::float8 AS sentiment_sum, ${authors}
        FROM rollups_minute r, b
        WHERE r.program_id = $1 AND r.minute >= b.first_t AND r.minute < $3::timestamptz
        GROUP BY 1
      )
      SELECT buckets.t, coalesce(agg.volume, 0) AS volume, coalesce(agg.positive, 0) AS positive,
             coalesce(agg.neutral, 0) AS neutral, coalesce(agg.negative, 0) AS negative,
             coalesce(agg.sentiment_sum, 0) AS sentiment_sum, coalesce(agg.authors, 0) AS authors, agg.sketches
      FROM buckets LEFT JOIN agg ON agg.t = buckets.t
      ORDER BY buckets.t`;
    return this.db.query<SeriesRow>(sql, [programId, from.toISOString(), to.toISOString(), tz, STEP[bucket]]);
  }

  /**
   * Every active program (by name) with its totals since `hourFrom`, its `currentMinute` and its
   * unresolved alerts, in one statement. Rows after `now` (posts dated a little ahead) are left out.
   */
  overviewPrograms(hourFrom: Date, currentMinute: Date, now: Date): Promise<OverviewProgramRow[]> {
    return this.db.query<OverviewProgramRow>(
      `SELECT p.id AS program_id,
              coalesce(r.hour_volume, 0) AS hour_volume, coalesce(r.hour_negative, 0) AS hour_negative,
              coalesce(r.current_minute, 0) AS current_minute,
              a.open_alerts, a.acknowledged_alerts,
              (ARRAY['info', 'warning', 'critical'])[a.worst_rank + 1] AS worst_severity
       FROM programs p
       LEFT JOIN LATERAL (
         SELECT sum(volume)::int AS hour_volume, sum(negative)::int AS hour_negative,
                sum(volume) FILTER (WHERE minute = $2)::int AS current_minute
         FROM rollups_minute WHERE program_id = p.id AND minute >= $1 AND minute <= $3
       ) r ON true
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE status = 'open')::int AS open_alerts,
                count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged_alerts,
                max(CASE severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) AS worst_rank
         FROM alerts WHERE program_id = p.id AND status IN ('open', 'acknowledged')
       ) a
       WHERE p.active
       ORDER BY p.name, p.id`,
      [hourFrom.toISOString(), currentMinute.toISOString(), now.toISOString()],
    );
  }

  /** Volume and negatives of active programs in UTC-aligned 5-minute buckets from `from` up to `now`; empty buckets are absent. */
  overviewBuckets(from: Date, now: Date): Promise<OverviewBucketRow[]> {
    return this.db.query<OverviewBucketRow>(
      `SELECT r.program_id, date_bin('5 minutes', r.minute, timestamptz '2000-01-01 00:00:00+00') AS t,
              sum(r.volume)::int AS volume, sum(r.negative)::int AS negative
       FROM rollups_minute r JOIN programs p ON p.id = r.program_id AND p.active
       WHERE r.minute >= $1 AND r.minute <= $2
       GROUP BY 1, 2`,
      [from.toISOString(), now.toISOString()],
    );
  }
}
