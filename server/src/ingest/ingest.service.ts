import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { IngestRejection, IngestResult } from '@siaga/shared';
import { Counter, Histogram } from 'prom-client';
import { POST_ANALYZER, type PostAnalyzer } from '../analysis/analyzer.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import { OfficialChannelsService } from '../official-channels/official-channels.service.js';
import { ProgramsService } from '../programs/programs.service.js';
import { RollupsService } from '../rollups/rollups.service.js';
import { PostsWriterRepository } from './posts-writer.repository.js';
import { prepareBatchInSlices } from './prepare.js';
import './ingest.events.js';

const postsCounter = new Counter({ name: 'siaga_ingest_posts_total', help: 'Posts received by outcome', labelNames: ['outcome'] as const });
for (const outcome of ['accepted', 'duplicate', 'rejected']) postsCounter.inc({ outcome }, 0);
const batchSeconds = new Histogram({
  name: 'siaga_ingest_batch_seconds',
  help: 'Time to validate, analyse, match and commit one ingest batch',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
const analysisSeconds = new Histogram({
  name: 'siaga_analysis_batch_seconds',
  help: 'Time spent in language and sentiment analysis for one ingest batch',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

@Injectable()
export class IngestService implements BeforeApplicationShutdown {
  private readonly inFlight = new Set<Promise<unknown>>();
  private draining = false;

  constructor(
    private readonly db: Database,
    private readonly programs: ProgramsService,
    private readonly posts: PostsWriterRepository,
    private readonly rollups: RollupsService,
    private readonly events: EventBus,
    @Inject(POST_ANALYZER) private readonly analyzer: PostAnalyzer,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly official: OfficialChannelsService,
  ) {}

  /**
   * Stores one batch in one transaction: the new posts, their program links and the rollups.
   * Answers only after the commit. `offset` numbers rejections within a longer stream.
   */
  ingest(raw: readonly unknown[], offset = 0): Promise<IngestResult> {
    if (this.draining) return Promise.reject(new AppError('unavailable', 'the server is shutting down: retry on another instance'));
    const work = this.run(raw, offset);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  private async run(raw: readonly unknown[], offset: number): Promise<IngestResult> {
    const stop = batchSeconds.startTimer();
    const matcher = await this.programs.currentMatcher();
    // Only the analyzer's own time: validation and matching share the loop in prepareBatch.
    let analysing = 0;
    const timed: PostAnalyzer = {
      analyze: (text, lang) => {
        const t0 = performance.now();
        try {
          return this.analyzer.analyze(text, lang);
        } finally {
          analysing += performance.now() - t0;
        }
      },
    };
    const batch = await prepareBatchInSlices(raw, timed, matcher, offset);
    analysisSeconds.observe(analysing / 1000);
    // Posts of a program's official channels are marked: counted apart in the rollups, kept out of campaigns.
    for (const p of batch.posts) {
      const official = this.official.officialFor(p.source, p.authorHandle, p.programIds);
      if (official.length) p.officialProgramIds = official;
    }
    // A fixed order keeps concurrent batches from deadlocking on the unique index.
    batch.posts.sort((a, b) => (a.source === b.source ? (a.externalId < b.externalId ? -1 : 1) : a.source < b.source ? -1 : 1));
    const stored = await this.db.transaction(async (em) => {
      // Program links go in with the posts, in one statement.
      const inserted = await this.posts.insertPosts(em, batch.posts);
      const fresh = batch.posts.filter((p) => inserted.has(p.id));
      await this.posts.insertInteractions(em, fresh);
      // Registered first, so listeners hear of the posts before the counts they change.
      if (fresh.length) this.db.afterCommit(em, () => this.events.emit('posts.ingested', { posts: fresh, at: this.clock.now() }));
      await this.rollups.applyPosts(em, fresh, 'ingest');
      return fresh;
    });
    stop();
    const duplicates = batch.duplicatesInBatch + (batch.posts.length - stored.length);
    postsCounter.inc({ outcome: 'accepted' }, stored.length);
    postsCounter.inc({ outcome: 'duplicate' }, duplicates);
    postsCounter.inc({ outcome: 'rejected' }, batch.rejected.length);
    return { accepted: stored.length, duplicates, rejected: batch.rejected };
  }

  /** Feeds a stream of posts through in batches; a failing batch stops the stream with what committed so far. */
  async ingestStream(source: AsyncIterable<{ index: number; post?: unknown; error?: IngestRejection }>, batchSize = 1000): Promise<IngestResult> {
    const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
    let pending: unknown[] = [];
    let pendingOffset = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      const r = await this.ingest(pending, pendingOffset);
      total.accepted += r.accepted;
      total.duplicates += r.duplicates;
      total.rejected.push(...r.rejected);
      pending = [];
    };
    for await (const item of source) {
      if (item.error) {
        total.rejected.push(item.error);
        continue;
      }
      // Indexes of a batch are contiguous, so a rejected line in between closes the batch.
      if (pending.length && item.index !== pendingOffset + pending.length) await flush();
      if (pending.length === 0) pendingOffset = item.index;
      pending.push(item.post);
      if (pending.length >= batchSize) await flush();
    }
    await flush();
    total.rejected.sort((a, b) => a.index - b.index);
    return total;
  }

  /** Graceful shutdown: refuse new batches, let the ones in flight commit. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    await Promise.allSettled([...this.inFlight]);
  }
}
