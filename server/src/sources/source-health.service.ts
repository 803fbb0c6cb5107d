import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { pollSecondsOf } from './connectors/index.js';
import { SourceAlerts } from './source-alerts.js';
import { healthOf } from './source-health.js';
import { SourcesRepository } from './sources.repository.js';

const TICK_MS = 60_000;
const KEEP_HOURS_MS = 8 * 24 * 3_600_000;

/**
 * Source health, checked once a minute at the clock's time: `source_silent` when a source that
 * normally yields items has yielded none for longer than its usual gap allows, `source_failing`
 * when its reads failed repeatedly. Both go through the alert lifecycle (open, bump while the
 * condition holds, resolved as soon as it ends).
 */
@Injectable()
export class SourceHealthService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly repo: SourcesRepository,
    private readonly alerts: SourceAlerts,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((err: unknown) => this.logger.error({ err }, 'source health check failed'))
        .finally(() => (this.running = undefined));
    }, TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every source; answers the alerts it raised or bumped, and those it resolved. */
  async tick(): Promise<{ raised: number; resolved: number }> {
    const now = this.clock.now();
    let raised = 0;
    let resolved = 0;
    const open = await this.alerts.openKeys();
    for (const r of await this.repo.all()) {
      const poll = pollSecondsOf(r.settings);
      const h = healthOf({ enabled: r.enabled, consecutiveFailures: r.consecutive_failures, lastItemAt: r.last_item_at ? new Date(r.last_item_at) : null, gaps: (r.gaps ?? []).map(Number), pollSeconds: poll }, now);
      const source = { id: r.id, name: r.name };
      if (h.silent && h.silentForSeconds !== null && h.thresholdSeconds !== null) {
        await this.alerts.raise(source, { kind: 'source_silent', silentMinutes: h.silentForSeconds / 60, thresholdMinutes: h.thresholdSeconds / 60 });
        raised++;
      } else if (this.alerts.isOpen(open, r.id, 'source_silent') && (await this.alerts.clear(r.id, 'source_silent'))) resolved++;
      if (h.failing) {
        await this.alerts.raise(source, { kind: 'source_failing', failures: r.consecutive_failures, lastError: r.last_error ?? '' });
        raised++;
      } else if (this.alerts.isOpen(open, r.id, 'source_failing') && (await this.alerts.clear(r.id, 'source_failing'))) resolved++;
    }
    await this.repo.pruneHours(new Date(now.getTime() - KEEP_HOURS_MS));
    return { raised, resolved };
  }
}
