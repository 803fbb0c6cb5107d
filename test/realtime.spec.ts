import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { EscalationNotice, Program } from '@siaga/shared';
import jwt from 'jsonwebtoken';
import { EventBus } from '../server/src/events/event-bus.js';
import { LiveRepository } from '../server/src/realtime/live.repository.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';
import { alertEvents, alertOf, connected, liveClient, livePosts, ofType, publishAlert, refused, subscribe, until, type LiveAuth, type LiveClient } from './cluster/live-client.js';

const JWT_SECRET = 'realtime-spec-secret-0123456789abcdefghij';

describe(`live updates over Socket.IO (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let bpjs: Program;
  let prakerja: Program;
  const open: LiveClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ SIAGA_JWT_SECRET: JWT_SECRET });
    admin = await t.token('admin');
    viewer = await t.token('viewer');
    const mk = async (body: Record<string, unknown>) => {
      const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send(body);
      expect(res.status).toBe(201);
      return res.body as Program;
    };
    bpjs = await mk({ name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' });
    prakerja = await mk({ name: 'Kartu Prakerja', slug: 'prakerja', query: 'prakerja' });
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => t.close());

  const client = (auth: LiveAuth, opts = {}) => {
    const c = liveClient(t.baseUrl, auth, opts);
    open.push(c.socket);
    return c;
  };
  /** A connected client subscribed to these programs. */
  const subscribed = async (token: string, programIds: string[]) => {
    const c = client({ token });
    await connected(c.socket);
    expect(await subscribe(c.socket, { programIds })).toEqual({ ok: true, programIds });
    return c;
  };
  const ingest = async (posts: unknown[]) => {
    const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });
    expect(res.status).toBe(202);
  };
  const userIdOf = (token: string) => (jwt.decode(token) as { sub: string }).sub;

  describe('handshake', () => {
    it.each([
      ['no token', {}],
      ['an empty token', { token: '' }],
      ['a garbage token', { token: 'not.a.jwt' }],
      ['an over-long token', { token: 'x'.repeat(5_000) }],
      ['a token signed with another secret', { token: jwt.sign({ sub: '00000000-0000-4000-8000-000000000000', role: 'admin', typ: 'access' }, 'x'.repeat(40), { issuer: 'siaga' }) }],
    ])('refuses %s with connect_error "unauthorized"', async (_, auth) => {
      const err = await refused(client(auth).socket);
      expect(err.message).toBe('unauthorized');
      expect(err.data?.code).toBe('unauthorized');
    });

    it('refuses an expired access token, and a refresh token', async () => {
      const sub = userIdOf(admin);
      const expired = jwt.sign({ sub, role: 'admin', typ: 'access', exp: Math.floor(Date.now() / 1000) - 60 }, JWT_SECRET, { algorithm: 'HS256', issuer: 'siaga' });
      expect((await refused(client({ token: expired }).socket)).message).toBe('unauthorized');
      const refresh = jwt.sign({ sub, ver: 0, typ: 'refresh' }, JWT_SECRET, { algorithm: 'HS256', issuer: 'siaga', expiresIn: 600 });
      expect((await refused(client({ token: refresh }).socket)).message).toBe('unauthorized');
    });

    it('refuses a malformed lastAlertSeq with "bad_request"', async () => {
      const err = await refused(client({ token: admin, lastAlertSeq: -1 }).socket);
      expect(err.message).toBe('bad_request');
      expect(err.data?.message).toMatch(/lastAlertSeq/);
    });

    it('drops the socket when its access token expires', async () => {
      // The viewer's own session, in a token that expires in 2 s.
      const { sub, sid, ver } = jwt.decode(viewer) as { sub: string; sid: string; ver: number };
      const token = jwt.sign({ sub, sid, ver, role: 'viewer', typ: 'access' }, JWT_SECRET, { algorithm: 'HS256', issuer: 'siaga', expiresIn: 2 });
      const { socket } = client({ token });
      await connected(socket);
      const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
      expect(reason).toBe('io server disconnect');
    });
  });

  describe('subscribe', () => {
    it('acks a valid selection and refuses bad ones with a validation error', async () => {
      const { socket } = client({ token: viewer });
      await connected(socket);
      expect(await subscribe(socket, { programIds: [bpjs.id, bpjs.id] })).toEqual({ ok: true, programIds: [bpjs.id] });
      for (const bad of [{ programIds: ['not-a-uuid'] }, { programIds: bpjs.id }, { programIds: [], extra: 1 }, {}, 'bpjs', null, { programIds: Array.from({ length: 501 }, () => bpjs.id) }]) {
        const ack = await subscribe(socket, bad);
        expect(ack.ok).toBe(false);
        expect(!ack.ok && ack.error).toMatch(/^validation_failed: /);
      }
      expect(await subscribe(socket, { programIds: [] })).toEqual({ ok: true, programIds: [] });
    });
  });

  describe('events', () => {
    it('sends alert events only to sockets subscribed to their program, and escalations only to their users', async () => {
      const a = await subscribed(admin, [bpjs.id]);
      const b = await subscribed(viewer, [prakerja.id]);
      const both = await subscribed(admin, [bpjs.id, prakerja.id]);

      const alertA = alertOf(bpjs);
      const seqA = await publishAlert(t, alertA, 'opened');
      const seqB = await publishAlert(t, alertOf(prakerja), 'opened');
      const seqA2 = await publishAlert(t, { ...alertA, status: 'acknowledged' }, 'updated');
      // Delivered in seq order: once the last one arrived, the earlier ones had their chance.
      await until(() => alertEvents(both.events).length === 3, 'all three on the socket of both programs');
      await until(() => alertEvents(a.events).some((e) => e.payload.seq === seqA2), 'the update on A');
      await until(() => alertEvents(b.events).some((e) => e.payload.seq === seqB), 'the event on B');

      expect(alertEvents(a.events).map((e) => [e.event, e.payload.seq])).toEqual([
        ['alert:opened', seqA],
        ['alert:updated', seqA2],
      ]);
      expect(alertEvents(a.events)[1]!.payload.alert).toEqual({ ...alertA, status: 'acknowledged' });
      expect(alertEvents(b.events).map((e) => e.payload.seq)).toEqual([seqB]);
      expect(alertEvents(both.events).map((e) => e.payload.seq)).toEqual([seqA, seqB, seqA2]);

      const notice: EscalationNotice = { alert: alertA, level: 1, reason: 'unacknowledged for 15 minutes' };
      t.siaga.app.get(EventBus).emit('alert.escalated', { ...notice, userIds: [userIdOf(viewer)] });
      t.siaga.app.get(EventBus).emit('alert.escalated', { ...notice, userIds: [] });
      await until(() => ofType(b.events, 'escalation').length === 1, 'the escalation to the viewer');
      // A marker after the escalations: the admin sockets have seen everything sent before it.
      const marker = await publishAlert(t, alertOf(bpjs));
      await until(() => alertEvents(a.events).some((e) => e.payload.seq === marker) && alertEvents(both.events).some((e) => e.payload.seq === marker), 'the marker');
      expect(ofType(b.events, 'escalation')[0]!.payload).toEqual(notice);
      expect(ofType(a.events, 'escalation')).toEqual([]);
      expect(ofType(both.events, 'escalation')).toEqual([]);
    });

    it('streams posts and per-minute counts of ingested posts to their programs only', async () => {
      const a = await subscribed(admin, [bpjs.id]);
      const b = await subscribed(viewer, [prakerja.id]);
      const minute = new Date(Math.floor((Date.now() - 3 * 60_000) / 60_000) * 60_000);
      const at = (s: number) => new Date(minute.getTime() + s * 1000).toISOString();
      await ingest([
        post({ text: 'Antrian BPJS lama sekali', createdAt: at(1) }),
        post({ text: 'BPJS membantu sekali, terima kasih', createdAt: at(2) }),
        post({ text: 'Pelatihan prakerja bagus', createdAt: at(3) }),
        post({ text: 'Cuaca Jakarta cerah', createdAt: at(4) }),
      ]);
      const mA = await until(() => ofType(a.events, 'metrics:updated')[0], 'metrics:updated on A');
      const mB = await until(() => ofType(b.events, 'metrics:updated')[0], 'metrics:updated on B');
      await until(() => livePosts(a.events).length === 2 && livePosts(b.events).length === 1, 'the posts');

      expect(mA.payload).toEqual({ programId: bpjs.id, minute: minute.toISOString(), volume: 2, positive: expect.any(Number), neutral: expect.any(Number), negative: expect.any(Number) });
      const m = mA.payload;
      expect(m.positive + m.neutral + m.negative).toBe(2);
      expect(mB.payload).toMatchObject({ programId: prakerja.id, minute: minute.toISOString(), volume: 1 });

      const posts = livePosts(a.events);
      // One batch, one frame per program room.
      expect(ofType(a.events, 'posts:created')).toHaveLength(1);
      expect(posts.map((p) => p.text).sort()).toEqual(['Antrian BPJS lama sekali', 'BPJS membantu sekali, terima kasih']);
      expect(posts[0]).toEqual({
        id: expect.any(String),
        programIds: [bpjs.id],
        source: 'x',
        authorHandle: expect.any(String),
        text: expect.any(String),
        createdAt: expect.stringMatching(/Z$/),
        lang: expect.any(String),
        sentiment: { label: expect.stringMatching(/^(positive|neutral|negative)$/), score: expect.any(Number), terms: expect.any(Array) },
        harm: { flag: false, terms: [] },
      });
      expect(livePosts(b.events)[0]!.text).toBe('Pelatihan prakerja bagus');
      // Nothing of the other program arrived (counts and posts are sent to their program's room only):
      // a later post of both programs, in another minute, is heard by each after all that came before.
      const marker = new Date(minute.getTime() + 60_000);
      await ingest([post({ text: 'BPJS dan prakerja penanda', createdAt: marker.toISOString() })]);
      const markerOf = (c: { events: typeof a.events }) => ofType(c.events, 'metrics:updated').some((e) => e.payload.minute === marker.toISOString());
      await until(() => markerOf(a) && markerOf(b), 'the marker minute on both clients');
      expect(ofType(a.events, 'metrics:updated').every((e) => e.payload.programId === bpjs.id)).toBe(true);
      expect(ofType(b.events, 'metrics:updated').every((e) => e.payload.programId === prakerja.id)).toBe(true);
      expect(livePosts(b.events).map((p) => p.text)).toEqual(['Pelatihan prakerja bagus', 'BPJS dan prakerja penanda']);
    });

    // The one-per-second pacing itself is proven with fake timers in live-broadcaster.spec.ts.
    it('coalesces counts into the minute’s totals, and caps the post sample', async () => {
      const a = await subscribed(viewer, [bpjs.id]);
      const minute = new Date(Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000);
      const batches = 12;
      for (let i = 0; i < batches; i++) await ingest([post({ text: `BPJS antrian ${i}`, createdAt: new Date(minute.getTime() + i * 1000).toISOString() })]);
      await until(() => ofType(a.events, 'metrics:updated').some((e) => e.payload.minute === minute.toISOString() && e.payload.volume === batches), 'the final count');
      const updates = ofType(a.events, 'metrics:updated');
      expect(updates.length).toBeLessThan(batches);
      expect(updates.map((e) => e.payload.volume)).toEqual([...updates.map((e) => e.payload.volume)].sort((x, y) => x - y));

      // One big batch: the live stream gets a sample of it, never more than 20 a second.
      const before = livePosts(a.events).length;
      await ingest(Array.from({ length: 60 }, (_, i) => post({ text: `BPJS ramai ${i}`, createdAt: new Date(minute.getTime() + 30_000).toISOString() })));
      // The batch's count update is sent after its sample, on the same socket: all the sample is in.
      await until(() => ofType(a.events, 'metrics:updated').some((e) => e.payload.volume === batches + 60), 'the count with the big batch');
      const sample = livePosts(a.events).slice(before);
      expect(sample.length).toBeGreaterThan(0);
      expect(sample.length).toBeLessThanOrEqual(20);
      expect(new Set(sample.map((p) => p.id)).size).toBe(sample.length);
    });
  });

  describe('recovery', () => {
    it('replays the alert events a reconnecting client missed, in order and exactly once', async () => {
      let lastSeen = 0;
      const c = client((cb) => cb({ token: admin, lastAlertSeq: lastSeen || undefined }));
      const seen = () => alertEvents(c.events).map((e) => e.payload.seq);
      c.socket.on('alert:opened', (e) => (lastSeen = Math.max(lastSeen, e.seq)));
      c.socket.on('alert:updated', (e) => (lastSeen = Math.max(lastSeen, e.seq)));
      await connected(c.socket);
      expect(await subscribe(c.socket, { programIds: [bpjs.id] })).toMatchObject({ ok: true });

      const expected = [await publishAlert(t, alertOf(bpjs))];
      await until(() => seen().length === 1, 'the first event');

      // Drop the connection (as a network failure would) and miss some events.
      const dropped = new Promise<string>((resolve) => c.socket.once('disconnect', resolve));
      c.socket.io.engine.close();
      expect(await dropped).toBe('forced close');
      for (let i = 0; i < 3; i++) expected.push(await publishAlert(t, alertOf(bpjs), i === 1 ? 'updated' : 'opened'));
      await publishAlert(t, alertOf(prakerja)); // not subscribed: never sent
      const old = alertOf(bpjs);
      await publishAlert(t, old, 'opened', 120); // older than SIAGA_LIVE_REPLAY_MINUTES (60)

      // Reconnect (the client re-subscribes) while more events keep coming.
      c.socket.connect();
      await connected(c.socket);
      const resubscribed = subscribe(c.socket, { programIds: [bpjs.id] });
      for (let i = 0; i < 3; i++) expected.push(await publishAlert(t, alertOf(bpjs)));
      expect(await resubscribed).toMatchObject({ ok: true });
      expected.push(await publishAlert(t, alertOf(bpjs), 'updated'));
      // One more event, sent after all the others: once it is in, nothing else is on its way.
      const marker = await publishAlert(t, alertOf(bpjs));
      await until(() => seen().includes(marker), 'the marker event');

      // Exactly once, in order; the back-dated event is not replayed.
      expect(seen()).toEqual([...expected, marker]);
      expect(alertEvents(c.events).some((e) => e.payload.alert.id === old.id)).toBe(false);
    });

    it.each([
      ['before', 'live events that arrive while the replay reads are held back, then sent once'],
      ['after', 'the replay covers live events that arrived before it read, without repeating them'],
    ])('reading %s the live events: %s', async (when) => {
      const before = await publishAlert(t, alertOf(bpjs));
      const missed = [await publishAlert(t, alertOf(bpjs)), await publishAlert(t, alertOf(bpjs))];
      // Pause the replay query (before or after it reads) while live events come in.
      const repo = t.siaga.app.get(LiveRepository);
      const read = repo.missedAlertEvents.bind(repo);
      let release!: () => void;
      const paused = new Promise<void>((resolve) => (release = resolve));
      let reading!: () => void;
      const started = new Promise<void>((resolve) => (reading = resolve));
      const spy = jest.spyOn(repo, 'missedAlertEvents').mockImplementationOnce(async (...args) => {
        reading();
        if (when === 'after') await paused;
        const rows = await read(...args);
        if (when === 'before') await paused;
        return rows;
      });
      try {
        // A client without a replay hears the live events as they come: the witness that they were sent.
        const witness = await subscribed(viewer, [bpjs.id]);
        const c = client({ token: admin, lastAlertSeq: before });
        await connected(c.socket);
        const ack = subscribe(c.socket, { programIds: [bpjs.id] });
        await started;
        const live = [await publishAlert(t, alertOf(bpjs)), await publishAlert(t, alertOf(bpjs))];
        await until(() => alertEvents(witness.events).some((e) => e.payload.seq === live[1]), 'the live events at the witness');
        expect(alertEvents(c.events)).toEqual([]);
        release();
        expect(await ack).toMatchObject({ ok: true });
        const after = await publishAlert(t, alertOf(bpjs));
        await until(() => alertEvents(c.events).some((e) => e.payload.seq === after), 'the event after the replay');
        expect(alertEvents(c.events).map((e) => e.payload.seq)).toEqual([...missed, ...live, after]);
      } finally {
        spy.mockRestore();
      }
    });

    it('replays nothing to a client that passes no lastAlertSeq', async () => {
      await publishAlert(t, alertOf(bpjs));
      const c = await subscribed(viewer, [bpjs.id]);
      const marker = await publishAlert(t, alertOf(bpjs));
      await until(() => alertEvents(c.events).length > 0, 'the marker');
      expect(alertEvents(c.events).map((e) => e.payload.seq)).toEqual([marker]);
    });
  });

  it('counts connected clients in /metrics', async () => {
    await subscribed(viewer, [bpjs.id]);
    await subscribed(viewer, [bpjs.id]);
    const res = await t.http.get('/metrics');
    const line = (res.text.match(/^siaga_live_clients (\d+)/m) ?? [])[1];
    expect(Number(line)).toBeGreaterThanOrEqual(2);
  });

  it('disconnects live clients when the app closes', async () => {
    const { socket } = client({ token: viewer });
    await connected(socket);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await t.close();
    expect(await gone).toBe('transport close');
  });
});
