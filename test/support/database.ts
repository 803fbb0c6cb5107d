import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../../server/src/config/config.js';
import { Database } from '../../server/src/database/database.js';
import { pgliteSeed } from './pglite-seed.js';

/** The engine the database suites run on: PGlite unless DATABASE_URL is set. */
export const ENGINE = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  db: Database;
  config: AppConfig;
  /** Drops the throwaway database (on the server) after closing. */
  drop(): Promise<void>;
}

/**
 * Each suite gets a fresh database: an in-memory PGlite, or a throwaway database created on the
 * PostgreSQL server named by DATABASE_URL.
 */
export async function createTestDatabase(overrides: Record<string, string> = {}): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const config = loadConfig({ ...process.env, DATABASE_URL: '', SIAGA_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...overrides });
    const db = await Database.open(config, { inMemory: true, seed: await pgliteSeed() });
    return { db, config, drop: () => db.close() };
  }
  const name = `siaga_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: u.toString(), DATABASE_POOL_SIZE: '10', LOG_LEVEL: 'silent', ...overrides });
  const db = await Database.open(config);
  return {
    db,
    config,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
