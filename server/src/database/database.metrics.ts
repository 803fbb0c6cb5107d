import { Counter, Gauge } from 'prom-client';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** What one open database's pool looks like now. */
export interface PoolState {
  inUse: number;
  idle: number;
  waiting: number;
}

const pools = new Set<() => PoolState>();

new Gauge({
  name: 'siaga_db_pool_connections',
  help: 'Database connections by state, read at scrape time: in_use (held by a query or transaction), idle, waiting (callers queued for one)',
  labelNames: ['state'] as const,
  collect() {
    const total: PoolState = { inUse: 0, idle: 0, waiting: 0 };
    for (const read of pools) {
      const s = read();
      total.inUse += s.inUse;
      total.idle += s.idle;
      total.waiting += s.waiting;
    }
    this.set({ state: 'in_use' }, total.inUse);
    this.set({ state: 'idle' }, total.idle);
    this.set({ state: 'waiting' }, total.waiting);
  },
});

const queryErrors = new Counter({ name: 'siaga_db_query_errors_total', help: 'Database statements that failed (any cause: constraint, timeout, lost connection)' });

/** Makes an open database's pool visible to scrapes until the returned function is called. */
export function trackPool(read: () => PoolState): () => void {
  pools.add(read);
  return () => pools.delete(read);
}

/**
 * TypeORM reports every failed statement of either engine to its logger: counting there covers
 * requests, background jobs and the CLI alike. Logs nothing, as `logging: false` did.
 */
export const queryErrorCounter: TypeOrmLogger = {
  logQuery: () => undefined,
  logQueryError: () => queryErrors.inc(),
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};
