import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Keyset } from '../common/cursor.js';
import { Database } from '../database/database.js';
import { ProgramEntity } from './program.entity.js';

@Injectable()
export class ProgramsRepository {
  constructor(private readonly db: Database) {}

  private repo(em?: EntityManager) {
    return (em ?? this.db.dataSource.manager).getRepository(ProgramEntity);
  }

  findById(id: string, em?: EntityManager): Promise<ProgramEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findBySlug(slug: string): Promise<ProgramEntity | null> {
    return this.repo().findOneBy({ slug });
  }

  all(): Promise<ProgramEntity[]> {
    return this.repo().find({ order: { name: 'ASC' } });
  }

  /** Changes whenever a program is created, edited or deleted, on any instance. */
  async version(): Promise<string> {
    const [row] = await this.db.query<{ n: number; latest: Date | null }>(`SELECT count(*)::int AS n, max(updated_at) AS latest FROM programs`);
    return `${row?.n ?? 0}|${row?.latest?.getTime() ?? 0}`;
  }

  list(limit: number, after: Keyset | undefined): Promise<ProgramEntity[]> {
    const qb = this.repo().createQueryBuilder('p');
    if (after) qb.where('(p.created_at, p.id) > (:at, :id)', { at: after.at, id: after.id });
    return qb.orderBy('p.created_at', 'ASC').addOrderBy('p.id', 'ASC').limit(limit + 1).getMany();
  }

  async insert(p: ProgramEntity, em?: EntityManager): Promise<void> {
    await this.repo(em).insert(p);
  }

  async update(id: string, patch: Partial<ProgramEntity>, em?: EntityManager): Promise<void> {
    await this.repo(em).update({ id }, patch);
  }

  async delete(id: string, em?: EntityManager): Promise<void> {
    await this.repo(em).delete({ id });
  }

  pendingBackfills(): Promise<ProgramEntity[]> {
    return this.repo().createQueryBuilder('p').where('p.backfill_cutoff IS NOT NULL').getMany();
  }

  /** Clears the marker unless a newer edit set another one meanwhile. */
  async finishBackfill(id: string, cutoff: Date): Promise<void> {
    await this.db.query(`UPDATE programs SET backfill_cutoff = NULL WHERE id = $1 AND backfill_cutoff = $2`, [id, cutoff]);
  }
}
