import { Injectable } from '@nestjs/common';
import type { Keyset } from '../common/cursor.js';
import { Database } from '../database/database.js';
import { IngestKeyEntity } from './ingest-key.entity.js';

@Injectable()
export class IngestKeysRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(IngestKeyEntity);
  }

  findActiveByHash(keyHash: string): Promise<IngestKeyEntity | null> {
    return this.repo.createQueryBuilder('k').where('k.key_hash = :keyHash AND k.revoked_at IS NULL', { keyHash }).getOne();
  }

  findByHash(keyHash: string): Promise<IngestKeyEntity | null> {
    return this.repo.findOneBy({ keyHash });
  }

  findById(id: string): Promise<IngestKeyEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async insert(key: IngestKeyEntity): Promise<void> {
    await this.repo.insert(key);
  }

  /** `null` restores a revoked key. */
  async setRevoked(id: string, at: Date | null): Promise<void> {
    await this.repo.update({ id }, { revokedAt: at });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.repo.update({ id }, { lastUsedAt: at });
  }

  list(limit: number, after: Keyset | undefined): Promise<IngestKeyEntity[]> {
    const qb = this.repo.createQueryBuilder('k');
    if (after) qb.where('(k.created_at, k.id) < (:at, :id)', { at: after.at, id: after.id });
    return qb.orderBy('k.created_at', 'DESC').addOrderBy('k.id', 'DESC').limit(limit + 1).getMany();
  }
}
