import { BucketRing, type RingRow } from './ring.js';
import type { Sensitivity } from './types.js';
import { logBinomialUpperTail, surprise } from './stats.js';

// Read once per module (see stats.ts): a global read is slow inside Jest's vm context.
const Math = globalThis.Math;

const MINUTE = 60_000;
/** Fields of a ring slot. */
const TOTAL = 0;
const NEGATIVE = 1;

export interface ShareSettings {
  /** The share is taken over this many minutes (the longest window, which explanations and charts describe). */
  windowMinutes: number;
  /**
   * Also over this shorter window (0: off), the stronger of the two speaking (corrected for looking twice): a
   * share that jumps within minutes is seen before the long window's average catches up.
   */
  shortWindowMinutes: number;
  /** The usual share: an EWMA of negative and total counts with this half-life (hours). */
  baselineHalfLifeHours: number;
  /** Share assumed before data, worth `priorPosts` posts. */
  priorShare: number;
  priorPosts: number;
  /**
   * Posts in one window are not independent (replies, threads, one angry hour): at most this many count as
   * independent draws, which keeps a large window from making a small shift look certain.
   */
  maxEffectivePosts: number;
  /** The share must rise at least this much (absolute, 0..1) above the usual to alert. */
  minShift: number;
  thresholds: Readonly<Record<Sensitivity, number>>;
  sensitivity: Sensitivity;
  /** Fewest posts in the window for an alert. */
  minVolume: number;
  /** One episode, one decision (as for counts). */
  cooldownMinutes: number;
  warmupMinutes: number;
  /** Until this much data has been seen the usual share leans on the prior: bands say they are still learning. */
  learningMinutes: number;
}

export const DEFAULT_SHARE_SETTINGS: Readonly<ShareSettings> = Object.freeze<ShareSettings>({
  windowMinutes: 15,
  shortWindowMinutes: 5,
  baselineHalfLifeHours: 24,
  priorShare: 0.3,
  priorPosts: 20,
  maxEffectivePosts: 40,
  minShift: 0.15,
  thresholds: Object.freeze({ low: 8, medium: 6, high: 4 }),
  sensitivity: 'medium',
  minVolume: 20,
  cooldownMinutes: 360,
  warmupMinutes: 15,
  learningMinutes: 24 * 60,
});

export interface ShareEvaluation {
  at: number;
  /** The window the numbers describe (the one that speaks). */
  windowMinutes: number;
  /** Posts and negative posts in the window. */
  total: number;
  negative: number;
  observedShare: number;
  expectedShare: number;
  band: { lower: number; upper: number };
  surprise: number;
  score: number;
  anomalous: boolean;
  alert: boolean;
  /** Still learning the usual share (less than `learningMinutes` seen). */
  learning: boolean;
}

export interface ShareDetectorSnapshot {
  version: 1;
  stepMs: number;
  negEwma: number;
  totEwma: number;
  seen: number;
  foldedThrough: number | null;
  lastAlertAt: number | null;
  lastAnomalousAt: number | null;
  ring: Array<RingRow<[total: number, negative: number]>>;
}

/** Shift in the negative share of a program's posts: a binomial test against the usual share, overdispersion-capped. */
export class NegativeShareDetector {
  readonly settings: Readonly<ShareSettings>;
  private readonly scale: number;
  /** Window lengths in buckets, shortest first. */
  private readonly scales: number[];
  private readonly stepMinutes: number;
  /** Per bucket: its posts and negative posts. */
  private readonly ring: BucketRing<[total: number, negative: number]>;
  private readonly alpha: number;
  private negEwma = 0;
  private totEwma = 0;
  private seen = 0;
  private foldedThrough: number | null = null;
  private lastAlertAt: number | null = null;
  private lastAnomalousAt: number | null = null;

  constructor(
    readonly stepMs: number,
    settings: Partial<ShareSettings> = {},
  ) {
    this.settings = { ...DEFAULT_SHARE_SETTINGS, ...settings };
    const stepMinutes = stepMs / MINUTE;
    this.stepMinutes = stepMinutes;
    this.scale = Math.max(1, Math.round(this.settings.windowMinutes / stepMinutes));
    const short = this.settings.shortWindowMinutes > 0 ? Math.max(1, Math.round(this.settings.shortWindowMinutes / stepMinutes)) : this.scale;
    this.scales = [...new Set([Math.min(short, this.scale), this.scale])];
    // Slack for open buckets awaiting their fold.
    this.ring = new BucketRing(this.scale + 16, 2);
    const halfLife = (this.settings.baselineHalfLifeHours * 60) / stepMinutes;
    this.alpha = 1 - 0.5 ** (1 / halfLife);
  }

  has(bucket: number): boolean {
    return this.ring.has(bucket);
  }

  add(bucket: number, total: number, negative: number): void {
    const folded = this.foldedThrough !== null && bucket <= this.foldedThrough;
    if (!this.ring.has(bucket)) {
      if (folded) {
        this.learnLate(total, negative);
        return;
      }
      this.ring.claim(bucket, 0, 0);
    }
    this.ring.add(bucket, TOTAL, total);
    this.ring.add(bucket, NEGATIVE, negative);
    // A folded bucket still in memory counts in later windows and teaches the usual share as late data.
    if (folded) this.learnLate(total, negative);
  }

  /** Late data teaches the usual share but never enters a window. */
  learnLate(total: number, negative: number): void {
    this.totEwma += this.alpha * total;
    this.negEwma += this.alpha * negative;
  }

  fold(through: number, observed?: (bucket: number) => boolean): void {
    const range = this.ring.foldRange(this.foldedThrough, through);
    if (!range) return;
    for (let b = range.from; b <= range.to; b++) {
      // The usual share learns a bucket once it has left the longest window, so a window never raises its own bar
      // (in a program's first hour a crisis would otherwise be half of all it knows within minutes).
      const leaving = b - this.scale;
      if (this.ring.has(leaving)) {
        this.totEwma += this.alpha * ((this.ring.get(leaving, TOTAL) as number) - this.totEwma);
        this.negEwma += this.alpha * ((this.ring.get(leaving, NEGATIVE) as number) - this.negEwma);
      }
      if (!this.ring.has(b)) {
        // A bucket never set is a gap, unless the time was watched: then it had no posts.
        if (!observed?.(b)) continue;
        this.ring.claim(b, 0, 0);
      }
      this.seen++;
    }
    this.foldedThrough = through;
  }

  /** The usual negative share: EWMA counts plus the prior. */
  usualShare(): number {
    const s = this.settings;
    // EWMA sums are per bucket; scale them to posts over the half-life so the prior keeps its weight in posts.
    const mass = 1 / this.alpha;
    return (this.negEwma * mass + s.priorShare * s.priorPosts) / (this.totEwma * mass + s.priorPosts);
  }

  evaluate(atMs: number, commit = true): ShareEvaluation {
    const s = this.settings;
    let bucket = Math.floor(atMs / this.stepMs);
    if (atMs === bucket * this.stepMs) bucket -= 1;
    const p0 = Math.min(Math.max(this.usualShare(), 1e-3), 1 - 1e-3);
    const threshold = s.thresholds[s.sensitivity];
    const correction = Math.log10(this.scales.length);
    const warm = this.seen * this.stepMinutes >= s.warmupMinutes;
    const learning = this.seen * this.stepMinutes < s.learningMinutes;
    let best: { scale: number; total: number; negative: number; share: number; n: number; sur: number; strength: number } | undefined;
    // Longest window first: it speaks unless a shorter one is stronger.
    for (const scale of [...this.scales].reverse()) {
      let total = 0;
      let negative = 0;
      for (let b = bucket - scale + 1; b <= bucket; b++) {
        total += this.ring.get(b, TOTAL) ?? 0;
        negative += this.ring.get(b, NEGATIVE) ?? 0;
      }
      const share = total > 0 ? negative / total : 0;
      const n = Math.min(total, s.maxEffectivePosts);
      const sur = n > 0 ? Math.max(0, surprise(logBinomialUpperTail(share * n, n, p0)) - correction) : 0;
      const eligible = warm && total >= s.minVolume && share - p0 >= s.minShift;
      const strength = eligible ? sur / threshold : 0;
      if (!best || strength > best.strength) best = { scale, total, negative, share, n, sur, strength };
    }
    const w = best as NonNullable<typeof best>;
    const n = Math.max(1, w.n);
    // The band costs two bisections on the binomial tail; it is drawn or explained for few of the minutes judged.
    let band: ShareEvaluation['band'] | undefined;
    const bandOf = (): ShareEvaluation['band'] => (band ??= this.band(p0, n));
    const anomalous = w.strength >= 1;
    const cooling = this.lastAnomalousAt !== null && this.lastAlertAt !== null && atMs - this.lastAnomalousAt < s.cooldownMinutes * MINUTE;
    const alert = anomalous && !cooling;
    if (commit && alert) this.lastAlertAt = atMs;
    if (commit && anomalous) this.lastAnomalousAt = atMs;
    return {
      at: atMs,
      windowMinutes: w.scale * this.stepMinutes,
      total: w.total,
      negative: w.negative,
      observedShare: w.share,
      expectedShare: p0,
      get band() {
        return bandOf();
      },
      surprise: w.sur,
      score: w.strength / (1 + w.strength),
      anomalous,
      alert,
      learning,
    };
  }

  /** Shares as surprising as the threshold, either way, over `n` effective posts. */
  private band(p0: number, n: number): { lower: number; upper: number } {
    const s = this.settings;
    const target = -((s.thresholds[s.sensitivity] + Math.log10(this.scales.length)) * Math.LN10);
    const solve = (p: number): number => {
      // Smallest x with P(X ≥ x) ≤ target, by bisection on the continuous tail.
      let lo = 0;
      let hi = n;
      if (logBinomialUpperTail(hi, n, p) > target) return 1;
      for (let k = 0; k < 40; k++) {
        const mid = (lo + hi) / 2;
        if (logBinomialUpperTail(mid, n, p) > target) lo = mid;
        else hi = mid;
      }
      return hi / n;
    };
    const upper = Math.max(solve(p0), Math.min(1, p0 + s.minShift));
    const lower = Math.max(0, 1 - solve(1 - p0));
    return { lower, upper };
  }

  snapshot(): ShareDetectorSnapshot {
    return {
      version: 1,
      stepMs: this.stepMs,
      negEwma: this.negEwma,
      totEwma: this.totEwma,
      seen: this.seen,
      foldedThrough: this.foldedThrough,
      lastAlertAt: this.lastAlertAt,
      lastAnomalousAt: this.lastAnomalousAt,
      ring: this.ring.snapshot(),
    };
  }

  static restore(snapshot: ShareDetectorSnapshot, settings: Partial<ShareSettings> = {}): NegativeShareDetector {
    if (snapshot.version !== 1) throw new Error(`unknown share snapshot version ${String(snapshot.version)}`);
    const d = new NegativeShareDetector(snapshot.stepMs, settings);
    d.negEwma = snapshot.negEwma;
    d.totEwma = snapshot.totEwma;
    d.seen = snapshot.seen;
    d.foldedThrough = snapshot.foldedThrough;
    d.lastAlertAt = snapshot.lastAlertAt;
    d.lastAnomalousAt = snapshot.lastAnomalousAt;
    d.ring.restore(snapshot.ring);
    return d;
  }
}
