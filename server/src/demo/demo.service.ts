import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../database/database.js';
import { IngestService } from '../ingest/ingest.service.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import { ProgramsService } from '../programs/programs.service.js';
import { RollupsService } from '../rollups/rollups.service.js';
import { DemoGenerator } from './demo-generator.js';
import { DEMO_PROGRAMS } from './demo-programs.js';
import { demoHistory, pastIncidents } from './demo-history.js';

const TICK_MS = 2_000;
/** A new user should not wait for the first scheduled crisis: one starts shortly after boot. */
const FIRST_CRISIS_AFTER_MS = 3 * 60_000;
/** Days of history written on the first start: the detectors' full seasonal baseline, the 7-day chart and more. */
const HISTORY_DAYS = 14;

/**
 * SIAGA_DEMO: seeds the demo programs and, on the first start, 14 days of their history; then streams generated
 * posts through the real ingest path.
 */
@Injectable()
export class DemoService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
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
    private readonly db: Database,
    private readonly rollups: RollupsService,
  ) {}

  /**
   * Before any start-up hook reads the data (the detectors warm up from stored rollups at bootstrap): the programs,
   * and on the first start their history, written in bulk through the rollups service, one transaction a day.
   */
  async onModuleInit(): Promise<void> {
    if (!this.config.demo.enabled) return;
    let created = 0;
    for (const p of DEMO_PROGRAMS) {
      if (!(await this.programsRepo.findBySlug(p.slug))) {
        await this.programs.create(null, p);
        created++;
      }
    }
    this.generator = new DemoGenerator({ seed: Date.now() % 2_147_483_647, baseRate: this.config.demo.ratePerMinute });
    // A first start is one that had to create the programs: a restart keeps what it wrote (and what came since).
    if (created === DEMO_PROGRAMS.length) await this.writeHistory(this.generator);
  }

  private async writeHistory(generator: DemoGenerator): Promise<void> {
    const started = performance.now();
    const ids = new Map<string, string>();
    for (const p of DEMO_PROGRAMS) {
      const program = await this.programsRepo.findBySlug(p.slug);
      if (program) ids.set(p.slug, program.id);
    }
    const options = { to: this.clock.now(), days: HISTORY_DAYS, seed: Date.now() % 2_147_483_647 };
    let minutes = 0;
    let posts = 0;
    for (const day of demoHistory(generator, options)) {
      const deltas = day.flatMap(({ slug, ...row }) => {
        const programId = ids.get(slug);
        return programId ? [{ programId, ...row }] : [];
      });
      minutes += deltas.length;
      posts += deltas.reduce((sum, d) => sum + d.volume, 0);
      // Published as a backfill: the live wall and the detectors hear of it like any re-matched history.
      await this.db.transaction((em) => this.rollups.applyDeltas(em, deltas, 'backfill'));
    }
    const incidents = pastIncidents(generator.programs, options).map((c) => ({ program: c.slug, at: c.startsAt.toISOString(), intensity: c.intensity }));
    this.logger.info({ days: HISTORY_DAYS, minutes, posts, incidents, ms: Math.round(performance.now() - started) }, 'demo history written');
  }

  onApplicationBootstrap(): void {
    if (!this.config.demo.enabled || !this.generator) return;
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
