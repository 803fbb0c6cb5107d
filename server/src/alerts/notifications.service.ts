import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Delivery, explanationTexts, renderExplanation, type Alert, type AlertKind, type ExplanationLang, type ExplanationTexts, type Severity } from '@siaga/shared';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EventBus } from '../events/event-bus.js';
import './alerts.events.js';
import { SEVERITY_RANK } from './alert.mapper.js';
import { DeliveriesRepository, type DeliveryRow } from './deliveries.repository.js';
import { NotificationSettingsRepository, type Recipient } from './notification-settings.repository.js';
import { postWebhook, type WebhookRequest } from './webhook-target.js';

export const MAX_ATTEMPTS = 5;
const LEASE_MS = 60_000;
const WORKER_MS = 5_000;
const WEBHOOK_TIMEOUT_MS = 10_000;
/** 10 s, 20 s, 40 s, 80 s between attempts. */
export const backoffMs = (attempts: number) => 10_000 * 2 ** Math.max(0, attempts - 1);

const deliveriesCounter = new Counter({ name: 'siaga_notification_deliveries_total', help: 'Notification delivery attempts by channel and outcome', labelNames: ['channel', 'outcome'] as const });
for (const channel of Delivery.shape.channel.options) for (const outcome of ['sent', 'retry', 'failed']) deliveriesCounter.inc({ channel, outcome }, 0);

/** `X-Siaga-Signature: sha256=<hex HMAC of "<timestamp>.<body>">`, as receivers verify it. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** An email's words around the explanation, in the recipient's language. */
const EMAIL: Record<ExplanationLang, { kinds: Record<AlertKind, string>; severities: Record<Severity, string>; statuses: Record<Alert['status'], string>; escalated: string; program: string; severity: string; opened: string; status: string; open: string }> = {
  id: {
    kinds: { volume_spike: 'lonjakan volume', negative_spike: 'lonjakan pos negatif', negative_share_shift: 'pergeseran porsi negatif', coordinated_campaign: 'kampanye terkoordinasi', harm_reports: 'laporan korban dan bahaya', source_silent: 'sumber senyap', source_failing: 'sumber gagal' },
    severities: { info: 'INFO', warning: 'WASPADA', critical: 'KRITIS' },
    statuses: { open: 'terbuka', acknowledged: 'ditangani', resolved: 'selesai' },
    escalated: ' ESKALASI:',
    program: 'Program',
    severity: 'Tingkat',
    opened: 'Dibuka',
    status: 'Status',
    open: 'Buka',
  },
  en: {
    kinds: { volume_spike: 'volume spike', negative_spike: 'negative spike', negative_share_shift: 'negative share shift', coordinated_campaign: 'coordinated campaign', harm_reports: 'harm reports', source_silent: 'source silent', source_failing: 'source failing' },
    severities: { info: 'INFO', warning: 'WARNING', critical: 'CRITICAL' },
    statuses: { open: 'open', acknowledged: 'acknowledged', resolved: 'resolved' },
    escalated: ' ESCALATED:',
    program: 'Program',
    severity: 'Severity',
    opened: 'Opened',
    status: 'Status',
    open: 'Open it',
  },
};

/** An alert email in one language: subject and plain-text body. */
export function alertEmail(payload: Pick<Payload, 'type' | 'alert' | 'url'>, lang: ExplanationLang): { subject: string; text: string } {
  const w = EMAIL[lang];
  const a = payload.alert;
  const kind = w.kinds[a.kind] ?? a.kind.replace(/_/g, ' ');
  return {
    subject: `[Siaga ${w.severities[a.severity]}]${payload.type === 'alert.escalated' ? w.escalated : ''} ${a.programName ?? a.sourceName ?? ''}: ${kind}`,
    text: `${renderExplanation(a.explanation.facts, lang)}\n\n${w.program}: ${a.programName ?? a.sourceName ?? ''}\n${w.severity}: ${w.severities[a.severity]}\n${w.opened}: ${a.openedAt}\n${w.status}: ${w.statuses[a.status]}\n\n${w.open}: ${payload.url}\n`,
  };
}

/** What a webhook receives: the alert with its explanation's facts and the sentence in Indonesian and English. */
export function webhookBody(payload: Payload, deliveryId: string): string {
  const a = payload.alert;
  const text: ExplanationTexts = explanationTexts(a.explanation.facts);
  return JSON.stringify({ ...payload, alert: { ...a, explanation: { ...a.explanation, text } }, deliveryId });
}

interface Payload {
  type: 'alert.opened' | 'alert.escalated';
  alert: Alert;
  level?: number;
  url: string;
}

/**
 * Email and signed webhooks. Deliveries are recorded first and sent by a worker with retries,
 * so a failing channel never blocks another channel or the alert itself.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private transport: Transporter | undefined;
  private readonly payloads = new Map<string, Payload>();
  private off: (() => void) | undefined;

  /** Sends one webhook request and answers its status (unit specs put a fake here: no network). */
  postWebhook: (req: WebhookRequest) => Promise<number> = postWebhook;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly settings: NotificationSettingsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly events: EventBus,
  ) {
    if (config.mail.smtpUrl) this.transport = nodemailer.createTransport(config.mail.smtpUrl);
  }

  onModuleInit(): void {
    this.off = this.events.on('alert.event', async (e) => {
      if (e.type !== 'opened') return;
      try {
        await this.alertOpened(e.alert);
      } catch (err) {
        this.logger.error({ err, alertId: e.alert.id }, 'could not queue notifications');
      }
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), WORKER_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.off?.();
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.transport?.close();
  }

  private alertUrl(alert: Alert) {
    return `${this.config.publicUrl}/alerts/${alert.id}`;
  }

  /** Who hears of a newly opened alert: users whose preferences match, and matching webhooks. */
  async alertOpened(alert: Alert): Promise<void> {
    const recipients = (await this.settings.recipients()).filter((r) => wants(r, alert));
    await this.enqueue(alert, 'opened', recipients, { type: 'alert.opened', alert, url: this.alertUrl(alert) });
  }

  async alertEscalated(alert: Alert, users: Recipient[], level: number): Promise<void> {
    await this.enqueue(alert, 'escalation', users, { type: 'alert.escalated', alert, level, url: this.alertUrl(alert) });
  }

  private async enqueue(alert: Alert, reason: Delivery['reason'], users: Recipient[], payload: Payload): Promise<void> {
    const at = this.clock.now();
    const rows: Array<Pick<DeliveryRow, 'id' | 'alert_id' | 'channel' | 'target' | 'reason' | 'status'> & { at: Date }> = [];
    for (const u of users) {
      // In-app notices go out over the live socket at once; the row records that they did.
      if (u.prefs.inApp) rows.push({ id: randomUUID(), alert_id: alert.id, channel: 'in_app', target: u.id, reason, status: 'sent', at });
      if (u.prefs.email && this.transport) rows.push({ id: randomUUID(), alert_id: alert.id, channel: 'email', target: u.email, reason, status: 'pending', at });
    }
    const hooks = (await this.settings.webhooks()).filter((w) => w.active && SEVERITY_RANK[alert.severity] >= SEVERITY_RANK[w.min_severity] && (w.program_ids.length === 0 || (alert.programId !== null && w.program_ids.includes(alert.programId))));
    for (const w of hooks) rows.push({ id: randomUUID(), alert_id: alert.id, channel: 'webhook', target: w.id, reason, status: 'pending', at });
    for (const r of rows) if (r.status === 'pending') this.payloads.set(r.id, payload);
    await this.deliveries.insert(rows);
    // In-app rows are recorded as sent (the socket notice goes out at once), so they are counted here.
    const inApp = rows.filter((r) => r.channel === 'in_app').length;
    if (inApp) deliveriesCounter.inc({ channel: 'in_app', outcome: 'sent' }, inApp);
    this.kick();
  }

  /** Starts a worker pass unless one is running. */
  kick(): void {
    if (this.running) return;
    this.running = this.processDue()
      .catch((err: unknown) => this.logger.error({ err }, 'notification worker failed'))
      .finally(() => (this.running = undefined));
  }

  /** Waits for a pass in progress, then sends whatever else is due (tests, with a fake clock). */
  async flush(): Promise<number> {
    await this.running;
    return this.processDue();
  }

  /** Sends every due delivery once; answers when done. */
  async processDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const now = this.clock.now();
      const due = await this.deliveries.claimDue(now, LEASE_MS);
      if (!due.length) return sent;
      await Promise.all(due.map(async (d) => {
        try {
          await this.send(d);
          await this.deliveries.markSent(d.id, this.clock.now());
          deliveriesCounter.inc({ channel: d.channel, outcome: 'sent' });
          this.payloads.delete(d.id);
          sent++;
        } catch (err) {
          const retryAt = d.attempts < MAX_ATTEMPTS ? new Date(this.clock.now().getTime() + backoffMs(d.attempts)) : null;
          await this.deliveries.markFailed(d.id, (err as Error).message, retryAt);
          deliveriesCounter.inc({ channel: d.channel, outcome: retryAt ? 'retry' : 'failed' });
          this.logger.warn({ deliveryId: d.id, channel: d.channel, attempts: d.attempts, err: (err as Error).message }, retryAt ? 'delivery failed; will retry' : 'delivery failed for good');
          if (!retryAt) this.payloads.delete(d.id);
        }
      }));
    }
  }

  private async payloadOf(d: DeliveryRow): Promise<Payload> {
    const known = this.payloads.get(d.id);
    if (known) return known;
    // After a restart the payload is rebuilt from the alert as it is now.
    const rows = await this.deliveries.alertPayload(d.alert_id);
    if (!rows) throw new Error('the alert no longer exists');
    return { type: d.reason === 'opened' ? 'alert.opened' : 'alert.escalated', alert: rows, url: this.alertUrl(rows) };
  }

  private async send(d: DeliveryRow): Promise<void> {
    const payload = await this.payloadOf(d);
    if (d.channel === 'email') {
      if (!this.transport) throw new Error('no SMTP server is configured (SIAGA_SMTP_URL)');
      const { subject, text } = alertEmail(payload, await this.settings.emailLanguage(d.target));
      await this.transport.sendMail({ from: this.config.mail.from, to: d.target, subject, text });
      return;
    }
    if (d.channel === 'webhook') {
      const hook = (await this.settings.webhooks()).find((w) => w.id === d.target);
      if (!hook) throw new Error('the webhook was deleted');
      const body = webhookBody(payload, d.id);
      const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
      const status = await this.postWebhook({
        url: hook.url,
        headers: { 'content-type': 'application/json', 'x-siaga-timestamp': timestamp, 'x-siaga-signature': signWebhook(hook.secret, timestamp, body), 'x-siaga-delivery': d.id },
        body,
        timeoutMs: WEBHOOK_TIMEOUT_MS,
        allowPrivate: this.config.webhooks.allowPrivate,
      });
      if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
    }
  }
}

function wants(r: Recipient, alert: Alert): boolean {
  return SEVERITY_RANK[alert.severity] >= SEVERITY_RANK[r.prefs.minSeverity] && (r.prefs.programIds.length === 0 || (alert.programId !== null && r.prefs.programIds.includes(alert.programId)));
}
