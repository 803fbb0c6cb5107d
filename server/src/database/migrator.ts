import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';

/** `migrations/` at the repository root: the same depth from `src/` and `dist/`. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface Migration {
  readonly version: string;
  readonly name: string;
  readonly up: string;
  readonly down: string;
}

const FILE_RE = /^(\d{14})_([a-z0-9_]+)\.sql$/;
const MIGRATION_LOCK_ID = 7_262_730_511; // an arbitrary constant shared by every Siaga instance

/** Reads `YYYYMMDDHHMMSS_name.sql` files; each holds `-- migrate:up` and `-- migrate:down` sections. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const m = FILE_RE.exec(file);
      if (!m) throw new Error(`migration file name ${file} must look like 20261126120000_name.sql`);
      const sql = readFileSync(join(dir, file), 'utf8');
      const upAt = sql.indexOf('-- migrate:up');
      const downAt = sql.indexOf('-- migrate:down');
      if (upAt < 0 || downAt < upAt) throw new Error(`migration ${file} needs "-- migrate:up" then "-- migrate:down"`);
      return {
        version: m[1]!,
        name: m[2]!,
        up: sql.slice(upAt + '-- migrate:up'.length, downAt).trim(),
        down: sql.slice(downAt + '-- migrate:down'.length).trim(),
      };
    });
}

export interface MigrationReport {
  applied: string[];
  current: string | null;
}

/**
 * Applies pending migrations, each in its own transaction. On the PostgreSQL server an advisory
 * lock keeps several instances starting at once from racing; PGlite is single-process already.
 */
export async function migrateUp(ds: DataSource, migrations = loadMigrations()): Promise<MigrationReport> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`);
    try {
      const done = new Set(
        ((await runner.query(`SELECT version FROM schema_migrations`)) as Array<{ version: string }>).map((r) => r.version),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await runner.startTransaction();
        try {
          await runner.query(m.up);
          await runner.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
          await runner.commitTransaction();
        } catch (err) {
          await runner.rollbackTransaction();
          throw new Error(`migration ${m.version}_${m.name} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(`${m.version}_${m.name}`);
      }
      const last = migrations.filter((m) => done.has(m.version) || applied.includes(`${m.version}_${m.name}`)).pop();
      return { applied, current: last ? `${last.version}_${last.name}` : null };
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
    }
  } finally {
    await runner.release();
  }
}

/** Reverts the newest `steps` applied migrations. */
export async function migrateDown(ds: DataSource, steps = 1, migrations = loadMigrations()): Promise<string[]> {
  const rows = await ds.query<Array<{ version: string }>>(`SELECT version FROM schema_migrations ORDER BY version DESC LIMIT $1`, [steps]);
  const reverted: string[] = [];
  for (const { version } of rows) {
    const m = migrations.find((x) => x.version === version);
    if (!m) throw new Error(`applied migration ${version} has no file in ${MIGRATIONS_DIR}`);
    await ds.transaction(async (em) => {
      await em.query(m.down);
      await em.query(`DELETE FROM schema_migrations WHERE version = $1`, [version]);
    });
    reverted.push(`${m.version}_${m.name}`);
  }
  return reverted;
}
