import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Keyset } from '../common/cursor.js';
import { Database } from '../database/database.js';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(private readonly db: Database) {}

  private repo(em?: EntityManager) {
    return (em ?? this.db.dataSource.manager).getRepository(UserEntity);
  }

  findById(id: string, em?: EntityManager): Promise<UserEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo().createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  count(): Promise<number> {
    return this.repo().count();
  }

  /**
   * Locks the active admins' rows until the transaction ends and counts them. Two concurrent
   * demotions then run one after the other: under READ COMMITTED a plain count lets both see two
   * admins and both pass. The second one waits here, and once the first commits, the row it
   * demoted no longer matches and is left out of the count.
   */
  async lockActiveAdmins(em: EntityManager): Promise<number> {
    const rows = await em.query<Array<{ id: string }>>(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`);
    return rows.length;
  }

  /** Active users above viewer, by name then email. */
  listAssignable(): Promise<Array<Pick<UserEntity, 'id' | 'name' | 'email' | 'role'>>> {
    return this.db.query(`SELECT id, name, email, role FROM users WHERE active AND role <> 'viewer' ORDER BY lower(COALESCE(NULLIF(name, ''), email)), id LIMIT 1000`);
  }

  async insert(user: UserEntity, em?: EntityManager): Promise<void> {
    await this.repo(em).insert(user);
  }

  async update(id: string, patch: Partial<UserEntity>, em?: EntityManager): Promise<void> {
    await this.repo(em).update({ id }, patch);
  }

  async delete(id: string, em?: EntityManager): Promise<void> {
    await this.repo(em).delete({ id });
  }

  list(limit: number, after: Keyset | undefined): Promise<UserEntity[]> {
    const qb = this.repo().createQueryBuilder('u');
    if (after) qb.where('(u.created_at, u.id) < (:at, :id)', { at: after.at, id: after.id });
    return qb.orderBy('u.created_at', 'DESC').addOrderBy('u.id', 'DESC').limit(limit + 1).getMany();
  }
}
