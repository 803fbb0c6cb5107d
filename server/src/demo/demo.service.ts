import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IngestService } from '../ingest/ingest.service.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import { ProgramsService } from '../programs/programs.service.js';
import { DemoGenerator } from './demo-generator.js';
import { DEMO_PROGRAMS } from './demo-programs.js';

const TICK_MS = 2_000;
/** A new user should not wait for the first scheduled crisis: one starts shortly after boot. */
const FIRST_CRISIS_AFTER_MS = 3 * 60_000;

/** SIAGA_DEMO: seeds the demo programs and streams generated posts through the real ingest path. */
@Injectable()
export class DemoService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private generator: DemoGenerator | undefined;
  private carry = 0;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly programsRepo: ProgramsRepository,
    private readonly programs: ProgramsService,
    private readonly ingest: IngestService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo.enabled) return;
    for (const p of DEMO_PROGRAMS) {
      if (!(await this.programsRepo.findBySlug(p.slug))) await this.programs.create(null, p);
    }
    this.generator = new DemoGenerator({ seed: Date.now() % 2_147_483_647, baseRate: this.config.demo.ratePerMinute });
    this.logger.info({ ratePerMinute: this.config.demo.ratePerMinute }, 'demo stream started');
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    const slugs = this.generator.programs;
    const first = slugs[Math.floor(Math.random() * slugs.length)];
    if (first) this.generator.startCrisis(first, new Date(this.clock.now().getTime() + FIRST_CRISIS_AFTER_MS), { durationMin: 15 });
  }

  private tick(): void {
    const gen = this.generator;
    if (!gen) return;
    const now = this.clock.now();
    // Fractional posts carry over, so low rates still produce posts at the right average.
    const due = (gen.ratePerMinute(now) * TICK_MS) / 60_000 + this.carry;
    const count = Math.floor(due);
    this.carry = due - count;
    if (count === 0) return;
    this.running = this.ingest.ingest(gen.next(count, now)).catch((err: unknown) => this.logger.warn({ err }, 'demo batch failed'));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
