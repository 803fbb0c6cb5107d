import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../server/src/config/config.js';
import { ENGINE } from './support/database.js';
import { ADMIN, startTestApp, type TestApp } from './support/app.js';

const WRONG = { email: 'nobody@test.local', password: 'wrong-password' };

describe(`login limits (${ENGINE})`, () => {
  describe('straight from the client (no SIAGA_TRUST_PROXY)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('evaluates exactly 10 of 20 parallel wrong-password logins; the rest answer 429 with Retry-After', async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => t.http.post('/api/auth/login').send(WRONG)));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
      for (const r of answers.filter((a) => a.status === 429)) {
        expect(r.body.error.code).toBe('rate_limited');
        const wait = Number(r.headers['retry-after']);
        expect(Number.isInteger(wait) && wait >= 1 && wait <= t.config.login.windowSeconds).toBe(true);
      }
    });

    it('ignores X-Forwarded-For: a limited client cannot pick another address', async () => {
      // The address (127.0.0.1) used up its attempts in the test above.
      const res = await t.http.post('/api/auth/login').set('x-forwarded-for', '203.0.113.7').send({ email: ADMIN.email, password: ADMIN.password });
      expect(res.status).toBe(429);
    });
  });

  describe('behind a proxy on loopback (SIAGA_TRUST_PROXY=loopback)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ SIAGA_TRUST_PROXY: 'loopback' });
    });
    afterAll(async () => t.close());
    const loginFrom = (address: string, body: { email: string; password: string }) => t.http.post('/api/auth/login').set('x-forwarded-for', address).send(body);

    it('limits each forwarded address on its own', async () => {
      for (let i = 0; i < 10; i++) expect((await loginFrom('198.51.100.1', WRONG)).status).toBe(401);
      expect((await loginFrom('198.51.100.1', WRONG)).status).toBe(429);
      expect((await loginFrom('198.51.100.2', WRONG)).status).toBe(401);
    });

    it('cannot be used to lock an admin out: guesses from many addresses slow those addresses, and the admin still logs in', async () => {
      const guess = { email: ADMIN.email, password: 'not-the-admin-password' };
      for (let i = 0; i < 12; i++) expect((await loginFrom(`192.0.2.${i + 1}`, guess)).status).toBe(401);
      // The account has had more than 10 failures: its owner, from their own address, gets in.
      expect((await loginFrom('203.0.113.50', { email: ADMIN.email, password: ADMIN.password })).status).toBe(200);
      // A guessing address that fails on it again is blocked for the window, whatever account it tries next.
      expect((await loginFrom('192.0.2.200', guess)).status).toBe(401);
      const blocked = await loginFrom('192.0.2.200', WRONG);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  it('reads SIAGA_TRUST_PROXY as hops or addresses, and stops on anything else naming the variable', () => {
    const base = { SIAGA_DATA_DIR: '/nonexistent', DATABASE_URL: '' };
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, SIAGA_TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, SIAGA_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, SIAGA_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.1']);
    for (const bad of ['true', '0', '11', 'everyone', '10.0.0.0/33', '10.0.0.1/8/8', 'loopback,,']) {
      expect(() => loadConfig({ ...base, SIAGA_TRUST_PROXY: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, SIAGA_TRUST_PROXY: bad })).toThrow(/SIAGA_TRUST_PROXY/);
    }
  });
});
