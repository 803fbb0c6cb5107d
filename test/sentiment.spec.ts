import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AnalyzeResponse, Post, Program, SeriesResponse } from '@siaga/shared';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';

describe(`sentiment API (${ENGINE})`, () => {
  let t: TestApp;
  let analyst: string;
  let program: Program;

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.token('analyst');
    const res = await t.http.post('/api/programs').set('authorization', `Bearer ${await t.token('admin')}`).send({ name: 'MBG', slug: 'mbg', query: 'mbg OR "makan bergizi"' });
    program = res.body as Program;
  });
  afterAll(async () => t.close());

  it('analyses texts without storing them', async () => {
    const res = await t.http.post('/api/analyze').set('authorization', `Bearer ${analyst}`).send({ texts: ['Pelayanan BPJS sangat buruk dan lambat', 'great program, thanks!', ''] });
    expect(res.status).toBe(200);
    const body = res.body as AnalyzeResponse;
    expect(body.results).toHaveLength(3);
    expect(body.results[0]!.label).toBe('negative');
    expect(body.results[1]!.label).toBe('positive');
    for (const r of body.results) {
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(Array.isArray(r.terms)).toBe(true);
    }
  });

  it.each([[{ texts: [] }], [{ texts: Array.from({ length: 1001 }, () => 'x') }], [{ texts: [42] }], [{ texts: ['x'.repeat(20_001)] }], [{}], [{ texts: ['ok'], lang: 'fr' }]])('refuses the analyze body %#', async (body) => {
    const res = await t.http.post('/api/analyze').set('authorization', `Bearer ${analyst}`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it("relabels a post: the analyst's label wins in the post, its rollups and the audit log", async () => {
    const at = new Date(Date.now() - 10 * 60_000);
    await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post({ externalId: 'rl-1', text: 'MBG hari ini mantap, anak-anak senang', createdAt: at.toISOString() })] });
    const list = await t.http.get(`/api/posts?programId=${program.id}`).set('authorization', `Bearer ${analyst}`);
    const before = (list.body.items as Post[]).find((p) => p.externalId === 'rl-1')!;
    expect(before.sentiment.label).toBe('positive');
    const res = await t.http.post(`/api/posts/${before.id}/sentiment`).set('authorization', `Bearer ${analyst}`).send({ label: 'negative', note: 'sarcasm' });
    expect(res.status).toBe(200);
    const after = res.body as Post;
    expect(after.sentiment).toMatchObject({ label: 'negative', score: -1 });
    expect(after.sentiment.correctedAt).not.toBeNull();
    const series = await t.http.get(`/api/metrics/series?programId=${program.id}&from=${new Date(at.getTime() - 60_000).toISOString()}&to=${new Date(at.getTime() + 60_000).toISOString()}`).set('authorization', `Bearer ${analyst}`);
    const points = (series.body as SeriesResponse).points;
    expect(points.reduce((s, p) => s + p.negative, 0)).toBe(1);
    expect(points.reduce((s, p) => s + p.positive, 0)).toBe(0);
    const filtered = await t.http.get(`/api/posts?programId=${program.id}&sentiment=negative`).set('authorization', `Bearer ${analyst}`);
    expect((filtered.body.items as Post[]).map((p) => p.externalId)).toContain('rl-1');
    const corrections = await t.http.get(`/api/sentiment/corrections?postId=${before.id}`).set('authorization', `Bearer ${analyst}`);
    expect(corrections.body.items[0]).toMatchObject({ label: 'negative', previousLabel: 'positive', modelLabel: 'positive', note: 'sarcasm' });
    const exported = await t.http.get('/api/sentiment/corrections/export').set('authorization', `Bearer ${analyst}`);
    expect(exported.status).toBe(200);
    const lines = exported.text.trim().split('\n').map((l) => JSON.parse(l) as { text: string; label: string });
    expect(lines).toEqual([expect.objectContaining({ text: 'MBG hari ini mantap, anak-anak senang', label: 'negative' })]);
    const audit = await t.http.get('/api/audit').set('authorization', `Bearer ${await t.token('admin')}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['post.relabeled', 'export.created']));
  });

  it('refuses relabelling with a bad label or an unknown post', async () => {
    expect((await t.http.post('/api/posts/00000000-0000-4000-8000-000000000000/sentiment').set('authorization', `Bearer ${analyst}`).send({ label: 'negative' })).status).toBe(404);
    const list = await t.http.get('/api/posts?limit=1').set('authorization', `Bearer ${analyst}`);
    const id = (list.body.items as Post[])[0]!.id;
    expect((await t.http.post(`/api/posts/${id}/sentiment`).set('authorization', `Bearer ${analyst}`).send({ label: 'angry' })).status).toBe(400);
  });
});
