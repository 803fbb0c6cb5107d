import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AlertKind, type BacktestRequest, type BacktestResponse, type BandQuery } from '@siaga/shared';
import type { Logger } from 'pino';
import { Counter, Histogram } from 'prom-client';
import { CLOCK, type Clock } from '../common/clock.js';
import { notFound } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { DAY_MS, resolveWindow } from '../common/time-window.js';
import { EventBus } from '../events/event-bus.js';
import type { PostsIngested } from '../ingest/ingest.events.js';
import type { ProgramChanged } from '../programs/programs.events.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import type { RollupsChanged } from '../rollups/rollups.events.js';
import { backtest } from './backtest.js';
import './detection.events.js';
import { DetectionRepository } from './detection.repository.js';
import { DetectionDriver, type DetectionPost, type DriverSnapshot } from './driver.js';
import { HarmReportsDetector, type HarmPost } from './harm-detector.js';
import type { Decision } from './types.js';

const TICK_MS = 30_000;
const WARM_UP_DAYS = 14;
const MAX_BACKTEST_POINTS = 5_000;
const BAND_MAX_WINDOW_MS = 7 * DAY_MS;

const decisionsCounter = new Counter({ name: 'siaga_detection_decisions_total', help: 'Detector decisions by kind', labelNames: ['kind'] as const });
for (const kind of AlertKind.options) decisionsCounter.inc({ kind }, 0);
const evalSeconds = new Histogram({ name: 'siaga_detection_batch_seconds', help: 'Detection time per ingest batch', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] });

/**
 * The streaming detection driver in the server: warmed up from the stored rollups at start-up,
 * then fed by events only — every `rollups.changed` (ingest, backfill, relabel, rescore,
 * retention alike, so the detectors' input always equals the stored rollups), the posts of
 * each ingest batch (for the campaign detector) and `program.changed` (settings) — and
 * publishing its decisions on the event bus.
 */
@Injectable()
export class DetectionService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly driver: DetectionDriver;
  /** Harm reports per program (analysis harm.flag): fed the posts of each batch, beside the driver. */
  private readonly harm = new HarmReportsDetector();
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly events: EventBus,
    private readonly programs: ProgramsRepository,
    private readonly repo: DetectionRepository,
  ) {
    this.driver = new DetectionDriver({ now: () => this.clock.now() });
  }

  /** Settings are heard from the start, so programs created while the app boots are configured. */
  onModuleInit(): void {
    this.unsubscribe.push(this.events.on('program.changed', (e) => this.onProgramChanged(e)));
  }

  async onApplicationBootstrap(): Promise<void> {
    const programs = await this.programs.all();
    for (const p of programs) this.onProgramChanged({ change: 'updated', program: p, rematch: false });
    const now = this.clock.now();
    const rows = await this.repo.history(new Date(now.getTime() - WARM_UP_DAYS * DAY_MS), now);
    this.driver.warmUp(rows.map((r) => ({ programId: r.program_id, minute: new Date(r.minute), volume: r.volume, negative: r.negative })), now);
    const harmFrom = new Date(now.getTime() - this.harm.settings.historyDays * DAY_MS);
    const harmRows = await this.repo.harmHistory(harmFrom, now);
    this.harm.warmUp(harmRows.map((r) => ({ programId: r.program_id, hour: new Date(r.hour), harm: Number(r.harm) })), harmFrom);
    // Data events only after the warm-up: the history read above already holds what came before.
    this.unsubscribe.push(
      this.events.on('rollups.changed', (e) => {
        this.onRollupsChanged(e);
      }),
      this.events.on('posts.ingested', (e) => {
        this.onPostsIngested(e);
      }),
    );
    // Quiet minutes count as zeros only while time is watched: a tick closes them.
    this.timer = setInterval(() => {
      const at = this.clock.now();
      this.driver.tick(at);
      this.harm.evict(at.getTime());
    }, TICK_MS);
    this.timer.unref();
    this.logger.info({ programs: programs.length, minutes: rows.length }, 'detection warmed up from stored rollups');
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
  }

  onProgramChanged({ change, program }: ProgramChanged): void {
    if (change === 'deleted' || !program.active) {
      this.driver.forget(program.id);
      this.harm.forget(program.id);
    } else {
      this.driver.configure(program.id, { sensitivity: program.sensitivity });
      this.harm.configure(program.id, program.sensitivity);
    }
  }

  /** Any change to the rollups: new counts, or corrections of counts the detectors saw. */
  onRollupsChanged(e: RollupsChanged): Decision[] {
    // A rollup delta is a MinuteDelta with more fields, which the driver ignores: no copy on the hot path.
    return this.run(() => this.driver.ingest({ deltas: e.deltas }));
  }

  /** The posts of an ingest batch, for the campaign and harm detectors (counts arrive as `rollups.changed`). */
  onPostsIngested(e: PostsIngested): Decision[] {
    const posts: DetectionPost[] = [];
    const harmed: HarmPost[] = [];
    for (const p of e.posts) {
      if (!p.programIds.length) continue;
      posts.push({ id: p.id, programIds: p.programIds, text: p.text, authorHandle: p.authorHandle, source: p.source, createdAt: p.createdAt });
      if (p.harm.flag) harmed.push(p);
    }
    if (!posts.length) return [];
    return this.run(() => {
      const now = this.clock.now();
      return [...this.driver.ingest({ posts }, now), ...(harmed.length ? this.harm.ingest(harmed, now) : [])];
    });
  }

  /** What the detectors have learnt and see now, JSON-safe (diagnostics and tests). */
  snapshot(): DriverSnapshot {
    return this.driver.snapshot(this.clock.now());
  }

  private run(evaluate: () => Decision[]): Decision[] {
    const stop = evalSeconds.startTimer();
    try {
      const decisions = evaluate();
      if (!decisions.length) return [];
      for (const d of decisions) decisionsCounter.inc({ kind: d.kind });
      this.events.emit('detection.decisions', { decisions });
      return decisions;
    } catch (err) {
      this.logger.error({ err }, 'detection failed on a batch');
      return [];
    } finally {
      stop();
    }
  }

  /** The detector over a program's stored history, to preview a sensitivity before saving it. */
  async backtest(req: BacktestRequest): Promise<BacktestResponse> {
    const program = await this.programs.findById(req.programId);
    if (!program) throw notFound('program');
    const to = req.to ? new Date(req.to) : this.clock.now();
    const from = req.from ? new Date(req.from) : new Date(to.getTime() - 30 * DAY_MS);
    const rows = await this.repo.history(new Date(from.getTime() - WARM_UP_DAYS * DAY_MS), to, program.id);
    const sensitivity = req.sensitivity ?? program.sensitivity;
    const result = backtest(rows.map((r) => ({ minute: new Date(r.minute), volume: r.volume, negative: r.negative })), { programId: program.id, sensitivity, from, to });
    // Long ranges are thinned for the chart; every decision is kept.
    const step = Math.max(1, Math.ceil(result.points.length / MAX_BACKTEST_POINTS));
    return {
      programId: program.id,
      sensitivity,
      from: from.toISOString(),
      to: to.toISOString(),
      windowMinutes: result.windowMinutes,
      pointStepMinutes: step,
      points: result.points.filter((_, i) => i % step === 0),
      decisions: result.decisions,
    };
  }

  /** The expected band at the program's saved sensitivity, for viewers' charts: default the last 24 h, at most 7 days. */
  band(q: BandQuery): Promise<BacktestResponse> {
    const { from, to } = resolveWindow(q, this.clock.now(), { defaultMs: DAY_MS, maxMs: BAND_MAX_WINDOW_MS });
    return this.backtest({ programId: q.programId, from: from.toISOString(), to: to.toISOString() });
  }
}
