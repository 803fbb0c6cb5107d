import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${path} is in use by another Siaga process (pid ${pid}); ` +
        `stop it first, or point this command at a running server with --url/--key or at a PostgreSQL server with DATABASE_URL`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite keeps its files open in one process only: a second process opening the same data
 * directory would corrupt it. The lock file holds the owner's pid; a stale one is taken over.
 */
export function acquireDataDirLock(dataDir: string, owner: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'siaga.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, owner, since: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid: number;
      try {
        pid = Number((JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }).pid) || 0;
      } catch {
        pid = 0; // unreadable or half-written: treat as stale
      }
      if (pid && (pid === process.pid || isAlive(pid))) throw new DataDirLockedError(dataDir, pid);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not take the lock file in ${dataDir}`);
}
