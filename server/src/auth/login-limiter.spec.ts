import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { LoginLimiter } from './login-limiter.js';

const MINUTE = 60_000;

/** A limiter of 3 failures a minute on a clock the test moves by hand. */
function newLimiter(max = 3, windowMs = MINUTE) {
  const clock = { ms: 1_000_000 };
  const limiter = new LoginLimiter(max, windowMs, () => clock.ms);
  const failAt = (ms: number, keys: string[]) => {
    clock.ms = ms;
    limiter.fail(keys);
  };
  const retryAfterAt = (ms: number, keys: string[]) => {
    clock.ms = ms;
    return limiter.retryAfter(keys);
  };
  return { clock, limiter, failAt, retryAfterAt };
}

describe('LoginLimiter', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lets attempts through until the maximum of failures is reached', () => {
    const { limiter, failAt, retryAfterAt } = newLimiter();
    const t = 1_000_000;
    expect(limiter.retryAfter(['ip:1'])).toBe(0);
    failAt(t, ['ip:1']);
    failAt(t + 1_000, ['ip:1']);
    expect(retryAfterAt(t + 2_000, ['ip:1'])).toBe(0);
    failAt(t + 2_000, ['ip:1']);
    // Locked until the oldest of the three failures leaves the window: 58 s from now.
    expect(retryAfterAt(t + 2_000, ['ip:1'])).toBe(58);
  });

  it('counts down to the second the oldest failure leaves the window, rounding up', () => {
    const { failAt, retryAfterAt } = newLimiter();
    const t = 1_000_000;
    for (const key of ['a', 'a', 'a']) failAt(t, [key]);
    expect(retryAfterAt(t, ['a'])).toBe(60);
    expect(retryAfterAt(t + 500, ['a'])).toBe(60);
    expect(retryAfterAt(t + 1_000, ['a'])).toBe(59);
    expect(retryAfterAt(t + MINUTE - 1, ['a'])).toBe(1);
    // A failure exactly one window old no longer counts.
    expect(retryAfterAt(t + MINUTE, ['a'])).toBe(0);
  });

  it('slides the window: old failures stop counting, recent ones still do', () => {
    const { failAt, retryAfterAt } = newLimiter();
    const t = 1_000_000;
    failAt(t, ['a']);
    failAt(t + 30_000, ['a']);
    failAt(t + 40_000, ['a']);
    expect(retryAfterAt(t + 40_000, ['a'])).toBe(20);
    // The first failure has left the window: two remain, so the account is open again...
    expect(retryAfterAt(t + MINUTE, ['a'])).toBe(0);
    // ...and one more failure locks it until the one at +30 s expires.
    failAt(t + MINUTE, ['a']);
    expect(retryAfterAt(t + MINUTE, ['a'])).toBe(30);
  });

  it('answers the longest wait of all the keys asked about', () => {
    const { failAt, retryAfterAt } = newLimiter();
    const t = 1_000_000;
    // The address guessed three accounts; the account itself was tried from three addresses later.
    failAt(t, ['ip:1', 'user:a']);
    failAt(t + 1_000, ['ip:1', 'user:b']);
    failAt(t + 2_000, ['ip:1', 'user:c']);
    failAt(t + 10_000, ['ip:2', 'user:d']);
    failAt(t + 11_000, ['ip:3', 'user:d']);
    failAt(t + 12_000, ['ip:4', 'user:d']);
    expect(retryAfterAt(t + 12_000, ['ip:1', 'user:a'])).toBe(48);
    expect(retryAfterAt(t + 12_000, ['ip:9', 'user:d'])).toBe(58);
    expect(retryAfterAt(t + 12_000, ['ip:1', 'user:d'])).toBe(58);
    expect(retryAfterAt(t + 12_000, ['ip:9', 'user:z'])).toBe(0);
    expect(retryAfterAt(t + 12_000, [])).toBe(0);
  });

  it('honours the configured maximum and window', () => {
    const { failAt, retryAfterAt } = newLimiter(1, 10_000);
    failAt(5_000, ['a']);
    expect(retryAfterAt(5_000, ['a'])).toBe(10);
    expect(retryAfterAt(14_999, ['a'])).toBe(1);
    expect(retryAfterAt(15_000, ['a'])).toBe(0);
  });

  it('forgets the failures of the keys of a successful login, and only those', () => {
    const { limiter, failAt, retryAfterAt } = newLimiter();
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) failAt(t, ['ip:1', 'user:a']);
    limiter.succeed(['user:a']);
    expect(retryAfterAt(t, ['user:a'])).toBe(0);
    expect(retryAfterAt(t, ['ip:1'])).toBe(60);
    // The account starts again from zero failures.
    failAt(t, ['user:a']);
    failAt(t, ['user:a']);
    expect(retryAfterAt(t, ['user:a'])).toBe(0);
  });

  it('drops everything once it tracks more than 100,000 keys, so memory stays bounded', () => {
    const { failAt, retryAfterAt } = newLimiter();
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) failAt(t, ['victim']);
    const many = Array.from({ length: 99_999 }, (_, i) => `ip:${i}`);
    failAt(t, many);
    // Exactly 100,000 keys are kept: the next failure is still added without clearing.
    failAt(t, ['one-more']);
    expect(retryAfterAt(t, ['victim'])).toBe(60);
    // Now over the bound: this failure starts from an empty map.
    failAt(t, ['trigger']);
    expect(retryAfterAt(t, ['victim'])).toBe(0);
    failAt(t, ['trigger']);
    failAt(t, ['trigger']);
    expect(retryAfterAt(t, ['trigger'])).toBe(60);
  });

  it('reads the system clock by default', () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T08:00:00Z') });
    const limiter = new LoginLimiter(2, MINUTE);
    limiter.fail(['a']);
    limiter.fail(['a']);
    expect(limiter.retryAfter(['a'])).toBe(60);
    jest.setSystemTime(new Date('2026-03-01T08:00:45Z'));
    expect(limiter.retryAfter(['a'])).toBe(15);
    jest.setSystemTime(new Date('2026-03-01T08:01:00Z'));
    expect(limiter.retryAfter(['a'])).toBe(0);
  });
});
