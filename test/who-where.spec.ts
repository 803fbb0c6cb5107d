import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AccountResponse, ActorsResponse, NetworkResponse, Page, PlacesResponse, PlatformsResponse, Post, Program } from '@siaga/shared';
import { randomUUID } from 'node:crypto';
import { BackfillService } from '../server/src/programs/backfill.service.js';
import { ENGINE } from './support/database.js';
import { FakeClock, INGEST_KEY, startTestApp, type TestApp } from './support/app.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const NOW = Math.floor((Date.now() - 2 * 86_400_000) / MINUTE) * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

describe(`who and where (${ENGINE})`, () => {
  const clock = new FakeClock(NOW);
  let t: TestApp;
  let viewer: string;
  let analyst: string;
  let program: Program;

  const get = (path: string, token = viewer) => t.http.get(path).set('authorization', `Bearer ${token}`);
  let seq = 0;
  const post = (handle: string, text: string, over: Record<string, unknown> = {}) => ({
    source: 'x',
    externalId: `ww-${++seq}`,
    text,
    createdAt: iso(NOW - 30 * MINUTE + seq * 1_000),
    author: { handle, followers: 100 },
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    viewer = await t.token('viewer');
    analyst = await t.token('analyst');
    const admin = await t.token('admin');
    const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'Banjir', slug: 'banjir', query: 'banjir' });
    if (res.status !== 201) throw new Error(`program: ${res.status}`);
    program = res.body as Program;
    const posts = [
      // A national newsroom: two posts, five million followers.
      post('beritanasional', 'Banjir di Makassar merendam ribuan rumah, warga mengungsi', { author: { handle: 'beritanasional', name: 'Berita Nasional', followers: 5_000_000 }, engagement: { likes: 40, shares: 10 } }),
      post('beritanasional', 'Update banjir: air mulai surut di Sidoarjo', { author: { handle: 'beritanasional', name: 'Berita Nasional', followers: 5_000_000 } }),
      // A small account: fifty posts, one hundred followers, the text names no place but its profile does; one of its
      // posts says the account is sixty days old.
      ...Array.from({ length: 50 }, (_, i) =>
        post('wargabiasa', `banjir lagi, rumah kebanjiran terus ${i} kapan pemerintah bertindak`, {
          author: { handle: 'wargabiasa', followers: 100, location: 'Malang, Jawa Timur', ...(i === 7 ? { createdAt: iso(NOW - 60 * DAY) } : {}) },
        }),
      ),
      // An account created two days (and a half hour) before its reply.
      post('tetangga', '@wargabiasa banjir juga di sini, sabar ya', { parentExternalId: 'ww-3', author: { handle: 'tetangga', followers: 100, createdAt: iso(NOW - 2 * DAY - 60 * MINUTE) } }),
      post('other', 'hujan deras di tempat lain', { source: 'mastodon' }),
    ];
    const ingest = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });
    if (ingest.status !== 202 || ingest.body.accepted !== posts.length) throw new Error(`ingest: ${ingest.status} ${JSON.stringify(ingest.body)}`);
    await t.siaga.app.get(BackfillService).idle();
    // A coordinated-campaign alert whose cluster named the small account, as the detector stores it.
    const details = { accounts: ['x:wargabiasa', 'x:tetangga'], sampleText: 'banjir lagi', postIds: [], posts: 12, similarity: 0.9, firstAt: iso(NOW - 20 * MINUTE), lastAt: iso(NOW - 10 * MINUTE), sources: ['x'] };
    await t.siaga.db.query(
      `INSERT INTO alerts (id, program_id, kind, severity, status, dedup_key, count, peak_score, peak_observed, explanation, opened_at, last_triggered_at, updated_at)
       VALUES ($1, $2, 'coordinated_campaign', 'warning', 'open', $3, 1, 0.9, 12, $4::jsonb, $5, $5, $5)`,
      [randomUUID(), program.id, `${program.id}:coordinated_campaign`, JSON.stringify({ facts: {}, expected: 0, band: { lower: 0, upper: 0 }, observed: 12, score: 0.9, details }), iso(NOW - 10 * MINUTE)],
    );
  });
  afterAll(async () => t.close());

  it('ranks accounts by reach: a newsroom with 2 posts and 5M followers above an account with 50 posts', async () => {
    const res = await get(`/api/metrics/actors?programId=${program.id}&limit=5`);
    expect(res.status).toBe(200);
    const body = res.body as ActorsResponse;
    expect(body.actors.map((a) => a.handle)).toEqual(['beritanasional', 'wargabiasa', 'tetangga']);
    expect(body.actors[0]).toMatchObject({ posts: 2, followers: 5_000_000, engagement: 50, reach: 5_000_000 + 10 * 50, sources: ['x'], name: 'Berita Nasional' });
    expect(body.actors[1]).toMatchObject({ posts: 50, followers: 100, reach: 100, negativeShare: expect.any(Number) });
    expect(body.accounts).toBe(3);
    // Without a program: every post of the window, the other source included.
    const all = (await get('/api/metrics/actors')).body as ActorsResponse;
    expect(all.accounts).toBe(4);
  });

  it('stores places at ingest: from the text, else from the profile location; counts them per province', async () => {
    const res = await get(`/api/metrics/places?programId=${program.id}`);
    expect(res.status).toBe(200);
    const body = res.body as PlacesResponse;
    expect(body.posts).toBe(53);
    const byCode = new Map(body.provinces.map((p) => [p.code, p.posts]));
    expect(byCode.get('73')).toBe(1);
    expect(byCode.get('35')).toBe(51);
    expect(body.regencies.find((r) => r.code === '73.71')).toMatchObject({ name: 'Kota Makassar', posts: 1 });
    const placed = (await get(`/api/posts?place=73&programId=${program.id}`)).body as Page<Post>;
    expect(placed.items.map((p) => p.author.handle)).toEqual(['beritanasional']);
    expect(placed.items[0]!.places).toEqual(['73', '73.71']);
  });

  it('breaks the window down by source, and the explorer filters by author', async () => {
    const body = (await get('/api/metrics/platforms')).body as PlatformsResponse;
    expect(body.sources).toEqual([
      { source: 'x', posts: 53, negative: expect.any(Number), share: 0.981 },
      { source: 'mastodon', posts: 1, negative: expect.any(Number), share: 0.019 },
    ]);
    const page = (await get('/api/posts?author=beritanasional&limit=10')).body as Page<Post>;
    expect(page.items).toHaveLength(2);
  });

  it('draws the network: the reply and the mention, and the campaign accounts marked', async () => {
    const res = await get(`/api/metrics/network?programId=${program.id}`);
    expect(res.status).toBe(200);
    const body = res.body as NetworkResponse;
    expect(body.postsScanned).toBe(53);
    expect(body.sampled).toBe(false);
    const edge = body.edges.find((e) => [e.source, e.target].sort().join() === 'x:tetangga,x:wargabiasa')!;
    expect(edge).toMatchObject({ replies: 1, mentions: 1 });
    const small = body.nodes.find((n) => n.id === 'x:wargabiasa')!;
    expect(small.inOpenCampaign).toBe(true);
    expect(small.reasons.map((r) => r.kind)).toContain('campaign_alert');
    expect(body.communities.length).toBeGreaterThan(0);
  });

  it("counts an account's age at its first post where the source gave it, and no age where it did not", async () => {
    const body = (await get(`/api/metrics/network?programId=${program.id}`)).body as NetworkResponse;
    const reasons = (id: string) => body.nodes.find((n) => n.id === id)!.reasons;
    // Two days old: part 0.5 × (1 − 2/30).
    expect(reasons('x:tetangga')).toContainEqual({ kind: 'account_age', value: 2, weight: 0.467 });
    // Sixty days old (said by one post of fifty): none.
    expect(reasons('x:wargabiasa').map((r) => r.kind)).not.toContain('account_age');
    // The account pages say when each account was created, and null where no post said.
    const created = async (handle: string) => ((await get(`/api/accounts/x/${handle}`)).body as AccountResponse).createdAt;
    expect(await created('tetangga')).toBe(iso(NOW - 2 * DAY - 60 * MINUTE));
    expect(await created('wargabiasa')).toBe(iso(NOW - 60 * DAY));
    expect(await created('beritanasional')).toBeNull();
    const page = (await get('/api/posts?source=x&author=tetangga')).body as Page<Post>;
    expect(page.items.map((p) => p.author.createdAt)).toEqual([iso(NOW - 2 * DAY - 60 * MINUTE)]);
  });

  it('answers an account page with its posts, programs, sentiment by day and campaign clusters', async () => {
    const res = await get('/api/accounts/x/wargabiasa');
    expect(res.status).toBe(200);
    const body = res.body as AccountResponse;
    expect(body).toMatchObject({ source: 'x', handle: 'wargabiasa', posts: 50, followers: 100, location: 'Malang, Jawa Timur' });
    expect(body.programs).toEqual([{ id: program.id, name: 'Banjir', slug: 'banjir', posts: 50 }]);
    expect(body.sentiment.reduce((s, d) => s + d.positive + d.neutral + d.negative, 0)).toBe(50);
    expect(body.campaigns).toEqual([expect.objectContaining({ programId: program.id, status: 'open', posts: 12, accounts: 2, sampleText: 'banjir lagi' })]);
    expect(body.places).toEqual([{ code: '35', posts: 50 }]);
    expect(body.recent).toHaveLength(20);
    expect((await get('/api/accounts/x/nobody')).status).toBe(404);
  });

  it('exports followers, engagement and places after the original CSV columns', async () => {
    const res = await get('/api/posts/export?author=beritanasional', analyst);
    expect(res.status).toBe(200);
    const [header, ...rows] = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header!.split(',').slice(-6)).toEqual(['author_followers', 'likes', 'shares', 'replies', 'views', 'places']);
    expect(rows.map((r) => r.split(',').slice(-6).join())).toContain('5000000,40,10,0,0,73;73.71');
  });

  it('refuses anonymous reads and hostile input with the stable error body, never a 500', async () => {
    for (const path of ['/api/metrics/actors', '/api/metrics/network', '/api/metrics/places', '/api/metrics/platforms', '/api/accounts/x/wargabiasa']) {
      expect((await t.http.get(path)).status).toBe(401);
    }
    const bad = [
      '/api/metrics/actors?programId=not-a-uuid',
      '/api/metrics/actors?limit=0',
      '/api/metrics/actors?limit=100000',
      `/api/metrics/network?from=${iso(NOW)}&to=${iso(NOW - MINUTE)}`,
      `/api/metrics/places?from=${iso(NOW - 40 * 86_400_000)}&to=${iso(NOW)}`,
      '/api/metrics/platforms?from=yesterday',
      '/api/posts?place=Makassar',
      '/api/posts?place=73.711',
      `/api/accounts/x/${'h'.repeat(300)}`,
      '/api/accounts/x/a%00b',
      `/api/accounts/x/wargabiasa?from=${iso(NOW - 200 * 86_400_000)}&to=${iso(NOW)}`,
    ];
    for (const path of bad) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const missing = await get(`/api/metrics/network?programId=${randomUUID()}`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const odd = await get(`/api/accounts/${encodeURIComponent("x'; DROP TABLE posts; --")}/${encodeURIComponent('@"<script>')}`);
    expect(odd.status).toBe(404);
  });
});
