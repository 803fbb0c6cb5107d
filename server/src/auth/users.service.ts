import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Assignee, ChangePassword, CreateUser, Page, UpdateUser, User, UserSummary } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import { EventBus } from '../events/event-bus.js';
import './auth.events.js';
import { AuditService } from '../audit/audit.service.js';
import { decodeCursor, toPage } from '../common/cursor.js';
import { AppError, notFound } from '../common/errors.js';
import { Database } from '../database/database.js';
import type { Principal } from './access.decorators.js';
import { hashPassword } from './password.js';
import { assertStrongPassword } from './password-strength.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private notify(userId: string, sessionsEnded: boolean) {
    this.events.emit('user.changed', { userId, sessionsEnded });
  }

  async create(actor: Principal | null, input: CreateUser): Promise<User> {
    return this.insert(actor, input, actor ? 'user.created' : 'user.bootstrap', {});
  }

  /** `siaga admin create-admin`: an operator at the server, no signed-in actor. */
  createFromCli(input: CreateUser): Promise<User> {
    return this.insert(null, input, 'user.created', { via: 'cli' });
  }

  private async insert(actor: Principal | null, input: CreateUser, action: 'user.created' | 'user.bootstrap', extra: Record<string, unknown>): Promise<User> {
    if (await this.repo.findByEmail(input.email)) throw new AppError('conflict', `a user with email ${input.email} exists`);
    assertStrongPassword(input.password, [input.email, input.name]);
    const now = this.clock.now();
    const user: UserEntity = {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      active: true,
      tokenVersion: 0,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: null,
    };
    await this.db.transaction(async (em) => {
      await this.repo.insert(user, em);
      await this.audit.record(actor, action, { type: 'user', id: user.id }, { email: user.email, role: user.role, ...extra }, em);
    });
    return toUser(user);
  }

  /**
   * `siaga admin reset-password`: a new password for a locked-out user, found by email. Ends the
   * user's sessions like any password change, and re-enables a disabled account.
   */
  async resetPasswordFromCli(email: string, password: string): Promise<User> {
    const target = await this.repo.findByEmail(email);
    if (!target) throw notFound(`user ${email}`);
    assertStrongPassword(password, [target.email, target.name]);
    const passwordHash = await hashPassword(password);
    const updated = await this.db.transaction(async (em) => {
      const u = await this.repo.findById(target.id, em);
      if (!u) throw notFound(`user ${email}`);
      const next: UserEntity = { ...u, passwordHash, active: true, tokenVersion: u.tokenVersion + 1, updatedAt: this.clock.now() };
      await this.repo.update(u.id, { passwordHash, active: true, tokenVersion: next.tokenVersion, updatedAt: next.updatedAt }, em);
      await this.audit.record(null, 'user.password_changed', { type: 'user', id: u.id }, { email: u.email, via: 'cli', reactivated: !u.active }, em);
      return next;
    });
    this.notify(updated.id, true);
    return toUser(updated);
  }

  /** Whether the user exists and may sign in (alerts are assigned only to such users). */
  async isActive(id: string): Promise<boolean> {
    return (await this.repo.findById(id))?.active === true;
  }

  /** Whether the user may be given an alert: active, and more than a viewer. */
  async isAssignable(id: string): Promise<boolean> {
    const u = await this.repo.findById(id);
    return u?.active === true && u.role !== 'viewer';
  }

  /** Everyone an alert can be assigned to, by name (`GET /api/alerts/assignees`). */
  async assignees(): Promise<Assignee[]> {
    return (await this.repo.listAssignable()).map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role as Assignee['role'] }));
  }

  async get(id: string): Promise<User> {
    const u = await this.repo.findById(id);
    if (!u) throw notFound('user');
    return toUser(u);
  }

  async list(limit: number, cursor?: string): Promise<Page<User>> {
    const rows = await this.repo.list(limit, decodeCursor(cursor));
    return toPage(rows, limit, toUser, (r) => ({ at: r.createdAt, id: r.id }));
  }

  async update(actor: Principal, id: string, patch: UpdateUser): Promise<User> {
    const { user: updated, sessionsEnded } = await this.db.transaction(async (em) => {
      // Lock before reading: the admin count and the user must be those of the moment we commit.
      const mayDemote = (patch.role !== undefined && patch.role !== 'admin') || patch.active === false;
      const admins = mayDemote ? await this.repo.lockActiveAdmins(em) : undefined;
      const u = await this.repo.findById(id, em);
      if (!u) throw notFound('user');
      const demotesAdmin = u.role === 'admin' && u.active && mayDemote;
      if (demotesAdmin && admins !== undefined && admins <= 1) {
        throw new AppError('conflict', 'this is the last active admin: promote another admin first');
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of ['name', 'role', 'active'] as const) {
        if (patch[k] !== undefined && patch[k] !== u[k]) changes[k] = { from: u[k], to: patch[k] };
      }
      const next: UserEntity = { ...u, ...patch, updatedAt: this.clock.now() };
      // A role or status change ends the sessions issued before it.
      const ends = Boolean(changes.role || changes.active);
      if (ends) next.tokenVersion = u.tokenVersion + 1;
      await this.repo.update(id, { name: next.name, role: next.role, active: next.active, updatedAt: next.updatedAt, tokenVersion: next.tokenVersion }, em);
      if (Object.keys(changes).length) await this.audit.record(actor, 'user.updated', { type: 'user', id }, { email: u.email, changes }, em);
      return { user: next, sessionsEnded: ends };
    });
    this.notify(id, sessionsEnded);
    return toUser(updated);
  }

  async changePassword(actor: Principal, id: string, input: ChangePassword): Promise<void> {
    const target = await this.repo.findById(id);
    if (!target) throw notFound('user');
    assertStrongPassword(input.password, [target.email, target.name]);
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction(async (em) => {
      const u = await this.repo.findById(id, em);
      if (!u) throw notFound('user');
      await this.repo.update(id, { passwordHash, tokenVersion: u.tokenVersion + 1, updatedAt: this.clock.now() }, em);
      await this.audit.record(actor, 'user.password_changed', { type: 'user', id }, { email: u.email }, em);
    });
    this.notify(id, true);
  }

  async delete(actor: Principal, id: string): Promise<void> {
    if (actor.id === id) throw new AppError('conflict', 'you cannot delete your own account');
    await this.db.transaction(async (em) => {
      const admins = await this.repo.lockActiveAdmins(em);
      const u = await this.repo.findById(id, em);
      if (!u) throw notFound('user');
      if (u.role === 'admin' && u.active && admins <= 1) {
        throw new AppError('conflict', 'this is the last active admin');
      }
      await this.repo.delete(id, em);
      await this.audit.record(actor, 'user.deleted', { type: 'user', id }, { email: u.email, role: u.role }, em);
    });
    this.notify(id, true);
  }
}

export const toSummary = (u: UserEntity): UserSummary => ({ id: u.id, email: u.email, name: u.name, role: u.role });

export function toUser(u: UserEntity): User {
  return {
    ...toSummary(u),
    active: u.active,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}
