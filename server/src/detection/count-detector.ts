import { BucketRing, type RingRow } from './ring.js';
import { DEFAULT_COUNT_SETTINGS, type CountDetectorSettings } from './count-settings.js';
import { alphaFor, HourHistory, SeasonalBaseline, type BaselineState, type HourRow } from './seasonal-baseline.js';
import { logNegBinomUpperTail, logNormalUpperTail, negBinomLowerQuantile, negBinomUpperQuantile, surprise } from './stats.js';
import { SustainedShift, type ShiftState } from './sustained-shift.js';

// The settings are part of the detector's constructor contract: importers of the detector find them here too.
export { DEFAULT_COUNT_SETTINGS, type AlertSettings, type CountDetectorSettings, type CountModelSettings } from './count-settings.js';

// Read once per module (see stats.ts): a global read is slow inside Jest's vm context.
const Math = globalThis.Math;

const MINUTE = 60_000;
const DAY_MIN = 24 * 60;
/** Fields of a ring slot. */
const VALUE = 0;
const LEVEL = 1;
/**
 * A level learnt from fewer buckets than this is too young to judge a window by: windows fall back to a later
 * level, and the dispersion does not learn from the young level's errors (they are the level's, not the series').
 */
const YOUNG_LEVEL = 10;

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
  /** Still learning this series (less than `learningMinutes` seen): its band leans on priors and is wider. */
  learning: boolean;
}

export interface Band {
  lower: number;
  upper: number;
}

/** The learnt dispersion of one window. */
interface DispersionState {
  a: number;
  b: number;
  c: number;
  n: number;
}

/** Serialisable state: a restart keeps what the baselines learnt. */
export interface CountDetectorSnapshot {
  version: 1;
  stepMs: number;
  levelSeen: boolean;
  recent: BaselineState;
  slow: BaselineState;
  /** [local hour since epoch, total, buckets known]. */
  hours: HourRow[];
  disp: DispersionState[];
  shift: ShiftState;
  seen: number;
  foldedThrough: number | null;
  lastAlertAt: number | null;
  lastAnomalousAt: number | null;
  /** Per-window dispersion prior taken from other series (absent: the settings' `dispersionPrior`). */
  prior?: number[];
  /** [bucket, value, recent level when folded (null before)]. */
  ring: Array<RingRow<[value: number, level: number]>>;
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
  /** Per bucket: its count, and the recent level in force when it was folded (NaN until then). */
  private readonly ring: BucketRing<[value: number, level: number]>;
  private readonly recent: SeasonalBaseline;
  private readonly slow: SeasonalBaseline;
  private readonly hours: HourHistory;
  private readonly floor: number;
  private readonly alphaDisp: number;
  /** Buckets after which the recent level is a plain EWMA (about twice its half-life). */
  private readonly levelMemory: number;
  private levelSeen = false;
  /** Per window: EWMA of squared error (a), of expectation (b), of squared expectation (c); n updates. */
  private readonly disp: DispersionState[];
  /** Per-window dispersion prior learnt across other series, when the driver had any to learn from. */
  private prior: number[] | null = null;
  private readonly shift: SustainedShift;
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
    this.ring = new BucketRing(Math.max(this.shiftBuckets, ...this.scales) + 16, 2);
    // Each half-hour node of a profile hears from about perDay/24 buckets a day.
    const alphaSeason = alphaFor((s.seasonHalfLifeDays * DAY_MIN) / this.stepMinutes / 24);
    this.recent = new SeasonalBaseline(this.stepMinutes, s.tzOffsetMinutes, alphaFor(s.levelHalfLifeMinutes / this.stepMinutes), alphaSeason);
    this.slow = new SeasonalBaseline(this.stepMinutes, s.tzOffsetMinutes, alphaFor((s.slowLevelHalfLifeHours * 60) / this.stepMinutes), alphaSeason);
    this.hours = new HourHistory(this.stepMinutes, s.tzOffsetMinutes, Math.max(1, Math.round(s.seasonDays)), s.weekTypes);
    this.alphaDisp = alphaFor((s.dispersionHalfLifeHours * 60) / this.stepMinutes);
    const alphaLevel = alphaFor(s.levelHalfLifeMinutes / this.stepMinutes);
    this.levelMemory = alphaLevel > 0 ? 2 / alphaLevel - 1 : 0;
    this.shift = new SustainedShift(
      alphaFor(s.shiftHalfLifeMinutes / this.stepMinutes),
      s.shiftOffsetPerMinute * this.stepMinutes,
      Math.max(1, Math.round(60 / this.stepMinutes)),
      Math.max(24, Math.round(s.shiftMemoryDays * 24)),
    );
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
    return this.ring.has(bucket);
  }

  /**
   * Adds to a bucket. A bucket already folded still counts in later window sums while in memory, and its delta
   * nudges the baselines as folding it with the right value would have; answers false then.
   */
  add(bucket: number, delta: number): boolean {
    if (this.foldedThrough !== null && bucket <= this.foldedThrough) {
      this.ring.add(bucket, VALUE, delta);
      this.learnLate(bucket, delta);
      return false;
    }
    if (!this.ring.has(bucket)) this.ring.claim(bucket, 0, NaN);
    this.ring.add(bucket, VALUE, delta);
    return true;
  }

  /** Sets an open bucket's value. Folded buckets are corrected by the difference, as `add` would. */
  set(bucket: number, value: number): boolean {
    if (this.foldedThrough !== null && bucket <= this.foldedThrough) return this.add(bucket, value - (this.ring.get(bucket, VALUE) ?? 0));
    this.ring.claim(bucket, value, NaN);
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
    const prior = this.prior?.[k] ?? s.dispersionPrior;
    if (d.n === 0) return prior;
    const learnt = Math.max(s.dispersionFloor, (d.a - d.b) / d.c);
    // Shrunk towards the prior, worth an hour of updates: a few minutes of errors are too noisy to stand alone.
    const priorWeight = Math.max(1, 60 / this.stepMinutes);
    return (d.n * learnt + priorWeight * prior) / (d.n + priorWeight);
  }

  /**
   * Extra relative variance while the level is a running mean of its first buckets: a level known from n buckets
   * of mean μ is off by about (1/μ + dispersion)/n relative variance. Gone once the EWMA has its full memory.
   */
  private levelUncertainty(perBucket: number, dispersion: number): number {
    const n = this.recent.learnt;
    if (n === 0 || n >= this.levelMemory) return 0;
    return (1 / Math.max(perBucket, this.floor, 0.1) + dispersion) / n;
  }

  /** What this series has learnt of its dispersion, per window (undefined: not enough yet), for other series' priors. */
  learntDispersion(): Array<number | undefined> {
    const s = this.settings;
    const hour = Math.max(1, 60 / this.stepMinutes);
    return this.disp.map((d) => (d.n >= 24 * hour ? Math.max(s.dispersionFloor, (d.a - d.b) / d.c) : undefined));
  }

  /** The time-of-day profile this series has learnt (24 nodes, mean 1). */
  profile(): number[] {
    return [...this.recent.daily];
  }

  /**
   * Starts a new series from what other series learnt: their dispersion per window as the prior, their day's shape
   * as the profile (worth `profileWeight` observations a node). Its level still comes from its own first buckets.
   */
  prime(prior: { dispersion?: ReadonlyArray<number | undefined>; profile?: readonly number[]; profileWeight?: number }): void {
    if (prior.dispersion) {
      const s = this.settings;
      this.prior = this.scales.map((_, k) => {
        const v = prior.dispersion?.[k];
        return v !== undefined && Number.isFinite(v) ? Math.max(s.dispersionFloor, v) : s.dispersionPrior;
      });
    }
    if (prior.profile) {
      this.recent.prime(prior.profile, prior.profileWeight ?? 4);
      this.slow.prime(prior.profile, prior.profileWeight ?? 4);
    }
  }

  /**
   * Folds every open bucket up to and including `through` into the baselines, in order. A bucket never set is a
   * gap, unless `observed` says the time was watched: then it is a zero (no posts).
   */
  fold(through: number, observed?: (bucket: number) => boolean): void {
    const range = this.ring.foldRange(this.foldedThrough, through);
    if (!range) return;
    for (let b = range.from; b <= range.to; b++) {
      if (observed && !this.ring.has(b) && observed(b)) this.ring.claim(b, 0, NaN);
      this.foldOne(b);
    }
    this.foldedThrough = through;
  }

  private foldOne(bucket: number): void {
    const value = this.ring.get(bucket, VALUE);
    if (value === undefined) return;
    const s = this.settings;
    if (!this.levelSeen) {
      this.recent.start(bucket, Math.max(value, this.floor));
      this.slow.start(bucket, Math.max(value, this.floor));
      this.levelSeen = true;
    }
    this.ring.set(bucket, LEVEL, this.recent.learnt >= YOUNG_LEVEL ? this.recent.level : NaN);
    const mu = this.expected(bucket);
    const ceiling = (): number => mu + s.clipSigmas * Math.sqrt(mu + this.dispersion(0) * mu * mu) + 1;
    // Dispersion first, from windows ending here, judged with the levels in force before each window. While the
    // level is young every error weighs heavily, so an outlier (a first-hour crisis) is left out: it would teach
    // the series that crises are normal noise before the first alert could be raised.
    if (!(this.recent.learnt < this.levelMemory && value > ceiling())) for (let k = 0; k < this.scales.length; k++) this.learnDispersion(k, bucket);
    const clipped = Math.min(value, ceiling());
    if (this.shift.enabled) this.shift.learn(bucket, clipped, this.usual(bucket));
    // A young series' profile is the primed one (other programs') or flat: its first hours, a crisis in them
    // included, would otherwise be taken for the shape of its day.
    const season = this.recent.learnt >= this.levelMemory;
    this.recent.learn(bucket, clipped, season);
    this.slow.learn(bucket, clipped, season);
    this.hours.add(bucket, clipped, true);
    this.seen++;
  }

  private learnDispersion(k: number, end: number): void {
    const scale = this.scales[k] as number;
    if (Number.isNaN(this.ring.get(end - scale + 1, LEVEL) ?? NaN)) return;
    const win = this.window(end, scale, 1);
    if (win.known < scale) return;
    const d = this.disp[k] as DispersionState;
    const sd = Math.sqrt(win.expected + this.dispersion(k) * win.expected * win.expected);
    // While the level is young each error weighs about 1/n: winsorised at two standard deviations, the first
    // minutes of a crisis cannot teach that crises are ordinary noise (ordinary noise loses little of its spread).
    const clip = this.recent.learnt < this.levelMemory ? Math.min(2, this.settings.dispersionClipSigmas) : this.settings.dispersionClipSigmas;
    const observed = Math.min(win.observed, win.expected + clip * sd + 1);
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
    for (let b = first; b <= end && Number.isNaN(ref); b++) ref = this.ring.get(b, LEVEL) ?? NaN;
    if (Number.isNaN(ref)) ref = this.recent.level;
    let observed = 0;
    let expected = 0;
    let known = 0;
    for (let b = first; b <= end; b++) {
      const v = this.ring.get(b, VALUE);
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
      const v = this.ring.get(b, VALUE);
      if (v === undefined) continue;
      observed += v;
      expected += this.usual(b) * (b === end ? fraction : 1);
      known++;
    }
    return { observed, expected, known };
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
      const learnt = this.dispersion(k);
      const dispersion = learnt + this.levelUncertainty(win.expected / Math.max(1, win.known), learnt);
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
    if (this.shift.active) {
      // A complete bucket not yet folded joins the statistic; a partial one waits for its fold.
      const pending = fraction >= 1 && !(this.foldedThrough !== null && bucket <= this.foldedThrough) ? this.ring.get(bucket, VALUE) : undefined;
      const z = pending === undefined ? this.shift.z() : this.shift.z(this.shift.after(pending, this.usual(bucket)));
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
    const learning = this.seen * this.stepMinutes < s.learningMinutes;
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
      learning,
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
        lower: Math.floor(check.expected * Math.exp(Math.min(0, this.shift.centre - zT * this.shift.spread))),
        upper: Math.max(Math.ceil(check.expected * Math.exp(this.shift.centre + zT * this.shift.spread)), floorUpper),
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
    return {
      version: 1,
      stepMs: this.stepMs,
      levelSeen: this.levelSeen,
      recent: this.recent.save(),
      slow: this.slow.save(),
      hours: this.hours.save(),
      disp: this.disp.map((d) => ({ ...d })),
      shift: this.shift.save(),
      seen: this.seen,
      foldedThrough: this.foldedThrough,
      lastAlertAt: this.lastAlertAt,
      lastAnomalousAt: this.lastAnomalousAt,
      ...(this.prior ? { prior: [...this.prior] } : {}),
      ring: this.ring.snapshot(),
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
    d.shift.load(snapshot.shift);
    d.seen = snapshot.seen;
    d.foldedThrough = snapshot.foldedThrough;
    d.lastAlertAt = snapshot.lastAlertAt;
    d.lastAnomalousAt = snapshot.lastAnomalousAt;
    if (snapshot.prior?.length === d.scales.length) d.prior = [...snapshot.prior];
    d.ring.restore(snapshot.ring);
    return d;
  }
}
