import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import { LeaseService } from '../leases/lease.service.js';
import { SEVERITY_RANK } from './alert.mapper.js';
import { countAlertTransition } from './alert.metrics.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { NotificationSettingsRepository, type Recipient } from './notification-settings.repository.js';
import { NotificationsService } from './notifications.service.js';

const TICK_MS = 15_000;
/** One instance of the cluster runs the timers (any instance may, safely: this only saves the others the work). */
export const LIFECYCLE_LEASE = 'alerts:lifecycle';

/**
 * Time-driven changes: auto-resolve once the signal stayed normal long enough, and escalation
 * of unacknowledged alerts along their program's policy. The timers run on the instance that
 * holds the `alerts:lifecycle` lease, and each alert is re-checked under its row lock, so even two
 * instances ticking at once (a lease changing hands) never escalate or resolve one alert twice.
 */
@Injectable()
export class LifecycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly db: Database,
    private readonly repo: AlertsRepository,
    private readonly alerts: AlertsService,
    private readonly settings: NotificationSettingsRepository,
    private readonly notifications: NotificationsService,
    private readonly events: EventBus,
    @Optional() private readonly leases?: LeaseService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= (this.leases ? this.leases.runWhileHeld(LIFECYCLE_LEASE, () => this.tick()) : this.tick())
        .catch((err: unknown) => this.logger.error({ err }, 'alert lifecycle tick failed'))
        .finally(() => (this.running = undefined));
    }, TICK_MS);
    this.timer.unref();
    this.leases?.want(LIFECYCLE_LEASE);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass of auto-resolve and escalation at the clock's time. */
  async tick(): Promise<{ resolved: number; escalated: number }> {
    const now = this.clock.now();
    const quietSince = new Date(now.getTime() - this.config.alerts.autoResolveMinutes * 60_000);
    let resolved = 0;
    let escalated = 0;
    const stale = await this.db.transaction((em) => this.repo.staleUnresolved(em, quietSince));
    for (const candidate of stale) {
      const change = await this.alerts.write(async (em) => {
        const a = await this.repo.lockById(em, candidate.id);
        if (!a || a.status === 'resolved' || new Date(a.last_triggered_at) >= quietSince) return undefined;
        await this.repo.update(em, a.id, { status: 'resolved', resolved_at: now, resolution: 'auto', updated_at: now });
        await this.alerts.history(em, a.id, null, 'auto_resolved', { quietMinutes: this.config.alerts.autoResolveMinutes });
        return { id: a.id, type: 'updated' };
      });
      if (change) {
        resolved++;
        countAlertTransition(change.alert, 'auto_resolved');
      }
    }
    const open = await this.db.transaction((em) => this.repo.openUnacknowledged(em));
    // Read before any alert transaction: on PGlite a second statement outside it would wait forever.
    const users = open.length ? await this.settings.recipients() : [];
    for (const candidate of open) {
      // A source-health alert has no program, hence no escalation policy.
      const steps = candidate.program_id ? await this.settings.policy(candidate.program_id) : [];
      let notice: { level: number; role: string; to: Recipient[] } | undefined;
      const change = await this.alerts.write(async (em) => {
        const a = await this.repo.lockById(em, candidate.id);
        const step = a ? steps[a.escalation_level] : undefined;
        if (!a || !step || a.status !== 'open') return undefined;
        if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[step.minSeverity]) return undefined;
        if (now.getTime() - new Date(a.opened_at).getTime() < step.afterMinutes * 60_000) return undefined;
        const to = users.filter((u) => u.role === step.role);
        const level = a.escalation_level + 1;
        await this.repo.update(em, a.id, { escalation_level: level, updated_at: now });
        await this.alerts.history(em, a.id, null, 'escalated', { level, role: step.role, afterMinutes: step.afterMinutes, notified: to.map((u) => u.email) });
        notice = { level, role: step.role, to };
        return { id: a.id, type: 'updated' };
      });
      if (change && notice) {
        escalated++;
        countAlertTransition(change.alert, 'escalated');
        const reason = `not acknowledged within ${steps[notice.level - 1]!.afterMinutes} minutes: escalated to ${notice.role}s`;
        this.events.emit('alert.escalated', { alert: change.alert, level: notice.level, reason, userIds: notice.to.filter((u) => u.prefs.inApp).map((u) => u.id) });
        await this.notifications.alertEscalated(change.alert, notice.to, notice.level);
      }
    }
    return { resolved, escalated };
  }
}
