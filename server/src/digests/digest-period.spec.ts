import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { duePeriods, latestPeriod, sharesOfVoice, zonedInstant } from './digest-period.js';

const SEVEN = 7 * 60;
const WIB = 'Asia/Jakarta';

describe('digest periods', () => {
  it('a daily digest at 07:00 WIB covers the local day before', () => {
    // Monday 7 December 2026, 07:00 WIB = 00:00 UTC.
    const p = latestPeriod('day', new Date('2026-12-07T00:00:00Z'), SEVEN, WIB);
    expect(p.sendAt.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect([p.from, p.to, p.previousFrom, p.previousTo].map((d) => d.toISOString())).toEqual([
      '2026-12-05T17:00:00.000Z',
      '2026-12-06T17:00:00.000Z',
      '2026-12-04T17:00:00.000Z',
      '2026-12-05T17:00:00.000Z',
    ]);
  });

  it('one minute before 07:00 WIB the latest day is the one sent yesterday', () => {
    const p = latestPeriod('day', new Date('2026-12-06T23:59:00Z'), SEVEN, WIB);
    expect(p.sendAt.toISOString()).toBe('2026-12-06T00:00:00.000Z');
  });

  it('a weekly digest goes out on Monday and covers Monday to Monday before it', () => {
    const p = latestPeriod('week', new Date('2026-12-10T03:00:00Z'), SEVEN, WIB);
    expect(p.sendAt.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(p.from.toISOString()).toBe('2026-11-29T17:00:00.000Z');
    expect(p.to.toISOString()).toBe('2026-12-06T17:00:00.000Z');
    expect(p.previousFrom.toISOString()).toBe('2026-11-22T17:00:00.000Z');
  });

  it('is due from its time for twelve hours, never before', () => {
    const kinds = (iso: string) => duePeriods(new Date(iso), SEVEN, WIB).map((p) => p.kind);
    expect(kinds('2026-12-06T23:59:59Z')).toEqual([]);
    expect(kinds('2026-12-07T00:00:00Z')).toEqual(['day', 'week']);
    expect(kinds('2026-12-07T11:59:00Z')).toEqual(['day', 'week']);
    expect(kinds('2026-12-07T12:00:00Z')).toEqual([]);
    expect(kinds('2026-12-08T00:00:00Z')).toEqual(['day']);
  });

  it('follows daylight saving time where there is some', () => {
    // Europe/Berlin moves from +01:00 to +02:00 on 29 March 2026.
    const sunday = latestPeriod('day', new Date('2026-03-30T06:00:00Z'), SEVEN, 'Europe/Berlin');
    expect(sunday.from.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(sunday.to.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(sunday.sendAt.toISOString()).toBe('2026-03-30T05:00:00.000Z');
    expect(zonedInstant({ y: 2026, m: 1, d: 1 }, 0, 'America/New_York').toISOString()).toBe('2026-01-01T05:00:00.000Z');
  });
});

describe('shares of voice', () => {
  it('rounds by largest remainder to exactly 100', () => {
    expect(sharesOfVoice([1, 1, 1])).toEqual([33.4, 33.3, 33.3]);
    expect(sharesOfVoice([2, 1])).toEqual([66.7, 33.3]);
    expect(sharesOfVoice([0, 0])).toEqual([0, 0]);
    expect(sharesOfVoice([5, 0])).toEqual([100, 0]);
  });

  it('always sums to 100.0 (in tenths) when anyone posted', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 40 }), (counts) => {
        const shares = sharesOfVoice(counts);
        const tenths = shares.reduce((s, x) => s + Math.round(x * 10), 0);
        expect(tenths).toBe(counts.some((c) => c > 0) ? 1000 : 0);
        for (const s of shares) expect(s).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
