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

@Injectable()
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async insert(entry: AuditEntryEntity, em?: EntityManager): Promise<void> {
    // `details` is free-form JSON, which TypeORM's deep-partial type cannot express.
    await (em ?? this.db.dataSource.manager).insert(AuditEntryEntity, entry as QueryDeepPartialEntity<AuditEntryEntity>);
  }

  list(filter: AuditFilter, limit: number, after: Keyset | undefined): Promise<AuditEntryEntity[]> {
    const qb = this.db.repository(AuditEntryEntity).createQueryBuilder('a');
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.targetType) qb.andWhere('a.target_type = :targetType', { targetType: filter.targetType });
    if (after) qb.andWhere('(a.at, a.id) < (:at, :id)', { at: after.at, id: after.id });
    return qb.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit + 1).getMany();
  }
}
