import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

/** A live lease as the table holds it; `remainingMs` is measured by the database's clock. */
export interface LeaseRow {
  name: string;
  holder: string;
  remainingMs: number;
}

/** What the lease service needs of storage (the table here; an in-memory fake in unit tests). */
export interface LeaseStore {
  /**
   * Takes or renews each name for `holder` for `ttlMs`, where it is free (absent or expired) or
   * already the holder's; answers the names now held.
   */
  claim(names: readonly string[], holder: string, ttlMs: number): Promise<string[]>;
  /** Unexpired leases among `names` and every member lease (`member:…`). */
  live(names: readonly string[]): Promise<LeaseRow[]>;
  /** Gives names up (only the holder's own rows). */
  release(names: readonly string[], holder: string): Promise<void>;
  /** Gives every lease of `holder` up. */
  releaseAll(holder: string): Promise<void>;
}

/** Leases in the `leases` table: the same SQL on PostgreSQL and PGlite, timed by the database. */
@Injectable()
export class LeaseRepository implements LeaseStore {
  constructor(private readonly db: Database) {}

  async claim(names: readonly string[], holder: string, ttlMs: number): Promise<string[]> {
    if (names.length === 0) return [];
    const rows = await this.db.query<{ name: string }>(
      `INSERT INTO leases (name, holder, expires_at, acquired_at)
       SELECT n, $2, now() + $3 * interval '1 millisecond', now() FROM unnest($1::text[]) AS n
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
         acquired_at = CASE WHEN leases.holder = EXCLUDED.holder THEN leases.acquired_at ELSE EXCLUDED.acquired_at END
       WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= now()
       RETURNING name`,
      [[...names], holder, ttlMs],
    );
    return rows.map((r) => r.name);
  }

  async live(names: readonly string[]): Promise<LeaseRow[]> {
    const rows = await this.db.query<{ name: string; holder: string; remaining_ms: number }>(
      `SELECT name, holder, (extract(epoch FROM expires_at - now()) * 1000)::float8 AS remaining_ms
       FROM leases WHERE expires_at > now() AND (name = ANY($1::text[]) OR name LIKE 'member:%')`,
      [[...names]],
    );
    return rows.map((r) => ({ name: r.name, holder: r.holder, remainingMs: Number(r.remaining_ms) }));
  }

  async release(names: readonly string[], holder: string): Promise<void> {
    if (names.length === 0) return;
    await this.db.query(`DELETE FROM leases WHERE holder = $2 AND name = ANY($1::text[])`, [[...names], holder]);
  }

  async releaseAll(holder: string): Promise<void> {
    // Also sweeps rows of instances long gone, so the table stays the size of the live cluster.
    await this.db.query(`DELETE FROM leases WHERE holder = $1 OR expires_at < now() - interval '1 hour'`, [holder]);
  }
}
