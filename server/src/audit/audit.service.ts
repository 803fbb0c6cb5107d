import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry, Page } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/access.decorators.js';
import { decodeCursor, toPage } from '../common/cursor.js';
import { AuditRepository, type AuditFilter, type AuditRow } from './audit.repository.js';

export type AuditAction =
  | 'user.created'
  | 'user.updated'
  | 'user.deleted'
  | 'user.password_changed'
  | 'user.bootstrap'
  | 'ingest_key.created'
  | 'ingest_key.revoked'
  | 'ingest_key.bootstrap'
  | 'program.created'
  | 'program.updated'
  | 'program.deleted'
  | 'post.relabeled'
  | 'export.created'
  | 'webhook.created'
  | 'webhook.deleted'
  | 'incident.created'
  | 'incident.updated'
  | 'retention.applied'
  | 'author.forgotten'
  | 'auth.login'
  | 'auth.logout'
  | 'webhook.updated'
  | 'webhook.tested'
  | 'source.created'
  | 'source.updated'
  | 'source.deleted'
  | 'official_channel.created'
  | 'official_channel.updated'
  | 'official_channel.deleted'
  | 'official_channel.recounted';

@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Pass the transaction's manager so that the entry commits or rolls back with the change. */
  async record(
    actor: Principal | null,
    action: AuditAction,
    target: { type: string; id?: string | null },
    details: Record<string, unknown> = {},
    em?: EntityManager,
  ): Promise<void> {
    await this.repo.insert(
      {
        id: randomUUID(),
        at: this.clock.now(),
        actorId: actor?.id ?? null,
        actorEmail: actor?.email ?? null,
        action,
        targetType: target.type,
        targetId: target.id ?? null,
        details,
      },
      em,
    );
  }

  async list(filter: AuditFilter, limit: number, cursor?: string): Promise<Page<AuditEntry>> {
    const rows = await this.repo.list(filter, limit, decodeCursor(cursor));
    return toPage(rows, limit, toAuditEntry, (r) => ({ at: r.at, id: r.id }));
  }
}

export function toAuditEntry(e: AuditRow): AuditEntry {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    actorName: e.actorName,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    targetName: e.targetName,
    details: e.details,
  };
}
