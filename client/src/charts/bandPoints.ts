import type { BandResponse } from '@siaga/shared';

const MINUTE_MS = 60_000;

export interface BandMetricPoint {
  /** Start of the band's bucket (epoch ms), as series buckets are placed. */
  x: number;
  expected: number;
  lower: number;
  upper: number;
  learning: boolean;
}

/** One metric of the band's columns as points (the share's also carry what was seen). */
export function bandPoints(band: BandResponse, metric: 'volume' | 'negative'): BandMetricPoint[];
export function bandPoints(band: BandResponse, metric: 'negativeShare'): Array<BandMetricPoint & { observed: number }>;
export function bandPoints(band: BandResponse, metric: 'volume' | 'negative' | 'negativeShare'): Array<BandMetricPoint & { observed?: number }> {
  const col = band[metric];
  const start = Date.parse(band.start);
  const step = band.stepMinutes * MINUTE_MS;
  const observed = metric === 'negativeShare' ? band.negativeShare.observed : null;
  return col.expected.map((expected, i) => ({
    x: start + i * step,
    expected,
    lower: col.lower[i] ?? expected,
    upper: col.upper[i] ?? expected,
    learning: i < col.learning,
    ...(observed ? { observed: observed[i] ?? 0 } : {}),
  }));
}
