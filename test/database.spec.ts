import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadMigrations, migrateDown, migrateUp } from '../server/src/database/migrator.js';
import { createTestDatabase, ENGINE, type TestDatabase } from './support/database.js';

describe(`database (${ENGINE})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.query(`CREATE TABLE tx_probe (name text PRIMARY KEY)`);
  });
  afterAll(async () => t.drop());

  it('applied every migration at open', async () => {
    const rows = await t.db.query<{ version: string }>(`SELECT version FROM schema_migrations ORDER BY version`);
    expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
  });

  it('keeps concurrent transactions apart: A fails while B commits, only B remains', async () => {
    let aInserted!: () => void;
    const aHasWritten = new Promise<void>((r) => (aInserted = r));
    const a = t.db.transaction(async (em) => {
      await em.query(`INSERT INTO tx_probe (name) VALUES ('a')`);
      aInserted();
      // Give B every chance to run its statements while A's transaction is open.
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('A fails');
    });
    const b = (async () => {
      // On PGlite B waits for A's transaction; on the server it runs beside it.
      if (ENGINE === 'postgres') await aHasWritten;
      await t.db.transaction(async (em) => {
        await em.query(`INSERT INTO tx_probe (name) VALUES ('b')`);
      });
    })();
    await expect(a).rejects.toThrow('A fails');
    await b;
    const rows = await t.db.query<{ name: string }>(`SELECT name FROM tx_probe ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(['b']);
  });

  it('never lets a plain statement slip into another transaction', async () => {
    await t.db.query(`DELETE FROM tx_probe`);
    const failing = t.db.transaction(async (em) => {
      await em.query(`INSERT INTO tx_probe (name) VALUES ('inside')`);
      await new Promise((r) => setTimeout(r, 30));
      throw new Error('rollback');
    });
    const plain = t.db.query(`INSERT INTO tx_probe (name) VALUES ('outside')`);
    await expect(failing).rejects.toThrow('rollback');
    await plain;
    const rows = await t.db.query<{ name: string }>(`SELECT name FROM tx_probe`);
    expect(rows.map((r) => r.name)).toEqual(['outside']);
  });

  it('reverts and re-applies migrations', async () => {
    const reverted = await migrateDown(t.db.dataSource, loadMigrations().length);
    expect(reverted).toHaveLength(loadMigrations().length);
    const tables = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'posts'`);
    expect(tables[0]!.n).toBe(0);
    const report = await migrateUp(t.db.dataSource);
    expect(report.applied).toHaveLength(loadMigrations().length);
  });

  it('parses bigint counts as numbers on both engines', async () => {
    const [row] = await t.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM schema_migrations`);
    expect(typeof row!.n).toBe('number');
  });
});
