import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { renderExplanation, type Alert, type AlertDetail, type AnalyzeResponse, type Post, type Program } from '@siaga/shared';
import { ENGINE } from './support/database.js';
import { FakeClock, INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';

// The harm signal end to end: analysed at ingest, stored with the post, filtered by the explorer,
// counted per program by the harm_reports detector (issue 13).

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe(`harm reports (${ENGINE})`, () => {
  const clock = new FakeClock(Date.parse('2026-12-01T08:00:00Z'));
  let t: TestApp;
  let analyst: string;
  let program: Program;
  const at = (minutesAgo: number) => new Date(clock.now().getTime() - minutesAgo * 60_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    analyst = await t.token('analyst');
    const res = await t.http
      .post('/api/programs')
      .set('authorization', `Bearer ${await t.token('admin')}`)
      .send({ name: 'Makan Bergizi Gratis', slug: 'mbg', query: 'mbg OR "makan bergizi gratis"' });
    program = res.body as Program;
  });
  afterAll(async () => t.close());

  it('answers the harm signal from POST /api/analyze', async () => {
    const res = await t.http
      .post('/api/analyze')
      .set('authorization', `Bearer ${analyst}`)
      .send({ texts: ['Keracunan massal setelah makan MBG di sekolah, 30 siswa dilarikan ke puskesmas', 'Menu MBG hari ini enak'] });
    expect(res.status).toBe(200);
    const [harm, plain] = (res.body as AnalyzeResponse).results;
    expect(harm).toMatchObject({ label: 'negative', harm: { flag: true } });
    expect(harm!.harm.terms).toEqual(expect.arrayContaining(['keracunan massal', 'dilarikan ke puskesmas']));
    expect(plain!.harm).toEqual({ flag: false, terms: [] });
  });

  it('stores the signal, filters on it, and opens a harm_reports alert with the posts as evidence', async () => {
    const texts = [
      'Puluhan siswa keracunan usai makan MBG di SDN 3',
      'Tiga siswa dilarikan ke puskesmas setelah makan MBG',
      'Anak saya muntah-muntah habis makan MBG tadi siang',
    ];
    const calm = ['Menu MBG hari ini nasi dan ayam', 'Kapan jadwal MBG libur sekolah?'];
    const sent = [...texts, ...calm].map((text, i) => post({ externalId: `harm-${i}`, text, createdAt: at(5 - i) }));
    const ingest = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: sent });
    expect(ingest.body).toMatchObject({ accepted: 5 });

    const all = await t.http.get(`/api/posts?programId=${program.id}`).set('authorization', `Bearer ${analyst}`);
    const byId = new Map((all.body.items as Post[]).map((p) => [p.externalId, p]));
    expect(byId.get('harm-0')!.harm).toEqual({ flag: true, terms: ['keracunan'] });
    expect(byId.get('harm-3')!.harm).toEqual({ flag: false, terms: [] });

    for (const path of [`/api/posts?harm=true&programId=${program.id}`, '/api/posts?harm=true']) {
      const only = await t.http.get(path).set('authorization', `Bearer ${analyst}`);
      expect(only.status).toBe(200);
      expect((only.body.items as Post[]).map((p) => p.externalId).sort()).toEqual(['harm-0', 'harm-1', 'harm-2']);
    }
    const none = await t.http.get(`/api/posts?harm=false&programId=${program.id}`).set('authorization', `Bearer ${analyst}`);
    expect((none.body.items as Post[]).map((p) => p.externalId).sort()).toEqual(['harm-3', 'harm-4']);

    const alert = await until('a harm_reports alert', async () => {
      const res = await t.http.get(`/api/alerts?kind=harm_reports&programId=${program.id}`).set('authorization', `Bearer ${analyst}`);
      return (res.body.items as Alert[])[0];
    });
    expect(alert).toMatchObject({ kind: 'harm_reports', status: 'open', peakObserved: 3 });
    const detail = (await t.http.get(`/api/alerts/${alert.id}`).set('authorization', `Bearer ${analyst}`)).body as AlertDetail;
    const evidence = detail.explanation.details!.postIds as string[];
    expect(evidence.sort()).toEqual(['harm-0', 'harm-1', 'harm-2'].map((id) => byId.get(id)!.id).sort());
    expect(detail.explanation.facts).toMatchObject({ kind: 'harm_reports', posts: 3 });
    expect(renderExplanation(detail.explanation.facts, 'id')).toMatch(/^3 pos melaporkan korban/u);
  });

  it.each(['maybe', 'TRUE', '1', ''])('refuses harm=%s with the documented 400', async (value) => {
    const res = await t.http.get(`/api/posts?harm=${value}`).set('authorization', `Bearer ${analyst}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});
