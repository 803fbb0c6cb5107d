import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadMigrations, migrateDown, migrateUp } from '../server/src/database/migrator.js';
import { createTestDatabase, ENGINE, type TestDatabase } from './support/database.js';

const SHARE = '20261207130000';
const POST_SHARED_ID = '20261207140000';
const WITHOUT_POST_KEY = '20261208100000';
const POST = '00000000-0000-4000-8000-0000000000d1';
const GONE = '00000000-0000-4000-8000-0000000000d2';

/**
 * The migration widens post_interactions' kinds to 'share'; its down deletes the share rows and narrows them back.
 * A later one (20261208100000) drops the rows' foreign key to posts; its down drops the rows of missing posts.
 */
describe(`post interactions share and post key migrations (${ENGINE})`, () => {
  let t: TestDatabase;
  const kinds = async () => (await t.db.query<{ kind: string }>(`SELECT kind FROM post_interactions WHERE post_id = $1 ORDER BY kind`, [POST])).map((r) => r.kind);
  const insert = (kind: string) =>
    t.db.query(`INSERT INTO post_interactions (post_id, created_at, kind, from_account, target) VALUES ($1, now(), $2, 'x:pembagi', 'x:induk')`, [POST, kind]);

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.query(
      `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, lang, sentiment_label, sentiment_score)
       VALUES ($1, 'x', 'p-1', 'banjir lagi', now(), 'pembagi', 'id', 'neutral', 0)`,
      [POST],
    );
  });
  afterAll(async () => t.drop());

  it('takes share rows beside the other kinds, and still refuses an unknown kind', async () => {
    await insert('share');
    await insert('reply');
    expect(await kinds()).toEqual(['reply', 'share']);
    await expect(insert('boost')).rejects.toThrow(/post_interactions_kind_check/);
  });

  it('deletes the share rows on the way down and refuses them again, keeping the others', async () => {
    await migrateDown(t.db.dataSource, loadMigrations().filter((m) => m.version >= SHARE).length);
    expect(await kinds()).toEqual(['reply']);
    await expect(insert('share')).rejects.toThrow(/post_interactions_kind_check/);
    await migrateUp(t.db.dataSource);
    await insert('share');
    expect(await kinds()).toEqual(['reply', 'share']);
  });

  it('gives a post its shared id from its stored share row when posts start keeping it (20261207140000)', async () => {
    await migrateDown(t.db.dataSource, loadMigrations().filter((m) => m.version >= POST_SHARED_ID).length);
    await t.db.query(`UPDATE post_interactions SET ref_source = 'x', ref_external_id = 'p-0' WHERE post_id = $1 AND kind = 'share'`, [POST]);
    await migrateUp(t.db.dataSource);
    expect(await t.db.query(`SELECT shared_external_id FROM posts WHERE id = $1`, [POST])).toEqual([{ shared_external_id: 'p-0' }]);
  });

  it('takes a row without checking its post (20261208100000), and on the way down drops such rows and checks again', async () => {
    const mentions = async () => (await t.db.query<{ post_id: string }>(`SELECT post_id FROM post_interactions WHERE kind = 'mention' ORDER BY post_id`)).map((r) => r.post_id);
    const mention = (postId: string) =>
      t.db.query(`INSERT INTO post_interactions (post_id, created_at, kind, from_account, target) VALUES ($1, now(), 'mention', 'x:pembagi', 'x:lain')`, [postId]);
    await mention(POST);
    await mention(GONE);
    expect(await mentions()).toEqual([POST, GONE]);
    await migrateDown(t.db.dataSource, loadMigrations().filter((m) => m.version >= WITHOUT_POST_KEY).length);
    expect(await mentions()).toEqual([POST]);
    await expect(mention(GONE)).rejects.toThrow(/post_interactions_post_id_fkey/);
    await migrateUp(t.db.dataSource);
    await mention(GONE);
    expect(await mentions()).toEqual([POST, GONE]);
  });
});
