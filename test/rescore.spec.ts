import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Post, SeriesResponse } from '@siaga/shared';
import { runCli } from '../server/src/cli/cli.js';
import { loadConfig } from '../server/src/config/config.js';
import { Database } from '../server/src/database/database.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, testDatabaseEnv } from './support/app.js';

describe(`siaga rescore (${ENGINE})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'siaga-rescore-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-scores stored posts with the current model, fixes rollups, keeps corrections, and resumes', async () => {
    const dbEnv = await testDatabaseEnv();
    const env = { SIAGA_DATA_DIR: dir, ...dbEnv.env };
    const at = new Date('2026-11-20T05:00:30Z');
    try {
      const app = await startTestApp({}, { dataDir: ENGINE === 'pglite' ? dir : undefined, db: dbEnv });
      const admin = await app.token('admin');
      const program = (await app.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'PKH', slug: 'pkh', query: 'pkh' })).body as { id: string };
      const texts = ['pkh sangat membantu, terima kasih', 'pkh parah, kecewa berat', 'pkh cair hari ini', 'pkh mantap sekali'];
      const res = await app.http
        .post('/api/ingest/posts')
        .set('x-api-key', INGEST_KEY)
        .send({ posts: texts.map((text, i) => post({ externalId: `rs-${i}`, text, createdAt: new Date(at.getTime() + i).toISOString() })) });
      expect(res.body.accepted).toBe(4);
      const list = await app.http.get(`/api/posts?programId=${program.id}`).set('authorization', `Bearer ${admin}`);
      const byExt = new Map((list.body.items as Post[]).map((p) => [p.externalId, p]));
      const truth = new Map([...byExt].map(([k, p]) => [k, p.sentiment.label]));
      // An analyst's correction must survive re-scoring.
      await app.http.post(`/api/posts/${byExt.get('rs-3')!.id}/sentiment`).set('authorization', `Bearer ${admin}`).send({ label: 'neutral' });
      await app.close();

      // Simulate posts scored by an older model: every label neutral, rollups to match.
      const db = await Database.open(loadConfig({ PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env }));
      await db.query(`UPDATE posts SET sentiment_label = 'neutral', sentiment_score = 0 WHERE sentiment_corrected_at IS NULL`);
      await db.query(`UPDATE post_programs SET sentiment_label = 'neutral'`);
      await db.query(`UPDATE rollups_minute SET positive = 0, negative = 0, neutral = volume, sentiment_sum = 0`);
      // …and a re-score that was interrupted after the first post.
      const [first] = await db.query<{ id: string; created_at: Date }>(`SELECT id, created_at FROM posts ORDER BY created_at, id LIMIT 1`);
      const since = '2026-11-20T00:00:00.000Z';
      const until = '2026-11-21T00:00:00.000Z';
      await db.query(`INSERT INTO app_settings (key, value) VALUES ('rescore_progress', $1)`, [
        JSON.stringify({ since, until, after: { at: new Date(first!.created_at).toISOString(), id: first!.id }, scanned: 1, changed: 0 }),
      ]);
      await db.close();

      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['rescore', '--since', since, '--until', until, '--batch', '2'], { out: (t) => void out.push(t), err: (t) => void err.push(t), env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env } });
      expect(code).toBe(0);
      expect(err.join('')).toContain('resuming');
      expect(out.join('')).toMatch(/re-scored \d+ posts, \d+ changed \(resumed\)/);

      const again = await startTestApp({}, { dataDir: ENGINE === 'pglite' ? dir : undefined, db: dbEnv });
      try {
        const after = await again.http.get(`/api/posts?programId=${program.id}`).set('authorization', `Bearer ${admin}`);
        const labels = new Map((after.body.items as Post[]).map((p) => [p.externalId, p.sentiment.label]));
        // rs-0 was before the saved position: the resumed run leaves it as the interrupted run left it.
        expect(labels.get('rs-0')).toBe('neutral');
        expect(labels.get('rs-1')).toBe(truth.get('rs-1'));
        expect(labels.get('rs-2')).toBe(truth.get('rs-2'));
        expect(labels.get('rs-3')).toBe('neutral');
        const series = await again.http.get(`/api/metrics/series?programId=${program.id}&from=2026-11-20T05:00:00Z&to=2026-11-20T05:01:00Z`).set('authorization', `Bearer ${admin}`);
        const p = (series.body as SeriesResponse).points[0]!;
        const count = (l: string) => [...labels.values()].filter((x) => x === l).length;
        expect({ positive: p.positive, neutral: p.neutral, negative: p.negative }).toEqual({ positive: count('positive'), neutral: count('neutral'), negative: count('negative') });
      } finally {
        await again.close();
      }
      const bad = await runCli(['rescore', '--since', 'last week'], { out: () => undefined, err: (t) => void err.push(t), env: { PATH: process.env.PATH, ...env } });
      expect(bad).toBe(1);
      expect(err.join('')).toContain('--since is not a date');
    } finally {
      await dbEnv.drop();
    }
  });
});
