import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadMigrations, migrateDown, migrateUp } from '../server/src/database/migrator.js';
import { createTestDatabase, ENGINE, type TestDatabase } from './support/database.js';

const WITHOUT_FK = '20261208100000';
const POST = '00000000-0000-4000-8000-0000000000e1';
const GONE = '00000000-0000-4000-8000-0000000000e2';

/** 20261208100000 drops post_interactions' foreign key to posts; its down drops the rows of missing posts and restores the key. */
describe(`post interactions without a post key (${ENGINE})`, () => {
  let t: TestDatabase;
  const insert = (postId: string) =>
    t.db.query(`INSERT INTO post_interactions (post_id, created_at, kind, from_account, target) VALUES ($1, now(), 'mention', 'x:penulis', 'x:lain')`, [postId]);
  const postIds = async () => (await t.db.query<{ post_id: string }>(`SELECT post_id FROM post_interactions ORDER BY post_id`)).map((r) => r.post_id);

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.query(
      `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score)
       VALUES ($1, 'x', 'p-1', 'banjir lagi', now(), 'penulis', 'id', 'neutral', 0)`,
      [POST],
    );
  });
  afterAll(async () => t.drop());

  it('takes a row without checking its post, and on the way down drops such rows and checks again', async () => {
    await insert(POST);
    await insert(GONE);
    expect(await postIds()).toEqual([POST, GONE]);
    await migrateDown(t.db.dataSource, loadMigrations().filter((m) => m.version >= WITHOUT_FK).length);
    expect(await postIds()).toEqual([POST]);
    await expect(insert(GONE)).rejects.toThrow(/post_interactions_post_id_fkey/);
    await migrateUp(t.db.dataSource);
    await insert(GONE);
    expect(await postIds()).toEqual([POST, GONE]);
  });
});
