import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateWebhook, Delivery, EscalationPolicy, NotificationPreferences, NotificationPreferencesUpdate, SnoozeProgram, UpdateWebhook, Webhook, WebhookCreated, WebhookTestResult } from '@siaga/shared';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/access.decorators.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError, notFound } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { NotificationSettingsRepository, type WebhookRow } from './notification-settings.repository.js';
import { NotificationsService, signWebhook } from './notifications.service.js';
import { privateHostReason } from './webhook-target.js';

/** As long as a real delivery may take. */
const TEST_TIMEOUT_MS = 10_000;

@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly repo: NotificationSettingsRepository,
    private readonly deliveriesRepo: DeliveriesRepository,
    private readonly programs: ProgramsRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
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

  async setPreferences(user: Principal, prefs: NotificationPreferencesUpdate): Promise<NotificationPreferences> {
    await this.repo.setPreferences(user.id, prefs);
    return { ...prefs, language: prefs.language ?? (await this.repo.userEmailLanguage(user.id)) };
  }

  async webhooks(): Promise<Webhook[]> {
    return (await this.repo.webhooks()).map(toWebhook);
  }

  private assertReachable(url: string): void {
    const refused = this.config.webhooks.allowPrivate ? undefined : privateHostReason(url);
    if (refused) {
      throw new AppError('validation_failed', `url: ${refused}; webhooks reach public addresses only unless SIAGA_WEBHOOK_ALLOW_PRIVATE is set`, [{ path: 'url', message: refused }]);
    }
  }

  async createWebhook(actor: Principal, body: CreateWebhook): Promise<WebhookCreated> {
    this.assertReachable(body.url);
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

  /** Edits a webhook; its secret stays (a receiver keeps verifying), and only changed fields are audited. */
  async updateWebhook(actor: Principal, id: string, patch: UpdateWebhook): Promise<Webhook> {
    if (patch.url !== undefined) this.assertReachable(patch.url);
    const before = await this.repo.webhook(id);
    if (!before) throw notFound('webhook');
    const after = await this.repo.updateWebhook(id, { name: patch.name, url: patch.url, program_ids: patch.programIds, min_severity: patch.minSeverity, active: patch.active });
    if (!after) throw notFound('webhook');
    const was = toWebhook(before);
    const now = toWebhook(after);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ['name', 'url', 'programIds', 'minSeverity', 'active'] as const) {
      if (JSON.stringify(was[key]) !== JSON.stringify(now[key])) changes[key] = { from: was[key], to: now[key] };
    }
    await this.audit.record(actor, 'webhook.updated', { type: 'webhook', id }, { changes });
    return now;
  }

  async testWebhook(actor: Principal, id: string): Promise<WebhookTestResult> {
    const hook = await this.repo.webhook(id);
    if (!hook) throw notFound('webhook');
    const result = await this.sendTest(hook);
    await this.audit.record(actor, 'webhook.tested', { type: 'webhook', id }, { ok: result.ok, status: result.status, error: result.error });
    return result;
  }

  /**
   * A `webhook.test` event signed like a real delivery (the same headers and HMAC), sent once now
   * through the notifier's poster (not queued, not retried), so an admin sees at once whether the
   * receiver verifies it.
   */
  private async sendTest(hook: WebhookRow): Promise<WebhookTestResult> {
    const deliveryId = randomUUID();
    const body = JSON.stringify({ type: 'webhook.test', webhook: { id: hook.id, name: hook.name }, sentAt: this.clock.now().toISOString(), url: this.config.publicUrl, deliveryId });
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    try {
      const status = await this.notifications.postWebhook({
        url: hook.url,
        headers: { 'content-type': 'application/json', 'x-siaga-timestamp': timestamp, 'x-siaga-signature': signWebhook(hook.secret, timestamp, body), 'x-siaga-delivery': deliveryId },
        body,
        timeoutMs: TEST_TIMEOUT_MS,
        allowPrivate: this.config.webhooks.allowPrivate,
      });
      const ok = status >= 200 && status < 300;
      return { ok, status, error: ok ? null : `webhook answered ${status}`, deliveryId };
    } catch (err) {
      return { ok: false, status: null, error: (err as Error).message.slice(0, 1000), deliveryId };
    }
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
      targetName: d.target_name,
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
