import pg from 'pg';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral, type Repository } from 'typeorm';
import type { AppConfig, DatabaseEngine } from '../config/config.js';
import { queryErrorCounter, trackPool } from './database.metrics.js';
import { registeredEntities } from './entity-registry.js';
import { acquireDataDirLock } from './lock-file.js';
import { migrateUp, type MigrationReport } from './migrator.js';
import { openPGlite, type PGliteHandle } from './pglite-driver.js';

// Counts come back as bigint: parse them as numbers on the server as PGlite does (see pglite-driver).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Longest wait for a connection, new or from the pool, before a request gives up with 503. */
export const CONNECT_TIMEOUT_MS = 30_000;

export interface OpenOptions {
  /** Run pending migrations (the server does; `siaga migrate` does it explicitly). */
  migrate?: boolean;
  /** Who holds the embedded database's lock file (shown to a second process that is refused). */
  owner?: string;
  /** Tests use an in-memory PGlite; without it the data stays on disk. */
  inMemory?: boolean;
  /**
   * An in-memory PGlite starts from this data directory (a `dumpDataDir` tarball) rather than an empty one: the
   * test suites start from one migrated template instead of running initdb and every migration per app.
   */
  seed?: Blob;
}

/** The data source and what the code needs to know about the engine behind it. */
export class Database {
  private closed = false;
  private readonly untrackPool: () => void;
  private readonly afterCommitQueues = new WeakMap<EntityManager, Array<() => void>>();

  private constructor(
    readonly dataSource: DataSource,
    readonly engine: DatabaseEngine,
    private readonly pglite: PGliteHandle | undefined,
    private readonly unlock: (() => void) | undefined,
    readonly migrations: MigrationReport | undefined,
  ) {
    if (pglite) {
      // One connection behind a mutex: it is in use while locked, and callers wait on the mutex.
      const lock = pglite.lock;
      this.untrackPool = trackPool(() => ({ inUse: lock.locked ? 1 : 0, idle: lock.locked ? 0 : 1, waiting: lock.pending }));
    } else {
      const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
      this.untrackPool = trackPool(() => ({ inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount }));
    }
  }

  static async open(config: AppConfig, options: OpenOptions = {}): Promise<Database> {
    const db = config.database;
    if (db.engine === 'postgres') {
      const ds = new DataSource({
        type: 'postgres',
        url: db.url,
        poolSize: db.poolSize,
        // Without it, a server that stops answering (rather than refusing) holds requests forever;
        // the pool's "timeout exceeded" then answers 503 with Retry-After (database/errors.ts).
        connectTimeoutMS: CONNECT_TIMEOUT_MS,
        entities: registeredEntities(),
        installExtensions: false,
        synchronize: false,
        logging: false,
        logger: queryErrorCounter,
        applicationName: 'siaga',
      });
      await ds.initialize();
      try {
        const report = options.migrate === false ? undefined : await migrateUp(ds);
        return new Database(ds, 'postgres', undefined, undefined, report);
      } catch (err) {
        await ds.destroy();
        throw err;
      }
    }
    const unlock = options.inMemory ? undefined : acquireDataDirLock(config.dataDir, options.owner ?? 'siaga');
    let handle: PGliteHandle | undefined;
    try {
      handle = await openPGlite(options.inMemory ? undefined : db.dataDir, options.inMemory && options.seed ? { loadDataDir: options.seed } : {});
      const ds = new DataSource({
        type: 'postgres',
        driver: handle.driver,
        entities: registeredEntities(),
        installExtensions: false,
        synchronize: false,
        logging: false,
        logger: queryErrorCounter,
      });
      await ds.initialize();
      const report = options.migrate === false ? undefined : await migrateUp(ds);
      return new Database(ds, 'pglite', handle, unlock, report);
    } catch (err) {
      await handle?.db.close().catch(() => undefined);
      unlock?.();
      throw err;
    }
  }

  /** The embedded database's data directory as one gzipped tar (`siaga backup`). */
  async dumpEmbedded(compression: 'gzip' | 'none' = 'gzip'): Promise<Blob> {
    if (!this.pglite) throw new Error('only the embedded database can be dumped');
    return this.pglite.db.dumpDataDir(compression);
  }

  /**
   * The embedded engine's `COPY (select) TO '/dev/blob'` as CSV text: PostgreSQL's own CSV writer inside the WASM engine,
   * several times faster than rows parsed into objects and written out again in JavaScript (100,000 posts: 0.8 s
   * against 6.7 s). Undefined on the server engine. COPY takes no bind parameters, so values are never spliced into the
   * SQL: each `[name, value]` of `settings` is set for the one transaction and the query reads it with
   * `current_setting(name)`.
   */
  async copyCsvEmbedded(select: string, settings: ReadonlyArray<readonly [string, string]>): Promise<string | undefined> {
    if (!this.pglite) return undefined;
    const { db, lock } = this.pglite;
    const release = await lock.acquire();
    try {
      return await db.transaction(async (tx) => {
        for (const [name, value] of settings) await tx.query('SELECT set_config($1, $2, true)', [name, value]);
        const result = await tx.query(`COPY (${select}) TO '/dev/blob' WITH (FORMAT csv)`);
        return result.blob ? await result.blob.text() : '';
      });
    } finally {
      release();
    }
  }

  /**
   * On the embedded engine, how long its one connection has been held by the work now running (ms); undefined when
   * it is free, or on the server engine (whose pool runs statements side by side).
   */
  embeddedBusyForMs(): number | undefined {
    return this.pglite?.lock.heldForMs();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.dataSource.getRepository(entity);
  }

  query<T = unknown>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  /**
   * One transaction; on PGlite, transactions (and all other statements) run one at a time.
   * Callbacks registered with `afterCommit` run once it has committed, in order.
   */
  async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const committed: Array<() => void> = [];
    const result = await this.dataSource.transaction(async (em) => {
      this.afterCommitQueues.set(em, committed);
      try {
        return await work(em);
      } finally {
        this.afterCommitQueues.delete(em);
      }
    });
    for (const fn of committed) fn();
    return result;
  }

  /**
   * Runs `fn` after the transaction of `em` commits (never if it rolls back). Outside a
   * transaction opened by `transaction()`, each statement has committed already: it runs now.
   */
  afterCommit(em: EntityManager, fn: () => void): void {
    const queue = this.afterCommitQueues.get(em);
    if (queue) queue.push(fn);
    else fn();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.untrackPool();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.pglite) await this.pglite.db.close();
    this.unlock?.();
  }
}
