import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig, type RetentionRule } from '../config/config.js';
import { RetentionRepository } from './retention.repository.js';
import { yieldToEventLoop } from '../common/event-loop.js';

const BATCH = 2_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface RetentionRun {
  /** Per rule, posts deleted or anonymised. */
  rules: Array<RetentionRule & { posts: number }>;
}

/**
 * Applies SIAGA_RETENTION hourly (and at start): per source, posts older than the rule's days are
 * deleted or lose their author, in batches, rollups untouched. Never runs twice at once; instances
 * running it together only race for the same rows, which either deletes.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionRun> | undefined;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repo: RetentionRepository,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retention.length === 0) return;
    const tick = () => void this.run().catch((err: unknown) => this.logger.error({ err }, 'retention run failed'));
    setImmediate(tick);
    this.timer = setInterval(tick, HOUR);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over every rule (joins the pass under way, if one is). */
  run(): Promise<RetentionRun> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<RetentionRun> {
    const now = this.clock.now().getTime();
    const named = this.config.retention.filter((r) => r.source !== '*').map((r) => r.source);
    const result: RetentionRun = { rules: [] };
    for (const rule of this.config.retention) {
      const before = new Date(now - rule.days * DAY);
      const source = rule.source === '*' ? null : rule.source;
      let posts = 0;
      for (;;) {
        if (this.stopping) break;
        const n = rule.action === 'delete' ? await this.repo.deleteOlderThan(source, named, before, BATCH) : await this.repo.anonymiseOlderThan(source, named, before, BATCH);
        posts += n;
        if (n < BATCH) break;
        await yieldToEventLoop();
      }
      result.rules.push({ ...rule, posts });
      if (posts > 0) {
        this.logger.info({ source: rule.source, action: rule.action, days: rule.days, posts }, 'retention applied');
        await this.audit.record(null, 'retention.applied', { type: 'source', id: rule.source }, { action: rule.action, days: rule.days, before: before.toISOString(), posts });
      }
    }
    return result;
  }

  /**
   * Deletes every post of one author of one source (a data subject's request), in batches, and
   * records who asked in the audit log. Answers the number of posts deleted.
   */
  async forgetAuthor(source: string, handle: string, requestedBy: string): Promise<number> {
    let posts = 0;
    for (;;) {
      const n = await this.repo.deleteAuthor(source, handle, BATCH);
      posts += n;
      if (n < BATCH) break;
      await yieldToEventLoop();
    }
    await this.audit.record(null, 'author.forgotten', { type: 'author', id: `${source}:${handle}` }, { source, handle, posts, requestedBy });
    return posts;
  }
}
