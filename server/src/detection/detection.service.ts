import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { BacktestRequest, BacktestResponse, BandQuery } from '@siaga/shared';
import type { Logger } from 'pino';
import { Counter, Histogram } from 'prom-client';
import { CLOCK, type Clock } from '../common/clock.js';
import { notFound } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { DAY_MS, resolveWindow } from '../common/time-window.js';
import { backtest } from './backtest.js';
import { DetectionDriver } from './driver.js';
import type { Decision } from './types.js';
import { EventBus, type DetectionDecision } from '../events/event-bus.js';
import type { PreparedPost } from '../ingest/prepare.js';
import type { RollupDelta } from '../ingest/rollups.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import { DetectionRepository } from './detection.repository.js';

const TICK_MS = 30_000;
const WARM_UP_DAYS = 14;
const MAX_BACKTEST_POINTS = 5_000;
const BAND_MAX_WINDOW_MS = 7 * DAY_MS;

const decisionsCounter = new Counter({ name: 'siaga_detection_decisions_total', help: 'Detector decisions by kind', labelNames: ['kind'] as const });
const evalSeconds = new Histogram({ name: 'siaga_detection_batch_seconds', help: 'Detection time per ingest batch', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] });

export const toEventDecision = (d: Decision): DetectionDecision => ({
  kind: d.kind,
  programId: d.programId,
  at: d.at,
  expected: d.expected,
  band: d.band,
  observed: d.observed,
  score: d.score,
  severityHint: d.severityHint,
  explanation: d.explanation,
  ...(d.details ? { details: { ...d.details } } : {}),
});

/**
 * The streaming detection driver in the server: fed by every committed ingest batch, warmed up
 * from the stored rollups at start-up, publishing its decisions on the event bus.
 */
@Injectable()
export class DetectionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly driver: DetectionDriver;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly events: EventBus,
    private readonly programs: ProgramsRepository,
    private readonly repo: DetectionRepository,
  ) {
    this.driver = new DetectionDriver({ now: () => this.clock.now() });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.syncSettings();
    const now = this.clock.now();
    const rows = await this.repo.history(new Date(now.getTime() - WARM_UP_DAYS * 86_400_000), now);
    this.driver.warmUp(rows.map((r) => ({ programId: r.program_id, minute: new Date(r.minute), volume: r.volume, negative: r.negative })), now);
    this.unsubscribe = this.events.on('posts.ingested', ({ posts, deltas }) => this.onPosts(posts, deltas));
    this.timer = setInterval(() => {
      this.driver.tick(this.clock.now());
      this.syncSettings().catch((err: unknown) => this.logger.warn({ err }, 'detection: could not refresh program settings'));
    }, TICK_MS);
    this.timer.unref();
    this.logger.info({ programs: (await this.programs.all()).length, minutes: rows.length }, 'detection warmed up from stored rollups');
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** Sensitivity edits (from any instance) reach the detectors within a tick. */
  async syncSettings(): Promise<void> {
    for (const p of await this.programs.all()) {
      if (p.active) this.driver.configure(p.id, { sensitivity: p.sensitivity });
      else this.driver.forget(p.id);
    }
  }

  /** Runs the detectors on one committed batch; answers the decisions it published. */
  onPosts(posts: readonly PreparedPost[], deltas: readonly RollupDelta[]): DetectionDecision[] {
    const stop = evalSeconds.startTimer();
    try {
      const matched = posts.filter((p) => p.programIds.length > 0);
      if (!matched.length) return [];
      const decisions = this.driver.ingest({
        deltas,
        posts: matched.map((p) => ({ id: p.id, programIds: p.programIds, text: p.text, authorHandle: p.authorHandle, source: p.source, createdAt: p.createdAt })),
      });
      if (!decisions.length) return [];
      const out = decisions.map(toEventDecision);
      for (const d of out) decisionsCounter.inc({ kind: d.kind });
      this.events.emit('detection.decisions', { decisions: out });
      return out;
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
    const from = req.from ? new Date(req.from) : new Date(to.getTime() - 30 * 86_400_000);
    const rows = await this.repo.history(new Date(from.getTime() - WARM_UP_DAYS * 86_400_000), to, program.id);
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
      decisions: result.decisions.map(toEventDecision),
    };
  }

  /** The expected band at the program's saved sensitivity, for viewers' charts: default the last 24 h, at most 7 days. */
  band(q: BandQuery): Promise<BacktestResponse> {
    const { from, to } = resolveWindow(q, this.clock.now(), { defaultMs: DAY_MS, maxMs: BAND_MAX_WINDOW_MS });
    return this.backtest({ programId: q.programId, from: from.toISOString(), to: to.toISOString() });
  }
}
