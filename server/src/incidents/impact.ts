import type { ImpactPoint, SentimentCounts } from '@siaga/shared';

/** Bucket widths a report's chart may use, in minutes. */
const BUCKETS = [1, 5, 15, 30, 60, 180, 360, 720, 1440, 10_080];
/** At most this many points on a chart: enough to read, small enough to draw fast. */
export const MAX_POINTS = 120;

/** The smallest bucket that draws the span in at most MAX_POINTS points. */
export function bucketMinutesFor(from: Date, to: Date): number {
  const minutes = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 60_000));
  return BUCKETS.find((b) => Math.ceil(minutes / b) <= MAX_POINTS) ?? Math.ceil(minutes / MAX_POINTS);
}

export interface WeekBucket {
  /** 0 is the span; k is k weeks before. */
  k: number;
  b: number;
  volume: number;
  negative: number;
  positive: number;
  neutral: number;
}

/**
 * The span's series with a baseline: each bucket's mean over the previous weeks that have any
 * data (a week before the product was installed is not a quiet week), and the lowest and
 * highest of them as the band.
 */
export function seriesWithBaseline(rows: readonly WeekBucket[], from: Date, to: Date, bucketMinutes: number, weeks: number): { series: ImpactPoint[]; baselineWeeks: number } {
  const n = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / (bucketMinutes * 60_000)));
  const cur = new Map<number, WeekBucket>();
  const past = new Map<number, Map<number, WeekBucket>>();
  for (const r of rows) {
    if (r.b < 0 || r.b >= n) continue;
    if (r.k === 0) cur.set(r.b, r);
    else if (r.k <= weeks) {
      let m = past.get(r.k);
      if (!m) past.set(r.k, (m = new Map<number, WeekBucket>()));
      m.set(r.b, r);
    }
  }
  const withData = [...past.keys()].sort((a, b) => a - b);
  const series: ImpactPoint[] = [];
  for (let b = 0; b < n; b++) {
    const c = cur.get(b);
    const vols = withData.map((k) => past.get(k)!.get(b)?.volume ?? 0);
    const negs = withData.map((k) => past.get(k)!.get(b)?.negative ?? 0);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
    series.push({
      at: new Date(from.getTime() + b * bucketMinutes * 60_000).toISOString(),
      volume: c?.volume ?? 0,
      negative: c?.negative ?? 0,
      positive: c?.positive ?? 0,
      neutral: c?.neutral ?? 0,
      baseline: round(mean(vols)),
      baselineNegative: round(mean(negs)),
      bandLower: vols.length ? Math.min(...vols) : 0,
      bandUpper: vols.length ? Math.max(...vols) : 0,
    });
  }
  return { series, baselineWeeks: withData.length };
}

export const round = (x: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export const ratio = (a: number, b: number): number | null => (b > 0 ? round(a / b, 4) : null);

export function sentimentCounts(c: { volume: number; negative: number }): SentimentCounts {
  return { volume: c.volume, negative: c.negative, negativeShare: ratio(c.negative, c.volume) };
}

/** True when the negative share fell after the action; null without posts on both sides. */
export function shareFell(before: SentimentCounts, after: SentimentCounts): boolean | null {
  if (before.negativeShare === null || after.negativeShare === null) return null;
  return after.negativeShare < before.negativeShare;
}
