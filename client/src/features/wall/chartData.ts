import type { Alert, BandResponse, SeriesPoint } from '@siaga/shared';
import { bandPoints } from '../../charts/bandPoints';
import type { ChartBand, ChartMarker } from '../../charts/TimeSeriesChart';
import { MINUTE_MS } from './range';

export interface XY {
  x: number;
  y: number;
}

export interface SeriesColumns {
  volume: XY[];
  negative: XY[];
  positive: XY[];
  neutral: XY[];
}

/** Splits series points into the chart's columns in one pass (x = bucket start, epoch ms). */
export function seriesColumns(points: readonly SeriesPoint[]): SeriesColumns {
  const out: SeriesColumns = { volume: [], negative: [], positive: [], neutral: [] };
  for (const p of points) {
    const x = Date.parse(p.t);
    out.volume.push({ x, y: p.volume });
    out.negative.push({ x, y: p.negative });
    out.positive.push({ x, y: p.positive });
    out.neutral.push({ x, y: p.neutral });
  }
  return out;
}

export interface SentimentTotals {
  positive: number;
  neutral: number;
  negative: number;
  total: number;
}

export function sentimentTotals(points: readonly SeriesPoint[]): SentimentTotals {
  let positive = 0;
  let neutral = 0;
  let negative = 0;
  for (const p of points) {
    positive += p.positive;
    neutral += p.neutral;
    negative += p.negative;
  }
  return { positive, neutral, negative, total: positive + neutral + negative };
}

export interface BandColumns {
  band: ChartBand['points'];
  expected: XY[];
}

/**
 * The detector's volume band, on the chart's buckets. The detector judges each minute over a
 * `windowMinutes` window and the server answers the mean of a bucket's minutes; for buckets of
 * another size the expectation scales with the bucket and the band's half-widths with its square
 * root (counts of independent minutes add their variances), which keeps a 1-hour bucket's band
 * honest instead of 60 times as wide. An answer on other buckets (the previous window's, shown
 * while the new one loads) is averaged onto the chart's.
 */
export function bandColumns(band: BandResponse, bucketMs: number, from: number, to: number): BandColumns {
  const window = Math.max(1, band.windowMinutes);
  const scale = bucketMs / MINUTE_MS / window;
  const spread = Math.sqrt(scale);
  const sums = new Map<number, { n: number; expected: number; lower: number; upper: number; learning: boolean }>();
  for (const p of bandPoints(band, 'volume')) {
    if (!(p.x >= from && p.x < to)) continue;
    const bucket = Math.floor(p.x / bucketMs) * bucketMs;
    let sum = sums.get(bucket);
    if (!sum) {
      sum = { n: 0, expected: 0, lower: 0, upper: 0, learning: false };
      sums.set(bucket, sum);
    }
    sum.n += 1;
    sum.expected += p.expected;
    sum.lower += p.lower;
    sum.upper += p.upper;
    // A bucket with any minute still learning is drawn as learning.
    if (p.learning) sum.learning = true;
  }
  const out: BandColumns = { band: [], expected: [] };
  for (const [x, s] of [...sums].sort((a, b) => a[0] - b[0])) {
    const expected = s.expected / s.n;
    const lower = s.lower / s.n;
    const upper = s.upper / s.n;
    const scaled = expected * scale;
    out.expected.push({ x, y: round(scaled) });
    out.band.push({ x, lower: round(Math.max(0, scaled - (expected - lower) * spread)), upper: round(scaled + (upper - expected) * spread), learning: s.learning });
  }
  return out;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A marker where each of the program's alerts opened inside the window. */
export function alertMarkers(alerts: readonly Alert[], programId: string, from: number, to: number, label: (alert: Alert) => string): ChartMarker[] {
  const markers: ChartMarker[] = [];
  for (const alert of alerts) {
    if (alert.programId !== programId) continue;
    const x = Date.parse(alert.openedAt);
    if (x >= from && x < to) markers.push({ x, label: label(alert), severity: alert.severity });
  }
  return markers.sort((a, b) => a.x - b.x);
}
