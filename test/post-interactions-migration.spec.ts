import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadMigrations, migrateDown, migrateUp } from '../server/src/database/migrator.js';
import { createTestDatabase, ENGINE, type TestDatabase } from './support/database.js';

const INTERACTIONS = '20261207110000';
const DAY = 86_400_000;
const id = (n: number) => `00000000-0000-4000-8000-0000000000c${n}`;

/** The migration backfills the replies and mentions of the last 31 days from the posts already stored. */
describe(`post interactions migration (${ENGINE})`, () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
    await migrateDown(t.db.dataSource, loadMigrations().filter((m) => m.version >= INTERACTIONS).length);
    const posts: Array<[number, string, string, string, string | null, number]> = [
      [1, 'p-1', 'induk', 'Banjir setinggi lutut di kampung kami', null, 1],
      [2, 'p-2', 'balas', 'semoga cepat surut ya', 'p-1', 1],
      [3, 'p-3', 'yatim', 'balasan ke post yang tidak tersimpan', 'p-missing', 1],
      [4, 'p-4', 'sebut', '@induk @induk. (@balas) kirim ke a@b.com, dan @sebut sendiri', null, 2],
      [5, 'p-5', 'lama', '@induk ini sudah lama sekali', 'p-1', 40],
    ];
    for (const [n, ext, handle, text, parent, daysAgo] of posts) {
      await t.db.query(
        `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score, parent_external_id)
         VALUES ($1, 'x', $2, $3, $4, $5, 'id', 'neutral', 0, $6)`,
        [id(n), ext, text, new Date(Date.now() - daysAgo * DAY).toISOString(), handle, parent],
      );
    }
    await migrateUp(t.db.dataSource);
  });
  afterAll(async () => t.drop());

  it('writes the replies (the parent author when stored) and mentions of the last 31 days, and no copy keys', async () => {
    const rows = await t.db.query<{ post_id: string; kind: string; from_account: string; target: string | null; ref_external_id: string | null }>(
      `SELECT post_id, kind, from_account, target, ref_external_id FROM post_interactions ORDER BY post_id, kind, target`,
    );
    expect(rows).toEqual([
      { post_id: id(2), kind: 'reply', from_account: 'x:balas', target: 'x:induk', ref_external_id: 'p-1' },
      { post_id: id(3), kind: 'reply', from_account: 'x:yatim', target: null, ref_external_id: 'p-missing' },
      { post_id: id(4), kind: 'mention', from_account: 'x:sebut', target: 'x:balas', ref_external_id: null },
      { post_id: id(4), kind: 'mention', from_account: 'x:sebut', target: 'x:induk', ref_external_id: null },
    ]);
  });

  it('reverts to no table', async () => {
    await migrateDown(t.db.dataSource, loadMigrations().filter((m) => m.version >= INTERACTIONS).length);
    const [r] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'post_interactions'`);
    expect(r!.n).toBe(0);
    await migrateUp(t.db.dataSource);
  });
});
