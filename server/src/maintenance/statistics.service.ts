import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { EventBus } from '../events/event-bus.js';
import '../ingest/ingest.events.js';
import '../rollups/rollups.events.js';
import { HOT_TABLES, StatisticsRepository } from './statistics.repository.js';
import { yieldToEventLoop } from '../common/event-loop.js';

/** Rows written before a refresh is due: this many plus a tenth of the posts the planner knew of. */
export const ANALYZE_MIN_ROWS = 1_000;
export const ANALYZE_FRACTION = 0.1;
/** Refreshes started by writes are at least this far apart (a burst of ingest asks for one). */
export const ANALYZE_COOLDOWN_MS = 60_000;
/** And one every hour whatever was written: retention and imports by SQL publish no event. */
export const ANALYZE_INTERVAL_MS = 3_600_000;
/** A table never analysed that is bigger than this is analysed at start (an upgrade, a restore). */
const BOOT_MIN_BYTES = 1 << 20;

export type AnalyzeCause = 'writes' | 'schedule' | 'start';

const runs = new Counter({ name: 'siaga_analyze_runs_total', help: 'Refreshes of the planner statistics of the hot tables, by what asked for them', labelNames: ['cause'] });
const lastSeconds = new Gauge({ name: 'siaga_analyze_last_duration_seconds', help: 'How long the last refresh of the planner statistics took' });

/**
 * Keeps the planner's statistics of the hot tables fresh on both engines (PGlite has no
 * autovacuum, and a server's may be off): ANALYZE after enough rows were written (ingest,
 * backfill, rescore, relabel, as their events report), every hour, and at start when a big table
 * was never analysed. One refresh at a time: a request during a refresh runs once after it.
 */
@Injectable()
export class StatisticsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private written = 0;
  private knownPosts = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | undefined;
  private pending: AnalyzeCause | undefined;
  private delayed: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly repo: StatisticsRepository,
    private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.off.push(
      this.events.on('posts.ingested', ({ posts }) => this.wrote(posts.length)),
      this.events.on('rollups.changed', ({ cause, deltas }) => {
        // Ingest is counted from its posts (unmatched ones write no rollup); the others rewrite posts' links and labels.
        if (cause === 'ingest') return;
        let rows = 0;
        for (const d of deltas) rows += Math.abs(d.volume) + Math.abs(d.positive) + Math.abs(d.neutral) + Math.abs(d.negative);
        this.wrote(rows);
      }),
    );
    this.timer = setInterval(() => void this.run('schedule'), ANALYZE_INTERVAL_MS);
    this.timer.unref();
    void this.startCheck();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const off of this.off) off();
    if (this.timer) clearInterval(this.timer);
    if (this.delayed) clearTimeout(this.delayed);
    await this.running;
  }

  /** Rows written since the last refresh started (for tests and diagnostics). */
  get rowsWritten(): number {
    return this.written;
  }

  /** Refreshes the statistics now, or once more after the refresh under way. Never rejects. */
  run(cause: AnalyzeCause): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.running) {
      this.pending ??= cause;
      return this.running;
    }
    const pass = this.pass(cause).finally(() => {
      this.running = undefined;
      const next = this.pending;
      this.pending = undefined;
      if (next) void this.run(next);
    });
    this.running = pass;
    return pass;
  }

  private wrote(rows: number): void {
    if (rows <= 0) return;
    this.written += rows;
    if (this.written < ANALYZE_MIN_ROWS + ANALYZE_FRACTION * this.knownPosts) return;
    const wait = this.lastStart + ANALYZE_COOLDOWN_MS - this.clock.now().getTime();
    if (wait <= 0) {
      void this.run('writes');
    } else if (!this.delayed && !this.stopping) {
      this.delayed = setTimeout(() => {
        this.delayed = undefined;
        void this.run('writes');
      }, wait);
      this.delayed.unref();
    }
  }

  private async startCheck(): Promise<void> {
    try {
      const tables = await this.repo.tables();
      this.knownPosts = Math.max(0, tables.get('posts')?.estimatedRows ?? 0);
      const stale = [...tables.values()].some((t) => t.estimatedRows < 0 && t.bytes >= BOOT_MIN_BYTES);
      if (stale) await this.run('start');
    } catch (err) {
      if (!this.stopping) this.logger.warn({ err }, 'could not read the planner statistics at start');
    }
  }

  private async pass(cause: AnalyzeCause): Promise<void> {
    const t0 = performance.now();
    this.lastStart = this.clock.now().getTime();
    this.written = 0;
    try {
      for (const table of HOT_TABLES) {
        if (this.stopping) return;
        // Another instance of a shared server is analysing: it refreshes the same statistics.
        if (!(await this.repo.analyze(table))) return;
        await yieldToEventLoop();
      }
      this.knownPosts = Math.max(0, (await this.repo.tables()).get('posts')?.estimatedRows ?? 0);
      const seconds = (performance.now() - t0) / 1000;
      runs.inc({ cause });
      lastSeconds.set(seconds);
      this.logger.info({ cause, seconds, posts: this.knownPosts }, 'planner statistics refreshed');
    } catch (err) {
      if (!this.stopping) this.logger.warn({ err, cause }, 'refreshing the planner statistics failed');
    }
  }
}
