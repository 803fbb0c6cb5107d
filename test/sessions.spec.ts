import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { TokenPair } from '@siaga/shared';
import { ENGINE } from './support/database.js';
import { FakeClock, startTestApp, type TestApp } from './support/app.js';
import { connected, liveClient, subscribe, type LiveClient } from './cluster/live-client.js';

/** Sessions: rotation with reuse detection, logout, and what a change of the user ends. */
describe(`sessions (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  const clock = new FakeClock();
  const open: LiveClient[] = [];
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    admin = await t.token('admin');
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => t.close());

  /** A fresh user of that role; answers its id, email and password. */
  const newUser = async (role = 'analyst') => {
    n++;
    const email = `session-user-${n}@test.local`;
    const password = `session-passphrase-${n}-orchid`;
    const res = await t.http.post('/api/users').set('authorization', `Bearer ${admin}`).send({ email, name: `Session ${n}`, role, password });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, password };
  };
  const login = async (u: { email: string; password: string }) => {
    const res = await t.http.post('/api/auth/login').send({ email: u.email, password: u.password });
    expect(res.status).toBe(200);
    return res.body as TokenPair;
  };
  const refresh = (refreshToken: string) => t.http.post('/api/auth/refresh').send({ refreshToken });
  const me = (accessToken: string) => t.http.get('/api/auth/me').set('authorization', `Bearer ${accessToken}`);
  const socketOf = async (accessToken: string) => {
    const c = liveClient(t.baseUrl, { token: accessToken });
    open.push(c.socket);
    await connected(c.socket);
    return c.socket;
  };
  const disconnection = (socket: LiveClient) => new Promise<string>((resolve) => socket.once('disconnect', resolve));

  describe('refresh tokens', () => {
    it('rotate: each refresh answers a new refresh token, and the spent one is refused', async () => {
      const first = await login(await newUser());
      const r1 = await refresh(first.refreshToken);
      expect(r1.status).toBe(200);
      expect(r1.body.refreshToken).not.toBe(first.refreshToken);
      const r2 = await refresh(r1.body.refreshToken);
      expect(r2.status).toBe(200);
      expect((await me(r2.body.accessToken)).status).toBe(200);
      // The newest one is the only one that works.
      expect((await refresh(r2.body.refreshToken)).status).toBe(200);
    });

    it('a spent refresh token used again ends the whole session: its newest refresh and access tokens too', async () => {
      const u = await newUser();
      const stolen = await login(u);
      const legit = (await refresh(stolen.refreshToken)).body as TokenPair;
      expect((await me(legit.accessToken)).status).toBe(200);
      const replay = await refresh(stolen.refreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe('unauthorized');
      expect((await refresh(legit.refreshToken)).status).toBe(401);
      expect((await me(legit.accessToken)).status).toBe(401);
      // Another session of the same user is not touched.
      const other = await login(u);
      expect((await me(other.accessToken)).status).toBe(200);
      expect((await refresh(other.refreshToken)).status).toBe(200);
    });

    it('two refreshes racing with one token: exactly one wins', async () => {
      const pair = await login(await newUser());
      const [a, b] = await Promise.all([refresh(pair.refreshToken), refresh(pair.refreshToken)]);
      expect([a.status, b.status].sort()).toEqual([200, 401]);
    });
  });

  describe('logout', () => {
    it('ends the session: its refresh token, its access token and its live sockets; other sessions live on', async () => {
      const u = await newUser();
      const mine = await login(u);
      const other = await login(u);
      const socket = await socketOf(mine.accessToken);
      const otherSocket = await socketOf(other.accessToken);
      const dropped = disconnection(socket);
      const res = await t.http.post('/api/auth/logout').send({ refreshToken: mine.refreshToken });
      expect(res.status).toBe(204);
      expect(await dropped).toBe('io server disconnect');
      expect((await me(mine.accessToken)).status).toBe(401);
      expect((await refresh(mine.refreshToken)).status).toBe(401);
      expect((await me(other.accessToken)).status).toBe(200);
      expect(otherSocket.connected).toBe(true);
      // Idempotent; a token that is not one is refused like any bad credential.
      expect((await t.http.post('/api/auth/logout').send({ refreshToken: mine.refreshToken })).status).toBe(204);
      const bad = await t.http.post('/api/auth/logout').send({ refreshToken: 'not-a-token' });
      expect(bad.status).toBe(401);
      expect(bad.body.error.code).toBe('unauthorized');
      expect((await t.http.post('/api/auth/logout').send({})).status).toBe(400);
      // An access token does not log out: it is not a refresh token.
      expect((await t.http.post('/api/auth/logout').send({ refreshToken: other.accessToken })).status).toBe(401);
      expect((await me(other.accessToken)).status).toBe(200);
    });
  });

  describe('changes to the user', () => {
    it('a password change refuses the access tokens issued before it, at once', async () => {
      const u = await newUser();
      const pair = await login(u);
      expect((await me(pair.accessToken)).status).toBe(200);
      const changed = await t.http.put(`/api/users/${u.id}/password`).set('authorization', `Bearer ${admin}`).send({ password: 'a-brand-new-passphrase-7' });
      expect(changed.status).toBe(204);
      expect((await me(pair.accessToken)).status).toBe(401);
      expect((await refresh(pair.refreshToken)).status).toBe(401);
      const again = await login({ email: u.email, password: 'a-brand-new-passphrase-7' });
      expect((await me(again.accessToken)).status).toBe(200);
    });

    it.each([
      ['disabled', (id: string) => t.http.patch(`/api/users/${id}`).set('authorization', `Bearer ${admin}`).send({ active: false })],
      ['demoted', (id: string) => t.http.patch(`/api/users/${id}`).set('authorization', `Bearer ${admin}`).send({ role: 'viewer' })],
      ['deleted', (id: string) => t.http.delete(`/api/users/${id}`).set('authorization', `Bearer ${admin}`)],
      ['given a new password', (id: string) => t.http.put(`/api/users/${id}/password`).set('authorization', `Bearer ${admin}`).send({ password: 'yet-another-passphrase-9' })],
    ])('disconnects the live sockets of a user who is %s', async (_, change) => {
      const u = await newUser();
      const socket = await socketOf((await login(u)).accessToken);
      const dropped = disconnection(socket);
      expect((await change(u.id)).status).toBeLessThan(300);
      expect(await dropped).toBe('io server disconnect');
    });

    it('keeps the live sockets of a user whose name alone changed', async () => {
      const u = await newUser();
      const pair = await login(u);
      const socket = await socketOf(pair.accessToken);
      expect((await t.http.patch(`/api/users/${u.id}`).set('authorization', `Bearer ${admin}`).send({ name: 'Renamed' })).status).toBe(200);
      // The same request order proves the change was handled before this subscribe was.
      expect(await subscribe(socket, { programIds: [] })).toEqual({ ok: true, programIds: [] });
      expect(socket.connected).toBe(true);
      expect((await me(pair.accessToken)).status).toBe(200);
    });

    it('refuses a subscribe once the session ended behind the server\'s back (another process, e.g. the admin CLI)', async () => {
      const u = await newUser();
      const socket = await socketOf((await login(u)).accessToken);
      expect(await subscribe(socket, { programIds: [] })).toEqual({ ok: true, programIds: [] });
      // What `siaga admin reset-password` does from its own process: no event reaches this server.
      await t.siaga.db.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [u.id]);
      clock.advance(6_000); // past the server's few seconds of caching
      const dropped = disconnection(socket);
      const ack = await subscribe(socket, { programIds: [] });
      expect(ack.ok).toBe(false);
      expect(!ack.ok && ack.error).toMatch(/^unauthorized: /);
      expect(await dropped).toBe('io server disconnect');
    });
  });

  describe('Authorization header', () => {
    it('takes the Bearer scheme in any case, and refuses other schemes and an empty token', async () => {
      for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
        const res = await t.http.get('/api/auth/me').set('authorization', `${scheme} ${admin}`);
        expect([scheme, res.status]).toEqual([scheme, 200]);
      }
      for (const header of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer ', `Bearer${admin}`, `Token ${admin}`, `Bearer ${admin} extra`]) {
        const res = await t.http.get('/api/auth/me').set('authorization', header);
        expect([header, res.status]).toEqual([header, 401]);
      }
    });
  });
});
