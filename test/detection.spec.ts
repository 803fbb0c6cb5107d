import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Alert, BacktestResponse, Program } from '@siaga/shared';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`live detection (${ENGINE})`, () => {
  let t: TestApp;
  let analyst: string;
  let program: Program;

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.token('analyst');
    program = (await t.http.post('/api/programs').set('authorization', `Bearer ${await t.token('admin')}`).send({ name: 'Kartu Prakerja', slug: 'prakerja', query: 'prakerja' })).body as Program;
  });
  afterAll(async () => t.close());

  const ingest = async (posts: object[]) => {
    for (let i = 0; i < posts.length; i += 2_000) {
      const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: posts.slice(i, i + 2_000) });
      expect(res.status).toBe(202);
    }
  };

  it('learns from late history without raising anything about the past, then alerts on a live burst', async () => {
    const now = Date.now();
    // Three quiet hours, arriving late (a backfill): baselines only.
    const history = Array.from({ length: 180 * 4 }, (_, i) =>
      post({ externalId: `h-${i}`, text: `info prakerja gelombang baru ${i}`, createdAt: new Date(now - 3 * 3_600_000 + Math.floor(i / 4) * 60_000).toISOString(), author: { handle: `warga${i % 300}` } }),
    );
    await ingest(history);
    // A spike inside that late history: still nothing, it is the past.
    await ingest(Array.from({ length: 300 }, (_, i) => post({ externalId: `old-spike-${i}`, text: `prakerja error ${i}`, createdAt: new Date(now - 2 * 3_600_000).toISOString(), author: { handle: `old${i}` } })));
    await new Promise((r) => setTimeout(r, 300));
    const before = await t.http.get(`/api/alerts?programId=${program.id}`).set('authorization', `Bearer ${analyst}`);
    expect(before.body.items).toEqual([]);

    // Now a live burst: many people complaining in the current minutes.
    await ingest(Array.from({ length: 400 }, (_, i) => post({ externalId: `burst-${i}`, text: `prakerja insentif belum cair, kecewa ${i}`, createdAt: new Date(now - 30_000).toISOString(), author: { handle: `marah${i}` } })));
    const alert = await until('a volume alert', async () => {
      const res = await t.http.get(`/api/alerts?programId=${program.id}&kind=volume_spike`).set('authorization', `Bearer ${analyst}`);
      return (res.body.items as Alert[])[0];
    });
    expect(alert.status).toBe('open');
    expect(alert.explanation.observed).toBeGreaterThan(alert.explanation.band.upper);
    expect(alert.explanation.facts).toMatchObject({ kind: alert.kind, observed: alert.explanation.observed });
  });

  it('backtests a program at a sensitivity', async () => {
    const res = await t.http.post('/api/detection/backtest').set('authorization', `Bearer ${analyst}`).send({ programId: program.id, sensitivity: 'high', from: new Date(Date.now() - 4 * 3_600_000).toISOString() });
    expect(res.status).toBe(200);
    const body = res.body as BacktestResponse;
    expect(body.sensitivity).toBe('high');
    expect(body.points.length).toBeGreaterThan(100);
    for (const p of body.points.slice(0, 50)) {
      expect(p.volume.score).toBeGreaterThanOrEqual(0);
      expect(p.volume.score).toBeLessThanOrEqual(1);
      expect(p.volume.band.lower).toBeLessThanOrEqual(p.volume.band.upper);
    }
    const bad = await t.http.post('/api/detection/backtest').set('authorization', `Bearer ${analyst}`).send({ programId: program.id, sensitivity: 'extreme' });
    expect(bad.status).toBe(400);
    const missing = await t.http.post('/api/detection/backtest').set('authorization', `Bearer ${analyst}`).send({ programId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
  });
});
