import { CountSpikeDetector, type Band, type CountDetectorSettings, type WindowCheck } from './count-detector.js';

export interface SeriesPoint {
  /** Bucket start (ms since epoch). */
  t: number;
  value: number;
}

export interface SeriesResult {
  t: number;
  /** When the point was judged (the end of its bucket, ms). */
  at: number;
  /** Past the warm-up. */
  warm: boolean;
  value: number;
  score: number;
  alert: boolean;
  /** Alert condition held (also during cooldown). */
  anomalous: boolean;
  /** The window that speaks at this point. */
  check: WindowCheck;
  checks: WindowCheck[];
  band?: Band;
}

export interface RunSeriesOptions {
  settings?: Partial<CountDetectorSettings>;
  /** Compute the explanation band of every point (slower; the backtest wants it, `siaga detect` does not). */
  bands?: boolean;
}

/**
 * Runs the count detector over a regular series, point by point, as the live product would have seen it: each
 * bucket is judged when complete, then folded into the baseline. Points must be in time order on the `stepMs`
 * grid (up to a constant phase); a point missing from the grid is a gap, not a zero.
 */
export function runCountSeries(points: readonly SeriesPoint[], stepMs: number, options: RunSeriesOptions = {}): SeriesResult[] {
  const detector = new CountSpikeDetector(stepMs, options.settings);
  const out: SeriesResult[] = [];
  const phase = points.length > 0 ? (points[0] as SeriesPoint).t - detector.bucketOf((points[0] as SeriesPoint).t) * stepMs : 0;
  for (const p of points) {
    // Rows a few seconds off the grid (21:42:53, 21:47:53, …) share one phase: shift them onto bucket starts.
    const bucket = Math.round((p.t - phase) / stepMs);
    // Fold what came before; two rows landing in one bucket (an irregular file) add up, as posts in a minute do.
    detector.fold(bucket - 1);
    detector.add(bucket, p.value);
    const e = detector.evaluate((bucket + 1) * stepMs);
    const r: SeriesResult = { t: p.t, at: e.at, warm: e.warm, value: p.value, score: e.score, alert: e.alert, anomalous: e.anomalous, check: e.best, checks: e.checks };
    if (options.bands) r.band = detector.band(e.best);
    out.push(r);
  }
  return out;
}
