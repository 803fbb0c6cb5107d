import { Injectable } from '@nestjs/common';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { Database } from '../database/database.js';
import type { Keyset } from '../common/cursor.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetType?: string;
}

/** An entry with the names its actor and target have now (null when gone, or for the system). */
export interface AuditRow extends AuditEntryEntity {
  actorName: string | null;
  targetName: string | null;
}

interface RawAuditRow {
  id: string;
  at: Date | string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
  actor_name: string | null;
  target_name: string | null;
}

const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

@Injectable()
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async insert(entry: AuditEntryEntity, em?: EntityManager): Promise<void> {
    // `details` is free-form JSON, which TypeORM's deep-partial type cannot express.
    await (em ?? this.db.dataSource.manager).insert(AuditEntryEntity, entry as QueryDeepPartialEntity<AuditEntryEntity>);
  }

  /**
   * A page of entries, newest first, with names looked up for the page only: the log keeps ids
   * (names change, people leave), the screen shows who and what they are now. Target ids are text
   * (a source name, a post id…); only a UUID-shaped one is looked up, by primary key.
   */
  async list(filter: AuditFilter, limit: number, after: Keyset | undefined): Promise<AuditRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (filter.action) where.push(`a.action = ${p(filter.action)}`);
    if (filter.actorId) where.push(`a.actor_id = ${p(filter.actorId)}`);
    if (filter.targetType) where.push(`a.target_type = ${p(filter.targetType)}`);
    if (after) where.push(`(a.at, a.id) < (${p(after.at.toISOString())}, ${p(after.id)})`);
    const rows = await this.db.query<RawAuditRow>(
      `WITH page AS (
         SELECT a.*, CASE WHEN a.target_id ~ ${UUID_TEXT} THEN a.target_id::uuid END AS tid
         FROM audit_log a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY a.at DESC, a.id DESC LIMIT ${p(limit + 1)}
       )
       SELECT page.id, page.at, page.actor_id, page.actor_email, page.action, page.target_type, page.target_id, page.details,
              NULLIF(actor.name, '') AS actor_name,
              CASE page.target_type
                WHEN 'user' THEN (SELECT COALESCE(NULLIF(u.name, ''), u.email) FROM users u WHERE u.id = page.tid)
                WHEN 'program' THEN (SELECT pr.name FROM programs pr WHERE pr.id = page.tid)
                WHEN 'webhook' THEN (SELECT w.name FROM webhooks w WHERE w.id = page.tid)
                WHEN 'ingest_key' THEN (SELECT k.name FROM ingest_keys k WHERE k.id = page.tid)
                WHEN 'incident' THEN (SELECT i.title FROM incidents i WHERE i.id = page.tid)
              END AS target_name
       FROM page LEFT JOIN users actor ON actor.id = page.actor_id
       ORDER BY page.at DESC, page.id DESC`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at),
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: r.details,
      actorName: r.actor_name,
      targetName: r.target_name,
    }));
  }
}
