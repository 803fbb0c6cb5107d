import { describe, it, expect } from '@jest/globals';
import { CountSpikeDetector, type CountDetectorSnapshot, type CountEvaluation, type WindowCheck } from './count-detector.js';
import { DEFAULT_COUNT_SETTINGS, type CountDetectorSettings } from './count-settings.js';
import { logNegBinomUpperTail, surprise } from './stats.js';
import { seededRandom } from '../common/random.js';

const MINUTE = 60_000;

/**
 * A flat world: no time-of-day profile (seasonHalfLifeDays 0 keeps every factor at 1) and no sustained-shift signal,
 * so after a steady series the expectation of a bucket is exactly the steady value and every number below can be
 * worked out by hand.
 */
const FLAT: Partial<CountDetectorSettings> = {
  tzOffsetMinutes: 0,
  windowsMinutes: [1, 5],
  seasonHalfLifeDays: 0,
  shiftHalfLifeMinutes: 0,
  warmupMinutes: 10,
  minVolume: 20,
  minRatio: 1.5,
  cooldownMinutes: 30,
};
const PRIOR = DEFAULT_COUNT_SETTINGS.dispersionPrior;
const MEDIUM = DEFAULT_COUNT_SETTINGS.thresholds.medium;
const SHIFT_MEDIUM = DEFAULT_COUNT_SETTINGS.shiftThresholds.medium;

/** Dispersion after `n` updates that learnt `learnt`, shrunk towards the prior worth `weight` updates (an hour). */
const shrunk = (n: number, learnt: number, prior = PRIOR, weight = 60): number => (n * learnt + weight * prior) / (n + weight);
/** What a young level adds: (1/μ + dispersion)/n for a level learnt from `n` buckets of mean μ. */
const young = (dispersion: number, mu: number, n: number): number => dispersion + (1 / mu + dispersion) / n;

/** Buckets 0…minutes−1 at `value(b)` each, each folded once closed (the ring holds only recent buckets). */
function series(value: (b: number) => number | undefined, minutes: number, settings: Partial<CountDetectorSettings> = {}, stepMs = MINUTE): CountSpikeDetector {
  const d = new CountSpikeDetector(stepMs, { ...FLAT, ...settings });
  for (let b = 0; b < minutes; b++) {
    const v = value(b);
    if (v !== undefined) d.set(b, v);
    d.fold(b);
  }
  return d;
}

const steady = (value: number, minutes: number, settings: Partial<CountDetectorSettings> = {}, stepMs = MINUTE): CountSpikeDetector =>
  series(() => value, minutes, settings, stepMs);

const spike = (e: CountEvaluation, minutes: number): WindowCheck => {
  const check = e.checks.find((c) => c.kind === 'spike' && c.minutes === minutes);
  if (!check) throw new Error(`no ${minutes}-minute check in ${JSON.stringify(e.checks)}`);
  return check;
};

/** Surprise of `observed` against `expected` as the detector defines it, before the multi-window correction. */
const rawSurprise = (observed: number, expected: number, dispersion: number): number => surprise(logNegBinomUpperTail(observed, expected, dispersion));

describe('CountSpikeDetector', () => {
  describe('windows', () => {
    it('checks one window per configured length, each summing its own buckets against the level', () => {
      const d = steady(10, 600);
      d.set(600, 40);
      const e = d.evaluate(601 * MINUTE, false);
      expect(e.checks.map((c) => [c.kind, c.minutes])).toEqual([
        ['spike', 1],
        ['spike', 5],
      ]);
      expect(spike(e, 1)).toMatchObject({ observed: 40, expected: 10 });
      expect(spike(e, 5)).toMatchObject({ observed: 80, expected: 50 });
    });

    it('folds windows shorter than a bucket into one and measures them in wall-clock minutes', () => {
      const d = steady(10, 300, { windowsMinutes: [1, 5, 15, 60] }, 5 * MINUTE);
      const e = d.evaluate(300 * 5 * MINUTE, false);
      expect(e.checks.map((c) => c.minutes)).toEqual([5, 15, 60]);
      expect(e.checks.map((c) => c.observed)).toEqual([10, 30, 120]);
    });

    it('leaves gaps out of a window sum instead of counting them as zeros', () => {
      const d = steady(10, 600);
      // Bucket 598 was never there: refold from scratch with a hole.
      const holed = series((b) => (b === 598 ? undefined : 10), 600);
      const full = spike(d.evaluate(600 * MINUTE, false), 5);
      const gap = spike(holed.evaluate(600 * MINUTE, false), 5);
      expect(full).toMatchObject({ observed: 50, expected: 50 });
      expect(gap).toMatchObject({ observed: 40, expected: 40 });
    });

    it('counts a watched bucket without data as a zero when folding', () => {
      const d = steady(10, 600);
      d.fold(601, (b) => b === 600);
      expect(d.has(600)).toBe(true);
      expect(d.has(601)).toBe(false);
      expect(d.observedBuckets).toBe(601);
      expect(d.lastFolded).toBe(601);
      expect(spike(d.evaluate(602 * MINUTE, false), 5)).toMatchObject({ observed: 30, expected: 40 });
    });

    it('never refolds a bucket and folds nothing before the first data', () => {
      const empty = new CountSpikeDetector(MINUTE, FLAT);
      empty.fold(100);
      expect(empty.lastFolded).toBeNull();
      const d = steady(10, 20);
      const before = JSON.stringify(d.snapshot());
      d.fold(19);
      d.fold(5);
      expect(JSON.stringify(d.snapshot())).toBe(before);
    });
  });

  describe('the moment judged', () => {
    it('judges the bucket that ends at a bucket end whole, not one bucket late', () => {
      const d = steady(10, 600);
      d.set(600, 100);
      const atEnd = d.evaluate(601 * MINUTE, false);
      expect(spike(atEnd, 1)).toMatchObject({ observed: 100, expected: 10 });
      expect(atEnd.anomalous).toBe(true);
      // At the start of the spike minute, the minute before is judged: nothing happened yet.
      const atStart = d.evaluate(600 * MINUTE, false);
      expect(spike(atStart, 1)).toMatchObject({ observed: 10, expected: 10 });
      expect(atStart.anomalous).toBe(false);
    });

    it('expects of a partial bucket the elapsed fraction of its expectation', () => {
      const d = steady(10, 600);
      d.set(600, 4);
      expect(spike(d.evaluate(600 * MINUTE + 15_000, false), 1)).toMatchObject({ observed: 4, expected: 2.5 });
      expect(spike(d.evaluate(600 * MINUTE + 15_000, false), 5).expected).toBeCloseTo(42.5, 10);
      // A millisecond in is still a thousandth of the bucket: never a zero expectation.
      expect(spike(d.evaluate(600 * MINUTE + 1, false), 1).expected).toBeCloseTo(0.01, 12);
    });

    it('judges an evaluation time as of the data at that time, not the latest bucket', () => {
      const d = steady(10, 600);
      d.set(600, 100);
      expect(d.evaluate(600 * MINUTE + 30_000, false).at).toBe(600 * MINUTE + 30_000);
      expect(spike(d.evaluate(599 * MINUTE + 30_000, false), 1).observed).toBe(10);
    });
  });

  describe('surprise', () => {
    it('is −log10 of the negative binomial tail less log10 of the number of windows', () => {
      const d = steady(10, 600);
      d.set(600, 30);
      const e = d.evaluate(601 * MINUTE, false);
      for (const c of e.checks) {
        expect(c.surprise).toBeCloseTo(rawSurprise(c.observed, c.expected, c.dispersion) - Math.log10(2), 10);
        expect(c.strength).toBeCloseTo(c.surprise / MEDIUM, 12);
      }
      expect(e.checks[0]!.surprise).toBeGreaterThan(5);
    });

    it('lowers, never raises, the surprise for each extra window looked at', () => {
      const one = steady(10, 600, { windowsMinutes: [1] });
      const two = steady(10, 600, { windowsMinutes: [1, 5] });
      const four = steady(10, 600, { windowsMinutes: [1, 5, 15, 60] });
      for (const d of [one, two, four]) d.set(600, 40);
      const s1 = spike(one.evaluate(601 * MINUTE, false), 1).surprise;
      const s2 = spike(two.evaluate(601 * MINUTE, false), 1).surprise;
      const s4 = spike(four.evaluate(601 * MINUTE, false), 1).surprise;
      expect(s1 - s2).toBeCloseTo(Math.log10(2), 10);
      expect(s1 - s4).toBeCloseTo(Math.log10(4), 10);
    });

    it('is zero, not negative, for a count below expectation', () => {
      const d = steady(10, 600);
      d.set(600, 0);
      const e = d.evaluate(601 * MINUTE, false);
      expect(e.checks.map((c) => c.surprise)).toEqual([0, 0]);
      expect(e.score).toBe(0);
    });

    it('learns each window’s dispersion, shrunk towards the prior worth an hour of updates', () => {
      // The first ten buckets' level is too young to learn from: 60 updates of the 1-minute window from bucket 10
      // on, half of the weight is the data's; the 5-minute window had 56. The level, 70 buckets young, adds its own.
      const d = steady(10, 70);
      const e = d.evaluate(70 * MINUTE, false);
      const floor = 0.01;
      expect(spike(e, 1).dispersion).toBeCloseTo(young(shrunk(60, floor), 10, 70), 12);
      expect(spike(e, 5).dispersion).toBeCloseTo(young(shrunk(56, floor), 10, 70), 12);
      expect(new CountSpikeDetector(MINUTE, FLAT).evaluate(0, false).best.dispersion).toBe(PRIOR);
    });

    it('learns a wider dispersion from noisy counts than from steady ones', () => {
      const noisy = series((b) => (b % 2 ? 4 : 16), 600);
      const d = steady(10, 600);
      expect(spike(noisy.evaluate(600 * MINUTE, false), 1).dispersion).toBeGreaterThan(spike(d.evaluate(600 * MINUTE, false), 1).dispersion * 10);
    });
  });

  describe('alerting', () => {
    it('alerts on an eligible window whose surprise reaches the threshold, with score ≥ 0.5', () => {
      const d = steady(10, 600);
      d.set(600, 100);
      const e = d.evaluate(601 * MINUTE);
      expect(e).toMatchObject({ alert: true, anomalous: true, warm: true });
      expect(e.best.eligible).toBe(true);
      expect(e.best.strength).toBeGreaterThanOrEqual(1);
      expect(e.score).toBeCloseTo(e.best.strength / (1 + e.best.strength), 12);
      expect(d.lastAlert).toBe(601 * MINUTE);
    });

    it('speaks with the strongest eligible check, even when an ineligible one is stronger', () => {
      const d = steady(10, 600, { minVolume: 60 });
      d.set(600, 55);
      const e = d.evaluate(601 * MINUTE, false);
      // One minute: 55 against 10 is very surprising but under the volume floor; five minutes: 95 is not.
      expect(spike(e, 1).eligible).toBe(false);
      expect(spike(e, 5).eligible).toBe(true);
      expect(spike(e, 1).strength).toBeGreaterThan(spike(e, 5).strength);
      expect(e.best).toBe(spike(e, 5));
      expect(e.anomalous).toBe(false);
      expect(e.score).toBeCloseTo(spike(e, 5).strength / (1 + spike(e, 5).strength), 12);
    });

    it('speaks with the strongest check when none is eligible, but scores it 0', () => {
      const d = steady(1, 600, { minVolume: 30 });
      d.set(600, 25);
      const e = d.evaluate(601 * MINUTE, false);
      expect(e.checks.every((c) => !c.eligible)).toBe(true);
      expect(e.best.strength).toBe(Math.max(...e.checks.map((c) => c.strength)));
      expect(e.best.strength).toBeGreaterThan(1);
      expect(e).toMatchObject({ score: 0, anomalous: false, alert: false });
    });

    it('keeps the first of equally strong checks, and speaks with a later one only when it is stronger', () => {
      const plain = steady(10, 600).evaluate(600 * MINUTE, false);
      expect(plain.best.minutes).toBe(1);
      const allEligible = steady(10, 600, { minVolume: 0, minRatio: 0 }).evaluate(600 * MINUTE, false);
      expect(allEligible.checks.every((c) => c.eligible && c.strength === 0)).toBe(true);
      expect(allEligible.best.minutes).toBe(1);
      const d = series((b) => (b >= 596 ? 6 : 1), 600, { minVolume: 1_000 });
      const e = d.evaluate(600 * MINUTE, false);
      expect(spike(e, 5).strength).toBeGreaterThan(spike(e, 1).strength);
      expect(e.best.minutes).toBe(5);
    });

    it('needs the volume floor: exactly minVolume posts is enough', () => {
      const at = (n: number): WindowCheck => {
        const d = steady(1, 600, { windowsMinutes: [1] });
        d.set(600, n);
        return spike(d.evaluate(601 * MINUTE, false), 1);
      };
      expect(at(19).eligible).toBe(false);
      expect(at(20).eligible).toBe(true);
    });

    it('needs the ratio floor: exactly minRatio × expected is enough', () => {
      const at = (n: number): WindowCheck => {
        const d = steady(20, 600, { windowsMinutes: [1], minVolume: 1 });
        d.set(600, n);
        return spike(d.evaluate(601 * MINUTE, false), 1);
      };
      expect(at(29).eligible).toBe(false);
      expect(at(30).eligible).toBe(true);
    });

    it('raises nothing before the warm-up is over', () => {
      const cold = steady(10, 9);
      cold.set(9, 1_000);
      const e = cold.evaluate(10 * MINUTE);
      expect(e).toMatchObject({ warm: false, anomalous: false, alert: false, score: 0 });
      const warm = steady(10, 10);
      warm.set(10, 1_000);
      expect(warm.evaluate(11 * MINUTE)).toMatchObject({ warm: true, anomalous: true, alert: true });
    });
  });

  describe('cooldown', () => {
    /** A spike in bucket b, judged at its end. */
    const spikeAt = (d: CountSpikeDetector, b: number, commit = true): CountEvaluation => {
      d.set(b, 100);
      return d.evaluate((b + 1) * MINUTE, commit);
    };

    it('keeps one episode one alert while it goes on, and alerts again after a quiet cooldown', () => {
      const d = steady(10, 600);
      expect(spikeAt(d, 600).alert).toBe(true);
      // Still anomalous 29 minutes after the last anomalous moment: the same episode.
      const again = spikeAt(d, 629);
      expect(again).toMatchObject({ anomalous: true, alert: false });
      // 29 minutes after that: the cooldown counts from the last anomalous moment, not from the alert.
      expect(spikeAt(d, 658)).toMatchObject({ anomalous: true, alert: false });
      expect(d.lastAlert).toBe(601 * MINUTE);
      // Exactly 30 minutes of quiet: a new episode.
      expect(spikeAt(d, 688)).toMatchObject({ anomalous: true, alert: true });
      expect(d.lastAlert).toBe(689 * MINUTE);
    });

    it('counts the cooldown from the last anomalous moment, not from the last evaluation', () => {
      const d = steady(10, 600);
      expect(spikeAt(d, 600).alert).toBe(true);
      d.set(620, 10);
      expect(d.evaluate(621 * MINUTE).anomalous).toBe(false);
      expect(spikeAt(d, 631).alert).toBe(true);
    });

    it('is not started by an evaluation without commit', () => {
      const d = steady(10, 600);
      expect(spikeAt(d, 600, false).alert).toBe(true);
      expect(d.lastAlert).toBeNull();
      expect(spikeAt(d, 601).alert).toBe(true);
    });

    it('does not suppress a first alert after anomalous moments that never alerted', () => {
      const d = steady(10, 600);
      spikeAt(d, 600, false);
      expect(spikeAt(d, 610).alert).toBe(true);
    });
  });

  describe('band', () => {
    it('is the range of counts as surprising as the threshold, widened to the alert floors', () => {
      const d = steady(100, 600, { windowsMinutes: [1], minVolume: 1, minRatio: 1 });
      const check = spike(d.evaluate(600 * MINUTE, false), 1);
      const band = d.band(check);
      expect(band.lower).toBeLessThan(100);
      expect(band.upper).toBeGreaterThan(100);
      const sur = (n: number): number => rawSurprise(n, check.expected, check.dispersion);
      // The upper bound is the first count at the threshold (medium's, one window: no correction).
      expect(sur(band.upper)).toBeGreaterThanOrEqual(MEDIUM);
      expect(sur(band.upper - 1)).toBeLessThan(MEDIUM);
      // An observed count at the upper bound alerts; one below does not.
      const at = (n: number): boolean => {
        const e = steady(100, 600, { windowsMinutes: [1], minVolume: 1, minRatio: 1 });
        e.set(600, n);
        return e.evaluate(601 * MINUTE, false).anomalous;
      };
      expect(at(band.upper)).toBe(true);
      expect(at(band.upper - 1)).toBe(false);
    });

    it('includes the multi-window correction and the sensitivity', () => {
      const upper = (settings: Partial<CountDetectorSettings>): number => {
        const d = steady(100, 600, { minVolume: 1, minRatio: 1, ...settings });
        return d.band(spike(d.evaluate(600 * MINUTE, false), 1)).upper;
      };
      expect(upper({ windowsMinutes: [1, 5, 15, 60] })).toBeGreaterThan(upper({ windowsMinutes: [1] }));
      expect(upper({ windowsMinutes: [1], sensitivity: 'high' })).toBeLessThan(upper({ windowsMinutes: [1] }));
      expect(upper({ windowsMinutes: [1], sensitivity: 'low' })).toBeGreaterThan(upper({ windowsMinutes: [1] }));
    });

    it('never puts the upper bound under the volume or ratio floor', () => {
      const quiet = steady(1, 600, { windowsMinutes: [1], minVolume: 40 });
      expect(quiet.band(spike(quiet.evaluate(600 * MINUTE, false), 1)).upper).toBe(40);
      const d = steady(100, 600, { windowsMinutes: [1], minVolume: 1, minRatio: 3 });
      expect(d.band(spike(d.evaluate(600 * MINUTE, false), 1)).upper).toBe(300);
    });
  });

  describe('late data', () => {
    it('adds to a folded bucket’s window sum and nudges the level as its fold would have', () => {
      const d = steady(10, 600);
      const level = d.expected(600);
      expect(d.add(599, 5)).toBe(false);
      expect(spike(d.evaluate(600 * MINUTE, false), 1).observed).toBe(15);
      // The EWMA contribution of 5 posts, age 0.
      const alpha = 1 - 0.5 ** (1 / 180);
      expect(d.expected(600)).toBeCloseTo(level + alpha * 5, 12);
      // set() on a folded bucket corrects by the difference.
      expect(d.set(599, 12)).toBe(false);
      expect(spike(d.evaluate(600 * MINUTE, false), 1).observed).toBe(12);
    });

    it('decays a late correction by the age of the bucket', () => {
      const recent = steady(10, 600);
      const old = steady(10, 600);
      const base = recent.expected(600);
      recent.learnLate(599, 50);
      old.learnLate(500, 50);
      const alpha = 1 - 0.5 ** (1 / 180);
      expect(recent.expected(600) - base).toBeCloseTo(alpha * 50, 12);
      expect(old.expected(600) - base).toBeCloseTo(alpha * (1 - alpha) ** 99 * 50, 12);
    });

    it('takes any bucket as open before the first fold, even one before the epoch', () => {
      const d = new CountSpikeDetector(MINUTE, FLAT);
      expect(d.add(-10, 4)).toBe(true);
      expect(d.set(0, 5)).toBe(true);
      expect(d.add(-10, 1)).toBe(true);
      d.fold(0);
      expect(d.lastFolded).toBe(0);
      expect(d.observedBuckets).toBe(2);
      expect(spike(d.evaluate(MINUTE, false), 5).observed).toBe(5);
      expect(d.set(1, 7)).toBe(true);
    });

    it('learns nothing late before it has a level, and nothing from a zero delta', () => {
      const fresh = new CountSpikeDetector(MINUTE, FLAT);
      const before = JSON.stringify(fresh.snapshot());
      fresh.learnLate(5, 100);
      expect(JSON.stringify(fresh.snapshot())).toBe(before);
      const d = steady(10, 600);
      const learnt = JSON.stringify(d.snapshot());
      d.learnLate(500, 0);
      expect(JSON.stringify(d.snapshot())).toBe(learnt);
    });

    it('adds late posts to their hour’s total without counting a new bucket', () => {
      const d = steady(10, 600);
      const hourOf500 = Math.floor(500 / 60);
      const row = (): number[] => d.snapshot().hours.find(([h]) => h === hourOf500)!;
      expect(row()).toEqual([hourOf500, 600, 60]);
      d.learnLate(500, 60);
      expect(row()).toEqual([hourOf500, 660, 60]);
    });

    it('adds to an open bucket (true) instead of replacing it', () => {
      const d = steady(10, 600);
      expect(d.add(600, 3)).toBe(true);
      expect(d.add(600, 4)).toBe(true);
      expect(spike(d.evaluate(601 * MINUTE, false), 1).observed).toBe(7);
    });
  });

  describe('baselines', () => {
    it('clips a spike before it teaches the level, so one outlier is not the new normal', () => {
      const d = steady(10, 600);
      d.set(600, 10_000);
      d.fold(600);
      // Clipped at 5 standard deviations (+1) above 10 with the learnt dispersion: the level moves by under 1%.
      expect(d.expected(601)).toBeLessThan(10.1);
      expect(d.expected(601)).toBeGreaterThan(10);
    });

    it('multiplies the level by the time-of-day factor, in expectations and in windows', () => {
      const s = steady(10, 600).snapshot();
      const twice = { ...s, recent: { ...s.recent, daily: Array<number>(24).fill(2) }, slow: { ...s.slow, daily: Array<number>(24).fill(4) } };
      const d = CountSpikeDetector.restore(twice, FLAT);
      expect(d.expected(600)).toBe(20);
      // Without two days of hours, the usual is the slow model's.
      expect(d.usual(600)).toBe(40);
      d.set(600, 10);
      expect(spike(d.evaluate(601 * MINUTE, false), 1).expected).toBe(20);
      expect(spike(d.evaluate(601 * MINUTE, false), 5).expected).toBe(100);
    });

    it('judges a folded bucket against the level before it was folded', () => {
      const d = steady(10, 600);
      d.set(600, 40);
      d.fold(600);
      expect(d.expected(601)).toBeGreaterThan(10);
      expect(spike(d.evaluate(601 * MINUTE, false), 1)).toMatchObject({ observed: 40, expected: 10 });
    });

    it('clips what an outlier teaches at clipSigmas standard deviations (+1) above the expectation', () => {
      const d = steady(10, 600);
      d.set(600, 10_000);
      d.fold(600);
      // The dispersion in force at the fold (learnt from the windows ending at it) is the one the next check reports.
      const d0 = spike(d.evaluate(601 * MINUTE, false), 1).dispersion;
      const clipped = 10 + 5 * Math.sqrt(10 + d0 * 100) + 1;
      expect(d.expected(601)).toBeCloseTo(10 + (1 - 0.5 ** (1 / 180)) * (clipped - 10), 10);
    });

    it('shrinks the learnt dispersion (a − b) / c towards the prior, worth an hour of updates', () => {
      const d = series((b) => (b % 2 ? 4 : 16), 90);
      const { disp, recent } = d.snapshot();
      const e = d.evaluate(90 * MINUTE, false);
      disp.forEach((state, k) => {
        const learnt = Math.max(0.01, (state.a - state.b) / state.c);
        const check = e.checks[k]!;
        expect(check.dispersion).toBeCloseTo(young(shrunk(state.n, learnt), check.expected / check.minutes, recent.learnt!), 12);
      });
      // Windows starting on the first ten buckets (a young level) teach nothing.
      expect(disp[0]!.n).toBe(80);
      expect(disp[1]!.n).toBe(76);
    });

    it('means the same wall-clock durations on five-minute buckets', () => {
      const step = 5 * MINUTE;
      const five = (settings: Partial<CountDetectorSettings> = {}) => steady(10, 11, { warmupMinutes: 60, ...settings }, step);
      // Floor: a hundredth of a post a minute is 0.05 a bucket.
      expect(steady(0, 20, {}, step).expected(20)).toBe(0.05);
      // Warm-up: twelve buckets are the hour.
      const cold = five();
      cold.set(11, 1_000);
      expect(cold.evaluate(12 * step, false).warm).toBe(false);
      const warm = steady(10, 12, { warmupMinutes: 60 }, step);
      warm.set(12, 1_000);
      expect(warm.evaluate(13 * step, false)).toMatchObject({ warm: true, anomalous: true });
      // The prior is worth an hour of updates: 12 buckets (learnt from bucket 10, once the level is not young).
      expect(spike(steady(10, 22, {}, step).evaluate(22 * step, false), 5).dispersion).toBeCloseTo(young(shrunk(12, 0.01, PRIOR, 12), 10, 22), 12);
      // Level half-life: 180 minutes are 36 buckets.
      const d = steady(10, 120, {}, step);
      for (let b = 120; b < 156; b++) {
        d.set(b, 20);
        d.fold(b);
      }
      expect(d.expected(156)).toBeCloseTo(15, 6);
      // The shift window: 60 minutes are 12 buckets.
      const shifted = steady(10, 300, { shiftHalfLifeMinutes: 120 }, step);
      const shift = shifted.evaluate(300 * step, false).checks.find((c) => c.kind === 'shift')!;
      expect(shift).toMatchObject({ minutes: 60, observed: 120 });
    });

    it('follows a new level with the configured half-life', () => {
      const d = steady(10, 600);
      for (let b = 600; b < 780; b++) {
        d.set(b, 20);
        d.fold(b);
      }
      // 180 minutes is one half-life: halfway from 10 to 20.
      expect(d.expected(780)).toBeCloseTo(15, 6);
    });

    it('never expects less than the background rate', () => {
      const d = steady(0, 600);
      expect(d.expected(600)).toBe(0.01);
      expect(d.usual(600)).toBe(0.01);
      expect(spike(d.evaluate(600 * MINUTE, false), 1).expected).toBe(0.01);
      // A window with no bucket known is no check at all.
      expect(d.evaluate(601 * MINUTE, false).checks.map((c) => c.minutes)).toEqual([5]);
    });

    it('reports the horizon its windows reach', () => {
      expect(new CountSpikeDetector(MINUTE, { windowsMinutes: [1, 5], shiftWindowMinutes: 60 }).horizonBuckets).toBe(60);
      expect(new CountSpikeDetector(MINUTE, { windowsMinutes: [1, 90], shiftWindowMinutes: 60 }).horizonBuckets).toBe(90);
    });

    it('refuses a step that is not a positive number and an empty window list', () => {
      expect(() => new CountSpikeDetector(0)).toThrow('stepMs must be a positive number, got 0');
      expect(() => new CountSpikeDetector(-MINUTE)).toThrow('stepMs must be a positive number');
      expect(() => new CountSpikeDetector(Number.NaN)).toThrow('stepMs must be a positive number');
      expect(() => new CountSpikeDetector(Infinity)).toThrow('stepMs must be a positive number');
      expect(() => new CountSpikeDetector(MINUTE, { windowsMinutes: [] })).toThrow('at least one window');
    });
  });

  describe('sustained shift', () => {
    /** Four days of a noisy daily rhythm, then `hours` hours at `factor` times the usual. */
    function rhythm(factor: number, hours: number): { d: CountSpikeDetector; end: number } {
      const d = new CountSpikeDetector(MINUTE, { tzOffsetMinutes: 0, windowsMinutes: [1], seasonHalfLifeDays: 0, warmupMinutes: 10 });
      const noise = seededRandom(7);
      const usual = (b: number): number => 10 + 8 * Math.sin((2 * Math.PI * b) / 1440);
      const end = 4 * 1440 + hours * 60;
      for (let b = 0; b < end; b++) {
        d.set(b, Math.max(0, Math.round(usual(b) * (b >= 4 * 1440 ? factor : 1) + (noise() - 0.5) * 4)));
        d.fold(b);
      }
      return { d, end };
    }

    it('adds a shift check over the shift window, against the usual for the hour', () => {
      const { d, end } = rhythm(1, 3);
      const e = d.evaluate(end * MINUTE, false);
      const shift = e.checks.find((c) => c.kind === 'shift')!;
      expect(shift.minutes).toBe(60);
      expect(shift.observed / shift.expected).toBeGreaterThan(0.9);
      expect(shift.observed / shift.expected).toBeLessThan(1.1);
      expect(Math.abs(shift.z!)).toBeLessThan(1);
    });

    it('flags hours at three times the usual, which no single minute makes surprising', () => {
      const { d, end } = rhythm(3, 3);
      const e = d.evaluate(end * MINUTE, false);
      const shift = e.checks.find((c) => c.kind === 'shift')!;
      expect(shift.z!).toBeGreaterThan(SHIFT_MEDIUM);
      expect(shift.strength).toBeCloseTo(shift.z! / SHIFT_MEDIUM, 12);
      expect(spike(e, 1).strength).toBeLessThan(1);
      expect(e.best).toBe(shift);
      expect(e.anomalous).toBe(true);
      const band = d.band(shift);
      expect(band.upper).toBeLessThan(shift.observed);
      expect(band.lower).toBeLessThanOrEqual(shift.expected);
    });

    it('is off with a zero half-life, learning nothing', () => {
      const d = steady(10, 600, { shiftHalfLifeMinutes: 0 });
      expect(d.evaluate(600 * MINUTE, false).checks.some((c) => c.kind === 'shift')).toBe(false);
      expect(d.snapshot().shift).toEqual({ h: 0, n: 0, samples: [], sampledAt: null });
    });

    it('sums the shift window like the spike windows: known buckets only, the last for its elapsed fraction', () => {
      const d = series((b) => (b === 590 ? undefined : 10), 600, { shiftHalfLifeMinutes: 120 });
      d.set(600, 4);
      const shift = d.evaluate(600 * MINUTE + 15_000, false).checks.find((c) => c.kind === 'shift')!;
      // Buckets 541…600 less the gap at 590: 58 whole buckets of 10 and a quarter of bucket 600.
      expect(shift.observed).toBe(58 * 10 + 4);
      expect(shift.expected).toBeCloseTo(58 * 10 + 2.5, 9);
      // Ordinary counts are not eligible: the ratio floor.
      expect(shift.eligible).toBe(false);
    });

    it('includes a complete bucket not yet folded in the statistic, and a partial one only once folded', () => {
      const { d, end } = rhythm(1, 3);
      d.set(end, 200);
      const z = (at: number): number => d.evaluate(at, false).checks.find((c) => c.kind === 'shift')!.z!;
      const before = z(end * MINUTE);
      expect(z(end * MINUTE + 30_000)).toBe(before);
      const pending = z((end + 1) * MINUTE);
      expect(pending).toBeGreaterThan(before + 0.1);
      d.fold(end);
      // Folded, the bucket is in the statistic itself (not counted twice), clipped as everything it learns.
      const folded = z((end + 1) * MINUTE);
      expect(folded).toBeGreaterThan(before);
      expect(folded).toBeLessThan(pending);
    });

    it('adds no check for windows without data, and then speaks with an empty spike check', () => {
      const { d, end } = rhythm(1, 3);
      const e = d.evaluate((end + 200) * MINUTE, false);
      expect(e.checks).toEqual([]);
      expect(e.best).toEqual({ kind: 'spike', minutes: 1, observed: 0, expected: 0, surprise: 0, dispersion: PRIOR, strength: 0, eligible: false });
      expect(e.score).toBe(0);
    });
  });

  describe('snapshot', () => {
    it('survives JSON and carries on identically, open buckets included', () => {
      const a = steady(10, 600, { shiftHalfLifeMinutes: 120 });
      a.set(600, 30);
      a.evaluate(601 * MINUTE);
      const b = CountSpikeDetector.restore(JSON.parse(JSON.stringify(a.snapshot())) as CountDetectorSnapshot, { ...FLAT, shiftHalfLifeMinutes: 120 });
      expect(b.snapshot()).toEqual(JSON.parse(JSON.stringify(a.snapshot())));
      for (const d of [a, b]) d.set(601, 90);
      expect(b.evaluate(602 * MINUTE)).toEqual(a.evaluate(602 * MINUTE));
      for (const d of [a, b]) d.fold(601);
      expect(b.snapshot()).toEqual(a.snapshot());
    });

    it('keeps the cooldown across a restore', () => {
      const a = steady(10, 600);
      a.set(600, 100);
      expect(a.evaluate(601 * MINUTE).alert).toBe(true);
      const b = CountSpikeDetector.restore(a.snapshot(), FLAT);
      expect(b.lastAlert).toBe(601 * MINUTE);
      b.set(601, 100);
      expect(b.evaluate(602 * MINUTE)).toMatchObject({ anomalous: true, alert: false });
    });

    it('starts the dispersion again when the window list changed', () => {
      const a = steady(10, 600);
      const b = CountSpikeDetector.restore(a.snapshot(), { ...FLAT, windowsMinutes: [1, 5, 15] });
      expect(b.evaluate(600 * MINUTE, false).checks.map((c) => c.dispersion)).toEqual([PRIOR, PRIOR, PRIOR]);
    });

    it('refuses an unknown version', () => {
      const s = { ...steady(10, 20).snapshot(), version: 2 } as unknown as CountDetectorSnapshot;
      expect(() => CountSpikeDetector.restore(s)).toThrow('unknown detector snapshot version 2');
    });

    /** Taken (and stored as JSON) by the detector before its split into files: bucket 7 still open. */
    const SETTINGS_OF_STORED: Partial<CountDetectorSettings> = { tzOffsetMinutes: 0, windowsMinutes: [1, 5], seasonHalfLifeDays: 0, shiftWindowMinutes: 5, seasonDays: 1 };
    const STORED = {
      version: 1,
      stepMs: 60000,
      levelSeen: true,
      recent: { level: 11.95819255395214, daily: Array<number>(24).fill(1), heard: Array<number>(24).fill(0) },
      slow: { level: 11.997354733926494, daily: Array<number>(24).fill(1), heard: Array<number>(24).fill(0) },
      hours: [[0, 73, 7]],
      disp: [
        { a: 4.953567310521688, b: 11.98252689349688, c: 143.5811498280478, n: 7 },
        { a: 81.36030153094717, b: 59.98078293610288, c: 3597.6950602189795, n: 3 },
      ],
      shift: { h: -0.004664497280328668, n: 7, samples: [0], sampledAt: 0 },
      seen: 7,
      foldedThrough: 6,
      lastAlertAt: null,
      lastAnomalousAt: null,
      ring: [
        [0, 12, 12],
        [1, 9, 12],
        [2, 11, 11.988469761661726],
        [3, 10, 11.98467066434768],
        [4, 8, 11.977042755753377],
        [5, 13, 11.961757338801595],
        [6, 10, 11.965747733913789],
        [7, 9, null],
      ],
    } satisfies CountDetectorSnapshot;

    it('restores a snapshot stored before the split, and judges its open bucket against the stored level', () => {
      const restored = CountSpikeDetector.restore(structuredClone(STORED), SETTINGS_OF_STORED);
      // A snapshot from before levels counted what they learnt from is taken as a mature level.
      const mature = { learnt: Number.MAX_SAFE_INTEGER };
      expect(restored.snapshot()).toEqual({ ...STORED, recent: { ...STORED.recent, ...mature }, slow: { ...STORED.slow, ...mature } });
      // The open bucket's level is unknown (null in JSON), not 0: it is judged against the recent level.
      const e = restored.evaluate(8 * MINUTE, false);
      expect(spike(e, 1)).toMatchObject({ observed: 9, expected: 11.95819255395214 });
      expect(spike(e, 5).expected).toBeCloseTo(59.923353321738404, 9);
    });
  });
});

/** Measured on the detector as it stands (a characterisation: a change to any rate constant moves them). */
const PINNED = {
  expected: 11.158146277740647,
  usual: 10.424768518518519,
  checks: [
    ['spike', 5, 11.158146, 115.027424, 0.024742],
    ['spike', 15, 33.440721, 47.401932, 0.026605],
    ['spike', 60, 134.280073, 9.804011, 0.02626],
    ['shift', 60, 127.495949, 0.997362, 0],
  ],
  score: 0.8646895548286224,
};

describe('a detector on 5-minute buckets with the default settings (every half-life and window converted to buckets)', () => {
  // Three days of a daily rhythm with seeded noise, then a burst: every rate constant shapes these numbers.
  const STEP = 5 * MINUTE;
  const run = (windowsMinutes: number[]) => {
    const rand = seededRandom(20261205);
    const d = new CountSpikeDetector(STEP, { windowsMinutes });
    const perDay = (24 * 60) / 5;
    const days = 3;
    for (let b = 0; b < days * perDay; b++) {
      const hour = ((b % perDay) * 5) / 60;
      const rate = 40 + 30 * Math.sin(((hour - 6) / 24) * 2 * Math.PI);
      d.set(b, Math.round(rate * (0.8 + 0.4 * rand())));
      d.fold(b);
    }
    const last = days * perDay;
    d.set(last, 240);
    return { d, e: d.evaluate((last + 1) * STEP), last };
  };

  it('looks at its windows shortest first whatever order they are given in', () => {
    const { e } = run([60, 5, 15]);
    expect(e.checks.filter((c) => c.kind === 'spike').map((c) => c.minutes)).toEqual([5, 15, 60]);
  });

  it('pins what it learnt and what it makes of the burst', () => {
    const { d, e, last } = run([5, 15, 60]);
    expect(d.expected(last)).toBeCloseTo(PINNED.expected, 6);
    expect(d.usual(last)).toBeCloseTo(PINNED.usual, 6);
    const checks = e.checks.map((c) => [c.kind, c.minutes, Number(c.expected.toFixed(6)), Number(c.surprise.toFixed(6)), Number(c.dispersion.toFixed(6))]);
    expect(checks).toEqual(PINNED.checks);
    expect(e.score).toBeCloseTo(PINNED.score, 6);
  });
});
