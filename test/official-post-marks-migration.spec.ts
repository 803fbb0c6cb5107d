import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadMigrations, migrateDown, migrateUp } from '../server/src/database/migrator.js';
import { createTestDatabase, ENGINE, type TestDatabase } from './support/database.js';

const MARKS = '20261207100100';
const BPJS = '00000000-0000-4000-8000-0000000000d1';
const PRAKERJA = '00000000-0000-4000-8000-0000000000d2';
const QUIET = '00000000-0000-4000-8000-0000000000d3';
const post = (n: number) => `00000000-0000-4000-8000-0000000000e${n}`;
const REGISTERED = '2026-12-01T10:00:00Z';

/** [post, program, author handle, ingested at]: the channel is x/kemenkesri, registered for BPJS at 10:00. */
const LINKS: Array<[number, string, string, string]> = [
  [1, BPJS, '@KemenkesRI', '2026-12-01T09:00:00Z'], // before the registration: counted public then
  [2, BPJS, 'kemenkesri', '2026-12-01T10:30:00Z'], // after it: counted official
  [3, BPJS, 'warga', '2026-12-01T10:40:00Z'], // not the channel
  [4, PRAKERJA, 'kemenkesri', '2026-12-01T10:50:00Z'], // the channel, but not of this program
];

describe(`official post marks migration (${ENGINE})`, () => {
  let t: TestDatabase;
  const marks = async () => (await t.db.query<{ post_id: string; official: boolean }>(`SELECT post_id, official FROM post_programs ORDER BY post_id`)).map((r) => [r.post_id, r.official]);

  beforeAll(async () => {
    t = await createTestDatabase();
    await migrateDown(t.db.dataSource, loadMigrations().filter((m) => m.version >= MARKS).length);
    for (const [id, slug] of [[BPJS, 'bpjs'], [PRAKERJA, 'prakerja'], [QUIET, 'quiet']] as const) {
      await t.db.query(`INSERT INTO programs (id, name, slug, query) VALUES ($1, $2, $2, $2)`, [id, slug]);
    }
    await t.db.query(
      `INSERT INTO official_channels (id, program_id, source, handle, label, kind, created_at, updated_at) VALUES (gen_random_uuid(), $1, 'x', 'kemenkesri', 'Kemenkes', 'ministry', $2, $2)`,
      [BPJS, REGISTERED],
    );
    for (const [n, program, handle, ingested] of LINKS) {
      await t.db.query(
        `INSERT INTO posts (id, source, external_id, text, created_at, ingested_at, author_handle, lang, sentiment_label, sentiment_score, program_ids)
         VALUES ($1::uuid, 'X', $1::text, 'teks', $2, $2, $3, 'id', 'neutral', 0, ARRAY[$4::uuid])`,
        [post(n), ingested, handle, program],
      );
      await t.db.query(`INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label) VALUES ($1, $2, $3, 'neutral')`, [program, ingested, post(n)]);
    }
    await migrateUp(t.db.dataSource, loadMigrations().filter((m) => m.version <= MARKS));
  });
  afterAll(async () => t.drop());

  it('marks as official the links counted so until now (ingested after their channel was registered), and asks for a recount of every program with a channel', async () => {
    expect(await marks()).toEqual([
      [post(1), false],
      [post(2), true],
      [post(3), false],
      [post(4), false],
    ]);
    expect(await t.db.query(`SELECT program_id, state, changed FROM official_recounts`)).toEqual([{ program_id: BPJS, state: 'pending', changed: 0 }]);
    await expect(t.db.query(`UPDATE official_recounts SET state = 'paused'`)).rejects.toThrow(/official_recounts_state_check/);
  });

  it('drops the marks and the recounts on the way down, and comes back the same', async () => {
    await migrateDown(t.db.dataSource, 1);
    const columns = await t.db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'post_programs' AND column_name = 'official'`);
    expect(columns).toEqual([]);
    expect(await t.db.query(`SELECT to_regclass('official_recounts') AS t`)).toEqual([{ t: null }]);
    await migrateUp(t.db.dataSource, loadMigrations().filter((m) => m.version <= MARKS));
    expect((await marks()).filter(([, official]) => official)).toEqual([[post(2), true]]);
  });
});
