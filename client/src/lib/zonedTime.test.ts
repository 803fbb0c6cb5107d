import { describe, expect, it } from '@jest/globals';
import { fromWallTime, toWallTime, zonedInputToIso, zoneOffsetMinutes } from './zonedTime';

describe('fromWallTime', () => {
  it('reads a datetime-local value in the chosen zone, not the browser zone', () => {
    expect(new Date(fromWallTime('2026-03-01T09:30', 'Asia/Jakarta')!).toISOString()).toBe('2026-03-01T02:30:00.000Z');
    expect(new Date(fromWallTime('2026-03-01T09:30', 'Asia/Makassar')!).toISOString()).toBe('2026-03-01T01:30:00.000Z');
    expect(new Date(fromWallTime('2026-03-01T09:30', 'Asia/Jayapura')!).toISOString()).toBe('2026-03-01T00:30:00.000Z');
    expect(fromWallTime('not a time', 'Asia/Jakarta')).toBeNull();
  });

  it('reads the wall clock of WIB, WITA and WIT, also across midnight, and refuses other formats', () => {
    expect(fromWallTime('2026-11-26T17:00', 'Asia/Jakarta')).toBe(Date.parse('2026-11-26T10:00:00Z'));
    expect(fromWallTime('2026-11-26T17:00', 'Asia/Jayapura')).toBe(Date.parse('2026-11-26T08:00:00Z'));
    expect(fromWallTime('2026-11-26T15:00', 'Asia/Makassar')).toBe(Date.parse('2026-11-26T07:00:00Z'));
    expect(fromWallTime('2026-11-26T00:30', 'Asia/Jayapura')).toBe(Date.parse('2026-11-25T15:30:00Z'));
    expect(fromWallTime('26/11/2026 17:00', 'Asia/Jakarta')).toBeNull();
  });

  it('handles daylight saving and refuses times that do not exist', () => {
    expect(fromWallTime('2026-07-01T12:00', 'Europe/Amsterdam')).toBe(Date.parse('2026-07-01T10:00:00Z'));
    // 29 March 2026, 02:30 does not happen in Amsterdam (clocks jump from 02:00 to 03:00).
    expect(fromWallTime('2026-03-29T02:30', 'Europe/Amsterdam')).toBeNull();
    expect(fromWallTime('2026-02-31T10:00', 'Asia/Jakarta')).toBeNull();
    expect(fromWallTime('2026-11-26T24:00', 'Asia/Jakarta')).toBeNull();
    expect(fromWallTime('', 'Asia/Jakarta')).toBeNull();
  });
});

describe('toWallTime', () => {
  it('writes the wall clock of the chosen zone for an epoch', () => {
    expect(toWallTime(Date.parse('2026-11-26T10:00:00Z'), 'Asia/Makassar')).toBe('2026-11-26T18:00');
    expect(toWallTime(Date.parse('2026-11-26T20:00:00Z'), 'Asia/Jayapura')).toBe('2026-11-27T05:00');
    expect(toWallTime(Date.parse('2026-11-26T08:00:00Z'), 'UTC')).toBe('2026-11-26T08:00');
  });

  it('shows an ISO instant as the wall time of the zone, and nothing for an unreadable one', () => {
    expect(toWallTime('2026-11-26T08:00:00Z', 'Asia/Jakarta')).toBe('2026-11-26T15:00');
    expect(toWallTime('2026-11-26T20:00:00Z', 'Asia/Jayapura')).toBe('2026-11-27T05:00');
    expect(toWallTime('not a date', 'Asia/Jakarta')).toBe('');
    expect(toWallTime(Number.NaN, 'Asia/Jakarta')).toBe('');
  });

  it('round-trips with fromWallTime', () => {
    const ms = Date.UTC(2026, 10, 26, 17, 45);
    expect(toWallTime(ms, 'Asia/Jakarta')).toBe('2026-11-27T00:45');
    expect(fromWallTime(toWallTime(ms, 'Asia/Jayapura'), 'Asia/Jayapura')).toBe(ms);
  });
});

describe('zonedInputToIso', () => {
  it('reads a datetime-local value in the chosen Indonesian zone and writes its offset', () => {
    expect(zonedInputToIso('2026-11-26T15:00', 'Asia/Jakarta')).toBe('2026-11-26T15:00:00+07:00');
    expect(zonedInputToIso('2026-11-26T15:00', 'Asia/Makassar')).toBe('2026-11-26T15:00:00+08:00');
    expect(zonedInputToIso('2026-11-26T15:00', 'Asia/Jayapura')).toBe('2026-11-26T15:00:00+09:00');
    expect(zonedInputToIso('2026-11-26T15:00', 'UTC')).toBe('2026-11-26T15:00:00Z');
    expect(Date.parse(zonedInputToIso('2026-11-26T00:30', 'Asia/Jayapura') ?? '')).toBe(Date.parse('2026-11-25T15:30:00Z'));
  });

  it('handles daylight saving where a zone has it', () => {
    // New York, 2026-03-08: 02:30 does not exist; 2026-11-01 01:30 happens twice.
    expect(zoneOffsetMinutes(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(Date.parse('2026-11-26T12:00:00Z'), 'Asia/Jakarta')).toBe(420);
    expect(zonedInputToIso('2026-07-01T08:00', 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(zonedInputToIso('2026-01-15T08:00', 'America/New_York')).toBe('2026-01-15T08:00:00-05:00');
    // A filter bound in the skipped hour still means an instant (a neighbouring one, said by its offset).
    const skipped = zonedInputToIso('2026-03-08T02:30', 'America/New_York');
    expect(skipped).not.toBeNull();
    expect(toWallTime(skipped ?? '', 'America/New_York')).not.toBe('2026-03-08T02:30');
    expect(fromWallTime('2026-03-08T02:30', 'America/New_York')).toBeNull();
  });

  it('rejects incomplete or impossible values', () => {
    expect(zonedInputToIso('', 'Asia/Jakarta')).toBeNull();
    expect(zonedInputToIso('2026-11-26', 'Asia/Jakarta')).toBeNull();
    expect(zonedInputToIso('2026-02-31T10:00', 'Asia/Jakarta')).toBeNull();
    expect(zonedInputToIso('2026-11-26T24:00', 'Asia/Jakarta')).toBeNull();
  });
});
