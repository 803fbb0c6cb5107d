import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '../config/config.js';
import { TokenService, type AccessClaims, type RefreshClaims } from './token.service.js';

type Settings = ConstructorParameters<typeof TokenService>[1];

const SECRET = 'a-configured-secret-of-at-least-32-chars';
const ACCESS_TTL = 900;
const REFRESH_TTL = 30 * 24 * 3600;
const NOW = new Date('2026-03-01T08:00:00Z');
const NOW_S = NOW.getTime() / 1000;

/** The service with a faked settings table; `stored` is what the table already holds. */
async function newTestService(options: { secret?: string; stored?: string } = {}) {
  const calls: { key: string; value: string }[] = [];
  const settings = {
    getOrCreate: (key: string, value: string) => {
      calls.push({ key, value });
      return Promise.resolve(options.stored ?? value);
    },
  } as unknown as Settings;
  const config = {
    jwt: { secret: options.secret, accessTtlSeconds: ACCESS_TTL, refreshTtlSeconds: REFRESH_TTL },
  } as AppConfig;
  const service = new TokenService(config, settings);
  await service.onModuleInit();
  return { service, calls };
}

const decode = (token: string) => jwt.decode(token, { complete: true });
const SID = '0b6f3c1e-7d2a-4c55-9a0e-3f1d2b4c5e6f';
const subject = (userId: string, tokenVersion = 0) => ({ userId, tokenVersion, sessionId: SID });

describe('TokenService', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  describe('secret', () => {
    it('signs with the configured secret and never touches the settings table', async () => {
      const { service, calls } = await newTestService({ secret: SECRET });
      expect(calls).toEqual([]);
      expect(jwt.verify(service.signAccess(subject('u1'), 'analyst'), SECRET)).toMatchObject({ sub: 'u1' });
    });

    it('without one, keeps a generated secret in the settings table and signs with what the table holds', async () => {
      const { service, calls } = await newTestService({ stored: 'the-secret-another-instance-stored-first' });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.key).toBe('jwt_secret');
      // 48 random bytes in base64url.
      expect(calls[0]!.value).toMatch(/^[A-Za-z0-9_-]{64}$/u);
      const token = service.signAccess(subject('u1'), 'analyst');
      expect(jwt.verify(token, 'the-secret-another-instance-stored-first')).toMatchObject({ sub: 'u1' });
      expect(() => jwt.verify(token, calls[0]!.value)).toThrow(jwt.JsonWebTokenError);
    });

    it('proposes a different random secret each time', async () => {
      const first = await newTestService();
      const second = await newTestService();
      expect(first.calls[0]!.value).not.toBe(second.calls[0]!.value);
    });
  });

  it('exposes the access-token lifetime', async () => {
    const { service } = await newTestService({ secret: SECRET });
    expect(service.accessTtl).toBe(ACCESS_TTL);
  });

  it('signs access tokens with HS256, the issuer, the role and the access lifetime', async () => {
    const { service } = await newTestService({ secret: SECRET });
    const token = decode(service.signAccess(subject('user-1'), 'supervisor'));
    expect(token?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(token?.payload).toEqual({
      sub: 'user-1',
      role: 'supervisor',
      ver: 0,
      sid: SID,
      typ: 'access',
      iss: 'siaga',
      iat: NOW_S,
      exp: NOW_S + ACCESS_TTL,
    });
  });

  it('signs refresh tokens with the token version, the session, its generation and the refresh lifetime', async () => {
    const { service } = await newTestService({ secret: SECRET });
    const token = decode(service.signRefresh(subject('user-1', 7), 4));
    expect(token?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(token?.payload).toEqual({ sub: 'user-1', ver: 7, sid: SID, gen: 4, typ: 'refresh', iss: 'siaga', iat: NOW_S, exp: NOW_S + REFRESH_TTL });
  });

  describe('verify', () => {
    it('answers the claims of a valid token of the asked type', async () => {
      const { service } = await newTestService({ secret: SECRET });
      expect(service.verify<AccessClaims>(service.signAccess(subject('u1'), 'admin'), 'access')).toEqual({
        sub: 'u1',
        role: 'admin',
        ver: 0,
        sid: SID,
        typ: 'access',
        iss: 'siaga',
        iat: NOW_S,
        exp: NOW_S + ACCESS_TTL,
      });
      expect(service.verify<RefreshClaims>(service.signRefresh(subject('u1', 3), 0), 'refresh')).toMatchObject({ sub: 'u1', ver: 3, typ: 'refresh' });
    });

    it('refuses a token of the other type', async () => {
      const { service } = await newTestService({ secret: SECRET });
      expect(service.verify(service.signAccess(subject('u1'), 'admin'), 'refresh')).toBeUndefined();
      expect(service.verify(service.signRefresh(subject('u1', 1), 0), 'access')).toBeUndefined();
    });

    it('accepts an access token until its last second, and refuses it from its expiry on', async () => {
      const { service } = await newTestService({ secret: SECRET });
      const token = service.signAccess(subject('u1'), 'analyst');
      jest.setSystemTime(NOW.getTime() + (ACCESS_TTL - 1) * 1000);
      expect(service.verify(token, 'access')).toMatchObject({ sub: 'u1' });
      jest.setSystemTime(NOW.getTime() + ACCESS_TTL * 1000);
      expect(service.verify(token, 'access')).toBeUndefined();
    });

    it('keeps a refresh token valid past the access lifetime, until its own', async () => {
      const { service } = await newTestService({ secret: SECRET });
      const token = service.signRefresh(subject('u1', 1), 0);
      jest.setSystemTime(NOW.getTime() + (REFRESH_TTL - 1) * 1000);
      expect(service.verify(token, 'refresh')).toMatchObject({ sub: 'u1', ver: 1 });
      jest.setSystemTime(NOW.getTime() + REFRESH_TTL * 1000);
      expect(service.verify(token, 'refresh')).toBeUndefined();
    });

    it('refuses a token whose claims were changed after signing', async () => {
      const { service } = await newTestService({ secret: SECRET });
      const [header, payload, signature] = service.signAccess(subject('u1'), 'viewer').split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
      expect(service.verify(`${header}.${forged}.${signature}`, 'access')).toBeUndefined();
      // The untouched token still passes: the refusal is the forgery's, not the fixture's.
      expect(service.verify(`${header}.${payload}.${signature}`, 'access')).toMatchObject({ role: 'viewer' });
    });

    it('refuses tokens signed with another secret, another issuer, another algorithm or none', async () => {
      const { service } = await newTestService({ secret: SECRET });
      const claims = { sub: 'u1', role: 'admin', ver: 0, sid: SID, typ: 'access' };
      expect(service.verify(jwt.sign(claims, 'another-secret-of-at-least-32-chars!', { issuer: 'siaga' }), 'access')).toBeUndefined();
      expect(service.verify(jwt.sign(claims, SECRET, { issuer: 'someone-else' }), 'access')).toBeUndefined();
      expect(service.verify(jwt.sign(claims, SECRET), 'access')).toBeUndefined();
      expect(service.verify(jwt.sign(claims, SECRET, { issuer: 'siaga', algorithm: 'HS512' }), 'access')).toBeUndefined();
      const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, iss: 'siaga' })).toString('base64url')}.`;
      expect(service.verify(unsigned, 'access')).toBeUndefined();
      // The same claims, signed as the service signs, pass.
      expect(service.verify(jwt.sign(claims, SECRET, { issuer: 'siaga' }), 'access')).toMatchObject(claims);
    });

    it('refuses a correctly signed token without a string subject', async () => {
      const { service } = await newTestService({ secret: SECRET });
      expect(service.verify(jwt.sign({ role: 'admin', ver: 0, sid: SID, typ: 'access' }, SECRET, { issuer: 'siaga' }), 'access')).toBeUndefined();
      expect(service.verify(jwt.sign({ sub: 42, role: 'admin', ver: 0, sid: SID, typ: 'access' }, SECRET, { issuer: 'siaga' }), 'access')).toBeUndefined();
    });

    it('refuses tokens signed before sessions existed (no session, no token version) and refresh tokens without a generation', async () => {
      const { service } = await newTestService({ secret: SECRET });
      const sign = (claims: object) => jwt.sign(claims, SECRET, { issuer: 'siaga' });
      expect(service.verify(sign({ sub: 'u1', role: 'admin', typ: 'access' }), 'access')).toBeUndefined();
      expect(service.verify(sign({ sub: 'u1', role: 'admin', ver: 0, typ: 'access' }), 'access')).toBeUndefined();
      expect(service.verify(sign({ sub: 'u1', role: 'admin', sid: SID, typ: 'access' }), 'access')).toBeUndefined();
      expect(service.verify(sign({ sub: 'u1', ver: 1, typ: 'refresh' }), 'refresh')).toBeUndefined();
      expect(service.verify(sign({ sub: 'u1', ver: 1, sid: SID, typ: 'refresh' }), 'refresh')).toBeUndefined();
      expect(service.verify(sign({ sub: 'u1', ver: 1, sid: SID, gen: 0.5, typ: 'refresh' }), 'refresh')).toBeUndefined();
      expect(service.verify(sign({ sub: 'u1', ver: 1, sid: SID, gen: 0, typ: 'refresh' }), 'refresh')).toMatchObject({ sid: SID, gen: 0 });
    });

    it('refuses what is not a token at all', async () => {
      const { service } = await newTestService({ secret: SECRET });
      for (const garbage of ['', 'not-a-token', 'a.b.c', '..']) expect(service.verify(garbage, 'access')).toBeUndefined();
    });
  });
});
