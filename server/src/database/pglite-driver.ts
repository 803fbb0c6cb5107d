import { EventEmitter } from 'node:events';
import { PGlite, types, type PGliteOptions, type Results } from '@electric-sql/pglite';
import { Mutex } from './mutex.js';

/**
 * Makes a PGlite instance look like the `pg` module to TypeORM's postgres driver.
 *
 * PGlite is a single connection. TypeORM takes a "connection" from the pool for each query
 * runner and keeps it for the whole of a transaction; if two runners shared the one
 * connection, their statements would interleave inside each other's transactions (and a
 * rollback would undo the other's writes). So the pool hands the connection out to one
 * runner at a time: `connect()` waits for the previous holder's release. Code must therefore
 * never open a second runner while holding one (use the transaction's manager instead).
 */
export interface PGliteHandle {
  readonly db: PGlite;
  readonly driver: { Pool: new () => PGlitePool };
  readonly lock: Mutex;
}

interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: Array<{ name: string; dataTypeID: number }>;
}

/**
 * PGlite runs each statement in the server's thread, and the statements of one transaction follow each other without
 * an I/O turn: an ingest batch's (insert, links, interactions, rollups, about 100 ms together) kept health, metrics and
 * sockets waiting for all of it. Before a statement, once the thread has run this long since the last turn given back,
 * the event loop gets one (bound here: a test's fake timers must not hold a statement).
 */
const TURN_AFTER_MS = 20;
const realSetImmediate = globalThis.setImmediate;
let lastTurn = performance.now();
async function giveTurnIfDue(): Promise<void> {
  if (performance.now() - lastTurn < TURN_AFTER_MS) return;
  await new Promise<void>((resolve) => realSetImmediate(resolve));
  lastTurn = performance.now();
}

type ConnectCallback = (err: Error | null, client: PGliteClient | null, release: (err?: unknown) => void) => void;

class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params?: unknown[]): Promise<PgLikeResult> {
    await giveTurnIfDue();
    // Without parameters, multi-statement SQL (migrations) must go through the simple protocol.
    if (!params || params.length === 0) {
      const results = await this.db.exec(sql);
      return toPg(results[results.length - 1], sql);
    }
    return toPg(await this.db.query(sql, params), sql);
  }
}

function toPg(r: Results | undefined, sql: string): PgLikeResult {
  const rows = (r?.rows ?? []) as unknown[];
  const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
  const affected = r?.affectedRows;
  return {
    rows,
    rowCount: command === 'SELECT' || affected === undefined ? rows.length : affected,
    command,
    fields: (r?.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  };
}

export class PGlitePool extends EventEmitter {
  constructor(
    private readonly db: PGlite,
    private readonly lock: Mutex,
  ) {
    super();
  }

  connect(callback?: ConnectCallback): Promise<PGliteClient> | undefined {
    const p = this.lock.acquire().then((release) => ({ client: new PGliteClient(this.db), release }));
    if (callback) {
      p.then(
        ({ client, release }) => callback(null, client, () => release()),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null, () => undefined),
      );
      return undefined;
    }
    return p.then(({ client }) => client);
  }

  end(callback?: (err: Error | null) => void): void {
    // The PGlite instance is owned and closed by whoever created it.
    callback?.(null);
  }
}

/** Values parse as node-postgres parses them, so both engines hand the same shapes to the code. */
const PG_COMPATIBLE_PARSERS = {
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => v,
};

/**
 * PostgreSQL keeps up to max_wal_size (1 GB) of WAL segments beside the tables for recycling: on an
 * embedded data directory that was most of its size (2.3 GB at 1M posts, against 0.9 GB of tables
 * and indexes). 128 MB only makes checkpoints more frequent during bulk loads.
 */
const PGLITE_CONF = ['max_wal_size = 128MB'];

export async function openPGlite(dataDir: string | undefined, options: PGliteOptions = {}): Promise<PGliteHandle> {
  const db = await PGlite.create({ dataDir, parsers: PG_COMPATIBLE_PARSERS, postgresqlconf: PGLITE_CONF, ...options });
  const lock = new Mutex();
  const Pool = class extends PGlitePool {
    constructor() {
      super(db, lock);
    }
  };
  return { db, driver: { Pool }, lock };
}
