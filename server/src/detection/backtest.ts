import { CountSpikeDetector, DEFAULT_COUNT_SETTINGS, type CountDetectorSettings, type CountDetectorSnapshot, type CountEvaluation } from './count-detector.js';
import { countDecision, shareDecision } from './explain.js';
import { NegativeShareDetector, type ShareDetectorSnapshot, type ShareEvaluation, type ShareSettings } from './share-detector.js';
import type { Decision, DecisionBand, Sensitivity } from './types.js';

// Read once per module (see stats.ts): backtests loop over weeks of minutes.
const Math = globalThis.Math;

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

/** The three detectors a program's charts and previews replay, minute by minute, as live. */
export interface ReplaySettings {
  sensitivity: Sensitivity;
  minVolume: number;
  count?: Partial<CountDetectorSettings>;
  share?: Partial<ShareSettings>;
}

/** A replay's state after a folded minute: the detectors' own snapshots. */
export interface ReplaySnapshot {
  volume: CountDetectorSnapshot;
  negative: CountDetectorSnapshot;
  share: ShareDetectorSnapshot;
}

/** What the detectors saw of one minute judged complete. */
export interface MinuteJudgement {
  volume: CountEvaluation;
  negative: CountEvaluation;
  share: ShareEvaluation;
}

/**
 * The volume, negative and share detectors of one program on a one-minute grid, judged and folded one minute at a
 * time as `backtest` does, so that a replay resumed from a snapshot gives what one from the start gives.
 */
export class MinuteReplay {
  readonly volume: CountSpikeDetector;
  readonly negative: CountSpikeDetector;
  readonly share: NegativeShareDetector;
  /** The count detectors' shortest window: a point's count and band are over it. */
  readonly windowMinutes: number;

  constructor(settings: ReplaySettings, from?: ReplaySnapshot) {
    const { sensitivity, minVolume } = settings;
    const volumeSettings = { ...settings.count, sensitivity, minVolume };
    const negativeSettings = { ...settings.count, sensitivity, minVolume: Math.max(1, Math.ceil(minVolume / 2)) };
    const shareSettings = { ...settings.share, sensitivity, minVolume };
    this.volume = from ? CountSpikeDetector.restore(from.volume, volumeSettings) : new CountSpikeDetector(MINUTE, volumeSettings);
    this.negative = from ? CountSpikeDetector.restore(from.negative, negativeSettings) : new CountSpikeDetector(MINUTE, negativeSettings);
    this.share = from ? NegativeShareDetector.restore(from.share, shareSettings) : new NegativeShareDetector(MINUTE, shareSettings);
    this.windowMinutes = Math.min(...this.volume.settings.windowsMinutes);
  }

  /** Sets minute `m` (epoch minutes) to its counts and judges it at its end; `fold` it afterwards. */
  judge(m: number, volume: number, negative: number): MinuteJudgement {
    this.volume.set(m, volume);
    this.negative.set(m, negative);
    this.share.add(m, volume, negative);
    const at = (m + 1) * MINUTE;
    // Every minute commits, warm-up included: an episode under way at `from` is not announced as new.
    return { volume: this.volume.evaluate(at), negative: this.negative.evaluate(at), share: this.share.evaluate(at) };
  }

  fold(m: number): void {
    this.volume.fold(m);
    this.negative.fold(m);
    this.share.fold(m);
  }

  snapshot(): ReplaySnapshot {
    return { volume: this.volume.snapshot(), negative: this.negative.snapshot(), share: this.share.snapshot() };
  }
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
  const replay = new MinuteReplay({ sensitivity, minVolume, ...(options.count ? { count: options.count } : {}), ...(options.share ? { share: options.share } : {}) });
  const { volume, negative } = replay;
  const sorted = [...rows].sort((a, b) => a.minute.getTime() - b.minute.getTime());
  const result: BacktestResult = { windowMinutes: replay.windowMinutes, pointStep: 1, points: [], decisions: [] };
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
    const { volume: v, negative: n, share: s } = replay.judge(m, row.volume, row.negative);
    const report = m >= reportFrom;
    if (report) {
      if (v.alert) result.decisions.push(countDecision('volume_spike', programId, v, volume.band(v.best), sensitivity));
      if (n.alert) result.decisions.push(countDecision('negative_spike', programId, n, negative.band(n.best), sensitivity));
      if (s.alert) result.decisions.push(shareDecision(programId, s, s.windowMinutes, sensitivity, s.score / (1 - s.score)));
    }
    if (report && (m - firstReported) % step === 0) {
      result.points.push({
        at: new Date((m + 1) * MINUTE).toISOString(),
        value: row.volume,
        volume: metricPoint(volume, v),
        negative: metricPoint(negative, n),
        negativeShare: { observed: s.observedShare, expected: s.expectedShare, band: s.band, score: s.score, learning: s.learning },
      });
    }
    replay.fold(m);
  }
  return result;
}

/** A count detector's point for the chart: its primary window's count, expectation and band. */
export function metricPoint(detector: CountSpikeDetector, e: CountEvaluation): BacktestMetricPoint {
  const primary = e.checks.find((c) => c.kind === 'spike');
  if (!primary) return { observed: 0, expected: 0, band: { lower: 0, upper: 0 }, score: e.score, learning: e.learning };
  return { observed: primary.observed, expected: Math.round(primary.expected * 100) / 100, band: detector.band(primary), score: Math.round(e.score * 1000) / 1000, learning: e.learning };
}
