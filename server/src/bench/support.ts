import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** ../shared/data beside the repository (`SIAGA_SHARED_DATA` to move it): this file is three levels below the root in src/ and dist/. */
export function sharedDataDir(): string {
  return process.env.SIAGA_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
}

export interface BenchContext {
  /** A PostgreSQL server the benchmarks may create databases on, if one answers. */
  serverUrl: string | undefined;
  report(name: string, value: number, line: string): void;
  note(line: string): void;
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` against a fresh database on the server, dropped afterwards. */
export async function withScratchDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `siaga_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  try {
    return await fn(withDatabase(serverUrl, name));
  } finally {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
