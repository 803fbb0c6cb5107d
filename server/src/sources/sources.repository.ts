import { Injectable } from '@nestjs/common';
import type { SourceType } from '@siaga/shared';
import { Database } from '../database/database.js';
import type { Cursor } from './connectors/connector.js';
import { MAX_GAPS } from './source-health.js';

export interface SourceRow {
  id: string;
  type: SourceType;
  name: string;
  settings: Record<string, unknown>;
  secret_sealed: string | null;
  enabled: boolean;
  cursor: Cursor | null;
  last_success_at: Date | null;
  last_item_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  consecutive_failures: number;
  items_total: string | number;
  skipped_total: string | number;
  gaps: number[];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export type SourcePatch = Partial<Pick<SourceRow, 'name' | 'settings' | 'secret_sealed' | 'enabled' | 'cursor' | 'updated_at'>>;

const JSON_COLUMNS = new Set(['settings', 'cursor']);

@Injectable()
export class SourcesRepository {
  constructor(private readonly db: Database) {}

  async insert(r: Pick<SourceRow, 'id' | 'type' | 'name' | 'settings' | 'secret_sealed' | 'enabled' | 'created_by' | 'created_at' | 'updated_at'>): Promise<void> {
    await this.db.query(
      `INSERT INTO sources (id, type, name, settings, secret_sealed, enabled, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)`,
      [r.id, r.type, r.name, JSON.stringify(r.settings), r.secret_sealed, r.enabled, r.created_by, r.created_at.toISOString(), r.updated_at.toISOString()],
    );
  }

  async update(id: string, patch: SourcePatch): Promise<void> {
    const params: unknown[] = [id];
    const sets = Object.entries(patch).map(([k, v]) => {
      params.push(v instanceof Date ? v.toISOString() : JSON_COLUMNS.has(k) ? (v === null ? null : JSON.stringify(v)) : v);
      return `${k} = $${params.length}${JSON_COLUMNS.has(k) ? '::jsonb' : ''}`;
    });
    if (sets.length) await this.db.query(`UPDATE sources SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(`DELETE FROM sources WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }

  async get(id: string): Promise<SourceRow | undefined> {
    return (await this.db.query<SourceRow>(`SELECT * FROM sources WHERE id = $1`, [id]))[0];
  }

  all(): Promise<SourceRow[]> {
    return this.db.query<SourceRow>(`SELECT * FROM sources ORDER BY lower(name), id`);
  }

  /** Items per hour since `since`, for each source. */
  async hours(since: Date): Promise<Map<string, Map<number, number>>> {
    const rows = await this.db.query<{ source_id: string; hour: Date; items: number }>(`SELECT source_id, hour, items FROM source_hours WHERE hour >= $1`, [since.toISOString()]);
    const out = new Map<string, Map<number, number>>();
    const fresh = (): Map<number, number> => new Map<number, number>();
    for (const r of rows) {
      let m = out.get(r.source_id);
      if (!m) out.set(r.source_id, (m = fresh()));
      m.set(new Date(r.hour).getTime(), Number(r.items));
    }
    return out;
  }

  /**
   * After a batch committed: the cursor, the counts, the success, the gap since the last item
   * (learnt for silence) and the hour's count, in one statement.
   */
  async recordBatch(id: string, accepted: number, skipped: number, cursor: Cursor | null, at: Date): Promise<void> {
    await this.db.query(
      `WITH s AS (
         UPDATE sources SET
           cursor = COALESCE($2::jsonb, cursor),
           items_total = items_total + $3,
           skipped_total = skipped_total + $4,
           last_success_at = $5,
           consecutive_failures = 0,
           gaps = CASE WHEN $3 > 0 AND last_item_at IS NOT NULL
                       THEN (array_append(gaps, greatest(0, extract(epoch FROM ($5::timestamptz - last_item_at)))::float8))[greatest(1, cardinality(gaps) + 2 - ${MAX_GAPS}):]
                       ELSE gaps END,
           last_item_at = CASE WHEN $3 > 0 THEN $5::timestamptz ELSE last_item_at END
         WHERE id = $1 RETURNING id)
       INSERT INTO source_hours (source_id, hour, items)
       SELECT id, date_trunc('hour', $5::timestamptz), $3 FROM s WHERE $3 > 0
       ON CONFLICT (source_id, hour) DO UPDATE SET items = source_hours.items + excluded.items`,
      [id, cursor === null ? null : JSON.stringify(cursor), accepted, skipped, at.toISOString()],
    );
  }

  async recordSuccess(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE sources SET last_success_at = $2, consecutive_failures = 0 WHERE id = $1`, [id, at.toISOString()]);
  }

  async recordFailure(id: string, message: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE sources SET consecutive_failures = consecutive_failures + 1, last_error = $2, last_error_at = $3 WHERE id = $1`, [id, message, at.toISOString()]);
  }

  async pruneHours(before: Date): Promise<void> {
    await this.db.query(`DELETE FROM source_hours WHERE hour < $1`, [before.toISOString()]);
  }
}
