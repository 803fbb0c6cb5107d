import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Program } from '@siaga/shared';
import jwt from 'jsonwebtoken';
import { EventBus } from '../../server/src/events/event-bus.js';
import { INGEST_KEY, post, startTestApp, testDatabaseEnv, type TestApp } from '../support/app.js';
import { alertEvents, alertOf, connected, liveClient, livePosts, ofType, publishAlert, sleep, subscribe, until, type LiveAuth, type LiveClient } from './live-client.js';

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Fails with a message that says what to start, rather than a timeout. */
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

describe('live updates across two instances (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof testDatabaseEnv>> | undefined;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  let admin: string;
  let viewer: string;
  let bpjs: Program;
  let prakerja: Program;
  const open: LiveClient[] = [];

  beforeAll(async () => {
    if (!DATABASE_URL) throw new Error('the cluster suite needs DATABASE_URL (a PostgreSQL server): DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:cluster');
    await requireRedis(REDIS_URL);
    db = await testDatabaseEnv();
    // One after the other: the first runs the migrations and creates the admin.
    a = await startTestApp({ REDIS_URL }, { db });
    b = await startTestApp({ REDIS_URL }, { db });
    admin = await a.token('admin');
    viewer = await a.token('viewer');
    const mk = async (body: Record<string, unknown>) => {
      const res = await a!.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send(body);
      expect(res.status).toBe(201);
      return res.body as Program;
    };
    bpjs = await mk({ name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' });
    prakerja = await mk({ name: 'Kartu Prakerja', slug: 'prakerja', query: 'prakerja' });
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    for (const s of open.splice(0)) s.disconnect();
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  const client = (on: TestApp, auth: LiveAuth) => {
    const c = liveClient(on.baseUrl, auth);
    open.push(c.socket);
    return c;
  };
  const subscribed = async (on: TestApp, token: string, programIds: string[]) => {
    const c = client(on, { token });
    await connected(c.socket);
    expect(await subscribe(c.socket, { programIds })).toEqual({ ok: true, programIds });
    return c;
  };
  const seqs = (c: ReturnType<typeof client>) => alertEvents(c.events).map((e) => e.payload.seq);

  it('sends an alert committed on B to the subscribers on A, and only to them', async () => {
    const onA = await subscribed(a!, admin, [bpjs.id]);
    const otherOnA = await subscribed(a!, viewer, [prakerja.id]);
    const onB = await subscribed(b!, viewer, [bpjs.id]);
    const seq = await publishAlert(b!, alertOf(bpjs));
    await until(() => seqs(onA).includes(seq) && seqs(onB).includes(seq), 'the alert on both instances');
    const marker = await publishAlert(b!, alertOf(prakerja));
    await until(() => seqs(otherOnA).includes(marker), 'the marker');
    expect(seqs(onA)).toEqual([seq]);
    expect(seqs(onB)).toEqual([seq]);
    expect(seqs(otherOnA)).toEqual([marker]);
  });

  it('keeps alert events of both instances in seq order, each once', async () => {
    const onA = await subscribed(a!, admin, [bpjs.id]);
    const onB = await subscribed(b!, admin, [bpjs.id]);
    const sent: number[] = [];
    for (let i = 0; i < 12; i++) sent.push(await publishAlert(i % 2 ? a! : b!, alertOf(bpjs), i % 3 ? 'updated' : 'opened'));
    await until(() => seqs(onA).length === sent.length && seqs(onB).length === sent.length, 'every event on both instances');
    await sleep(200);
    expect(seqs(onA)).toEqual(sent);
    expect(seqs(onB)).toEqual(sent);
  });

  it('sends an escalation raised on B to the user connected to A', async () => {
    const userOnA = await subscribed(a!, viewer, []);
    const adminOnA = await subscribed(a!, admin, []);
    const viewerId = (jwt.decode(viewer) as { sub: string }).sub;
    b!.siaga.app.get(EventBus).emit('alert.escalated', { alert: alertOf(bpjs), level: 2, reason: 'unacknowledged', userIds: [viewerId] });
    await until(() => ofType(userOnA.events, 'escalation').length > 0, 'the escalation');
    await sleep(200);
    expect(ofType(adminOnA.events, 'escalation')).toEqual([]);
  });

  it('streams posts ingested on either instance, with at most one count update per program per second across both', async () => {
    const onA = await subscribed(a!, viewer, [bpjs.id]);
    const minute = new Date(Math.floor((Date.now() - 5 * 60_000) / 60_000) * 60_000);
    const batches = 10;
    for (let i = 0; i < batches; i++) {
      const res = await (i % 2 ? a! : b!).http
        .post('/api/ingest/posts')
        .set('x-api-key', INGEST_KEY)
        .send({ posts: [post({ text: `BPJS antrian panjang ${i}`, createdAt: new Date(minute.getTime() + i * 1000).toISOString() })] });
      expect(res.status).toBe(202);
      await sleep(50);
    }
    const metrics = () => ofType(onA.events, 'metrics:updated');
    await until(() => metrics().some((e) => e.payload.volume === batches), 'the final count');
    await sleep(1_200);
    expect(metrics().at(-1)!.payload).toMatchObject({ programId: bpjs.id, minute: minute.toISOString(), volume: batches });
    for (let i = 1; i < metrics().length; i++) expect(metrics()[i]!.at - metrics()[i - 1]!.at).toBeGreaterThanOrEqual(900);
    expect(livePosts(onA.events)).toHaveLength(batches);
  });

  it('replays to a client that reconnects to the other instance what it missed, then keeps it live', async () => {
    const first = await subscribed(a!, admin, [bpjs.id]);
    const seen = [await publishAlert(a!, alertOf(bpjs))];
    await until(() => seqs(first).length === 1, 'the first event');
    first.socket.disconnect();

    const missed = [await publishAlert(a!, alertOf(bpjs)), await publishAlert(b!, alertOf(bpjs), 'updated')];
    await publishAlert(a!, alertOf(prakerja));
    const again = client(b!, { token: admin, lastAlertSeq: seen[0] });
    await connected(again.socket);
    expect(await subscribe(again.socket, { programIds: [bpjs.id] })).toMatchObject({ ok: true });
    await until(() => seqs(again).length === missed.length, 'the missed events');
    const live = await publishAlert(a!, alertOf(bpjs));
    await until(() => seqs(again).includes(live), 'the live event through Redis');
    await sleep(200);
    expect(seqs(again)).toEqual([...missed, live]);
  });
});
