import { describe, it, expect } from '@jest/globals';
import { alphaFor, HourHistory, SeasonalBaseline } from './seasonal-baseline.js';

const HOUR = 60;
const DAY = 24 * HOUR;

/** A profile whose node i (at i:30) is i + 1, renormalised by nothing: load() takes it as is. */
function withProfile(b: SeasonalBaseline, daily: number[], level = 10): SeasonalBaseline {
  b.load({ level, daily, heard: Array<number>(24).fill(0) });
  return b;
}

describe('alphaFor', () => {
  it('halves an old observation’s weight after the half-life', () => {
    const a = alphaFor(10);
    expect((1 - a) ** 10).toBeCloseTo(0.5, 15);
    expect(alphaFor(1)).toBeCloseTo(0.5, 15);
  });

  it('is 0 (no learning) for a half-life that is not a positive finite number', () => {
    expect(alphaFor(0)).toBe(0);
    expect(alphaFor(-3)).toBe(0);
    expect(alphaFor(Infinity)).toBe(0);
  });
});

describe('SeasonalBaseline', () => {
  it('starts flat: every factor is 1 and the level is the first value', () => {
    const b = new SeasonalBaseline(1, 0, 0.1, 0.1);
    for (const bucket of [0, 333, 720, 1439]) expect(b.factor(bucket)).toBe(1);
    b.start(5, 42);
    expect(b.level).toBe(42);
  });

  it('interpolates a bucket’s factor between the two half-hour nodes around its middle', () => {
    const daily = Array.from({ length: 24 }, (_, i) => i + 1);
    const b = withProfile(new SeasonalBaseline(1, 0, 0.1, 0.1), daily);
    // Minute 10:29 has its middle at 10:29:30, just before node 10 (10:30).
    expect(b.factor(10 * HOUR + 29)).toBeCloseTo(10 + (10 * HOUR + 29.5) / 60 - 0.5 - 9, 12);
    // Minute 10:30 is just past node 10.
    expect(b.factor(10 * HOUR + 30)).toBeCloseTo(11 + 0.5 / 60, 12);
    // Around midnight the profile wraps: between node 23 (24) and node 0 (1).
    expect(b.factor(0)).toBeCloseTo((0.5 - 0.5 / 60) * 24 + (0.5 + 0.5 / 60) * 1, 12);
  });

  it('places buckets by local time and by their middle', () => {
    const daily = Array.from({ length: 24 }, (_, i) => i + 1);
    // Jakarta: UTC minute 0 is 07:00 local.
    const jakarta = withProfile(new SeasonalBaseline(1, 420, 0.1, 0.1), daily);
    const utc = withProfile(new SeasonalBaseline(1, 0, 0.1, 0.1), daily);
    expect(jakarta.factor(0)).toBeCloseTo(utc.factor(7 * HOUR), 12);
    // A one-hour bucket starting at 10:00 sits at 10:30, right on node 10.
    expect(withProfile(new SeasonalBaseline(60, 0, 0.1, 0.1), daily).factor(10)).toBeCloseTo(11, 12);
  });

  it('never expects a factor under 0.02', () => {
    const b = withProfile(new SeasonalBaseline(1, 0, 0.1, 0.1), Array<number>(24).fill(0));
    expect(b.factor(100)).toBe(0.02);
  });

  it('without a season, learns the level as the running mean of its first buckets, then as a plain EWMA', () => {
    const b = new SeasonalBaseline(1, 0, 0.25, 0);
    b.start(0, 10);
    // Weights 1, 1/2, 1/3 while they exceed alpha: a new series' level is not its first bucket.
    b.learn(1, 18);
    expect(b.level).toBe(18);
    b.learn(2, 0);
    expect(b.level).toBe(9);
    b.learn(3, 12);
    expect(b.level).toBe(10);
    // From the fourth bucket on, alpha (0.25) itself.
    b.learn(4, 22);
    expect(b.level).toBe(13);
    b.learn(5, 1);
    expect(b.level).toBe(10);
    expect(b.save().learnt).toBe(5);
    expect(b.save().daily).toEqual(Array<number>(24).fill(1));
    expect(b.save().heard).toEqual(Array<number>(24).fill(0));
  });

  it('learns that one hour is busier than the rest, keeping the profile’s mean at 1', () => {
    const b = new SeasonalBaseline(1, 0, alphaFor(180), alphaFor(2 * DAY / 24));
    b.start(0, 10);
    for (let m = 0; m < 7 * DAY; m++) b.learn(m, m % DAY >= 18 * HOUR && m % DAY < 20 * HOUR ? 40 : 10);
    const { daily, heard } = b.save();
    expect(daily.reduce((s, v) => s + v, 0) / 24).toBeCloseTo(1, 12);
    expect(b.factor(19 * HOUR)).toBeGreaterThan(2.5 * b.factor(3 * HOUR));
    expect(b.level * b.factor(19 * HOUR)).toBeGreaterThan(30);
    expect(b.level * b.factor(3 * HOUR)).toBeLessThan(12);
    // Each node heard from the buckets around it: about an hour's worth a day.
    expect(heard[5]).toBeCloseTo(7 * 60, 0);
  });

  it('learns an unknown hour from its first values (a running mean), not from a slow EWMA', () => {
    const b = new SeasonalBaseline(1, 0, 0, alphaFor(1000));
    b.start(0, 10);
    // One hour at twice the level moves its nodes most of the way at once.
    for (let m = 9 * HOUR + 30; m < 10 * HOUR + 30; m++) b.learn(m, 20);
    expect(b.factor(10 * HOUR)).toBeGreaterThan(1.5);
  });

  it('caps what one freak value teaches the profile at ten times the level', () => {
    const freak = new SeasonalBaseline(1, 0, 0, 0.5);
    freak.start(0, 10);
    freak.learn(10 * HOUR + 30, 1_000_000);
    const capped = new SeasonalBaseline(1, 0, 0, 0.5);
    capped.start(0, 10);
    capped.learn(10 * HOUR + 30, 100);
    expect(freak.save()).toEqual(capped.save());
  });

  it('corrects the level for late data by what it would have contributed, decayed by its age', () => {
    const b = new SeasonalBaseline(1, 0, 0.1, 0);
    b.start(0, 10);
    b.correct(0, 5, 0);
    expect(b.level).toBeCloseTo(10.5, 12);
    b.correct(0, 10, 2);
    expect(b.level).toBeCloseTo(10.5 + 0.1 * 0.81 * 10, 12);
    b.correct(0, -1_000, 0);
    expect(b.level).toBe(0);
    // With no level yet there is nothing to correct.
    b.correct(0, 50, 0);
    expect(b.level).toBe(0);
  });

  it('saves and loads what it learnt', () => {
    const a = new SeasonalBaseline(1, 0, 0.1, 0.05);
    a.start(0, 10);
    for (let m = 1; m < 3 * HOUR; m++) a.learn(m, 10 + (m % 7));
    const b = new SeasonalBaseline(1, 0, 0.1, 0.05);
    b.load(JSON.parse(JSON.stringify(a.save())) as ReturnType<SeasonalBaseline['save']>);
    expect(b.save()).toEqual(a.save());
    a.learn(3 * HOUR, 30);
    b.learn(3 * HOUR, 30);
    expect(b.level).toBe(a.level);
  });
});

describe('HourHistory', () => {
  /** Every minute of `days` days at the rate `rate(day, hour)`. */
  function filled(rate: (day: number, hour: number) => number, days: number, opts: { tz?: number; memory?: number; weekTypes?: boolean; step?: number } = {}): HourHistory {
    const step = opts.step ?? 1;
    const h = new HourHistory(step, opts.tz ?? 0, opts.memory ?? 14, opts.weekTypes ?? false);
    for (let b = 0; b < (days * DAY) / step; b++) {
      const minute = b * step;
      h.add(b, rate(Math.floor(minute / DAY), Math.floor((minute % DAY) / HOUR)) * step, true);
    }
    return h;
  }

  it('knows no usual rate before two days of the same hour', () => {
    const h = filled(() => 5, 1);
    expect(h.expected(DAY + 10 * HOUR)).toBeUndefined();
    expect(filled(() => 5, 2).expected(2 * DAY + 10 * HOUR)).toBe(5);
  });

  it('takes the mean of the same hour on previous days', () => {
    const h = filled((day) => [2, 4, 9][day] as number, 3);
    expect(h.expected(3 * DAY + 10 * HOUR + 30)).toBeCloseTo(5, 12);
  });

  it('leaves the busiest day out once four are known', () => {
    const h = filled((day) => [2, 4, 6, 100][day] as number, 4);
    expect(h.expected(4 * DAY + 10 * HOUR + 30)).toBeCloseTo(4, 12);
    const three = filled((day) => [2, 4, 100][day] as number, 3);
    expect(three.expected(3 * DAY + 10 * HOUR + 30)).toBeCloseTo(106 / 3, 12);
  });

  it('interpolates between the hours around a bucket’s middle', () => {
    const h = filled((_, hour) => hour, 3);
    // 10:15 sits a quarter of the way from the middle of 9:00–10:00 (9:30) to that of 10:00–11:00 (10:30)...
    expect(h.expected(3 * DAY + 10 * HOUR + 15)).toBeCloseTo(9 + (15.5 + 30) / 60, 12);
    // ...and 10:30 right at the middle of its hour.
    expect(h.expected(3 * DAY + 10 * HOUR + 29)).toBeCloseTo(10 - 0.5 / 60, 12);
  });

  it('forgets days beyond its memory', () => {
    const h = filled((day) => (day < 3 ? 100 : 5), 6, { memory: 3 });
    expect(h.expected(6 * DAY + 10 * HOUR + 30)).toBeCloseTo(5, 12);
  });

  it('reads hours in local time', () => {
    // Busy 18:00–20:00 local in Jakarta (11:00–13:00 UTC).
    const h = filled((_, utcHour) => (utcHour >= 11 && utcHour < 13 ? 50 : 5), 3, { tz: 420 });
    // 12:00 UTC is 19:00 local, between the busy local hours 18 and 19; 03:00 UTC is 10:00 local.
    expect(h.expected(3 * DAY + 12 * HOUR)).toBeCloseTo(50, 12);
    expect(h.expected(3 * DAY + 3 * HOUR)).toBeCloseTo(5, 12);
  });

  it('counts a late correction of a past hour in its rate, without counting a new bucket', () => {
    const h = filled(() => 5, 2);
    expect(h.expected(2 * DAY + 10 * HOUR + 30)).toBe(5);
    h.add(DAY + 10 * HOUR + 5, 120, false);
    // The hour of day 1 now averages (60·5 + 120)/60 = 7, so hour 10 is the mean of 5 and 7; 10:30 is a half
    // minute past the middle of hour 10, towards hour 11 (still 5).
    const w = 0.5 / 60;
    expect(h.expected(2 * DAY + 10 * HOUR + 30)).toBeCloseTo((1 - w) * 6 + w * 5, 12);
  });

  it('leans towards days of the same kind when asked to compare weekdays with weekends', () => {
    // Epoch day 0 is a Thursday: days 2 and 3 are a weekend; 9 and 10 the next. Weekends are quiet.
    const weekend = (day: number): boolean => day % 7 === 2 || day % 7 === 3;
    const rate = (day: number): number => (weekend(day) ? 2 : 10);
    const plain = filled(rate, 16, { weekTypes: false });
    const typed = filled(rate, 16, { weekTypes: true });
    // Day 16 is a Saturday.
    const at = 16 * DAY + 10 * HOUR + 30;
    expect(weekend(16)).toBe(true);
    expect(typed.expected(at)!).toBeLessThan(plain.expected(at)! - 2);
    expect(typed.expected(at)!).toBeGreaterThan(2);
  });

  it('saves and loads its hours', () => {
    const a = filled((day, hour) => day + hour, 3);
    const b = new HourHistory(1, 0, 14, false);
    b.load(a.save());
    expect(b.save()).toEqual(a.save());
    expect(b.expected(3 * DAY + 7 * HOUR)).toBe(a.expected(3 * DAY + 7 * HOUR));
  });
});
