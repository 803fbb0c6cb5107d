import { Injectable } from '@nestjs/common';
import type { Bucket, SeriesQuery, SeriesResponse } from '@siaga/shared';
import { AppError, notFound } from '../common/errors.js';
import { HyperLogLog } from '../ingest/hll.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import { MetricsRepository } from './metrics.repository.js';

const BUCKET_MS: Record<Bucket, number> = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 };
export const MAX_POINTS = 10_000;

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

@Injectable()
export class MetricsService {
  constructor(
    private readonly repo: MetricsRepository,
    private readonly programs: ProgramsRepository,
  ) {}

  async series(q: SeriesQuery, now = new Date()): Promise<SeriesResponse> {
    const to = q.to ? new Date(q.to) : now;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 24 * 3_600_000);
    if (from >= to) throw new AppError('validation_failed', '"from" must be before "to"');
    if (!isValidTimeZone(q.tz)) throw new AppError('validation_failed', `tz: unknown time zone ${q.tz}`);
    const points = (to.getTime() - from.getTime()) / BUCKET_MS[q.bucket];
    if (points > MAX_POINTS) {
      throw new AppError('validation_failed', `the range holds ${Math.ceil(points)} ${q.bucket} buckets; at most ${MAX_POINTS}: use a coarser bucket`);
    }
    if (!(await this.programs.findById(q.programId))) throw notFound('program');
    const rows = await this.repo.series(q.programId, from, to, q.bucket, q.tz);
    return {
      programId: q.programId,
      bucket: q.bucket,
      tz: q.tz,
      from: from.toISOString(),
      to: to.toISOString(),
      points: rows.map((r) => ({
        t: new Date(r.t).toISOString(),
        volume: r.volume,
        positive: r.positive,
        neutral: r.neutral,
        negative: r.negative,
        sentimentSum: Number(r.sentiment_sum),
        authors: r.sketches ? mergedEstimate(r.sketches) : r.authors,
      })),
    };
  }
}

function mergedEstimate(sketches: Uint8Array[]): number {
  const acc = HyperLogLog.empty();
  for (const s of sketches) acc.merge(HyperLogLog.fromBytes(s));
  return acc.estimate();
}
