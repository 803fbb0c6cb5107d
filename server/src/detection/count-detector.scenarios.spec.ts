import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { CountSpikeDetector } from './count-detector.js';
import { runCountSeries, type SeriesPoint } from './series.js';
import { seededRandom as rng } from '../common/random.js';
import { poisson } from '../../../test/support/counts.js';

const MINUTE = 60_000;
const DAY = 1440;
/** Monday 2025-05-12 00:00 in Jakarta. */
const T0 = Date.UTC(2025, 4, 11, 17, 0);



function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Gamma(shape, 1) by Marsaglia–Tsang. */
function gamma(r: () => number, shape: number): number {
  if (shape < 1) return gamma(r, shape + 1) * r() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian(r);
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(1 - r()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Posts a minute with a Jakarta daily rhythm: quiet nights, busy evenings. */
const dailyRate = (minute: number, base: number): number => {
  const hour = ((minute / 60 + 7) % 24 + 24) % 24;
  return base * (0.25 + 0.75 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24)));
};

interface SeriesOptions {
  days: number;
  base?: number;
  seed?: number;
  /** Negative binomial dispersion of per-minute counts (0: Poisson). */
  dispersion?: number;
  rate?: (minute: number, usual: number) => number;
}

function series(o: SeriesOptions): SeriesPoint[] {
  const r = rng(o.seed ?? 1);
  const out: SeriesPoint[] = [];
  for (let m = 0; m < o.days * DAY; m++) {
    const t = T0 + m * MINUTE;
    const usual = dailyRate(t / MINUTE, o.base ?? 20);
    const mean = o.rate ? o.rate(m, usual) : usual;
    const k = o.dispersion ?? 0;
    out.push({ t, value: k > 0 ? poisson(r, (gamma(r, 1 / k) * k) * mean) : poisson(r, mean) });
  }
  return out;
}

const alertMinutes = (points: SeriesPoint[], settings = {}): number[] =>
  runCountSeries(points, MINUTE, { settings })
    .map((x, i) => (x.alert ? i : -1))
    .filter((i) => i >= 0);

describe('CountSpikeDetector on synthetic series (scenarios)', () => {
  it('stays quiet on a seasonal Poisson series after warming up', () => {
    const alerts = alertMinutes(series({ days: 5, seed: 3 }));
    expect(alerts.filter((m) => m >= DAY)).toEqual([]);
  });

  it('stays (nearly) quiet on bursty, overdispersed counts', () => {
    const alerts = alertMinutes(series({ days: 5, seed: 4, dispersion: 0.3 }));
    expect(alerts.filter((m) => m >= DAY).length).toBeLessThanOrEqual(1);
  });

  it('raises one decision for one spike, early in it', () => {
    const start = 3 * DAY + 20 * 60;
    const points = series({ days: 4, seed: 5, rate: (m, usual) => (m >= start && m < start + 15 ? usual * 8 : usual) });
    const alerts = alertMinutes(points).filter((m) => m >= DAY);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]! - start).toBeLessThanOrEqual(3);
  });

  it('raises one decision for a level shift, then adapts instead of repeating', () => {
    const start = 3 * DAY + 13 * 60;
    const points = series({ days: 6, seed: 6, rate: (m, usual) => (m >= start ? usual * 3 : usual) });
    const alerts = alertMinutes(points).filter((m) => m >= DAY);
    expect(alerts).toHaveLength(1);
    // Medium is tuned to be rarely wrong on real, heavy-tailed traffic: a tripling is sure within the hour.
    expect(alerts[0]! - start).toBeLessThanOrEqual(60);
  });

  it('stays quiet on a quiet series (a post or two a minute) whose hours swing with Poisson noise', () => {
    for (const seed of [11, 12, 13]) {
      const alerts = alertMinutes(series({ days: 6, base: 1.5, seed }));
      expect(alerts.filter((m) => m >= DAY).length).toBeLessThanOrEqual(1);
    }
  });

  it('flags hours of a several-fold rise on a quiet series once, though no single window is a spike', () => {
    // Four times the usual from 10:00 to 18:00 on day 5 of a series of about a post a minute: a slow conversation
    // heating up. The started log of the shift statistic (a few posts a minute) must not blunt it.
    const start = 4 * DAY + 3 * 60;
    const points = series({ days: 6, base: 1.5, seed: 14, rate: (m, usual) => (m >= start && m < start + 8 * 60 ? usual * 4 : usual) });
    const alerts = alertMinutes(points).filter((m) => m >= DAY);
    const inEpisode = alerts.filter((m) => m >= start && m < start + 8 * 60);
    expect(inEpisode).toHaveLength(1);
    expect(inEpisode[0]! - start).toBeLessThanOrEqual(3 * 60);
    expect(alerts.length - inEpisode.length).toBeLessThanOrEqual(1);
  });

  it('treats a gap in the data as unknown: the return of data is no spike', () => {
    const gapFrom = 3 * DAY + 8 * 60;
    const gapTo = gapFrom + 6 * 60;
    const points = series({ days: 5, seed: 7 }).filter((_, m) => m < gapFrom || m >= gapTo);
    const results = runCountSeries(points, MINUTE);
    expect(results.filter((x, i) => x.alert && points[i]!.t >= T0 + DAY * MINUTE)).toEqual([]);
    expect(results.every((x) => x.score >= 0 && x.score <= 1)).toBe(true);
  });

  it('handles a flat series of zeros without alerts or NaN', () => {
    const points = Array.from({ length: 3 * DAY }, (_, m) => ({ t: T0 + m * MINUTE, value: 0 }));
    const results = runCountSeries(points, MINUTE, { bands: true });
    expect(results.some((x) => x.alert)).toBe(false);
    for (const x of results) {
      expect(Number.isFinite(x.score) && x.score >= 0 && x.score < 0.5).toBe(true);
      expect(Number.isFinite(x.check.expected)).toBe(true);
      expect(Number.isFinite(x.band!.upper)).toBe(true);
    }
  });

  it('flags a single huge outlier once and does not learn it as normal', () => {
    const at = 4 * DAY + 19 * 60;
    const points = series({ days: 5, seed: 8 });
    points[at]!.value = 2_000;
    const detector = new CountSpikeDetector(MINUTE);
    const alerts: number[] = [];
    let before = 0;
    let after = 0;
    points.forEach((p, m) => {
      const b = Math.floor(p.t / MINUTE);
      detector.fold(b - 1);
      detector.set(b, p.value);
      if (detector.evaluate(p.t + MINUTE).alert && m >= DAY) alerts.push(m);
      if (m === at - 1) before = detector.expected(b + 11);
      if (m === at + 10) after = detector.expected(b + 1);
    });
    expect(alerts).toEqual([at]);
    expect(Math.abs(after - before) / before).toBeLessThan(0.25);
  });

  it('judges a partial minute against the expectation so far', () => {
    const points = series({ days: 2, seed: 9 });
    const detector = new CountSpikeDetector(MINUTE);
    for (const p of points) {
      const b = Math.floor(p.t / MINUTE);
      detector.fold(b - 1);
      detector.set(b, p.value);
    }
    const last = Math.floor(points[points.length - 1]!.t / MINUTE);
    detector.fold(last);
    const now = (last + 1) * MINUTE + 20_000;
    const usual = detector.expected(last + 1);
    // A third of a minute in, the usual third of a minute's posts is no news; twenty minutes' worth is.
    detector.set(last + 1, Math.round(usual / 3));
    expect(detector.evaluate(now, false).anomalous).toBe(false);
    detector.set(last + 1, Math.round(usual * 20) + 20);
    const e = detector.evaluate(now, false);
    expect(e.anomalous).toBe(true);
    expect(e.best.kind).toBe('spike');
    expect(e.best.expected).toBeLessThan(usual * 5);
  });

  it('restores from a snapshot and continues identically', () => {
    const points = series({ days: 3, seed: 10, rate: (m, u) => (m > 2 * DAY + 600 && m < 2 * DAY + 620 ? u * 6 : u) });
    const run = (restoreAt: number | null): boolean[] => {
      let d = new CountSpikeDetector(MINUTE);
      return points.map((p, m) => {
        if (m === restoreAt) d = CountSpikeDetector.restore(JSON.parse(JSON.stringify(d.snapshot())));
        const b = Math.floor(p.t / MINUTE);
        d.fold(b - 1);
        d.set(b, p.value);
        return d.evaluate(p.t + MINUTE).alert;
      });
    };
    expect(run(2 * DAY)).toEqual(run(null));
  });

  it('high sensitivity raises at least what medium raises, and medium what low raises', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.record({ at: fc.integer({ min: 300, max: 560 }), len: fc.integer({ min: 1, max: 60 }), mult: fc.double({ min: 1.5, max: 12, noNaN: true }) }), { maxLength: 4 }),
        (seed, bursts) => {
          // Two days at five-minute steps keeps the property quick.
          const r = rng(seed);
          const points: SeriesPoint[] = [];
          for (let i = 0; i < 2 * 288; i++) {
            const t = T0 + i * 5 * MINUTE;
            const mult = bursts.reduce((m, b) => (i >= b.at && i < b.at + b.len ? Math.max(m, b.mult) : m), 1);
            points.push({ t, value: poisson(r, 5 * dailyRate(t / MINUTE, 6) * mult) });
          }
          const run = (s: 'low' | 'medium' | 'high') => runCountSeries(points, 5 * MINUTE, { settings: { sensitivity: s } });
          const [low, medium, high] = [run('low'), run('medium'), run('high')];
          // What is alarming at a lower sensitivity is alarming at a higher one, point by point...
          const nested = (upper: typeof high, lower: typeof high) => lower.every((x, i) => !x.anomalous || upper[i]!.anomalous);
          // ...and every alert of the lower one falls at or after an alert of the higher one.
          const preceded = (upper: typeof high, lower: typeof high) => lower.every((x, i) => !x.alert || upper.slice(0, i + 1).some((u) => u.alert));
          return nested(high, medium) && nested(medium, low) && preceded(high, medium) && preceded(medium, low);
        },
      ),
      { numRuns: 25 },
    );
  });
});
