import { Injectable } from '@nestjs/common';
import type { OfficialChannelKind } from '@siaga/shared';
import { Database } from '../database/database.js';

export interface OfficialChannelRow {
  id: string;
  program_id: string;
  source: string;
  handle: string;
  label: string;
  kind: OfficialChannelKind;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export type OfficialChannelPatch = Partial<Pick<OfficialChannelRow, 'program_id' | 'source' | 'handle' | 'label' | 'kind'>>;

@Injectable()
export class OfficialChannelsRepository {
  constructor(private readonly db: Database) {}

  list(programId?: string): Promise<OfficialChannelRow[]> {
    return programId
      ? this.db.query<OfficialChannelRow>(`SELECT * FROM official_channels WHERE program_id = $1 ORDER BY source, handle, id`, [programId])
      : this.db.query<OfficialChannelRow>(`SELECT * FROM official_channels ORDER BY program_id, source, handle, id`);
  }

  async get(id: string): Promise<OfficialChannelRow | undefined> {
    return (await this.db.query<OfficialChannelRow>(`SELECT * FROM official_channels WHERE id = $1`, [id]))[0];
  }

  async programExists(id: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM programs WHERE id = $1`, [id])).length > 0;
  }

  async insert(r: OfficialChannelRow): Promise<void> {
    await this.db.query(
      `INSERT INTO official_channels (id, program_id, source, handle, label, kind, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.id, r.program_id, r.source, r.handle, r.label, r.kind, r.created_by, r.created_at.toISOString(), r.updated_at.toISOString()],
    );
  }

  async update(id: string, patch: OfficialChannelPatch, at: Date): Promise<OfficialChannelRow | undefined> {
    const params: unknown[] = [id, at.toISOString()];
    const sets = ['updated_at = $2'];
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) sets.push(`${k} = $${params.push(v)}`);
    // Select from the data-modifying statement, so that both engines answer the row.
    const rows = await this.db.query<OfficialChannelRow>(`WITH changed AS (UPDATE official_channels SET ${sets.join(', ')} WHERE id = $1 RETURNING *) SELECT * FROM changed`, params);
    return rows[0];
  }

  async delete(id: string): Promise<OfficialChannelRow | undefined> {
    const rows = await this.db.query<OfficialChannelRow>(`WITH gone AS (DELETE FROM official_channels WHERE id = $1 RETURNING *) SELECT * FROM gone`, [id]);
    return rows[0];
  }
}
