import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { Database } from '../database/database.js';
import type { RollupInput } from '../rollups/rollup-delta.js';
import { RollupsService } from '../rollups/rollups.service.js';
import { FIRST_LINK, OfficialChannelsRepository, type FlippedLink } from './official-channels.repository.js';
import { yieldToEventLoop } from '../common/event-loop.js';

/** Links read per batch (one short transaction each). */
export const RECOUNT_BATCH = 2_000;
/**
 * Other instances see a registry change within their cache's refresh (30 s): posts they ingest
 * meanwhile are counted by the old registry. A second pass after that long puts them right.
 */
const FOLLOW_UP_MS = 35_000;

/** A flipped link as rollup changes: out of the counts it was in, into the other ones. */
export function flipInputs(programId: string, r: FlippedLink): RollupInput[] {
  const base = { programIds: [programId], createdAt: new Date(r.created_at), label: r.sentiment_label, score: Number(r.sentiment_score), source: r.source, authorHandle: r.author_handle };
  const official = { ...base, officialProgramIds: [programId] };
  return r.was_official ? [{ ...official, sign: -1 }, { ...base, sign: 1 }] : [{ ...base, sign: -1 }, { ...official, sign: 1 }];
}

/**
 * Recounts a program's stored posts after its registry of official channels changed: walks the
 * program's links in batches, flips the marks that disagree with the registry and moves those
 * posts between the public counts and `official` of their minute (through the rollups module, so
 * detection and the wall hear of it). Idempotent (a pass changes only links that disagree), one
 * pass per program at a time on an instance (a request during a pass runs another after it), and
 * recorded in official_recounts for the admin screen; unfinished recounts resume at start.
 */
@Injectable()
export class OfficialRecountService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopping = false;
  /** Links per batch (tests lower it to walk many batches over a few posts). */
  batchSize = RECOUNT_BATCH;

  constructor(
    private readonly db: Database,
    private readonly repo: OfficialChannelsRepository,
    private readonly rollups: RollupsService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.resume();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    // A pass stops between batches; the next start resumes it (its state is still `running`).
    await this.idle();
  }

  /** Records the request and starts the recount in the background: the caller answers at once. */
  async request(programId: string): Promise<void> {
    await this.repo.requestRecount(programId, this.clock.now());
    this.start(programId);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.start(programId);
    }, FOLLOW_UP_MS);
    timer.unref();
    this.timers.add(timer);
  }

  /** Resolves once this instance runs no recount (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Starts the recounts asked for and not finished (a restart, a migration that asked for them). */
  async resume(): Promise<void> {
    try {
      for (const programId of await this.repo.unfinishedRecounts()) this.start(programId);
    } catch (err) {
      this.logger.warn({ err }, 'could not resume the official-channel recounts');
    }
  }

  private start(programId: string): void {
    if (this.stopping) return;
    if (this.running.has(programId)) {
      this.again.add(programId);
      return;
    }
    const job = this.pass(programId)
      .catch((err: unknown) => this.logger.error({ err, programId }, 'official-channel recount failed'))
      .finally(() => {
        this.running.delete(programId);
        if (this.again.delete(programId)) this.start(programId);
      });
    this.running.set(programId, job);
  }

  private async pass(programId: string): Promise<void> {
    await this.repo.startRecount(programId, this.clock.now());
    let changed = 0;
    let links = 0;
    try {
      let after = FIRST_LINK;
      for (;;) {
        if (this.stopping) return;
        const upto = await this.repo.batchEnd(programId, after, this.batchSize);
        changed += await this.db.transaction(async (em) => {
          const flipped = await this.repo.flipMarks(em, programId, after, upto, this.batchSize);
          if (flipped.length) await this.rollups.applyPosts(em, flipped.flatMap((r) => flipInputs(programId, r)), 'official_channels');
          return flipped.length;
        });
        if (!upto) break;
        links += this.batchSize;
        after = upto;
        await yieldToEventLoop();
      }
    } catch (err) {
      await this.repo.failRecount(programId, changed, err instanceof Error ? err.message : String(err), this.clock.now()).catch(() => undefined);
      throw err;
    }
    await this.repo.finishRecount(programId, changed, this.clock.now());
    this.logger.info({ programId, changed, links }, 'official-channel recount done');
    // A pass that moved nothing (a follow-up finding all in order) leaves no entry.
    if (changed > 0) await this.audit.record(null, 'official_channel.recounted', { type: 'program', id: programId }, { changed });
  }
}
