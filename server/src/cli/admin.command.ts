import { randomBytes } from 'node:crypto';
import { Email, type User } from '@siaga/shared';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersRepository } from '../auth/users.repository.js';
import { UsersService } from '../auth/users.service.js';
import { systemClock } from '../common/clock.js';
import type { AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';

export type AdminAction = 'reset-password' | 'create-admin';

export interface AdminOptions {
  action: AdminAction;
  email: string;
  /** For create-admin. */
  name: string;
  /** The new password; generated when absent. */
  password: string | undefined;
}

export interface AdminResult {
  user: User;
  /** The generated password, to show the operator once. */
  generated: string | undefined;
}

export class AdminInputError extends Error {}

/**
 * Way back in for operators locked out of the dashboard (the last admin demoted or disabled, a
 * forgotten password): straight on the database, with the same rules as the API (password
 * strength, audit entry, sessions ended). A running server hears nothing of it, but the token
 * version it bumps refuses the user's tokens there within seconds.
 */
export async function runAdmin(config: AppConfig, opts: AdminOptions): Promise<AdminResult> {
  const email = Email.safeParse(opts.email);
  if (!email.success) throw new AdminInputError(`not an email address: ${opts.email}`);
  const generated = opts.password === undefined ? randomBytes(18).toString('base64url') : undefined;
  const password = opts.password ?? generated!;
  const db = await Database.open(config, { owner: `siaga admin ${opts.action}` });
  try {
    const repo = new UsersRepository(db);
    const users = new UsersService(repo, db, new AuditService(new AuditRepository(db), systemClock), new EventBus(), systemClock);
    const user =
      opts.action === 'create-admin'
        ? await users.createFromCli({ email: email.data, name: opts.name, role: 'admin', password })
        : await users.resetPasswordFromCli(email.data, password);
    return { user, generated };
  } finally {
    await db.close();
  }
}
