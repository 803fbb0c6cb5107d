import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { acquireDataDirLock } from '../database/lock-file.js';
import { openPGlite } from '../database/pglite-driver.js';

/** A mistake the operator can fix (wrong engine, missing file): a message, not a stack. */
export class BackupInputError extends Error {}

export interface BackupSummary {
  file: string;
  bytes: number;
  posts: number;
}

export interface RestoreSummary extends BackupSummary {
  /** Where the data that was there before now lies (nothing is deleted), if there was any. */
  previous?: string;
  migrated: string[];
}

const SERVER_ENGINE =
  'backup and restore are for the embedded database; for a PostgreSQL server (DATABASE_URL is set) use pg_dump and pg_restore, see docs/operations.md';

function embeddedDir(config: AppConfig): string {
  if (config.database.engine !== 'pglite') throw new BackupInputError(SERVER_ENGINE);
  return config.database.dataDir;
}

async function countPosts(db: Database): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM posts');
  return row?.n ?? 0;
}

/**
 * `siaga backup FILE`: the whole embedded database as one gzipped tar (PGlite's own data-directory
 * dump), written beside FILE first and renamed, so a failed backup never leaves half a file under
 * the name. Takes the data directory's lock: the server must be stopped, as for any command that
 * opens the embedded database.
 */
export async function runBackup(config: AppConfig, file: string): Promise<BackupSummary> {
  const dataDir = embeddedDir(config);
  if (!existsSync(dataDir)) throw new BackupInputError(`there is no embedded database in ${dataDir} to back up`);
  const db = await Database.open(config, { owner: 'siaga backup', migrate: false });
  try {
    const posts = await countPosts(db);
    const dump = await db.dumpEmbedded();
    const bytes = Buffer.from(await dump.arrayBuffer());
    const partial = join(dirname(file), `.${basename(file)}.partial`);
    writeFileSync(partial, bytes);
    renameSync(partial, file);
    return { file, bytes: bytes.length, posts };
  } finally {
    await db.close();
  }
}

/**
 * `siaga restore FILE`: replaces the embedded database with a backup. What was there is moved
 * aside, not deleted (`pglite.before-restore-<time>`), the backup is checked by opening it, and a
 * backup from an older Siaga is migrated up. A backup that does not open leaves the old data in place.
 */
export async function runRestore(config: AppConfig, file: string, now = new Date()): Promise<RestoreSummary> {
  const dataDir = embeddedDir(config);
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupInputError(`no such backup file: ${file}`);
  const release = acquireDataDirLock(config.dataDir, 'siaga restore');
  let locked = true;
  const unlock = () => {
    if (locked) release();
    locked = false;
  };
  const staging = `${dataDir}.restoring`;
  try {
    rmSync(staging, { recursive: true, force: true });
    // Load into a directory of its own first: a corrupt file must not cost the current data.
    try {
      const handle = await openPGlite(staging, { loadDataDir: new Blob([readFileSync(file)]) });
      await handle.db.query('SELECT 1');
      await handle.db.close();
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw new BackupInputError(`${file} is not a Siaga backup that can be read: ${(err as Error).message}`);
    }
    let previous: string | undefined;
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      previous = `${dataDir}.before-restore-${now.toISOString().replace(/[:.]/gu, '-')}`;
      renameSync(dataDir, previous);
    } else {
      rmSync(dataDir, { recursive: true, force: true });
    }
    renameSync(staging, dataDir);
    unlock();
    const db = await Database.open(config, { owner: 'siaga restore' });
    try {
      return { file, bytes: statSync(file).size, posts: await countPosts(db), previous, migrated: db.migrations?.applied ?? [] };
    } finally {
      await db.close();
    }
  } catch (err) {
    unlock();
    throw err;
  }
}
