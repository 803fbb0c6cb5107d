import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProgramPreviewResponse } from '@siaga/shared';
import { ProgramPreviewService } from '../server/src/programs/preview.service.js';
import { ENGINE } from './support/database.js';
import { FakeClock, startTestApp, type TestApp } from './support/app.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.parse('2026-11-20T09:30:00Z');
const POSTS = 50_000;
const iso = (ms: number) => new Date(ms).toISOString();

/*
 * 50,000 posts in the last 24 hours, in ten shapes. `source` says whether the query `bpjs` must
 * match ('m') or not ('n'), so a plain SQL count is the expected answer: folded forms (full-width,
 * accents, a hashtag) match, a longer word that merely contains the letters does not.
 */
const SHAPES: Array<[string, string]> = [
  ['m', `'Antrian BPJS panjang sekali hari ini ' || i`],
  ['m', `'Antrian ＢＰＪＳ lama sekali 😡 ' || i`],
  ['m', `'Pelayanan BPJŚ lambat, kapan beres? ' || i`],
  ['n', `'bpjskesehatan bukan kata yang sama ' || i`],
  ['m', `'#BPJS jangan bikin antri 😡 ' || i`],
  ['n', `'Harga cabai naik lagi di pasar ' || i`],
  ['n', `'Harga cabai naik 😡😡 ' || i`],
  ['n', `'Jalan rusak di desa kami ' || i`],
  ['n', `'Listrik padam lagi, ＰＬＮ gimana? ' || i`],
  ['n', `'Antrian panjang di kantor pos ' || i`],
];

describe(`query preview at 50,000 posts (${ENGINE})`, () => {
  const clock = new FakeClock(NOW);
  let t: TestApp;
  let analyst: string;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    analyst = await t.token('analyst');
    // Newest first every 1.7 s back from NOW, plus a few outside the window on both sides.
    const text = `CASE i % 10 ${SHAPES.map(([, sql], k) => `WHEN ${k} THEN ${sql}`).join(' ')} END`;
    const source = `CASE WHEN i % 10 IN (${SHAPES.flatMap(([s], k) => (s === 'm' ? [k] : [])).join(', ')}) THEN 'm' ELSE 'n' END`;
    await t.siaga.db.query(
      `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score)
       SELECT gen_random_uuid(), ${source}, 'pl-' || i, ${text},
         $1::timestamptz - (i * 1700 || ' milliseconds')::interval, 'warga' || (i % 3000),
         CASE WHEN i % 3 = 0 THEN 'en' ELSE 'id' END, 'neutral', 0
       FROM generate_series(1, $2::int) AS i`,
      [iso(NOW), POSTS],
    );
    await t.siaga.db.query(
      `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score)
       SELECT gen_random_uuid(), 'outside', 'out-' || i, 'Antrian BPJS di luar jendela ' || i,
         CASE WHEN i % 2 = 0 THEN $1::timestamptz - interval '1 day' - ((i + 1) || ' minutes')::interval ELSE $1::timestamptz + (i || ' seconds')::interval END,
         'warga', 'id', 'neutral', 0
       FROM generate_series(0, 9) AS i`,
      [iso(NOW)],
    );
    // 50,000 rows into the text index on the embedded engine: about 30 s on a quiet machine, more beside other work.
  }, 180_000);
  afterAll(async () => t.close());

  const preview = (body: object) => t.http.post('/api/programs/preview').set('authorization', `Bearer ${analyst}`).send(body);
  /** Posts of the last 24 hours (before NOW) that satisfy `where`. */
  const count = async (where: string) =>
    (await t.siaga.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE created_at >= $1 AND created_at < $2 AND ${where}`, [iso(NOW - DAY), iso(NOW)]))[0]!.n;
  const newest = async (where: string, n: number) =>
    (await t.siaga.db.query<{ id: string }>(`SELECT id FROM posts WHERE created_at >= $1 AND created_at < $2 AND ${where} ORDER BY created_at DESC, id DESC LIMIT ${n}`, [iso(NOW - DAY), iso(NOW)])).map(
      (r) => r.id,
    );

  it('counts every match of the 24 hours exactly, and sends the newest', async () => {
    const res = await preview({ query: 'bpjs', samples: 7 });
    expect(res.status).toBe(200);
    const body = res.body as ProgramPreviewResponse;
    const scanned = await count('true');
    expect(scanned).toBe(POSTS);
    expect(body).toMatchObject({ from: iso(NOW - DAY), to: iso(NOW), scanned, matched: await count(`source = 'm'`), complete: true, scannedFrom: iso(NOW - DAY) });
    expect(body.samples.map((p) => p.id)).toEqual(await newest(`source = 'm'`, 7));

    const en = (await preview({ query: 'bpjs', languages: ['en'], samples: 3 })).body as ProgramPreviewResponse;
    expect([en.matched, en.samples.map((p) => p.id)]).toEqual([await count(`source = 'm' AND lang = 'en'`), await newest(`source = 'm' AND lang = 'en'`, 3)]);

    // A hashtag query and an AND NOT: the same exact counts.
    const tag = (await preview({ query: '#bpjs', samples: 0 })).body as ProgramPreviewResponse;
    expect(tag.matched).toBe(await count(`text LIKE '#BPJS %'`));
    const not = (await preview({ query: 'antrian AND NOT bpjs', samples: 0 })).body as ProgramPreviewResponse;
    expect(not.matched).toBe(await count(`text LIKE 'Antrian panjang di kantor pos %'`));
  });

  it('says how far back it read when the window holds more than it may scan', async () => {
    const service = t.siaga.app.get(ProgramPreviewService);
    const body = await service.preview({ query: 'bpjs', samples: 2 }, { max: 12_000, pageRows: 2_500 });
    const read = await t.siaga.db.query<{ created_at: Date; source: string }>(
      `SELECT created_at, source FROM posts WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at DESC, id DESC LIMIT 12000`,
      [iso(NOW - DAY), iso(NOW)],
    );
    expect(body).toMatchObject({
      scanned: 12_000,
      complete: false,
      matched: read.filter((r) => r.source === 'm').length,
      scannedFrom: new Date(read[read.length - 1]!.created_at).toISOString(),
    });
  });

  it('lets /api/health through while it runs', async () => {
    // Once the preview's first read of posts is back, ask for health: it must answer before the
    // preview does. A preview that never yields keeps the request from even being read.
    const db = t.siaga.db;
    const query = db.query.bind(db);
    const order: string[] = [];
    let health: Promise<void> | undefined;
    db.query = async <T>(sql: string, params?: unknown[]): Promise<T[]> => {
      const rows = await query<T>(sql, params);
      if (!health && /\bFROM posts\b/.test(sql)) {
        health = t.http
          .get('/api/health')
          .then((res) => {
            expect(res.status).toBe(200);
            order.push('health');
          });
      }
      return rows;
    };
    try {
      const res = await preview({ query: 'bpjs' });
      order.push('preview');
      expect(res.status).toBe(200);
      await health;
    } finally {
      db.query = query;
    }
    expect(order).toEqual(['health', 'preview']);
  });
});
