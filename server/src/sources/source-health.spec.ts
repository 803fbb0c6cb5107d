import { describe, expect, it } from '@jest/globals';
import { SecretBox } from './secret-box.js';
import { FAILING_AFTER, healthOf, MIN_SILENCE_SECONDS, silenceThresholdSeconds, usualGapSeconds } from './source-health.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

describe('source health', () => {
  it('learns nothing from fewer than eight gaps, then takes the 95th percentile of them', () => {
    expect(usualGapSeconds([60, 60, 60, 60, 60, 60, 60])).toBeNull();
    const gaps = Array.from({ length: 20 }, (_, i) => (i === 19 ? 3_600 : 60 + i));
    expect(usualGapSeconds(gaps)).toBe(78);
    expect(usualGapSeconds([...gaps, 4_000])).toBe(3_600);
  });

  it('allows three usual gaps of silence, never less than two polls nor ten minutes', () => {
    const busy = Array.from({ length: 10 }, () => 30);
    expect(silenceThresholdSeconds(busy, 0)).toBe(MIN_SILENCE_SECONDS);
    expect(silenceThresholdSeconds(busy, 900)).toBe(1_800);
    const hourly = Array.from({ length: 10 }, () => 3_600);
    expect(silenceThresholdSeconds(hourly, 300)).toBe(10_800);
  });

  it('is silent only past its threshold, failing after repeated failures, and paused when disabled', () => {
    const gaps = Array.from({ length: 10 }, () => 600);
    const base = { enabled: true, consecutiveFailures: 0, gaps, pollSeconds: 60 };
    expect(healthOf({ ...base, lastItemAt: ago(1_799) }, NOW)).toMatchObject({ state: 'running', silent: false });
    expect(healthOf({ ...base, lastItemAt: ago(1_801) }, NOW)).toMatchObject({ state: 'silent', silent: true, thresholdSeconds: 1_800 });
    expect(healthOf({ ...base, lastItemAt: ago(99_999), gaps: [600] }, NOW)).toMatchObject({ state: 'running', silent: false });
    expect(healthOf({ ...base, lastItemAt: null }, NOW).silent).toBe(false);
    expect(healthOf({ ...base, lastItemAt: ago(10), consecutiveFailures: 1 }, NOW).state).toBe('backoff');
    expect(healthOf({ ...base, lastItemAt: ago(10), consecutiveFailures: FAILING_AFTER }, NOW)).toMatchObject({ state: 'failing', failing: true });
    expect(healthOf({ ...base, enabled: false, lastItemAt: ago(99_999), consecutiveFailures: 9 }, NOW)).toMatchObject({ state: 'paused', silent: false, failing: false });
  });
});

describe('SecretBox', () => {
  it('seals with a fresh IV, opens with the same key only, and refuses a tampered value', () => {
    const box = new SecretBox('a-key-of-at-least-thirty-two-characters!');
    const a = box.seal('123456:bot-token');
    const b = box.seal('123456:bot-token');
    expect(a).not.toBe(b);
    expect(a).not.toContain('bot-token');
    expect(box.open(a)).toBe('123456:bot-token');
    expect(() => new SecretBox('another-key-of-thirty-two-characters!!').open(a)).toThrow();
    const parts = a.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => box.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'))).toThrow();
    expect(() => box.open('plain')).toThrow('not a sealed secret');
  });
});
