import { describe, it, expect } from '@jest/globals';
import { NegativeShareDetector, type ShareDetectorSnapshot, type ShareSettings } from './share-detector.js';
import { logBinomialUpperTail, surprise } from './stats.js';

const MINUTE = 60_000;
/** One bucket of the EWMA: a half-life of 24 hours of one-minute buckets. */
const ALPHA = 1 - 0.5 ** (1 / 1440);

/**
 * The single-window detector with an hour's warm-up, as these pins were written for; the short window and the
 * first-hour warm-up have their own specs below.
 */
const SINGLE: Partial<ShareSettings> = { shortWindowMinutes: 0, warmupMinutes: 60 };

/** Buckets 0…minutes−1 with `total` posts of which `negative` negative, each folded once closed. */
function steady(total: number, negative: number, minutes: number, settings: Partial<ShareSettings> = {}): NegativeShareDetector {
  const d = new NegativeShareDetector(MINUTE, { ...SINGLE, ...settings });
  for (let b = 0; b < minutes; b++) {
    d.add(b, total, negative);
    d.fold(b);
  }
  return d;
}

/**
 * The usual share after `folded` steady buckets, from the EWMA and prior definitions: a bucket teaches it once it
 * has left the `window`-bucket window.
 */
function usualAfter(folded: number, total: number, negative: number, prior = { share: 0.3, posts: 20 }, window = 15): number {
  const n = Math.max(0, folded - window);
  let tot = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    tot += ALPHA * (total - tot);
    neg += ALPHA * (negative - neg);
  }
  return (neg / ALPHA + prior.share * prior.posts) / (tot / ALPHA + prior.posts);
}

describe('NegativeShareDetector', () => {
  describe('the usual share', () => {
    it('is the prior before any data', () => {
      expect(new NegativeShareDetector(MINUTE).usualShare()).toBeCloseTo(0.3, 15);
      expect(new NegativeShareDetector(MINUTE, { priorShare: 0.1 }).usualShare()).toBeCloseTo(0.1, 15);
    });

    it('moves from the prior to the data, the prior worth its posts', () => {
      const d = steady(10, 5, 120);
      expect(d.usualShare()).toBeCloseTo(usualAfter(120, 10, 5), 12);
      // After a while the data outweighs the twenty prior posts.
      expect(steady(10, 5, 600).usualShare()).toBeGreaterThan(0.49);
    });

    it('learns late data as if it had been folded', () => {
      const d = steady(10, 3, 120);
      expect(d.usualShare()).toBeCloseTo(usualAfter(120, 10, 3), 12);
      const snapshotBefore = d.snapshot();
      d.learnLate(100, 100);
      const after = d.snapshot();
      // Each EWMA gains alpha × the late posts, as their fold would have given them.
      expect(after.negEwma - snapshotBefore.negEwma).toBeCloseTo(ALPHA * 100, 15);
      expect(after.totEwma - snapshotBefore.totEwma).toBeCloseTo(ALPHA * 100, 15);
      expect(d.usualShare()).toBeCloseTo((after.negEwma / ALPHA + 0.3 * 20) / (after.totEwma / ALPHA + 20), 15);
    });
  });

  describe('evaluation', () => {
    it('sums the posts of the window ending at the evaluation time', () => {
      const d = steady(10, 3, 120);
      d.add(120, 40, 30);
      const e = d.evaluate(121 * MINUTE, false);
      // 14 steady buckets and the new one.
      expect(e).toMatchObject({ total: 14 * 10 + 40, negative: 14 * 3 + 30 });
      expect(e.observedShare).toBeCloseTo((14 * 3 + 30) / 180, 15);
      expect(e.expectedShare).toBeCloseTo(usualAfter(120, 10, 3), 12);
    });

    it('judges at a bucket end the bucket that just ended, not the empty next one', () => {
      const d = steady(10, 3, 120);
      d.add(120, 40, 30);
      expect(d.evaluate(121 * MINUTE, false).total).toBe(180);
      expect(d.evaluate(120 * MINUTE, false).total).toBe(150);
      expect(d.evaluate(120 * MINUTE + 1, false).total).toBe(180);
    });

    it('scores the binomial surprise over at most maxEffectivePosts posts', () => {
      const d = steady(10, 3, 120);
      d.add(120, 100, 90);
      const e = d.evaluate(121 * MINUTE, false);
      const n = 40;
      expect(e.surprise).toBeCloseTo(surprise(logBinomialUpperTail(e.observedShare * n, n, e.expectedShare)), 10);
      const wide = steady(10, 3, 120, { maxEffectivePosts: 200 });
      wide.add(120, 100, 90);
      expect(wide.evaluate(121 * MINUTE, false).surprise).toBeGreaterThan(e.surprise);
    });

    it('alerts when the share is surprising, far enough above the usual and on enough posts', () => {
      const d = steady(10, 3, 120, { windowMinutes: 1 });
      d.add(120, 100, 90);
      const e = d.evaluate(121 * MINUTE);
      expect(e).toMatchObject({ anomalous: true, alert: true });
      expect(e.score).toBeGreaterThanOrEqual(0.5);
      expect(e.score).toBeCloseTo(e.surprise / 6 / (1 + e.surprise / 6), 12);
    });

    it('scores 0 below the volume floor, below the minimum shift and before the warm-up', () => {
      const few = steady(1, 0, 120, { minVolume: 20, windowMinutes: 1 });
      few.add(120, 19, 19);
      expect(few.evaluate(121 * MINUTE, false)).toMatchObject({ score: 0, anomalous: false });
      const enough = steady(1, 0, 120, { minVolume: 20, windowMinutes: 1 });
      enough.add(120, 20, 20);
      expect(enough.evaluate(121 * MINUTE, false)).toMatchObject({ anomalous: true });

      // A tiny shift on many effective posts is surprising, but under minShift.
      const small = steady(100, 30, 2_000, { maxEffectivePosts: 100_000, windowMinutes: 1 });
      const p0 = small.usualShare();
      small.add(2_000, 10_000, Math.round(10_000 * (p0 + 0.1)));
      const e = small.evaluate(2_001 * MINUTE, false);
      expect(e.surprise).toBeGreaterThan(6);
      expect(e).toMatchObject({ score: 0, anomalous: false });

      const cold = steady(10, 3, 59, { windowMinutes: 1 });
      cold.add(59, 100, 90);
      expect(cold.evaluate(60 * MINUTE, false)).toMatchObject({ score: 0, anomalous: false });
      const warm = steady(10, 3, 60, { windowMinutes: 1 });
      warm.add(60, 100, 90);
      expect(warm.evaluate(61 * MINUTE, false).anomalous).toBe(true);
    });

    it('has a band around the usual share, at least minShift wide above it', () => {
      const d = steady(10, 3, 600);
      const e = d.evaluate(600 * MINUTE, false);
      expect(e.band.lower).toBeLessThan(e.expectedShare);
      expect(e.band.lower).toBeGreaterThanOrEqual(0);
      expect(e.band.upper).toBeGreaterThanOrEqual(e.expectedShare + 0.15 - 1e-12);
      expect(e.band.upper).toBeLessThanOrEqual(1);
      // The upper bound is where the binomial tail over the effective posts reaches the threshold.
      const n = Math.min(e.total, 40);
      const atUpper = surprise(logBinomialUpperTail(e.band.upper * n, n, e.expectedShare));
      expect(atUpper).toBeGreaterThanOrEqual(6 - 1e-6);
      expect(surprise(logBinomialUpperTail((e.band.upper - 0.01) * n, n, e.expectedShare))).toBeLessThan(6);
    });

    it('gives a band of the whole range when no share can be that surprising', () => {
      const d = steady(1, 0, 600, { windowMinutes: 1, maxEffectivePosts: 1 });
      expect(d.evaluate(600 * MINUTE, false).band.upper).toBe(1);
    });
  });

  describe('cooldown', () => {
    const negativeAt = (d: NegativeShareDetector, b: number, commit = true) => {
      d.add(b, 100, 90);
      return d.evaluate((b + 1) * MINUTE, commit);
    };

    it('keeps an episode one alert until it has been absent for the cooldown', () => {
      const d = steady(10, 3, 120, { cooldownMinutes: 30, windowMinutes: 1 });
      expect(negativeAt(d, 120).alert).toBe(true);
      expect(negativeAt(d, 149)).toMatchObject({ anomalous: true, alert: false });
      expect(negativeAt(d, 178)).toMatchObject({ anomalous: true, alert: false });
      expect(negativeAt(d, 208)).toMatchObject({ anomalous: true, alert: true });
    });

    it('is not started without commit', () => {
      const d = steady(10, 3, 120, { cooldownMinutes: 30, windowMinutes: 1 });
      expect(negativeAt(d, 120, false).alert).toBe(true);
      expect(d.snapshot()).toMatchObject({ lastAlertAt: null, lastAnomalousAt: null });
      expect(negativeAt(d, 121).alert).toBe(true);
      expect(d.snapshot()).toMatchObject({ lastAlertAt: 122 * MINUTE, lastAnomalousAt: 122 * MINUTE });
    });

    it('is started by a plain evaluation (commit is the default)', () => {
      const d = steady(10, 3, 120, { cooldownMinutes: 30, windowMinutes: 1 });
      d.add(120, 100, 90);
      expect(d.evaluate(121 * MINUTE).alert).toBe(true);
      d.add(121, 100, 90);
      expect(d.evaluate(122 * MINUTE).alert).toBe(false);
    });

    it('remembers the last alert and the last anomalous moment, and nothing for ordinary moments', () => {
      const d = steady(10, 3, 120, { cooldownMinutes: 30, windowMinutes: 1 });
      d.evaluate(120 * MINUTE);
      expect(d.snapshot()).toMatchObject({ lastAlertAt: null, lastAnomalousAt: null });
      negativeAt(d, 120);
      negativeAt(d, 125);
      d.evaluate(140 * MINUTE);
      expect(d.snapshot()).toMatchObject({ lastAlertAt: 121 * MINUTE, lastAnomalousAt: 126 * MINUTE });
    });
  });

  describe('other bucket sizes', () => {
    it('measures the window, the half-life and the warm-up in minutes, not buckets', () => {
      const step = 5 * MINUTE;
      /** `n` steady five-minute buckets folded, then an all-negative one open. */
      const build = (n: number): NegativeShareDetector => {
        const d = new NegativeShareDetector(step, { ...SINGLE, windowMinutes: 15 });
        for (let b = 0; b < n; b++) {
          d.add(b, 10, 3);
          d.fold(b);
        }
        d.add(n, 60, 60);
        return d;
      };
      // Eleven folded buckets are 55 minutes, short of the warm-up; three buckets make the 15-minute window.
      const cold = build(11).evaluate(12 * step, false);
      expect(cold).toMatchObject({ total: 80, negative: 66, score: 0, anomalous: false });
      expect(cold.surprise).toBeGreaterThan(6);
      expect(build(12).evaluate(13 * step, false).anomalous).toBe(true);
      // The half-life is 24 hours: 288 buckets of five minutes.
      const alpha = 1 - 0.5 ** (1 / 288);
      let tot = 0;
      let neg = 0;
      // Of eleven folded buckets, the eight that left the three-bucket window taught the usual share.
      for (let i = 0; i < 8; i++) {
        tot += alpha * (10 - tot);
        neg += alpha * (3 - neg);
      }
      expect(build(11).usualShare()).toBeCloseTo((neg / alpha + 6) / (tot / alpha + 20), 12);
    });
  });

  describe('bounds', () => {
    it('keeps the usual share inside (0.001, 0.999)', () => {
      expect(steady(10, 10, 60, { priorPosts: 0 }).evaluate(60 * MINUTE, false).expectedShare).toBe(0.999);
      expect(steady(10, 0, 60, { priorPosts: 0 }).evaluate(60 * MINUTE, false).expectedShare).toBe(0.001);
    });

    it('judges an empty window as no evidence at all', () => {
      const d = steady(10, 3, 120);
      const e = d.evaluate(200 * MINUTE, false);
      expect(e).toMatchObject({ total: 0, negative: 0, observedShare: 0, score: 0, anomalous: false });
      expect(e.surprise).toBe(0);
    });

    it('accepts a rise of exactly minShift above the usual share', () => {
      // Negative posts exactly half of all: the EWMAs keep that ratio exactly, and without prior so does the share.
      const at = (minShift: number): boolean => {
        const d = steady(4, 2, 120, { priorPosts: 0, windowMinutes: 1, minShift, thresholds: { low: 2, medium: 2, high: 2 } });
        d.add(120, 100, 75);
        const e = d.evaluate(121 * MINUTE, false);
        expect(e.expectedShare).toBe(0.5);
        expect(e.surprise).toBeGreaterThan(2);
        return e.anomalous;
      };
      expect(at(0.25)).toBe(true);
      expect(at(0.26)).toBe(false);
    });

    it('folds nothing twice and nothing before the first data', () => {
      const empty = new NegativeShareDetector(MINUTE);
      empty.fold(50);
      expect(empty.snapshot()).toMatchObject({ seen: 0, foldedThrough: null });
      const d = steady(10, 3, 20);
      const before = d.snapshot();
      d.fold(19);
      d.fold(3);
      expect(d.snapshot()).toEqual(before);
    });
  });

  describe('buckets', () => {
    it('adds to an open bucket', () => {
      const d = steady(10, 3, 120);
      d.add(120, 5, 1);
      d.add(120, 5, 1);
      expect(d.has(120)).toBe(true);
      expect(d.evaluate(121 * MINUTE, false)).toMatchObject({ total: 150, negative: 44 });
    });

    it('counts late posts of a folded bucket still in memory in its window, and teaches them', () => {
      const d = steady(10, 3, 120);
      const usual = d.usualShare();
      d.add(119, 10, 10);
      expect(d.evaluate(120 * MINUTE, false)).toMatchObject({ total: 160, negative: 55 });
      expect(d.usualShare()).toBeGreaterThan(usual);
    });

    it('only teaches late posts of a bucket no longer in memory', () => {
      const d = steady(10, 3, 120);
      const usual = d.usualShare();
      d.add(10, 10, 10);
      expect(d.has(10)).toBe(false);
      expect(d.evaluate(120 * MINUTE, false)).toMatchObject({ total: 150, negative: 45 });
      expect(d.usualShare()).toBeGreaterThan(usual);
    });

    it('folds a watched bucket without posts as zero posts and skips an unwatched gap', () => {
      const watched = steady(10, 3, 120);
      watched.fold(150, () => true);
      const unwatched = steady(10, 3, 120);
      unwatched.fold(150);
      expect(watched.has(125)).toBe(true);
      expect(unwatched.has(125)).toBe(false);
      // Zeros, once out of the window, pull the posts EWMA down; the share is a ratio of the two EWMAs, so it barely moves.
      expect(watched.snapshot().seen).toBe(151);
      expect(unwatched.snapshot().seen).toBe(120);
      expect(watched.snapshot().totEwma).toBeLessThan(unwatched.snapshot().totEwma);
    });
  });

  describe('snapshot', () => {
    it('survives JSON and carries on identically', () => {
      const a = steady(10, 3, 200);
      a.add(200, 50, 40);
      a.evaluate(201 * MINUTE);
      const b = NegativeShareDetector.restore(JSON.parse(JSON.stringify(a.snapshot())) as ShareDetectorSnapshot, SINGLE);
      expect(b.snapshot()).toEqual(a.snapshot());
      for (const d of [a, b]) d.add(201, 100, 90);
      expect(b.evaluate(202 * MINUTE)).toEqual(a.evaluate(202 * MINUTE));
    });

    it('refuses an unknown version', () => {
      const s = { ...steady(1, 0, 2).snapshot(), version: 3 } as unknown as ShareDetectorSnapshot;
      expect(() => NegativeShareDetector.restore(s)).toThrow('unknown share snapshot version 3');
    });

    /** Taken by the detector before the shared ring buffer: bucket 7 still open. */
    const STORED = {
      version: 1,
      stepMs: 60000,
      negEwma: 0.0028834838226947357,
      totEwma: 0.03507934774743138,
      seen: 7,
      foldedThrough: 6,
      lastAlertAt: null,
      lastAnomalousAt: null,
      ring: [
        [0, 12, 0],
        [1, 9, 1],
        [2, 11, 2],
        [3, 10, 0],
        [4, 8, 1],
        [5, 13, 2],
        [6, 10, 0],
        [7, 9, 1],
      ],
    } satisfies ShareDetectorSnapshot;

    it('restores a snapshot stored before the shared ring buffer', () => {
      const restored = NegativeShareDetector.restore(structuredClone(STORED), { windowMinutes: 3 });
      expect(restored.snapshot()).toEqual(STORED);
      const e = restored.evaluate(8 * MINUTE, false);
      expect(e).toMatchObject({ total: 32, negative: 3, observedShare: 0.09375 });
      expect(e.expectedShare).toBeCloseTo(0.12909118573040082, 14);
      expect(e.band.upper).toBeCloseTo(0.4870271966656219, 12);
    });
  });
});
