import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TokenPair } from '@siaga/shared';
import { AuthService } from '../../server/src/auth/auth.service.js';
import { startTestApp, testDatabaseEnv, type TestApp } from '../support/app.js';
import { connected, liveClient, type LiveClient } from './live-client.js';

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

async function requireRedis(url: string): Promise<void> {
  const u = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const s = connect({ host: u.hostname, port: Number(u.port || 6379) });
    s.setTimeout(3_000, () => s.destroy(new Error('timeout')));
    s.once('connect', () => {
      s.end();
      resolve();
    });
    s.once('error', (err) => reject(new Error(`the cluster suite needs a Redis server at REDIS_URL=${url} (${err.message})`)));
  });
}

/** Login limits and ended sessions across two instances sharing PostgreSQL and Redis. */
describe('sessions and login limits across two instances (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof testDatabaseEnv>> | undefined;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  let admin: string;
  const open: LiveClient[] = [];

  beforeAll(async () => {
    if (!DATABASE_URL) throw new Error('the cluster suite needs DATABASE_URL (a PostgreSQL server): DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:cluster');
    await requireRedis(REDIS_URL);
    db = await testDatabaseEnv();
    a = await startTestApp({ REDIS_URL }, { db });
    b = await startTestApp({ REDIS_URL }, { db });
    admin = await a.token('admin');
  });
  afterAll(async () => {
    for (const s of open.splice(0)) s.disconnect();
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  const newUser = async (n: number) => {
    const email = `cluster-session-${n}@test.local`;
    const password = `cluster-passphrase-${n}-heron`;
    const res = await a!.http.post('/api/users').set('authorization', `Bearer ${admin}`).send({ email, name: `Cluster ${n}`, role: 'viewer', password });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, password };
  };
  const socketOn = async (t: TestApp, token: string) => {
    const c = liveClient(t.baseUrl, { token });
    open.push(c.socket);
    await connected(c.socket);
    return c.socket;
  };
  const disconnection = (socket: LiveClient) => new Promise<string>((resolve) => socket.once('disconnect', resolve));

  it('one address gets 10 attempts in all, however they are spread over the instances', async () => {
    const wrong = { email: 'nobody@test.local', password: 'wrong-password' };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a! : b!).http.post('/api/auth/login').send(wrong)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it('disabling a user on one instance drops their sockets on the other', async () => {
    // Logins from here on would be refused: the address spent its attempts above. Sessions are made directly.
    const u = await newUser(1);
    const pair = await issue(u);
    const socket = await socketOn(b!, pair.accessToken);
    const dropped = disconnection(socket);
    expect((await a!.http.patch(`/api/users/${u.id}`).set('authorization', `Bearer ${admin}`).send({ active: false })).status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
  });

  it('logging out on one instance drops that session\'s sockets on the other', async () => {
    const u = await newUser(2);
    const pair = await issue(u);
    const socket = await socketOn(b!, pair.accessToken);
    const dropped = disconnection(socket);
    expect((await a!.http.post('/api/auth/logout').send({ refreshToken: pair.refreshToken })).status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
  });

  /** A login without the HTTP route (whose address is spent): the service itself, from another address. */
  function issue(u: { email: string; password: string }): Promise<TokenPair> {
    return a!.siaga.app.get(AuthService).login(u, '198.51.100.1');
  }
});
