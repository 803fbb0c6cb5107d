import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page, Post, Program } from '@siaga/shared';
import { BackfillService } from '../server/src/programs/backfill.service.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';

describe(`programs (${ENGINE})`, () => {
  let t: TestApp;
  let sup: string;
  const auth = () => ({ authorization: `Bearer ${sup}` });

  beforeAll(async () => {
    t = await startTestApp();
    sup = await t.token('supervisor');
  });
  afterAll(async () => t.close());

  const idle = () => t.siaga.app.get(BackfillService).idle();

  it('creates a program with defaults and answers 201 with it', async () => {
    const res = await t.http.post('/api/programs').set(auth()).send({ name: 'IKN', slug: 'ikn', query: 'ikn OR "ibu kota nusantara"' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'IKN', slug: 'ikn', languages: [], sensitivity: 'medium', active: true, description: null });
    const dup = await t.http.post('/api/programs').set(auth()).send({ name: 'IKN 2', slug: 'ikn', query: 'ikn' });
    expect(dup.status).toBe(409);
    await idle();
  });

  it.each([
    ['bpjs AND', 5],
    ['(bpjs OR kis', 0],
    ['"kartu prakerja', 0],
    ['bpjs OR OR kis', 8],
  ])('points at the error in the query %j', async (query, position) => {
    const res = await t.http.post('/api/programs').set(auth()).send({ name: 'Bad', slug: 'bad-query', query });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('query_syntax');
    expect(res.body.error.details.position).toBe(position);
    const check = await t.http.post('/api/programs/validate-query').set(auth()).send({ query });
    expect(check.status).toBe(400);
  });

  it.each([
    [{ name: 'x', slug: 'Not A Slug', query: 'x' }],
    [{ name: 'x', slug: 'ok-slug', query: 'x', sensitivity: 'extreme' }],
    [{ name: 'x', slug: 'ok-slug', query: 'x', languages: ['fr'] }],
    [{ name: '', slug: 'ok-slug', query: 'x' }],
    [{ name: 'x', slug: 'ok-slug' }],
    [{ name: 'x', slug: 'ok-slug', query: 'x', extra: 1 }],
  ])('refuses the invalid body %j', async (body) => {
    const res = await t.http.post('/api/programs').set(auth()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('re-matches stored posts when a query is created or edited, and fixes the rollups', async () => {
    const at = new Date(Date.now() - 3_600_000);
    const ingest = await t.http
      .post('/api/ingest/posts')
      .set('x-api-key', INGEST_KEY)
      .send({
        posts: [
          post({ externalId: 'bf-1', text: 'Harga beras naik lagi', createdAt: at.toISOString() }),
          post({ externalId: 'bf-2', text: 'Bansos PKH belum cair', createdAt: at.toISOString() }),
          post({ externalId: 'bf-3', text: 'bansos beras datang', createdAt: new Date(Date.now() - 40 * 86_400_000).toISOString() }),
        ],
      });
    expect(ingest.body.accepted).toBe(3);
    const created = await t.http.post('/api/programs').set(auth()).send({ name: 'Beras', slug: 'beras', query: 'beras' });
    await idle();
    const linked = async (id: string) => {
      const res = await t.http.get(`/api/posts?programId=${id}`).set(auth());
      return (res.body as Page<Post>).items.map((p) => p.externalId).sort();
    };
    // bf-3 is older than the 30-day window and stays untouched.
    expect(await linked(created.body.id)).toEqual(['bf-1']);
    const edited = await t.http.patch(`/api/programs/${created.body.id}`).set(auth()).send({ query: 'bansos OR pkh' });
    expect(edited.status).toBe(200);
    await idle();
    expect(await linked(created.body.id)).toEqual(['bf-2']);
    const series = await t.http.get(`/api/metrics/series?programId=${created.body.id}&from=${new Date(at.getTime() - 60_000).toISOString()}&to=${new Date(at.getTime() + 60_000).toISOString()}`).set(auth());
    expect(series.body.points.reduce((s: number, p: { volume: number }) => s + p.volume, 0)).toBe(1);
    const audit = await t.http.get('/api/audit?targetType=program').set('authorization', `Bearer ${await t.token('admin')}`);
    const update = audit.body.items.find((e: { action: string }) => e.action === 'program.updated');
    expect(update.details.changes.query).toEqual({ from: 'beras', to: 'bansos OR pkh' });
  });

  it('deletes a program with its links, and posts stop naming it', async () => {
    const list = await t.http.get('/api/programs?limit=500').set(auth());
    const beras = (list.body as Page<Program>).items.find((p) => p.slug === 'beras')!;
    expect((await t.http.delete(`/api/programs/${beras.id}`).set(auth())).status).toBe(204);
    expect((await t.http.get(`/api/programs/${beras.id}`).set(auth())).status).toBe(404);
    const posts = await t.http.get('/api/posts?limit=50').set(auth());
    for (const p of (posts.body as Page<Post>).items) expect(p.programIds).not.toContain(beras.id);
  });

  it('pages programs', async () => {
    for (let i = 0; i < 3; i++) await t.http.post('/api/programs').set(auth()).send({ name: `P${i}`, slug: `page-${i}`, query: `word${i}` });
    const first = await t.http.get('/api/programs?limit=2').set(auth());
    expect(first.body.items).toHaveLength(2);
    const second = await t.http.get(`/api/programs?limit=2&cursor=${first.body.nextCursor}`).set(auth());
    expect(second.body.items.map((p: Program) => p.id)).not.toContain(first.body.items[0].id);
    await idle();
  });
});
