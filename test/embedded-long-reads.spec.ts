import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Health } from '@siaga/shared';
import { EXPORT_COPY_PAGE_ROWS } from '../server/src/posts/posts.service.js';
import { ENGINE } from './support/database.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * Enough posts for the export to read many pages (40 of PGlite's COPY pages, 80 of the server's) and to last well past
 * three health probes even at 50,000 rows/s; few enough to seed in a few seconds.
 */
const POSTS = 40 * EXPORT_COPY_PAGE_ROWS;

describe(`health answers while a long export streams (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.siaga.db.query(
      `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score)
       SELECT gen_random_uuid(), 'x', 'long-' || i, 'antrian bpjs lama sekali hari ini nomor ' || i,
         now() - (i || ' seconds')::interval, 'warga' || (i % 300), 'id', 'negative', -0.5
       FROM generate_series(1, $1::int) AS i`,
      [POSTS],
    );
  });
  afterAll(() => t.close());

  it('reads the export a page at a time, and health gets the database between pages', async () => {
    const token = await t.token('analyst');
    const health: Array<{ status: number; body: Health; beforeExportEnded: boolean }> = [];
    let exportEnded = false;
    const probe = async () => {
      for (let i = 0; i < 3; i++) {
        const res = await t.http.get('/api/health');
        health.push({ status: res.status, body: res.body as Health, beforeExportEnded: !exportEnded });
      }
    };
    let probing: Promise<void> | undefined;
    const exported = await new Promise<{ status: number; lines: number }>((resolve, reject) => {
      get(`${t.baseUrl}/api/posts/export?max=${POSTS}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        let lines = 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          // Once the first rows arrived, ask for health while the rest of the export is read.
          probing ??= probe();
          for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
        });
        res.on('end', () => {
          exportEnded = true;
          resolve({ status: res.statusCode ?? 0, lines });
        });
        res.on('error', reject);
      }).on('error', reject);
    });
    await probing;
    expect(exported).toEqual({ status: 200, lines: POSTS + 1 });
    // Each probe waited at most one page of the export: the database answered within health's own
    // timeout (else 503 "down"), and before the export had finished.
    expect(health).toHaveLength(3);
    for (const h of health) {
      expect(h.status).toBe(200);
      expect(h.body.database.status).toBe('up');
      expect(h.beforeExportEnded).toBe(true);
    }
  });

  it('does not queue health behind work that holds the embedded engine, yet says 503 once the engine has not answered for a second', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // A transaction that keeps the connection while it waits for something else (as an ingest batch does between
    // its statements, giving the thread back).
    const hold = (ms: number) => {
      let ended = false;
      const done = t.siaga.db
        .transaction(async (em) => {
          await em.query('SELECT 1');
          await sleep(ms);
        })
        .then(() => (ended = true));
      return { done, ended: () => ended };
    };
    const short = hold(600);
    await sleep(50);
    const during = await t.http.get('/api/health');
    const answeredWhileHeld = !short.ended();
    await short.done;
    expect(during.status).toBe(200);
    expect((during.body as Health).database.status).toBe('up');
    // The embedded engine's one connection is busy, but with work begun just now: health answers without waiting for
    // it. The server engine's pool has other connections.
    expect(answeredWhileHeld).toBe(true);

    const long = hold(3_000);
    await sleep(1_100);
    const stuck = await t.http.get('/api/health');
    await long.done;
    if (ENGINE === 'pglite') {
      // Held for over a second: health waits for the engine as before, and its own timeout answers 503.
      expect(stuck.status).toBe(503);
      expect((stuck.body as Health).database).toMatchObject({ status: 'down', latencyMs: null });
    } else {
      expect(stuck.status).toBe(200);
    }
  });

  it('gives the event loop a turn between the statements of a long transaction', async () => {
    // Eight statements of some tens of milliseconds each in one transaction, as an ingest batch's are. The statements
    // of a transaction follow each other without any I/O wait, so on the embedded engine (in this thread) nothing
    // else would run until the transaction ended, unless the driver gives turns.
    let turns = 0;
    let ended = false;
    const ticker = setInterval(() => {
      if (!ended) turns++;
    }, 1);
    try {
      await t.siaga.db.transaction(async (em) => {
        for (let i = 0; i < 8; i++) await em.query('SELECT count(*) FROM generate_series(1, $1::int) AS g WHERE g % 7 = 3', [400_000]);
      });
      ended = true;
    } finally {
      clearInterval(ticker);
    }
    expect(turns).toBeGreaterThanOrEqual(3);
  });
});

