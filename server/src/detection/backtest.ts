import { CountSpikeDetector, DEFAULT_COUNT_SETTINGS, type CountDetectorSettings, type CountEvaluation } from './count-detector.js';
import { countDecision, shareDecision } from './explain.js';
import { NegativeShareDetector, type ShareSettings } from './share-detector.js';
import type { Decision, DecisionBand, Sensitivity } from './types.js';

const MINUTE = 60_000;

/** One stored per-minute rollup of a program. */
export interface BacktestRow {
  minute: Date;
  volume: number;
  negative: number;
}

export interface BacktestOptions {
  programId?: string;
  sensitivity?: Sensitivity;
  minVolume?: number;
  /** Points before this are only learnt from (warm-up): neither reported nor able to raise decisions. */
  from?: Date;
  /** Last minute judged (exclusive); default: the minute after the last row. */
  to?: Date;
  count?: Partial<CountDetectorSettings>;
  share?: Partial<ShareSettings>;
  /**
   * At most this many points (every k-th reported minute, from the first): a long range drawn on a chart needs no
   * more, and each point's bands cost more than judging the minute. Decisions are raised on every minute regardless.
   */
  maxPoints?: number;
}

export interface BacktestMetricPoint {
  /** Count over the primary (shortest) window ending at this minute, and its expectation and band. */
  observed: number;
  expected: number;
  band: DecisionBand;
  /** 0..1 over all windows and the sustained-shift signal; ≥ 0.5 is alert-worthy. */
  score: number;
  /** The detector is still learning this program (its first day): the band leans on priors. */
  learning: boolean;
}

export interface BacktestPoint {
  /** End of the minute judged (ISO). */
  at: string;
  /** Posts in this minute. */
  value: number;
  volume: BacktestMetricPoint;
  negative: BacktestMetricPoint;
  negativeShare: { observed: number; expected: number; band: DecisionBand; score: number; learning: boolean };
}

export interface BacktestResult {
  windowMinutes: number;
  /** Minutes between two points (1 unless `maxPoints` thinned them). */
  pointStep: number;
  points: BacktestPoint[];
  decisions: Decision[];
}

/**
 * Runs the product's detectors over a stored per-minute history, as they would have run live (each minute judged
 * when complete): per-point expectation, band and score for the charts, and the decisions raised. Minutes with no
 * row are zeros (rollups exist only for minutes with posts).
 */
export function backtest(rows: readonly BacktestRow[], options: BacktestOptions = {}): BacktestResult {
  const sensitivity = options.sensitivity ?? options.count?.sensitivity ?? DEFAULT_COUNT_SETTINGS.sensitivity;
  const minVolume = options.minVolume ?? options.count?.minVolume ?? DEFAULT_COUNT_SETTINGS.minVolume;
  const programId = options.programId ?? '';
  const volume = new CountSpikeDetector(MINUTE, { ...options.count, sensitivity, minVolume });
  const negative = new CountSpikeDetector(MINUTE, { ...options.count, sensitivity, minVolume: Math.max(1, Math.ceil(minVolume / 2)) });
  const share = new NegativeShareDetector(MINUTE, { ...options.share, sensitivity, minVolume });
  const windowMinutes = Math.min(...volume.settings.windowsMinutes);
  const sorted = [...rows].sort((a, b) => a.minute.getTime() - b.minute.getTime());
  const result: BacktestResult = { windowMinutes, pointStep: 1, points: [], decisions: [] };
  if (sorted.length === 0) return result;
  const byMinute = new Map<number, { volume: number; negative: number }>();
  for (const r of sorted) {
    const m = Math.floor(r.minute.getTime() / MINUTE);
    const cur = byMinute.get(m) ?? { volume: 0, negative: 0 };
    cur.volume += r.volume;
    cur.negative += r.negative;
    byMinute.set(m, cur);
  }
  const first = Math.floor((sorted[0] as BacktestRow).minute.getTime() / MINUTE);
  const last = options.to ? Math.ceil(options.to.getTime() / MINUTE) - 1 : Math.floor((sorted[sorted.length - 1] as BacktestRow).minute.getTime() / MINUTE);
  const reportFrom = options.from ? Math.floor(options.from.getTime() / MINUTE) : first;
  const firstReported = Math.max(first, reportFrom);
  const step = options.maxPoints ? Math.max(1, Math.ceil(Math.max(0, last - firstReported + 1) / options.maxPoints)) : 1;
  result.pointStep = step;
  for (let m = first; m <= last; m++) {
    const row = byMinute.get(m) ?? { volume: 0, negative: 0 };
    volume.set(m, row.volume);
    negative.set(m, row.negative);
    share.add(m, row.volume, row.negative);
    const at = (m + 1) * MINUTE;
    const report = m >= reportFrom;
    // Warm-up minutes commit too: an episode under way at `from` is not announced as new.
    const v = volume.evaluate(at);
    const n = negative.evaluate(at);
    const s = share.evaluate(at);
    if (report) {
      if (v.alert) result.decisions.push(countDecision('volume_spike', programId, v, volume.band(v.best), sensitivity));
      if (n.alert) result.decisions.push(countDecision('negative_spike', programId, n, negative.band(n.best), sensitivity));
      if (s.alert) result.decisions.push(shareDecision(programId, s, s.windowMinutes, sensitivity, s.score / (1 - s.score)));
    }
    if (report && (m - firstReported) % step === 0) {
      result.points.push({
        at: new Date(at).toISOString(),
        value: row.volume,
        volume: metricPoint(volume, v),
        negative: metricPoint(negative, n),
        negativeShare: { observed: s.observedShare, expected: s.expectedShare, band: s.band, score: s.score, learning: s.learning },
      });
    }
    volume.fold(m);
    negative.fold(m);
    share.fold(m);
  }
  return result;
}

function metricPoint(detector: CountSpikeDetector, e: CountEvaluation): BacktestMetricPoint {
  const primary = e.checks.find((c) => c.kind === 'spike');
  if (!primary) return { observed: 0, expected: 0, band: { lower: 0, upper: 0 }, score: e.score, learning: e.learning };
  return { observed: primary.observed, expected: Math.round(primary.expected * 100) / 100, band: detector.band(primary), score: Math.round(e.score * 1000) / 1000, learning: e.learning };
}
