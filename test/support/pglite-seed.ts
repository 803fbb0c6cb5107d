import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/config/config.js';
import { Database } from '../../server/src/database/database.js';
import { loadMigrations } from '../../server/src/database/migrator.js';

const PREFIX = 'siaga-pglite-seed-';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A migrated, otherwise empty embedded database as a data-directory tarball, made once per Jest run (its workers
 * share the parent's pid) and per set of migrations, then loaded by every suite's in-memory PGlite: initdb and the
 * migrations were most of a database suite's start on two cores. Nothing else is in it (no admin, no settings):
 * the app's first start still does what it does on a new machine.
 */
export async function pgliteSeed(): Promise<Blob> {
  const key = createHash('sha256');
  for (const m of loadMigrations()) key.update(`${m.name}\n${m.up}\n`);
  const file = join(tmpdir(), `${PREFIX}${process.ppid}-${key.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(file)) {
    const config = loadConfig({ DATABASE_URL: '', SIAGA_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
    const db = await Database.open(config, { inMemory: true });
    const dump = await db.dumpEmbedded('none');
    await db.close();
    // Two workers may both make it: each writes its own file and renames it into place (atomic, same content).
    const mine = `${file}.${process.pid}`;
    writeFileSync(mine, Buffer.from(await dump.arrayBuffer()));
    renameSync(mine, file);
    sweepOld(file);
  }
  return new Blob([readFileSync(file)]);
}

/** Seeds of earlier runs, a day old or more, are removed. */
function sweepOld(keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(tmpdir(), name);
    if (path === keep) continue;
    try {
      if (now - statSync(path).mtimeMs > DAY_MS) rmSync(path, { force: true });
    } catch {
      // Another run removed it first.
    }
  }
}
