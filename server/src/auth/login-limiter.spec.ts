import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LoginAttempts, LoginRateLimited } from './login-limiter.js';

const WINDOW_S = 60;

/** The rules over memory limiters of `max` attempts a minute, on Jest's fake clock. */
function newTestRules(max = 3) {
  const limiter = (keyPrefix: string) => new RateLimiterMemory({ keyPrefix, points: max, duration: WINDOW_S });
  return new LoginAttempts(limiter('address'), limiter('account'), WINDOW_S);
}

/** What reserve() answers: 'ok', or the Retry-After of the refusal. */
async function attempt(rules: LoginAttempts, address: string): Promise<'ok' | number> {
  try {
    await rules.reserve(address);
    return 'ok';
  } catch (err) {
    if (err instanceof LoginRateLimited) return err.retryAfterSeconds;
    throw err;
  }
}

/** A whole wrong-password login: reserve, then count the failure. */
async function failLogin(rules: LoginAttempts, address: string, account: string): Promise<'ok' | number> {
  const r = await attempt(rules, address);
  if (r === 'ok') await rules.failed(address, account);
  return r;
}

describe('LoginAttempts', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-01T08:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('takes the attempt before the password is checked: of many parallel attempts exactly the maximum get through', async () => {
    const rules = newTestRules(10);
    const results = await Promise.all(Array.from({ length: 25 }, () => attempt(rules, 'ip:1')));
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(results.filter((r) => r === WINDOW_S)).toHaveLength(15);
  });

  it('answers the seconds until the window ends, rounding up, and lets the address try again then', async () => {
    const rules = newTestRules();
    for (let i = 0; i < 3; i++) expect(await failLogin(rules, 'ip:1', 'a@x')).toBe('ok');
    expect(await attempt(rules, 'ip:1')).toBe(60);
    jest.advanceTimersByTime(20_500);
    expect(await attempt(rules, 'ip:1')).toBe(40);
    jest.advanceTimersByTime(39_500);
    expect(await attempt(rules, 'ip:1')).toBe('ok');
  });

  it('gives a successful login its attempt back, and only that one', async () => {
    const rules = newTestRules();
    expect(await failLogin(rules, 'ip:1', 'a@x')).toBe('ok');
    expect(await failLogin(rules, 'ip:1', 'a@x')).toBe('ok');
    // Any number of right passwords in between cost nothing...
    for (let i = 0; i < 5; i++) {
      expect(await attempt(rules, 'ip:1')).toBe('ok');
      await rules.succeeded('ip:1');
    }
    // ...and do not wipe the failures: one more failure and the address waits.
    expect(await failLogin(rules, 'ip:1', 'a@x')).toBe('ok');
    expect(await attempt(rules, 'ip:1')).toBe(60);
  });

  it('limits each address on its own', async () => {
    const rules = newTestRules();
    for (let i = 0; i < 3; i++) await failLogin(rules, 'ip:1', `user${i}@x`);
    expect(await attempt(rules, 'ip:1')).toBe(60);
    expect(await attempt(rules, 'ip:2')).toBe('ok');
  });

  it('never locks an account: past its maximum of failures the address that fails on it again is blocked, its owner is not', async () => {
    const rules = newTestRules();
    // A guesser spreads its tries over addresses, one each.
    for (let i = 0; i < 3; i++) expect(await failLogin(rules, `ip:bot${i}`, 'admin@x')).toBe('ok');
    // The account is now over its maximum. Its owner, from their own address, still gets in.
    expect(await attempt(rules, 'ip:owner')).toBe('ok');
    await rules.succeeded('ip:owner');
    // A fresh guessing address gets one try on the account, and is then blocked for the window.
    expect(await failLogin(rules, 'ip:bot9', 'ADMIN@x ')).toBe('ok');
    expect(await attempt(rules, 'ip:bot9')).toBe(60);
    // The addresses that guessed before the account was over its maximum are not punished for it.
    expect(await attempt(rules, 'ip:bot0')).toBe('ok');
  });

  it('cannot be wiped: failures on a flood of other addresses leave a limited address limited', async () => {
    const rules = newTestRules();
    for (let i = 0; i < 3; i++) await failLogin(rules, 'victim-of-limit', 'a@x');
    for (let i = 0; i < 100_001; i++) await rules.reserve(`ip:${i}`);
    expect(await attempt(rules, 'victim-of-limit')).toBe(60);
  });
});
