import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYZE_MIN_ROWS, StatisticsService } from '../server/src/maintenance/statistics.service.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';

interface TableStats {
  last_analyze: Date | null;
  reltuples: number;
}

describe(`planner statistics after a bulk ingest (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const stats = async (table: string): Promise<TableStats> => {
    const [row] = await t.siaga.db.query<TableStats>(
      `SELECT s.last_analyze, c.reltuples::float8 AS reltuples FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = $1`,
      [table],
    );
    return row!;
  };

  it('analyses the hot tables once enough posts were written, without being asked', async () => {
    expect((await stats('posts')).last_analyze).toBeNull();
    const created = await t.http.post('/api/programs').set('authorization', `Bearer ${await t.token('admin')}`).send({ name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' });
    expect(created.status).toBe(201);

    // Below the threshold: nothing yet.
    const small = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: Array.from({ length: 100 }, () => post()) });
    expect(small.status).toBe(202);
    expect(t.siaga.app.get(StatisticsService).rowsWritten).toBe(100);
    expect((await stats('posts')).last_analyze).toBeNull();

    const batches = Math.ceil(ANALYZE_MIN_ROWS / 500);
    for (let b = 0; b < batches; b++) {
      const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: Array.from({ length: 500 }, () => post()) });
      expect(res.status).toBe(202);
    }
    const total = 100 + batches * 500;
    // The refresh runs after the batch that crossed the threshold; wait for it to land.
    for (let i = 0; i < 200 && (await stats('post_programs')).last_analyze === null; i++) await new Promise((r) => setTimeout(r, 25));
    const posts = await stats('posts');
    expect(posts.last_analyze).not.toBeNull();
    expect(posts.reltuples).toBe(total);
    expect((await stats('post_programs')).reltuples).toBe(total);
    expect(t.siaga.app.get(StatisticsService).rowsWritten).toBe(0);
  });
});
