import { Inject, Injectable } from '@nestjs/common';
import type { Bucket, OverviewProgram, OverviewQuery, OverviewResponse, SeriesQuery, SeriesResponse, TopQuery, TopResponse } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError, notFound } from '../common/errors.js';
import { DAY_MS, HOUR_MS, resolveWindow } from '../common/time-window.js';
import { unionEstimate } from '../rollups/hll.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { scanNewest, type ScanLimits } from '../posts/scan.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import { MetricsRepository, type OverviewBucketRow, type OverviewProgramRow } from './metrics.repository.js';
import { TopCounter } from './top-terms.js';

const BUCKET_MS: Record<Bucket, number> = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 };
export const MAX_POINTS = 10_000;
export const OVERVIEW_BUCKET_MINUTES = 5;
/** `GET /api/metrics/top` reads at most this many posts of its window, the newest. */
export const TOP_LIMITS: ScanLimits = { max: 5_000, pageRows: 1_000 };
const TOP_MAX_WINDOW_MS = 7 * DAY_MS;

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
    private readonly posts: PostsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The live wall: every active program's 5-minute buckets over `hours` (UTC-aligned, the last one
   * the bucket in progress), its last 60 minutes (the current minute and the 59 before) and its
   * current minute, from the per-minute rollups; and its open and acknowledged alerts.
   */
  async overview(q: OverviewQuery): Promise<OverviewResponse> {
    const now = this.clock.now();
    const bucketMs = OVERVIEW_BUCKET_MINUTES * 60_000;
    const buckets = (q.hours * 60) / OVERVIEW_BUCKET_MINUTES;
    const lastBucket = Math.floor(now.getTime() / bucketMs) * bucketMs;
    const from = new Date(lastBucket - (buckets - 1) * bucketMs);
    const currentMinute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const hourFrom = new Date(currentMinute.getTime() - 59 * 60_000);
    const [programs, rows] = await Promise.all([this.repo.overviewPrograms(hourFrom, currentMinute, now), this.repo.overviewBuckets(from, now)]);
    return {
      from: from.toISOString(),
      to: now.toISOString(),
      bucketMinutes: OVERVIEW_BUCKET_MINUTES,
      programs: toOverviewPrograms(programs, rows, from, buckets, bucketMs),
    };
  }

  /**
   * Top terms, hashtags and authors of a window (default: the last hour, at most 7 days), over its
   * newest 5,000 posts at most; each counts the posts it appears in.
   */
  async top(q: TopQuery): Promise<TopResponse> {
    const { from, to } = resolveWindow(q, this.clock.now(), { defaultMs: HOUR_MS, maxMs: TOP_MAX_WINDOW_MS });
    if (q.programId && !(await this.programs.findById(q.programId))) throw notFound('program');
    const counter = new TopCounter();
    const { scanned, more } = await scanNewest(this.posts, { from, to, programId: q.programId }, TOP_LIMITS, (rows) => {
      for (const r of rows) counter.add({ text: r.text, authorHandle: r.author_handle });
    });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      postsScanned: scanned,
      sampled: more,
      terms: counter.terms.top(q.limit),
      hashtags: counter.hashtags.top(q.limit),
      authors: counter.authors.top(q.limit),
    };
  }

  async series(q: SeriesQuery, now = this.clock.now()): Promise<SeriesResponse> {
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
        authors: r.sketches ? unionEstimate(r.sketches) : r.authors,
      })),
    };
  }
}

/** Zero-fills each program's buckets, oldest first; programs keep the order they came in. */
export function toOverviewPrograms(programs: readonly OverviewProgramRow[], rows: readonly OverviewBucketRow[], from: Date, buckets: number, bucketMs: number): OverviewProgram[] {
  const byProgram = new Map<string, Map<number, OverviewBucketRow>>();
  for (const r of rows) {
    let m = byProgram.get(r.program_id);
    if (!m) byProgram.set(r.program_id, (m = new Map<number, OverviewBucketRow>()));
    m.set(new Date(r.t).getTime(), r);
  }
  return programs.map((p) => {
    const mine = byProgram.get(p.program_id);
    const points = Array.from({ length: buckets }, (_, i) => {
      const t = from.getTime() + i * bucketMs;
      const r = mine?.get(t);
      return { t: new Date(t).toISOString(), volume: r?.volume ?? 0, negative: r?.negative ?? 0 };
    });
    return {
      programId: p.program_id,
      points,
      lastHour: { volume: p.hour_volume, negative: p.hour_negative },
      currentMinute: p.current_minute,
      openAlerts: p.open_alerts,
      acknowledgedAlerts: p.acknowledged_alerts,
      worstSeverity: p.worst_severity,
    };
  });
}

