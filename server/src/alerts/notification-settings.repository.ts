import { Injectable } from '@nestjs/common';
import type { EscalationStep, ExplanationLang, NotificationPreferences, NotificationPreferencesUpdate, Role, Severity } from '@siaga/shared';
import { Database } from '../database/database.js';

export const DEFAULT_ESCALATION: EscalationStep[] = [
  { afterMinutes: 15, role: 'supervisor', minSeverity: 'warning' },
  { afterMinutes: 45, role: 'admin', minSeverity: 'critical' },
];

export interface Recipient {
  id: string;
  email: string;
  name: string;
  role: Role;
  prefs: NotificationPreferences;
}

export interface WebhookRow {
  id: string;
  name: string;
  url: string;
  secret: string;
  program_ids: string[];
  min_severity: Severity;
  active: boolean;
  created_by: string | null;
  created_at: Date;
}

/**
 * Supervisors and admins hear of warnings by email until they choose otherwise; others opt in.
 * `language` is the user's email language (users.email_language), kept whether or not they saved preferences.
 */
export function defaultPreferences(role: Role, language: ExplanationLang = 'id'): NotificationPreferences {
  const lead = role === 'supervisor' || role === 'admin';
  return { programIds: [], minSeverity: 'warning', email: lead, inApp: true, language };
}

@Injectable()
export class NotificationSettingsRepository {
  constructor(private readonly db: Database) {}

  async policy(programId: string): Promise<EscalationStep[]> {
    const rows = await this.db.query<{ steps: EscalationStep[] }>(`SELECT steps FROM escalation_policies WHERE program_id = $1`, [programId]);
    return rows[0]?.steps ?? DEFAULT_ESCALATION;
  }

  async setPolicy(programId: string, steps: EscalationStep[]): Promise<void> {
    await this.db.query(
      `INSERT INTO escalation_policies (program_id, steps, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (program_id) DO UPDATE SET steps = excluded.steps, updated_at = now()`,
      [programId, JSON.stringify(steps)],
    );
  }

  /** Every active user with their preferences (defaults where they set none). */
  async recipients(): Promise<Recipient[]> {
    const rows = await this.db.query<{ id: string; email: string; name: string; role: Role; program_ids: string[] | null; min_severity: Severity | null; email_on: boolean | null; in_app: boolean | null; language: ExplanationLang }>(
      `SELECT u.id, u.email, u.name, u.role, n.program_ids, n.min_severity, n.email AS email_on, n.in_app, u.email_language AS language
       FROM users u LEFT JOIN notification_preferences n ON n.user_id = u.id WHERE u.active`,
    );
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role,
      prefs: r.min_severity === null ? defaultPreferences(r.role, r.language) : { programIds: r.program_ids ?? [], minSeverity: r.min_severity, email: Boolean(r.email_on), inApp: Boolean(r.in_app), language: r.language },
    }));
  }

  /** The language an address's emails are written in (alert emails and digests alike): its user's choice, Indonesian by default. */
  async emailLanguage(email: string): Promise<ExplanationLang> {
    const rows = await this.db.query<{ language: ExplanationLang }>(`SELECT email_language AS language FROM users WHERE email = $1 ORDER BY active DESC LIMIT 1`, [email]);
    return rows[0]?.language ?? 'id';
  }

  /** One user's email language; Indonesian for an id that is no user (the caller is signed in, so it is one). */
  async userEmailLanguage(userId: string): Promise<ExplanationLang> {
    const rows = await this.db.query<{ language: ExplanationLang }>(`SELECT email_language AS language FROM users WHERE id = $1`, [userId]);
    return rows[0]?.language ?? 'id';
  }

  async preferences(userId: string, role: Role): Promise<NotificationPreferences> {
    const rows = await this.db.query<{ program_ids: string[] | null; min_severity: Severity | null; email: boolean | null; in_app: boolean | null; language: ExplanationLang }>(
      `SELECT n.program_ids, n.min_severity, n.email, n.in_app, u.email_language AS language
       FROM users u LEFT JOIN notification_preferences n ON n.user_id = u.id WHERE u.id = $1`,
      [userId],
    );
    const r = rows[0];
    if (!r) return defaultPreferences(role);
    return r.min_severity === null ? defaultPreferences(role, r.language) : { programIds: r.program_ids ?? [], minSeverity: r.min_severity, email: Boolean(r.email), inApp: Boolean(r.in_app), language: r.language };
  }

  /** Writes the preferences and, when `language` is given, the user's email language, in one transaction. */
  async setPreferences(userId: string, p: NotificationPreferencesUpdate): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO notification_preferences (user_id, program_ids, min_severity, email, in_app) VALUES ($1, $2::uuid[], $3, $4, $5)
         ON CONFLICT (user_id) DO UPDATE SET program_ids = excluded.program_ids, min_severity = excluded.min_severity, email = excluded.email, in_app = excluded.in_app`,
        [userId, p.programIds, p.minSeverity, p.email, p.inApp],
      );
      if (p.language !== undefined) await em.query(`UPDATE users SET email_language = $2 WHERE id = $1`, [userId, p.language]);
    });
  }

  webhooks(): Promise<WebhookRow[]> {
    return this.db.query<WebhookRow>(`SELECT * FROM webhooks ORDER BY created_at, id`);
  }

  async insertWebhook(w: WebhookRow): Promise<void> {
    await this.db.query(`INSERT INTO webhooks (id, name, url, secret, program_ids, min_severity, active, created_by, created_at) VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8, $9)`, [
      w.id, w.name, w.url, w.secret, w.program_ids, w.min_severity, w.active, w.created_by, w.created_at.toISOString(),
    ]);
  }

  async webhook(id: string): Promise<WebhookRow | undefined> {
    return (await this.db.query<WebhookRow>(`SELECT * FROM webhooks WHERE id = $1`, [id]))[0];
  }

  /** Writes the given fields; answers the row as it is now, or undefined when there is none. */
  async updateWebhook(id: string, patch: Partial<Pick<WebhookRow, 'name' | 'url' | 'program_ids' | 'min_severity' | 'active'>>): Promise<WebhookRow | undefined> {
    const params: unknown[] = [id];
    const sets: string[] = [];
    if (patch.name !== undefined) sets.push(`name = $${params.push(patch.name)}`);
    if (patch.url !== undefined) sets.push(`url = $${params.push(patch.url)}`);
    if (patch.program_ids !== undefined) sets.push(`program_ids = $${params.push(patch.program_ids)}::uuid[]`);
    if (patch.min_severity !== undefined) sets.push(`min_severity = $${params.push(patch.min_severity)}`);
    if (patch.active !== undefined) sets.push(`active = $${params.push(patch.active)}`);
    if (!sets.length) return this.webhook(id);
    // As for DELETE: select from the data-modifying statement, so TypeORM answers rows.
    const rows = await this.db.query<WebhookRow>(`WITH changed AS (UPDATE webhooks SET ${sets.join(', ')} WHERE id = $1 RETURNING *) SELECT * FROM changed`, params);
    return rows[0];
  }

  async deleteWebhook(id: string): Promise<boolean> {
    // TypeORM answers a bare DELETE … RETURNING as [rows, rowCount] (always two long): select from it instead.
    const rows = await this.db.query<{ id: string }>(`WITH gone AS (DELETE FROM webhooks WHERE id = $1 RETURNING id) SELECT id FROM gone`, [id]);
    return rows.length > 0;
  }

  async snooze(programId: string, until: Date, reason: string | null, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO program_snoozes (program_id, until, reason, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (program_id) DO UPDATE SET until = excluded.until, reason = excluded.reason, created_by = excluded.created_by, created_at = now()`,
      [programId, until.toISOString(), reason, by],
    );
  }

  async unsnooze(programId: string): Promise<void> {
    await this.db.query(`DELETE FROM program_snoozes WHERE program_id = $1`, [programId]);
  }

  async snoozeOf(programId: string): Promise<{ until: Date; reason: string | null } | undefined> {
    const rows = await this.db.query<{ until: Date; reason: string | null }>(`SELECT until, reason FROM program_snoozes WHERE program_id = $1`, [programId]);
    return rows[0];
  }
}
