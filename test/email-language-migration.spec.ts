import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadMigrations, migrateDown, migrateUp } from '../server/src/database/migrator.js';
import { createTestDatabase, ENGINE, type TestDatabase } from './support/database.js';

const EMAIL_LANGUAGE = '20261207100000';
const id = (n: number) => `00000000-0000-4000-8000-0000000000c${n}`;

/**
 * Users as the two settings left them: [alert emails' language or no preferences row, the
 * digest's language or no subscription] → the one email language they end with.
 */
const USERS: Array<[string | null, string | null, 'id' | 'en']> = [
  [null, null, 'id'],
  ['en', null, 'en'],
  [null, 'en', 'en'],
  ['id', 'id', 'id'],
  ['en', 'id', 'en'],
  ['id', 'en', 'en'],
  ['en', 'en', 'en'],
];

describe(`one email language migration (${ENGINE})`, () => {
  let t: TestDatabase;
  const languages = async () => (await t.db.query<{ email_language: string }>(`SELECT email_language FROM users WHERE email LIKE 'm%@test.local' ORDER BY id`)).map((r) => r.email_language);

  beforeAll(async () => {
    t = await createTestDatabase();
    await migrateDown(t.db.dataSource, loadMigrations().filter((m) => m.version >= EMAIL_LANGUAGE).length);
    for (const [i, [alerts, digest]] of USERS.entries()) {
      await t.db.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, 'M', 'analyst', 'x')`, [id(i), `m${i}@test.local`]);
      if (alerts) await t.db.query(`INSERT INTO notification_preferences (user_id, min_severity, language) VALUES ($1, 'critical', $2)`, [id(i), alerts]);
      if (digest) await t.db.query(`INSERT INTO digest_subscriptions (user_id, frequency, lang, updated_at) VALUES ($1, 'daily', $2, now())`, [id(i), digest]);
    }
    await migrateUp(t.db.dataSource, loadMigrations().filter((m) => m.version <= EMAIL_LANGUAGE));
  });
  afterAll(async () => t.drop());

  it('carries both settings over into one, English where either said English, and leaves the rest of the rows alone', async () => {
    expect(await languages()).toEqual(USERS.map(([, , want]) => want));
    expect(await t.db.query(`SELECT count(*)::int AS n FROM notification_preferences WHERE min_severity = 'critical'`)).toEqual([{ n: 5 }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM digest_subscriptions WHERE frequency = 'daily'`)).toEqual([{ n: 5 }]);
    const columns = await t.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE (table_name = 'notification_preferences' AND column_name = 'language') OR (table_name = 'digest_subscriptions' AND column_name = 'lang')`,
    );
    expect(columns).toEqual([]);
  });

  it('gives new users Indonesian and refuses another language', async () => {
    await t.db.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'new@test.local', 'N', 'viewer', 'x')`, [id(9)]);
    expect(await t.db.query(`SELECT email_language FROM users WHERE id = $1`, [id(9)])).toEqual([{ email_language: 'id' }]);
    await expect(t.db.query(`UPDATE users SET email_language = 'fr' WHERE id = $1`, [id(9)])).rejects.toThrow(/users_email_language_check/);
    await t.db.query(`DELETE FROM users WHERE id = $1`, [id(9)]);
  });

  it('writes the one language back into both settings on the way down', async () => {
    await t.db.query(`UPDATE users SET email_language = 'id' WHERE id = $1`, [id(6)]);
    await migrateDown(t.db.dataSource, 1);
    const alerts = await t.db.query<{ user_id: string; language: string }>(`SELECT user_id, language FROM notification_preferences ORDER BY user_id`);
    const digests = await t.db.query<{ user_id: string; lang: string }>(`SELECT user_id, lang FROM digest_subscriptions ORDER BY user_id`);
    // Rows exist where they existed; each now holds the user's one language (user 6 switched to Indonesian).
    expect(alerts).toEqual([
      { user_id: id(1), language: 'en' },
      { user_id: id(3), language: 'id' },
      { user_id: id(4), language: 'en' },
      { user_id: id(5), language: 'en' },
      { user_id: id(6), language: 'id' },
    ]);
    expect(digests).toEqual([
      { user_id: id(2), lang: 'en' },
      { user_id: id(3), lang: 'id' },
      { user_id: id(4), lang: 'en' },
      { user_id: id(5), lang: 'en' },
      { user_id: id(6), lang: 'id' },
    ]);
    await expect(t.db.query(`UPDATE digest_subscriptions SET lang = 'fr'`)).rejects.toThrow(/digest_subscriptions_lang_check/);
    await migrateUp(t.db.dataSource, loadMigrations().filter((m) => m.version <= EMAIL_LANGUAGE));
    expect(await languages()).toEqual(['id', 'en', 'en', 'id', 'en', 'en', 'id']);
  });
});
