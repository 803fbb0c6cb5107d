import { bucketsToFold, mod } from './ring.js';
import type { Sensitivity } from './types.js';
import { logNegBinomUpperTail, logNormalUpperTail, negBinomLowerQuantile, negBinomUpperQuantile, surprise } from './stats.js';

const MINUTE = 60_000;
const DAY_MIN = 24 * 60;

/**
 * How the count baselines learn. Durations are wall-clock, so one setting means the same on one-minute rollups
 * (the product) and on five-minute rows (`siaga detect` on NAB files).
 */
export interface CountModelSettings {
  /** Offset of local time from UTC (minutes), for time-of-day and weekday slots. Jakarta: 420. */
  tzOffsetMinutes: number;
  /** Spike windows (minutes), each compared with the recent baseline; the most surprising one speaks. */
  windowsMinutes: readonly number[];
  /** Recent level (an EWMA of deseasonalised counts): how fast it follows the conversation. */
  levelHalfLifeMinutes: number;
  /** Time-of-day profile of the EWMA models: half-life in days of observations. */
  seasonHalfLifeDays: number;
  /** Slow level of the fallback seasonal model (used until two days of history exist): half-life in hours. */
  slowLevelHalfLifeHours: number;
  /**
   * "The usual for this hour": the mean rate of the same local hour over the last this-many days, the busiest
   * day left out (one crisis day does not become the norm).
   */
  seasonDays: number;
  /** Compare weekdays with weekdays and weekends with weekends (off by default: it lost on NAB realTweets). */
  weekTypes: boolean;
  /**
   * Sustained shift: an EWMA (this half-life; 0 turns it off) of log(observed / usual for the hour), judged
   * against its own median and MAD. Catches hours of elevated conversation that no single window makes
   * surprising, and shrugs off one-off blips (one bucket barely moves it).
   */
  shiftHalfLifeMinutes: number;
  /** Days of hourly shift samples its median and MAD are taken over. */
  shiftMemoryDays: number;
  /**
   * Pseudo-count added to observed and usual (per minute of bucket) before taking logs: a started log that
   * stabilises the variance of the ratio at low counts. Without it a quiet series' night-time Poisson noise
   * dominates the spread the shift is judged against, and a many-fold rise of its busy hours stays within "usual"
   * (NAB realTweets CRM, 2015-03-09: four times the usual for eight hours reached only z ≈ 2 at 0.1). At a few
   * posts a minute the ratio of a busy series is barely touched, while a series of a post or two a minute is
   * judged on its excess posts rather than on the ratio of near-zero counts.
   */
  shiftOffsetPerMinute: number;
  /** The window (minutes) whose totals describe a shift in explanations and must pass the volume floors. */
  shiftWindowMinutes: number;
  /** Dispersion (negative binomial 1/size) per window: half-life in hours of observations. */
  dispersionHalfLifeHours: number;
  /** Dispersion before any data: wide bands while the model knows little. */
  dispersionPrior: number;
  /** Counts are never assumed tighter than this dispersion. */
  dispersionFloor: number;
  /** Observations are clipped this many standard deviations above expectation before they teach a baseline. */
  clipSigmas: number;
  /** Errors are winsorised at this many standard deviations before they teach the dispersion. */
  dispersionClipSigmas: number;
  /** Background rate (per minute) below which expectations never fall. */
  floorPerMinute: number;
  /** No alert before this much data has been seen. */
  warmupMinutes: number;
}

export interface AlertSettings {
  sensitivity: Sensitivity;
  /** Spike surprise (−log10 tail probability, after the multi-window correction) needed to alert. */
  thresholds: Readonly<Record<Sensitivity, number>>;
  /** Sustained-shift z needed to alert. */
  shiftThresholds: Readonly<Record<Sensitivity, number>>;
  /** Fewest posts in the window for an alert. */
  minVolume: number;
  /** Observed must be at least this multiple of expected. */
  minRatio: number;
  /**
   * One episode, one decision: after an alert, no new alert until the alert condition has been absent this long
   * (an episode that keeps going stays one episode).
   */
  cooldownMinutes: number;
}

export type CountDetectorSettings = CountModelSettings & AlertSettings;

/**
 * The one default, used by the product, `siaga detect` and the benchmark. Tuned once on the four NAB realTweets
 * series together (see the report in bench/detection.bench.ts), never per series.
 */
export const DEFAULT_COUNT_SETTINGS: Readonly<CountDetectorSettings> = Object.freeze<CountDetectorSettings>({
  tzOffsetMinutes: 420,
  // One minute for "know first" on the product's minute rollups; on coarser data it folds into the five-minute one.
  windowsMinutes: Object.freeze([1, 5, 15, 60]),
  levelHalfLifeMinutes: 180,
  seasonHalfLifeDays: 2,
  slowLevelHalfLifeHours: 48,
  seasonDays: 14,
  weekTypes: false,
  shiftHalfLifeMinutes: 120,
  shiftMemoryDays: 14,
  // Anything from 2 to 6 scores alike on NAB realTweets (86.1–86.6 standard); 3 sits in the middle of that plateau.
  shiftOffsetPerMinute: 3,
  shiftWindowMinutes: 60,
  dispersionHalfLifeHours: 48,
  dispersionPrior: 1,
  dispersionFloor: 0.01,
  clipSigmas: 5,
  dispersionClipSigmas: 5,
  floorPerMinute: 0.01,
  warmupMinutes: 60,
  sensitivity: 'medium',
  thresholds: Object.freeze({ low: 28, medium: 20, high: 14 }),
  shiftThresholds: Object.freeze({ low: 4, medium: 3.25, high: 2.5 }),
  minVolume: 20,
  minRatio: 1.5,
  cooldownMinutes: 360,
});

/** One comparison of what was seen with what the baseline expected. */
export interface WindowCheck {
  /** spike: a window against the recent level; shift: hours above the usual for this time of day. */
  kind: 'spike' | 'shift';
  minutes: number;
  observed: number;
  expected: number;
  /** −log10 of the tail probability (spike: negative binomial, corrected for the windows looked at; shift: of z). */
  surprise: number;
  /** Negative binomial dispersion used (spike). */
  dispersion: number;
  /** Shift only: the sustained shift in robust standard deviations. */
  z?: number;
  /** Evidence relative to the threshold at the current sensitivity: ≥ 1 is alert-worthy. */
  strength: number;
  /** Passes the volume and ratio floors (a surprise on a handful of posts never alerts). */
  eligible: boolean;
}

export interface CountEvaluation {
  /** Evaluation time (ms). */
  at: number;
  /** The check that speaks: the strongest eligible one, else the strongest. */
  best: WindowCheck;
  checks: WindowCheck[];
  /** 0..1; ≥ 0.5 exactly when the alert condition holds (cooldown aside). */
  score: number;
  /** Alert condition met and not cooling down: a new decision. */
  alert: boolean;
  /** Alert condition met. */
  anomalous: boolean;
  warm: boolean;
}

export interface Band {
  lower: number;
  upper: number;
}

interface BaselineState {
  level: number;
  daily: number[];
  heard: number[];
}

interface DispersionState {
  a: number;
  b: number;
  c: number;
  n: number;
}

interface ShiftState {
  /** EWMA of log(observed / usual). */
  h: number;
  n: number;
  /** Hourly samples of h, oldest first. */
  samples: number[];
  sampledAt: number | null;
}

/** Serialisable state: a restart keeps what the baselines learnt. */
export interface CountDetectorSnapshot {
  version: 1;
  stepMs: number;
  levelSeen: boolean;
  recent: BaselineState;
  slow: BaselineState;
  /** [local hour since epoch, total, buckets known]. */
  hours: Array<[number, number, number]>;
  disp: DispersionState[];
  shift: ShiftState;
  seen: number;
  foldedThrough: number | null;
  lastAlertAt: number | null;
  lastAnomalousAt: number | null;
  ring: Array<[bucket: number, value: number, level: number]>;
}

/** The profile never claims nobody posts at an hour: a factor this low still expects someone. */
const SEASON_FLOOR = 0.02;
/** One freak hour must not teach a ten-fold profile. */
const RATIO_CAP = 10;

const alphaFor = (halfLifeUpdates: number): number => (halfLifeUpdates > 0 && Number.isFinite(halfLifeUpdates) ? 1 - 0.5 ** (1 / halfLifeUpdates) : 0);

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}


/** Mean without the largest value (once four are known); undefined below two values. */
function trimmedMean(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length >= 4) sorted.pop();
  return sorted.reduce((s, r) => s + r, 0) / sorted.length;
}

/**
 * Level × time-of-day profile, learnt by EWMA (multiplicative Holt–Winters without trend). The profile has a node
 * at each half hour; a bucket is interpolated between its two nearest.
 */
class Baseline {
  level = 0;
  readonly daily = new Float64Array(24).fill(1);
  /** Weight each profile node has heard: early on a node averages what it heard, later it is an EWMA. */
  readonly heard = new Float64Array(24);

  constructor(
    private readonly stepMinutes: number,
    private readonly tzOffsetMinutes: number,
    private readonly alphaLevel: number,
    private readonly alphaSeason: number,
  ) {}

  private nodes(bucket: number): { i0: number; i1: number; w: number } {
    // The middle of the bucket, so a five-minute row sits where its posts were.
    const hour = mod((bucket * this.stepMinutes + this.tzOffsetMinutes + this.stepMinutes / 2) / 60 - 0.5, 24);
    const i0 = Math.floor(hour);
    return { i0, i1: (i0 + 1) % 24, w: hour - i0 };
  }

  factor(bucket: number): number {
    const { i0, i1, w } = this.nodes(bucket);
    return Math.max(SEASON_FLOOR, (1 - w) * (this.daily[i0] as number) + w * (this.daily[i1] as number));
  }

  start(bucket: number, value: number): void {
    this.level = value / this.factor(bucket);
  }

  learn(bucket: number, clipped: number): void {
    const { i0, i1, w } = this.nodes(bucket);
    const factor = this.factor(bucket);
    const before = this.level;
    this.level = Math.max(0, before + this.alphaLevel * (clipped / factor - before));
    if (before <= 0 || this.alphaSeason === 0) return;
    const err = Math.min(clipped / before, RATIO_CAP) - factor;
    const h0 = (this.heard[i0] as number) + (1 - w);
    const h1 = (this.heard[i1] as number) + w;
    this.heard[i0] = h0;
    this.heard[i1] = h1;
    const a0 = Math.max(this.alphaSeason, 1 / Math.max(1, h0));
    const a1 = Math.max(this.alphaSeason, 1 / Math.max(1, h1));
    this.daily[i0] = Math.max(SEASON_FLOOR, (this.daily[i0] as number) + a0 * (1 - w) * err);
    this.daily[i1] = Math.max(SEASON_FLOOR, (this.daily[i1] as number) + a1 * w * err);
    // Mean 1 keeps the level "per bucket on an average hour".
    let sum = 0;
    for (const v of this.daily) sum += v;
    const mean = sum / 24;
    for (let h = 0; h < 24; h++) this.daily[h] = (this.daily[h] as number) / mean;
    this.level *= mean;
  }

  /** EWMAs are linear: a late delta moves the level by what it would have contributed, decayed since. */
  correct(bucket: number, delta: number, age: number): void {
    if (this.level <= 0) return;
    this.level = Math.max(0, this.level + this.alphaLevel * (1 - this.alphaLevel) ** age * (delta / this.factor(bucket)));
  }

  save(): BaselineState {
    return { level: this.level, daily: [...this.daily], heard: [...this.heard] };
  }

  load(state: BaselineState): void {
    this.level = state.level;
    state.daily.forEach((v, i) => (this.daily[i] = v));
    state.heard.forEach((v, i) => (this.heard[i] = v));
  }
}

/**
 * Hourly totals of the last `days` days. The usual rate of an hour is the mean rate of the same local hour on
 * previous days, the busiest one left out once four are known.
 */
class HourHistory {
  private readonly size: number;
  private readonly hourId: Float64Array;
  private readonly total: Float64Array;
  private readonly known: Float64Array;
  private readonly cache = new Map<number, number | undefined>();

  constructor(
    private readonly stepMinutes: number,
    private readonly tzOffsetMinutes: number,
    private readonly days: number,
    private readonly weekTypes: boolean,
  ) {
    this.size = (days + 1) * 24;
    this.hourId = new Float64Array(this.size).fill(NaN);
    this.total = new Float64Array(this.size);
    this.known = new Float64Array(this.size);
  }

  add(bucket: number, value: number, newBucket: boolean): void {
    const hour = Math.floor((bucket * this.stepMinutes + this.tzOffsetMinutes) / 60);
    const i = mod(hour, this.size);
    if (this.hourId[i] !== hour) {
      this.hourId[i] = hour;
      this.total[i] = 0;
      this.known[i] = 0;
    }
    this.total[i] = (this.total[i] as number) + value;
    if (newBucket) this.known[i] = (this.known[i] as number) + 1;
    // Hours are read only by later days; only a late correction changes a past hour.
    else this.cache.clear();
  }

  private rate(hour: number): number | undefined {
    if (this.cache.has(hour)) return this.cache.get(hour);
    const all: number[] = [];
    const same: number[] = [];
    // Epoch day 0 was a Thursday: days 2 and 3 (mod 7) are Saturday and Sunday.
    const weekend = (h: number): boolean => mod(Math.floor(h / 24), 7) === 2 || mod(Math.floor(h / 24), 7) === 3;
    for (let d = 1; d <= this.days; d++) {
      const h = hour - 24 * d;
      const i = mod(h, this.size);
      if (this.hourId[i] !== h || (this.known[i] as number) === 0) continue;
      const r = (this.total[i] as number) / (this.known[i] as number);
      all.push(r);
      if (weekend(h) === weekend(hour)) same.push(r);
    }
    let rate = trimmedMean(all);
    // The weekly rhythm: lean towards days of the same kind (weekday or weekend), more the more of them are known.
    if (rate !== undefined && this.weekTypes && same.length >= 2) {
      const w = same.length / (same.length + 3);
      rate = w * (trimmedMean(same) as number) + (1 - w) * rate;
    }
    if (this.cache.size > 256) this.cache.clear();
    this.cache.set(hour, rate);
    return rate;
  }

  /** Usual count of a bucket, interpolated between the hours around it; undefined without two days of history. */
  expected(bucket: number): number | undefined {
    const mid = (bucket * this.stepMinutes + this.tzOffsetMinutes + this.stepMinutes / 2) / 60 - 0.5;
    const h0 = Math.floor(mid);
    const w = mid - h0;
    const a = this.rate(h0);
    const b = this.rate(h0 + 1);
    if (a === undefined || b === undefined) return a ?? b;
    return (1 - w) * a + w * b;
  }

  save(): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = [];
    for (let i = 0; i < this.size; i++) if (!Number.isNaN(this.hourId[i])) out.push([this.hourId[i] as number, this.total[i] as number, this.known[i] as number]);
    return out;
  }

  load(rows: ReadonlyArray<readonly [number, number, number]>): void {
    for (const [hour, total, known] of rows) {
      const i = mod(hour, this.size);
      this.hourId[i] = hour;
      this.total[i] = total;
      this.known[i] = known;
    }
    this.cache.clear();
  }
}

/**
 * A streaming count detector for one series (one program, one metric) on a grid of `stepMs` buckets.
 *
 * Spikes: each window's count is compared with a negative binomial around the recent baseline (a level following
 * the last hours × a time-of-day profile), its dispersion learnt per window from recent prediction errors (a
 * ratio of averages, stable at low counts). The expectation uses the level in force before the window began, so
 * a window never raises its own bar, and observations teach the baselines only after clipping at `clipSigmas`
 * above expectation, so a spike never becomes the new normal within the spike.
 *
 * Sustained shifts: hours of counts above the usual for the time of day (same hour, previous days), judged by a
 * robust z against this series' own history: what is normal day-to-day variation for one program is news for
 * another.
 *
 * Buckets are set (or added to) while open, evaluated at any moment (a partial bucket counts for the elapsed
 * fraction of its expectation) and folded into the baselines once closed. A bucket never set is missing, not
 * zero: a gap in the data teaches nothing and is left out of window sums.
 */
export class CountSpikeDetector {
  readonly stepMs: number;
  readonly settings: Readonly<CountDetectorSettings>;
  private readonly stepMinutes: number;
  private readonly scales: number[];
  private readonly shiftBuckets: number;
  private readonly ringSize: number;
  private readonly ringBucket: Float64Array;
  private readonly ringValue: Float64Array;
  private readonly ringLevel: Float64Array;
  private readonly recent: Baseline;
  private readonly slow: Baseline;
  private readonly hours: HourHistory;
  private readonly floor: number;
  private readonly alphaDisp: number;
  private readonly alphaShift: number;
  private readonly shiftSampleCount: number;
  private levelSeen = false;
  /** Per window: EWMA of squared error (a), of expectation (b), of squared expectation (c); n updates. */
  private readonly disp: DispersionState[];
  private readonly shift: ShiftState = { h: 0, n: 0, samples: [], sampledAt: null };
  private shiftCentre = 0;
  private shiftSpread = 0;
  private seen = 0;
  private foldedThrough: number | null = null;
  private lastAlertAt: number | null = null;
  private lastAnomalousAt: number | null = null;

  constructor(stepMs: number, settings: Partial<CountDetectorSettings> = {}) {
    if (!(stepMs > 0) || !Number.isFinite(stepMs)) throw new RangeError(`stepMs must be a positive number, got ${stepMs}`);
    this.stepMs = stepMs;
    this.settings = { ...DEFAULT_COUNT_SETTINGS, ...settings };
    const s = this.settings;
    this.stepMinutes = stepMs / MINUTE;
    this.floor = s.floorPerMinute * this.stepMinutes;
    this.scales = [...new Set(s.windowsMinutes.map((m) => Math.max(1, Math.round(m / this.stepMinutes))))].sort((a, b) => a - b);
    if (this.scales.length === 0) throw new RangeError('the detector needs at least one window');
    this.shiftBuckets = Math.max(1, Math.round(s.shiftWindowMinutes / this.stepMinutes));
    // Keeps every bucket a window may sum, plus slack for open buckets awaiting their fold.
    this.ringSize = Math.max(this.shiftBuckets, ...this.scales) + 16;
    this.ringBucket = new Float64Array(this.ringSize).fill(NaN);
    this.ringValue = new Float64Array(this.ringSize);
    this.ringLevel = new Float64Array(this.ringSize);
    // Each half-hour node of a profile hears from about perDay/24 buckets a day.
    const alphaSeason = alphaFor((s.seasonHalfLifeDays * DAY_MIN) / this.stepMinutes / 24);
    this.recent = new Baseline(this.stepMinutes, s.tzOffsetMinutes, alphaFor(s.levelHalfLifeMinutes / this.stepMinutes), alphaSeason);
    this.slow = new Baseline(this.stepMinutes, s.tzOffsetMinutes, alphaFor((s.slowLevelHalfLifeHours * 60) / this.stepMinutes), alphaSeason);
    this.hours = new HourHistory(this.stepMinutes, s.tzOffsetMinutes, Math.max(1, Math.round(s.seasonDays)), s.weekTypes);
    this.alphaDisp = alphaFor((s.dispersionHalfLifeHours * 60) / this.stepMinutes);
    this.alphaShift = alphaFor(s.shiftHalfLifeMinutes / this.stepMinutes);
    this.shiftSampleCount = Math.max(24, Math.round(s.shiftMemoryDays * 24));
    this.disp = this.scales.map(() => ({ a: 0, b: 0, c: 0, n: 0 }));
  }

  bucketOf(ms: number): number {
    return Math.floor(ms / this.stepMs);
  }

  get lastFolded(): number | null {
    return this.foldedThrough;
  }

  /** Time of the last alert (ms), if any. */
  get lastAlert(): number | null {
    return this.lastAlertAt;
  }

  /** The longest window, in buckets: data older than this cannot enter a decision. */
  get horizonBuckets(): number {
    return Math.max(this.shiftBuckets, ...this.scales);
  }

  /** Buckets folded so far. */
  get observedBuckets(): number {
    return this.seen;
  }

  // ---- open buckets ----

  /** Whether a bucket (still in memory) has been set. */
  has(bucket: number): boolean {
    return this.ringBucket[mod(bucket, this.ringSize)] === bucket;
  }

  /**
   * Adds to a bucket. A bucket already folded still counts in later window sums while in memory, and its delta
   * nudges the baselines as folding it with the right value would have; answers false then.
   */
  add(bucket: number, delta: number): boolean {
    if (this.foldedThrough !== null && bucket <= this.foldedThrough) {
      const i = mod(bucket, this.ringSize);
      if (this.ringBucket[i] === bucket) this.ringValue[i] = (this.ringValue[i] as number) + delta;
      this.learnLate(bucket, delta);
      return false;
    }
    const i = mod(bucket, this.ringSize);
    if (this.ringBucket[i] !== bucket) this.claim(bucket, 0);
    this.ringValue[i] = (this.ringValue[i] as number) + delta;
    return true;
  }

  /** Sets an open bucket's value. Folded buckets are corrected by the difference, as `add` would. */
  set(bucket: number, value: number): boolean {
    if (this.foldedThrough !== null && bucket <= this.foldedThrough) {
      const i = mod(bucket, this.ringSize);
      const old = this.ringBucket[i] === bucket ? (this.ringValue[i] as number) : 0;
      return this.add(bucket, value - old);
    }
    this.claim(bucket, value);
    return true;
  }

  /**
   * Late data: teaches the baselines (what folding it in time would have taught) but never enters a window sum,
   * so it cannot raise a decision about the past.
   */
  learnLate(bucket: number, delta: number): void {
    if (delta === 0 || !this.levelSeen) return;
    const age = Math.max(0, (this.foldedThrough ?? bucket) - bucket);
    this.recent.correct(bucket, delta, age);
    this.slow.correct(bucket, delta, age);
    this.hours.add(bucket, delta, false);
  }

  private claim(bucket: number, value: number): void {
    const i = mod(bucket, this.ringSize);
    this.ringBucket[i] = bucket;
    this.ringValue[i] = value;
    this.ringLevel[i] = NaN;
  }

  private valueAt(bucket: number): number | undefined {
    const i = mod(bucket, this.ringSize);
    return this.ringBucket[i] === bucket ? this.ringValue[i] : undefined;
  }

  // ---- baselines ----

  /** Expected count of a bucket from the recent baseline. */
  expected(bucket: number): number {
    return Math.max(this.floor, this.recent.level * this.recent.factor(bucket));
  }

  /** Usual count for the bucket's time of day: previous days' same hour, else the slow model. */
  usual(bucket: number): number {
    return Math.max(this.floor, this.hours.expected(bucket) ?? this.slow.level * this.slow.factor(bucket));
  }

  private dispersion(k: number): number {
    const d = this.disp[k] as DispersionState;
    const s = this.settings;
    if (d.n === 0) return s.dispersionPrior;
    const learnt = Math.max(s.dispersionFloor, (d.a - d.b) / d.c);
    // The prior fades as evidence accumulates (half gone after an hour of updates).
    const evidence = 1 - 0.5 ** (d.n / Math.max(1, 60 / this.stepMinutes));
    return evidence * learnt + (1 - evidence) * Math.max(learnt, s.dispersionPrior);
  }

  /**
   * Folds every open bucket up to and including `through` into the baselines, in order. A bucket never set is a
   * gap, unless `observed` says the time was watched: then it is a zero (no posts).
   */
  fold(through: number, observed?: (bucket: number) => boolean): void {
    const range = bucketsToFold(this.foldedThrough, this.ringBucket, through);
    if (!range) return;
    for (let b = range.from; b <= range.to; b++) {
      if (observed && !this.has(b) && observed(b)) this.claim(b, 0);
      this.foldOne(b);
    }
    this.foldedThrough = through;
  }

  private foldOne(bucket: number): void {
    const value = this.valueAt(bucket);
    if (value === undefined) return;
    const s = this.settings;
    if (!this.levelSeen) {
      this.recent.start(bucket, Math.max(value, this.floor));
      this.slow.start(bucket, Math.max(value, this.floor));
      this.levelSeen = true;
    }
    this.ringLevel[mod(bucket, this.ringSize)] = this.recent.level;
    // Dispersion first, from windows ending here, judged with the levels in force before each window.
    for (let k = 0; k < this.scales.length; k++) this.learnDispersion(k, bucket);
    const mu = this.expected(bucket);
    const clipped = Math.min(value, mu + s.clipSigmas * Math.sqrt(mu + this.dispersion(0) * mu * mu) + 1);
    if (this.alphaShift > 0) this.learnShift(bucket, clipped);
    this.recent.learn(bucket, clipped);
    this.slow.learn(bucket, clipped);
    this.hours.add(bucket, clipped, true);
    this.seen++;
  }

  private learnDispersion(k: number, end: number): void {
    const scale = this.scales[k] as number;
    const win = this.window(end, scale, 1);
    if (win.known < scale) return;
    const d = this.disp[k] as DispersionState;
    const sd = Math.sqrt(win.expected + this.dispersion(k) * win.expected * win.expected);
    const observed = Math.min(win.observed, win.expected + this.settings.dispersionClipSigmas * sd + 1);
    const err = (observed - win.expected) ** 2;
    d.n++;
    // A running mean at first, an EWMA once there is more than its memory: the start does not linger for days.
    const a = Math.max(this.alphaDisp, 1 / d.n);
    d.a += a * (err - d.a);
    d.b += a * (win.expected - d.b);
    d.c += a * (win.expected * win.expected - d.c);
  }

  /**
   * Sum over the `scale` buckets ending at `end` and its recent-baseline expectation, the last bucket counting
   * for `fraction` of its expectation.
   */
  private window(end: number, scale: number, fraction: number): { observed: number; expected: number; known: number } {
    const first = end - scale + 1;
    let ref = NaN;
    for (let b = first; b <= end && Number.isNaN(ref); b++) {
      const i = mod(b, this.ringSize);
      if (this.ringBucket[i] === b) ref = this.ringLevel[i] as number;
    }
    if (Number.isNaN(ref)) ref = this.recent.level;
    let observed = 0;
    let expected = 0;
    let known = 0;
    for (let b = first; b <= end; b++) {
      const v = this.valueAt(b);
      if (v === undefined) continue;
      observed += v;
      expected += Math.max(this.floor, ref * this.recent.factor(b)) * (b === end ? fraction : 1);
      known++;
    }
    return { observed, expected, known };
  }

  /** Sum over the shift window and its usual (time-of-day) expectation. */
  private usualWindow(end: number, fraction: number): { observed: number; expected: number; known: number } {
    let observed = 0;
    let expected = 0;
    let known = 0;
    for (let b = end - this.shiftBuckets + 1; b <= end; b++) {
      const v = this.valueAt(b);
      if (v === undefined) continue;
      observed += v;
      expected += this.usual(b) * (b === end ? fraction : 1);
      known++;
    }
    return { observed, expected, known };
  }

  // ---- sustained shift ----

  private shiftAfter(bucket: number, clipped: number): number {
    const c = this.settings.shiftOffsetPerMinute * this.stepMinutes;
    return this.shift.h + this.alphaShift * (Math.log((clipped + c) / (this.usual(bucket) + c)) - this.shift.h);
  }

  private learnShift(bucket: number, clipped: number): void {
    const st = this.shift;
    st.h = this.shiftAfter(bucket, clipped);
    st.n++;
    // One sample an hour: h moves slowly, so hourly samples describe its range at a fraction of the cost.
    if (st.sampledAt !== null && bucket - st.sampledAt < Math.max(1, Math.round(60 / this.stepMinutes))) return;
    st.sampledAt = bucket;
    st.samples.push(st.h);
    if (st.samples.length > this.shiftSampleCount) st.samples.shift();
    this.refreshShiftRange();
  }

  private refreshShiftRange(): void {
    const sorted = [...this.shift.samples].sort((a, b) => a - b);
    this.shiftCentre = median(sorted);
    // MAD × 1.4826 estimates a standard deviation that one bad day cannot inflate.
    this.shiftSpread = 1.4826 * median(sorted.map((x) => Math.abs(x - this.shiftCentre)).sort((a, b) => a - b));
  }

  /** z of a shift statistic against its own history; 0 until a day of hourly samples exists. */
  private shiftZ(h: number): number {
    if (this.shift.samples.length < 24 || this.shiftSpread <= 0) return 0;
    return (h - this.shiftCentre) / this.shiftSpread;
  }

  // ---- evaluation ----

  /**
   * Evaluates the windows ending at `atMs` (the bucket containing it counts for the elapsed fraction of its
   * expectation; pass a bucket's end to judge it whole). With `commit`, an alert starts the cooldown.
   */
  evaluate(atMs: number, commit = true): CountEvaluation {
    const s = this.settings;
    let bucket = this.bucketOf(atMs);
    let fraction = (atMs - bucket * this.stepMs) / this.stepMs;
    // The end of a bucket is that bucket complete, not an empty start of the next.
    if (fraction === 0) {
      bucket -= 1;
      fraction = 1;
    }
    fraction = Math.max(fraction, 1e-3);
    const checks: WindowCheck[] = [];
    const spikeThreshold = s.thresholds[s.sensitivity];
    const correction = Math.log10(this.scales.length);
    for (let k = 0; k < this.scales.length; k++) {
      const scale = this.scales[k] as number;
      const win = this.window(bucket, scale, fraction);
      if (win.known === 0) continue;
      const dispersion = this.dispersion(k);
      const sur = Math.max(0, surprise(logNegBinomUpperTail(win.observed, win.expected, dispersion)) - correction);
      checks.push({
        kind: 'spike',
        minutes: scale * this.stepMinutes,
        observed: win.observed,
        expected: win.expected,
        surprise: sur,
        dispersion,
        strength: sur / spikeThreshold,
        eligible: win.observed >= s.minVolume && win.observed >= s.minRatio * win.expected,
      });
    }
    if (this.alphaShift > 0 && this.shift.n > 0) {
      // A complete bucket not yet folded joins the statistic; a partial one waits for its fold.
      const pending = fraction >= 1 && !(this.foldedThrough !== null && bucket <= this.foldedThrough) ? this.valueAt(bucket) : undefined;
      const z = this.shiftZ(pending === undefined ? this.shift.h : this.shiftAfter(bucket, pending));
      const win = this.usualWindow(bucket, fraction);
      if (win.known > 0) {
        checks.push({
          kind: 'shift',
          minutes: this.shiftBuckets * this.stepMinutes,
          observed: win.observed,
          expected: win.expected,
          surprise: surprise(logNormalUpperTail(z)),
          dispersion: 0,
          z,
          strength: Math.max(0, z) / s.shiftThresholds[s.sensitivity],
          eligible: win.observed >= s.minVolume && win.observed >= s.minRatio * win.expected,
        });
      }
    }
    let best: WindowCheck | undefined;
    let bestEligible: WindowCheck | undefined;
    for (const c of checks) {
      if (!best || c.strength > best.strength) best = c;
      if (c.eligible && (!bestEligible || c.strength > bestEligible.strength)) bestEligible = c;
    }
    const warm = this.seen * this.stepMinutes >= s.warmupMinutes;
    // Ineligible checks (a handful of posts, a small ratio) stay under 0.5 whatever their surprise.
    const strength = warm && bestEligible ? bestEligible.strength : 0;
    const anomalous = strength >= 1;
    const cooling = this.lastAnomalousAt !== null && this.lastAlertAt !== null && atMs - this.lastAnomalousAt < s.cooldownMinutes * MINUTE;
    const alert = anomalous && !cooling;
    if (commit && alert) this.lastAlertAt = atMs;
    if (commit && anomalous) this.lastAnomalousAt = atMs;
    return {
      at: atMs,
      best: bestEligible ?? best ?? { kind: 'spike', minutes: (this.scales[0] as number) * this.stepMinutes, observed: 0, expected: 0, surprise: 0, dispersion: s.dispersionPrior, strength: 0, eligible: false },
      checks,
      score: strength / (1 + strength),
      alert,
      anomalous,
      warm,
    };
  }

  /** The normal range of a check's count: outside it is as surprising as the alert threshold. */
  band(check: WindowCheck): Band {
    const s = this.settings;
    const floorUpper = Math.max(Math.ceil(s.minRatio * check.expected), s.minVolume);
    if (check.kind === 'shift') {
      // A shift is judged as a log ratio: its band is the usual ratio range around the expectation.
      const zT = s.shiftThresholds[s.sensitivity];
      return {
        lower: Math.floor(check.expected * Math.exp(Math.min(0, this.shiftCentre - zT * this.shiftSpread))),
        upper: Math.max(Math.ceil(check.expected * Math.exp(this.shiftCentre + zT * this.shiftSpread)), floorUpper),
      };
    }
    const logP = -(s.thresholds[s.sensitivity] + Math.log10(this.scales.length)) * Math.LN10;
    return {
      lower: negBinomLowerQuantile(logP, check.expected, check.dispersion),
      upper: Math.max(negBinomUpperQuantile(logP, check.expected, check.dispersion), floorUpper),
    };
  }

  // ---- state ----

  snapshot(): CountDetectorSnapshot {
    const ring: CountDetectorSnapshot['ring'] = [];
    for (let i = 0; i < this.ringSize; i++) {
      const b = this.ringBucket[i] as number;
      if (!Number.isNaN(b)) ring.push([b, this.ringValue[i] as number, this.ringLevel[i] as number]);
    }
    ring.sort((x, y) => x[0] - y[0]);
    return {
      version: 1,
      stepMs: this.stepMs,
      levelSeen: this.levelSeen,
      recent: this.recent.save(),
      slow: this.slow.save(),
      hours: this.hours.save(),
      disp: this.disp.map((d) => ({ ...d })),
      shift: { ...this.shift, samples: [...this.shift.samples] },
      seen: this.seen,
      foldedThrough: this.foldedThrough,
      lastAlertAt: this.lastAlertAt,
      lastAnomalousAt: this.lastAnomalousAt,
      ring,
    };
  }

  static restore(snapshot: CountDetectorSnapshot, settings: Partial<CountDetectorSettings> = {}): CountSpikeDetector {
    if (snapshot.version !== 1) throw new Error(`unknown detector snapshot version ${String(snapshot.version)}`);
    const d = new CountSpikeDetector(snapshot.stepMs, settings);
    d.levelSeen = snapshot.levelSeen;
    d.recent.load(snapshot.recent);
    d.slow.load(snapshot.slow);
    d.hours.load(snapshot.hours);
    // Dispersion is per window: a changed window list starts again from the prior.
    if (snapshot.disp.length === d.disp.length) snapshot.disp.forEach((v, i) => Object.assign(d.disp[i] as DispersionState, v));
    d.shift.h = snapshot.shift.h;
    d.shift.n = snapshot.shift.n;
    d.shift.samples = [...snapshot.shift.samples];
    d.shift.sampledAt = snapshot.shift.sampledAt;
    d.refreshShiftRange();
    d.seen = snapshot.seen;
    d.foldedThrough = snapshot.foldedThrough;
    d.lastAlertAt = snapshot.lastAlertAt;
    d.lastAnomalousAt = snapshot.lastAnomalousAt;
    for (const [bucket, value, level] of snapshot.ring) {
      const i = mod(bucket, d.ringSize);
      d.ringBucket[i] = bucket;
      d.ringValue[i] = value;
      d.ringLevel[i] = level;
    }
    return d;
  }
}
