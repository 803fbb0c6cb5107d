import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IngestResult, Page, Post, Program, SeriesResponse } from '@siaga/shared';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';

describe(`ingestion (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  let bpjs: Program;
  let prakerja: Program;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin');
    const mk = async (body: Record<string, unknown>) => {
      const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send(body);
      expect(res.status).toBe(201);
      return res.body as Program;
    };
    bpjs = await mk({ name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs OR "kartu indonesia sehat" OR #jkn' });
    prakerja = await mk({ name: 'Kartu Prakerja', slug: 'prakerja', query: 'prakerja* AND NOT lowongan', languages: ['id'] });
    await t.siaga.app.get((await import('../server/src/programs/backfill.service.js')).BackfillService).idle();
  });
  afterAll(async () => t.close());

  const ingest = (body: unknown) => t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send(body as object);
  const posts = async (query: string) => {
    const res = await t.http.get(`/api/posts?${query}`).set('authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    return res.body as Page<Post>;
  };

  it('stores a batch once, matches programs, and counts a re-sent batch as duplicates', async () => {
    const batch = [
      post({ externalId: 'a1', text: 'Antrian BPJS parah banget hari ini' }),
      post({ externalId: 'a2', text: 'Pelatihan Prakerja ini bagus dan membantu, mantap!' }),
      post({ externalId: 'a3', text: 'Cuaca Jakarta cerah' }),
      post({ externalId: 'a1', text: 'repeat inside the batch' }),
    ];
    const first = await ingest({ posts: batch });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: 3, duplicates: 1, rejected: [] });
    const again = await ingest({ posts: batch });
    expect(again.body).toEqual({ accepted: 0, duplicates: 4, rejected: [] });
    const page = await posts('limit=10&source=x');
    const byExt = new Map(page.items.map((p) => [p.externalId, p]));
    expect(byExt.get('a1')!.programIds).toEqual([bpjs.id]);
    expect(byExt.get('a2')!.programIds).toEqual([prakerja.id]);
    expect(byExt.get('a3')!.programIds).toEqual([]);
    expect(page.items.filter((p) => p.externalId === 'a1')).toHaveLength(1);
  });

  it('rejects only the bad posts of a batch, with their index and a reason', async () => {
    const res = await ingest({
      posts: [
        post({ source: 'facebook', externalId: 'ok-1' }),
        post({ text: '' }),
        post({ createdAt: 'yesterday' }),
        { hello: 'world' },
        post({ author: { handle: '' } }),
        post({ text: 'x'.repeat(20_001) }),
        post({ text: 'nul \u0000 byte' }),
        post({ createdAt: new Date(Date.now() + 3_600_000).toISOString() }),
        post({ url: 'javascript:alert(1)' }),
        null,
        post({ source: 'facebook', externalId: 'ok-2' }),
      ],
    });
    expect(res.status).toBe(202);
    const body = res.body as IngestResult;
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const r of body.rejected) {
      expect(r.code).toBe('validation_failed');
      expect(r.message.length).toBeGreaterThan(3);
    }
    expect(body.rejected[0]!.message).toMatch(/^text:/);
  });

  it.each([
    ['no key', undefined, 401],
    ['a wrong key', 'not-the-key', 401],
  ])('refuses %s with 401', async (_, key, status) => {
    const req = t.http.post('/api/ingest/posts');
    if (key) void req.set('x-api-key', key);
    const res = await req.send({ posts: [post()] });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe('unauthorized');
    expect(typeof res.body.requestId).toBe('string');
  });

  it('answers the stable error body for bad JSON, wrong content types and oversize bodies', async () => {
    const badJson = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).set('content-type', 'application/json').send('{"posts": [');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');

    const text = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).set('content-type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');

    const tooMany = await ingest({ posts: Array.from({ length: 5_001 }, () => ({})) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.code).toBe('payload_too_large');

    const huge = await t.http
      .post('/api/ingest/posts')
      .set('x-api-key', INGEST_KEY)
      .set('content-type', 'application/json')
      .send(`{"posts":[{"text":"${'x'.repeat(17 * 1024 * 1024)}"}]}`);
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');

    const notBatch = await ingest({ items: [] });
    expect(notBatch.status).toBe(400);
    expect(notBatch.body.error.code).toBe('validation_failed');

    const empty = await ingest({ posts: [] });
    expect(empty.status).toBe(400);
  });

  it('streams NDJSON with per-line errors and no count limit', async () => {
    const lines = [
      JSON.stringify(post({ source: 'tiktok', externalId: 'n1' })),
      '{not json',
      '',
      JSON.stringify(post({ source: 'tiktok', externalId: 'n2', text: 'prakerja cair juga akhirnya' })),
      JSON.stringify({ bad: true }),
      ...Array.from({ length: 2_500 }, (_, i) => JSON.stringify(post({ source: 'tiktok', externalId: `bulk-${i}` }))),
    ];
    const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).set('content-type', 'application/x-ndjson').send(lines.join('\n'));
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2_502);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'invalid_json'],
      [4, 'validation_failed'],
    ]);
  });

  it('pages newest first with a keyset cursor and filters', async () => {
    const base = Date.parse('2026-11-20T10:00:00Z');
    await ingest({
      posts: Array.from({ length: 7 }, (_, i) =>
        post({ source: 'instagram', externalId: `pg-${i}`, createdAt: new Date(base + i * 1000).toISOString(), text: i % 2 ? 'bpjs mantap membantu' : 'bpjs error parah' }),
      ),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Post> = await posts(`source=instagram&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((p) => p.externalId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['pg-6', 'pg-5', 'pg-4', 'pg-3', 'pg-2', 'pg-1', 'pg-0']);
    const negative = await posts(`source=instagram&sentiment=negative&programId=${bpjs.id}`);
    expect(negative.items.map((p) => p.externalId)).toEqual(['pg-6', 'pg-4', 'pg-2', 'pg-0'].filter((_, i) => i >= 0).reverse().sort().reverse().filter((x) => Number(x.slice(3)) % 2 === 0));
    const ranged = await posts(`source=instagram&from=${new Date(base + 2000).toISOString()}&to=${new Date(base + 4000).toISOString()}`);
    expect(ranged.items.map((p) => p.externalId)).toEqual(['pg-3', 'pg-2']);
    const searched = await posts(`source=instagram&q=mantap`);
    expect(searched.items.map((p) => p.externalId)).toEqual(['pg-5', 'pg-3', 'pg-1']);
  });

  it.each([
    ['limit=0'],
    ['limit=501'],
    ['limit=abc'],
    ['cursor=%%%'],
    ['cursor=bm90LWEtY3Vyc29y'],
    ['programId=not-a-uuid'],
    ['from=yesterday'],
    ['sentiment=angry'],
    ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z'],
  ])('refuses GET /api/posts?%s with 400', async (query) => {
    const res = await t.http.get(`/api/posts?${query}`).set('authorization', `Bearer ${admin}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/^(validation_failed|bad_request)$/);
  });

  it('keeps per-minute rollups with distinct authors, served as series in the caller time zone', async () => {
    const minute = Date.parse('2026-11-21T03:05:00Z');
    const batch = Array.from({ length: 30 }, (_, i) =>
      post({
        source: 'youtube',
        externalId: `r-${i}`,
        createdAt: new Date(minute + (i % 3) * 60_000 + 5_000).toISOString(),
        text: i % 3 === 0 ? 'bpjs parah error' : 'info bpjs hari ini',
        author: { handle: `author-${i % 10}` },
      }),
    );
    expect((await ingest({ posts: batch.slice(0, 12) })).body.accepted).toBe(12);
    expect((await ingest({ posts: batch.slice(12) })).body.accepted).toBe(18);
    const get = async (q: string) => {
      const res = await t.http.get(`/api/metrics/series?programId=${bpjs.id}&${q}`).set('authorization', `Bearer ${admin}`);
      expect(res.status).toBe(200);
      return res.body as SeriesResponse;
    };
    const m = await get(`from=2026-11-21T03:04:00Z&to=2026-11-21T03:09:00Z&bucket=1m`);
    expect(m.points.map((p) => p.volume)).toEqual([0, 10, 10, 10, 0]);
    expect(m.points[1]).toMatchObject({ t: '2026-11-21T03:05:00.000Z', negative: 10, authors: 10 });
    const h = await get(`from=2026-11-21T03:00:00Z&to=2026-11-21T04:00:00Z&bucket=1h`);
    expect(h.points).toHaveLength(1);
    expect(h.points[0]).toMatchObject({ volume: 30, negative: 10, authors: 10 });
    const d = await get(`from=2026-11-20T17:00:00Z&to=2026-11-21T17:00:00Z&bucket=1d&tz=Asia/Jakarta`);
    expect(d.points.map((p) => p.t)).toEqual(['2026-11-20T17:00:00.000Z']);
    expect(d.points[0]!.volume).toBeGreaterThanOrEqual(30);
    const bad = await t.http.get(`/api/metrics/series?programId=${bpjs.id}&tz=Mars/Olympus`).set('authorization', `Bearer ${admin}`);
    expect(bad.status).toBe(400);
    const tooMany = await t.http.get(`/api/metrics/series?programId=${bpjs.id}&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=1m`).set('authorization', `Bearer ${admin}`);
    expect(tooMany.status).toBe(400);
  });
});
