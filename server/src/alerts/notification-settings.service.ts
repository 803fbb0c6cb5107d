import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateWebhook, Delivery, EscalationPolicy, NotificationPreferences, SnoozeProgram, Webhook, WebhookCreated } from '@siaga/shared';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/access.decorators.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError, notFound } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { NotificationSettingsRepository, type WebhookRow } from './notification-settings.repository.js';
import { privateHostReason } from './webhook-target.js';

@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly repo: NotificationSettingsRepository,
    private readonly deliveriesRepo: DeliveriesRepository,
    private readonly programs: ProgramsRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async program(id: string) {
    const p = await this.programs.findById(id);
    if (!p) throw notFound('program');
    return p;
  }

  async policy(programId: string): Promise<EscalationPolicy> {
    await this.program(programId);
    return { steps: await this.repo.policy(programId) };
  }

  async setPolicy(actor: Principal, programId: string, policy: EscalationPolicy): Promise<EscalationPolicy> {
    const p = await this.program(programId);
    for (let i = 1; i < policy.steps.length; i++) {
      if (policy.steps[i]!.afterMinutes < policy.steps[i - 1]!.afterMinutes) throw new AppError('validation_failed', 'steps must be in order of afterMinutes');
    }
    await this.repo.setPolicy(programId, policy.steps);
    await this.audit.record(actor, 'program.updated', { type: 'program', id: programId }, { slug: p.slug, escalationPolicy: policy.steps });
    return policy;
  }

  async snooze(actor: Principal, programId: string, body: SnoozeProgram): Promise<{ programId: string; until: string; reason: string | null }> {
    const p = await this.program(programId);
    const until = new Date(body.until);
    if (until <= this.clock.now()) throw new AppError('validation_failed', 'until: must be in the future');
    if (until.getTime() - this.clock.now().getTime() > 30 * 86_400_000) throw new AppError('validation_failed', 'until: at most 30 days ahead');
    await this.repo.snooze(programId, until, body.reason ?? null, actor.id);
    await this.audit.record(actor, 'program.updated', { type: 'program', id: programId }, { slug: p.slug, snoozedUntil: until.toISOString(), reason: body.reason ?? null });
    return { programId, until: until.toISOString(), reason: body.reason ?? null };
  }

  async unsnooze(actor: Principal, programId: string): Promise<void> {
    const p = await this.program(programId);
    await this.repo.unsnooze(programId);
    await this.audit.record(actor, 'program.updated', { type: 'program', id: programId }, { slug: p.slug, snoozedUntil: null });
  }

  async snoozeOf(programId: string): Promise<{ programId: string; until: string | null; reason: string | null }> {
    await this.program(programId);
    const s = await this.repo.snoozeOf(programId);
    const active = s && new Date(s.until) > this.clock.now();
    return { programId, until: active ? new Date(s.until).toISOString() : null, reason: active ? s.reason : null };
  }

  preferences(user: Principal): Promise<NotificationPreferences> {
    return this.repo.preferences(user.id, user.role);
  }

  async setPreferences(user: Principal, prefs: NotificationPreferences): Promise<NotificationPreferences> {
    await this.repo.setPreferences(user.id, prefs);
    return prefs;
  }

  async webhooks(): Promise<Webhook[]> {
    return (await this.repo.webhooks()).map(toWebhook);
  }

  async createWebhook(actor: Principal, body: CreateWebhook): Promise<WebhookCreated> {
    const refused = this.config.webhooks.allowPrivate ? undefined : privateHostReason(body.url);
    if (refused) {
      throw new AppError('validation_failed', `url: ${refused}; webhooks reach public addresses only unless SIAGA_WEBHOOK_ALLOW_PRIVATE is set`, [{ path: 'url', message: refused }]);
    }
    const row: WebhookRow = {
      id: randomUUID(),
      name: body.name,
      url: body.url,
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      program_ids: body.programIds,
      min_severity: body.minSeverity,
      active: true,
      created_by: actor.id,
      created_at: this.clock.now(),
    };
    await this.repo.insertWebhook(row);
    await this.audit.record(actor, 'webhook.created', { type: 'webhook', id: row.id }, { name: row.name, url: row.url });
    return { ...toWebhook(row), secret: row.secret };
  }

  async deleteWebhook(actor: Principal, id: string): Promise<void> {
    if (!(await this.repo.deleteWebhook(id))) throw notFound('webhook');
    await this.audit.record(actor, 'webhook.deleted', { type: 'webhook', id });
  }

  async deliveries(alertId: string): Promise<Delivery[]> {
    const rows = await this.deliveriesRepo.forAlert(alertId);
    if (!rows) throw notFound('alert');
    return rows.map((d) => ({
      id: d.id,
      alertId: d.alert_id,
      channel: d.channel,
      target: d.target,
      reason: d.reason,
      status: d.status,
      attempts: d.attempts,
      lastError: d.last_error,
      createdAt: new Date(d.created_at).toISOString(),
      sentAt: d.sent_at ? new Date(d.sent_at).toISOString() : null,
    }));
  }
}

const toWebhook = (w: WebhookRow): Webhook => ({
  id: w.id,
  name: w.name,
  url: w.url,
  programIds: w.program_ids,
  minSeverity: w.min_severity,
  active: w.active,
  createdAt: new Date(w.created_at).toISOString(),
});
