import { afterEach, describe, expect, it } from '@jest/globals';
import { apiRequest, logout, sessionStore } from '.';
import { errorResponse, jsonResponse, stubFetch } from '../test-support/http';
import { USERS, signIn } from '../test-support/session';

afterEach(() => {
  sessionStore.clear();
});

describe('logout', () => {
  it('ends the session here at once and asks the server to end it, with the refresh token', async () => {
    signIn('analyst');
    const calls = stubFetch(() => new Response(null, { status: 204 }));
    const done = logout();
    expect(sessionStore.get()).toBeNull();
    await done;
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([['POST', '/api/auth/logout', { refreshToken: 'refresh-1' }]]);
    // The refresh token is the credential: no access token is sent along.
    expect(calls[0]!.headers.get('authorization')).toBeNull();
  });

  it('stays signed out when the server cannot be reached', async () => {
    signIn('analyst');
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await logout();
    expect(sessionStore.get()).toBeNull();
  });

  it('sends nothing when nobody is signed in', async () => {
    const calls = stubFetch(() => jsonResponse({}));
    await logout();
    expect(calls).toEqual([]);
  });
});

describe('refresh', () => {
  it('keeps the rotated refresh token of each refresh and spends it next time, never the old one again', async () => {
    signIn('analyst', { accessToken: 'access-1' });
    let n = 1;
    const calls = stubFetch((call) => {
      if (call.path === '/api/auth/refresh') {
        n += 1;
        return jsonResponse({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900, user: USERS.analyst });
      }
      // Every access token is refused once, as if it had expired.
      const token = call.headers.get('authorization');
      return token === `Bearer access-${n}` && call.url.searchParams.get('round') === String(n - 1) ? jsonResponse({ ok: true }) : errorResponse(401, 'unauthorized');
    });
    await apiRequest('/api/me', { query: { round: 1 } });
    await apiRequest('/api/me', { query: { round: 2 } });
    const spent = calls.filter((c) => c.path === '/api/auth/refresh').map((c) => c.body);
    expect(spent).toEqual([{ refreshToken: 'refresh-1' }, { refreshToken: 'refresh-2' }]);
    expect(sessionStore.get()?.refreshToken).toBe('refresh-3');
  });
});
