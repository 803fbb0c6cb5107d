import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Alert, IngestResult, Page, Post, Program, Source, SourceTestResult } from '@siaga/shared';
import { BackfillService } from '../server/src/programs/backfill.service.js';
import { webhookSignature } from '../server/src/sources/connectors/webhook.connector.js';
import { SourceHealthService } from '../server/src/sources/source-health.service.js';
import { SourceRunner } from '../server/src/sources/source-runner.service.js';
import { SourcesRepository } from '../server/src/sources/sources.repository.js';
import { FakeClock, startTestApp, type TestApp } from './support/app.js';
import { ENGINE } from './support/database.js';
import { rss2 } from './support/fakes/feeds.js';
import { startHttpFake, type HttpFake } from './support/fakes/http-fake.js';
import { jetstreamCommit, startJetstreamFake, type JetstreamFake } from './support/fakes/jetstream-fake.js';

async function until(cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe(`live sources (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  let feed: HttpFake;
  let jetstream: JetstreamFake;
  const clock = new FakeClock(Date.now());
  let feedXml = rss2([{ guid: 'antara-1', link: 'https://www.antaranews.com/berita/1', title: 'Antrean BPJS mengular di Bandung' }, { title: 'tanpa id' }]);

  beforeAll(async () => {
    feed = await startHttpFake((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedXml));
    jetstream = await startJetstreamFake();
    t = await startTestApp({ SIAGA_SECRET_KEY: 'a-test-secret-key-of-at-least-32-characters' }, { clock });
    admin = await t.token('admin');
    t.siaga.app.get(SourceRunner).loopOptions = { backoffBaseMs: 5, backoffMaxMs: 20 };
    const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'Banjir', slug: 'banjir', query: 'banjir' });
    if (res.status !== 201) throw new Error(`program not created: ${res.status}`);
    await t.siaga.app.get(BackfillService).idle();
  });
  afterAll(async () => {
    await t.close();
    await feed.close();
    await jetstream.close();
  });

  const as = (token: string) => ({
    get: (url: string) => t.http.get(url).set('authorization', `Bearer ${token}`),
    post: (url: string, body?: object) => t.http.post(url).set('authorization', `Bearer ${token}`).send(body),
    patch: (url: string, body: object) => t.http.patch(url).set('authorization', `Bearer ${token}`).send(body),
    del: (url: string) => t.http.delete(url).set('authorization', `Bearer ${token}`),
  });
  const postsOf = async (source: string) => ((await as(admin).get(`/api/posts?source=${source}&limit=100`)).body as Page<Post>).items;

  it('stores a new RSS source, polls it at once through the ingestion pipeline, and shows its state', async () => {
    const created = await as(admin).post('/api/sources', { type: 'rss', name: 'Antara terkini', settings: { url: `${feed.url}/rss.xml`, pollIntervalSeconds: 300 } });
    expect(created.status).toBe(201);
    const src = created.body as Source;
    expect(src).toMatchObject({ type: 'rss', enabled: true, hasSecret: false, settings: { url: `${feed.url}/rss.xml`, pollIntervalSeconds: 300 }, webhookPath: null });
    await until(async () => (await postsOf('rss')).length === 1, 'the first poll to be stored');
    const [stored] = await postsOf('rss');
    expect(stored).toMatchObject({ externalId: 'antara-1', text: 'Antrean BPJS mengular di Bandung', url: 'https://www.antaranews.com/berita/1' });
    await until(async () => ((await as(admin).get(`/api/sources/${src.id}`)).body as Source).itemsTotal === 1, 'the counts');
    const state = (await as(admin).get(`/api/sources/${src.id}`)).body as Source;
    expect(state).toMatchObject({ state: 'running', itemsTotal: 1, skippedTotal: 1, consecutiveFailures: 0, lastError: null });
    expect(state.itemsPerHour).toHaveLength(24);
    expect(state.itemsPerHour.at(-1)).toBe(1);
    expect(state.lastSuccessAt).not.toBeNull();
  });

  it('answers "fetch once now" with what would be stored, storing nothing', async () => {
    feedXml = rss2([{ guid: 'antara-2', title: 'Banjir rob di Jakarta Utara' }]);
    const [src] = (await as(admin).get('/api/sources')).body as Source[];
    const res = await as(admin).post(`/api/sources/${src!.id}/test`);
    expect(res.status).toBe(200);
    const r = res.body as SourceTestResult;
    expect(r).toMatchObject({ ok: true, itemCount: 1, skipped: 0, error: null });
    expect(r.items[0]).toMatchObject({ source: 'rss', externalId: 'antara-2' });
    expect((await postsOf('rss')).map((p) => p.externalId)).toEqual(['antara-1']);
  });

  it('refuses bad settings, missing secrets and non-admins with the stable error body', async () => {
    const short = await as(admin).post('/api/sources', { type: 'rss', name: 'Terlalu sering', settings: { url: feed.url, pollIntervalSeconds: 2 } });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('validation_failed');
    expect(short.body.error.details[0].path).toBe('settings.pollIntervalSeconds');
    expect((await as(admin).post('/api/sources', { type: 'rss', name: 'x', settings: { url: 'file:///etc/passwd' } })).status).toBe(400);
    expect((await as(admin).post('/api/sources', { type: 'telegram', name: 'Bot', settings: {} })).status).toBe(400);
    expect((await as(admin).post('/api/sources', { type: 'gopher', name: 'x' })).status).toBe(400);
    expect((await as(admin).post('/api/sources', { type: 'rss', name: 'Antara terkini', settings: { url: feed.url } })).status).toBe(409);
    const analyst = await t.token('analyst');
    expect((await as(analyst).get('/api/sources')).status).toBe(403);
    // The wall's view is for everyone, without settings.
    const states = await as(analyst).get('/api/sources/states');
    expect(states.status).toBe(200);
    expect(states.body).toEqual([{ id: expect.any(String), name: 'Antara terkini', type: 'rss', state: 'running', lastItemAt: expect.any(String) }]);
  });

  it('takes signed pushes on a webhook source, refuses bad signatures, and never answers the secret', async () => {
    const secret = 'reseller-hmac-secret-123';
    const created = (await as(admin).post('/api/sources', { type: 'webhook', name: 'Data reseller', settings: { defaultSource: 'tiktok' }, secret })).body as Source;
    expect(created.hasSecret).toBe(true);
    expect(JSON.stringify(created)).not.toContain(secret);
    expect(created.webhookPath).toBe(`/api/sources/${created.id}/webhook`);
    const body = JSON.stringify({ posts: [{ externalId: 'tt-1', text: 'Banjir lagi di Kemang', createdAt: new Date(clock.now().getTime() - 60_000).toISOString(), author: { handle: 'warga' } }, { externalId: 'tt-2' }] });
    const push = (sig: string, ts = String(Math.floor(clock.now().getTime() / 1000))) =>
      t.http.post(created.webhookPath!).set('content-type', 'application/json').set('x-siaga-timestamp', ts).set('x-siaga-signature', sig).send(body);
    const ts = String(Math.floor(clock.now().getTime() / 1000));
    const ok = await push(webhookSignature(secret, ts, body), ts);
    expect(ok.status).toBe(202);
    expect(ok.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((ok.body as IngestResult).rejected).toHaveLength(1);
    expect((await push(webhookSignature(secret, ts, body), ts)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    const bad = await push(webhookSignature('wrong-secret-xyz', ts, body), ts);
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('unauthorized');
    expect((await push(webhookSignature(secret, '1000', body), '1000')).status).toBe(401);
    expect((await postsOf('tiktok')).map((p) => p.externalId)).toEqual(['tt-1']);
    const stored = await t.siaga.app.get(SourcesRepository).get(created.id);
    expect(stored!.secret_sealed).not.toContain(secret);
  });

  it('collects Bluesky posts the programs match and, restarted mid-stream, resumes from the stored cursor with no gap and no duplicate', async () => {
    const base = Date.now() * 1000 - 60_000_000;
    for (let i = 0; i < 30; i++) jetstream.events.push(jetstreamCommit(i, i % 3 === 0 ? `banjir setinggi lutut ${i}` : `makan siang ${i}`, base + i * 1000));
    jetstream.dropAfter = 12;
    const src = (await as(admin).post('/api/sources', { type: 'bluesky', name: 'Bluesky', settings: { url: jetstream.url } })).body as Source;
    await until(() => Promise.resolve(jetstream.connections.length >= 2), 'a drop and a reconnect');
    const runner = t.siaga.app.get(SourceRunner);
    await runner.stop(src.id);
    const row = await t.siaga.app.get(SourcesRepository).get(src.id);
    expect(row!.cursor).toEqual({ timeUs: expect.any(Number) });
    const restartAt = jetstream.connections.length;
    await runner.start(row!);
    await until(async () => (await postsOf('bluesky')).length === 10, 'every matching post');
    expect(jetstream.connections[restartAt]!.cursor).toBe(String((row!.cursor as { timeUs: number }).timeUs));
    const texts = (await postsOf('bluesky')).map((p) => Number(/lutut (\d+)/.exec(p.text)![1])).sort((a, b) => a - b);
    expect(texts).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    const banjir = ((await as(admin).get('/api/programs')).body as Page<Program>).items[0]!;
    expect((await postsOf('bluesky')).every((p) => p.programIds.includes(banjir.id))).toBe(true);
    await runner.stop(src.id);
  });

  it('raises source_silent when a source that yields items goes quiet past its usual gap, and resolves it when items return', async () => {
    const secret = 'silence-secret-123456';
    const src = (await as(admin).post('/api/sources', { type: 'webhook', name: 'Kolektor senyap', secret })).body as Source;
    let n = 0;
    const pushOne = async () => {
      const body = JSON.stringify({ posts: [{ source: 'x', externalId: `quiet-${n++}`, text: 'Laporan warga', createdAt: new Date(Date.now() - 1000).toISOString(), author: { handle: 'w' } }] });
      const ts = String(Math.floor(clock.now().getTime() / 1000));
      const res = await t.http.post(src.webhookPath!).set('content-type', 'application/json').set('x-siaga-timestamp', ts).set('x-siaga-signature', webhookSignature(secret, ts, body)).send(body);
      expect(res.status).toBe(202);
    };
    // One item every two minutes, ten times: its usual gap is learnt.
    for (let i = 0; i < 10; i++) {
      await pushOne();
      clock.advance(120_000);
    }
    const health = t.siaga.app.get(SourceHealthService);
    const silentAlerts = async () => ((await as(admin).get('/api/alerts?kind=source_silent')).body as Page<Alert>).items.filter((a) => a.sourceId === src.id);
    await health.tick();
    expect(await silentAlerts()).toEqual([]);
    expect(((await as(admin).get(`/api/sources/${src.id}`)).body as Source).usualGapSeconds).toBe(120);
    clock.advance(15 * 60_000);
    await health.tick();
    const [alert] = await silentAlerts();
    expect(alert).toMatchObject({ kind: 'source_silent', status: 'open', programId: null, sourceName: 'Kolektor senyap' });
    expect(((await as(admin).get(`/api/sources/${src.id}`)).body as Source).state).toBe('silent');
    await pushOne();
    await health.tick();
    const [after] = await silentAlerts();
    expect(after).toMatchObject({ id: alert!.id, status: 'resolved', resolution: 'auto' });
  });

  it('raises source_failing when reads fail repeatedly, with the error shown and the source kept alive', async () => {
    const dead = await startHttpFake((_req, res) => res.writeHead(500).end('boom'));
    const src = (await as(admin).post('/api/sources', { type: 'rss', name: 'Portal mati', settings: { url: dead.url } })).body as Source;
    await until(async () => ((await as(admin).get(`/api/sources/${src.id}`)).body as Source).consecutiveFailures >= 5, 'five failures');
    await t.siaga.app.get(SourceHealthService).tick();
    const failing = ((await as(admin).get('/api/alerts?kind=source_failing')).body as Page<Alert>).items.find((a) => a.sourceId === src.id);
    expect(failing).toMatchObject({ status: 'open', sourceName: 'Portal mati' });
    const state = (await as(admin).get(`/api/sources/${src.id}`)).body as Source;
    expect(state).toMatchObject({ state: 'failing', lastError: 'the feed answered 500' });
    expect((await as(admin).patch(`/api/sources/${src.id}`, { enabled: false })).body).toMatchObject({ state: 'paused' });
    expect(t.siaga.app.get(SourceRunner).isRunning(src.id)).toBe(false);
    await dead.close();
    expect((await as(admin).del(`/api/sources/${src.id}`)).status).toBe(204);
    expect((await as(admin).get(`/api/sources/${src.id}`)).status).toBe(404);
  });
});
