import { describe, expect, it } from '@jest/globals';
import { DAY_MS, HOUR_MS, MINUTE_MS, bucketForSpan, parseRange, rangeWindow, validateCustom, writeRange } from './range';

const NOW = Date.parse('2026-11-26T08:17:42.123Z');

describe('rangeWindow', () => {
  it('covers the last 120 minutes per minute when live, ending with the minute under way', () => {
    const w = rangeWindow({ key: 'live' }, NOW);
    expect(new Date(w.to).toISOString()).toBe('2026-11-26T08:18:00.000Z');
    expect(w.to - w.from).toBe(120 * MINUTE_MS);
    expect(w.bucket).toBe('1m');
  });

  it('ends the presets with their bucket under way', () => {
    expect(rangeWindow({ key: '1h' }, NOW)).toMatchObject({ to: Date.parse('2026-11-26T08:18:00Z'), from: Date.parse('2026-11-26T07:18:00Z'), bucket: '1m' });
    expect(rangeWindow({ key: '24h' }, NOW)).toMatchObject({ to: Date.parse('2026-11-26T08:20:00Z'), from: Date.parse('2026-11-25T08:20:00Z'), bucket: '5m' });
    expect(rangeWindow({ key: '7d' }, NOW)).toMatchObject({ to: Date.parse('2026-11-26T09:00:00Z'), from: Date.parse('2026-11-19T09:00:00Z'), bucket: '1h' });
  });

  it('picks the bucket of a custom window from its length', () => {
    expect(bucketForSpan(3 * HOUR_MS)).toBe('1m');
    expect(bucketForSpan(3 * HOUR_MS + 1)).toBe('5m');
    expect(bucketForSpan(3 * DAY_MS)).toBe('5m');
    expect(bucketForSpan(30 * DAY_MS)).toBe('1h');
    expect(rangeWindow({ key: 'custom', from: NOW - 2 * DAY_MS, to: NOW }, NOW)).toMatchObject({ from: NOW - 2 * DAY_MS, to: NOW, bucket: '5m' });
  });
});

describe('range in the URL', () => {
  it('round-trips presets and custom windows and falls back to live', () => {
    const custom = { key: 'custom' as const, from: Date.parse('2026-11-20T11:00:00Z'), to: Date.parse('2026-11-20T23:00:00Z') };
    const params = writeRange(new URLSearchParams('program=x'), custom);
    expect(params.toString()).toBe('program=x&range=custom&from=2026-11-20T11%3A00%3A00.000Z&to=2026-11-20T23%3A00%3A00.000Z');
    expect(parseRange(params)).toEqual(custom);
    expect(parseRange(writeRange(params, { key: '24h' }))).toEqual({ key: '24h' });
    expect(writeRange(params, { key: 'live' }).toString()).toBe('program=x');
    expect(parseRange(new URLSearchParams('range=custom&from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z'))).toEqual({ key: 'live' });
    expect(parseRange(new URLSearchParams('range=weird'))).toEqual({ key: 'live' });
  });

  it('refuses unreadable, reversed and overlong custom windows', () => {
    expect(validateCustom(Number.NaN, NOW)).toBe('invalid');
    expect(validateCustom(NOW, NOW)).toBe('order');
    expect(validateCustom(NOW - 500 * DAY_MS, NOW)).toBe('tooLong');
    expect(validateCustom(NOW - 400 * DAY_MS, NOW)).toBeNull();
  });
});
