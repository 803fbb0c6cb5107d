import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Health } from '@siaga/shared';
import { EXPORT_PAGE_ROWS } from '../server/src/posts/posts.service.js';
import { ENGINE } from './support/database.js';
import { startTestApp, type TestApp } from './support/app.js';

/** Enough posts for the export to read many pages, few enough to seed in a second. */
const POSTS = 20 * EXPORT_PAGE_ROWS;

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
});
