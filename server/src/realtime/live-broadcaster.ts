import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { LivePost } from '@siaga/shared';
import type { Logger } from 'pino';
import { LOGGER } from '../common/logger.js';
import { EventBus } from '../events/event-bus.js';
import type { PreparedPost } from '../ingest/prepare.js';
import { minuteOf } from '../ingest/rollups.js';
import { LiveRedis } from './live-redis.js';
import { LiveRepository } from './live.repository.js';
import { LiveService } from './live.service.js';

/** At most one metrics:updated per program per interval, across all instances. */
export const METRICS_INTERVAL_MS = 1_000;
/** The live stream is a sample: at most this many post:created per program per second (per instance). */
export const POSTS_PER_PROGRAM_PER_SECOND = 20;

export function toLivePost(p: PreparedPost): LivePost {
  return {
    id: p.id,
    programIds: p.programIds,
    source: p.source,
    authorHandle: p.authorHandle,
    text: p.text,
    createdAt: p.createdAt.toISOString(),
    lang: p.lang,
    sentiment: { label: p.label, score: p.score, terms: p.terms },
  };
}

/**
 * Turns committed ingest batches into live traffic: per-minute counts (coalesced, read from the
 * rollups so they are the totals of every instance's posts) and a capped sample of the posts.
 */
@Injectable()
export class LiveBroadcaster implements OnModuleInit, BeforeApplicationShutdown {
  /** Programs with new posts since their last metrics broadcast, each with the newest minute touched (epoch ms). */
  private readonly touched = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private nextFlushAt = 0;
  private stopped = false;
  private sampleSecond = 0;
  private readonly sampled = new Map<string, number>();
  private off: (() => void) | undefined;

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly bus: EventBus,
    private readonly repo: LiveRepository,
    private readonly live: LiveService,
    private readonly redis: LiveRedis,
  ) {}

  onModuleInit(): void {
    this.off = this.bus.on('posts.ingested', ({ posts }) => {
      try {
        this.samplePosts(posts);
        this.touch(posts);
      } catch (err) {
        this.logger.error({ err }, 'live: could not broadcast an ingest batch');
      }
    });
  }

  /** Before Nest closes the Socket.IO server: nothing is sent through a closing adapter. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.off?.();
    clearTimeout(this.timer);
    await this.flushing;
  }

  /**
   * Sends posts while the program's budget for this second lasts. A batch larger than the budget
   * is sampled evenly across the batch rather than cut after its first posts.
   */
  private samplePosts(posts: readonly PreparedPost[]): void {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.sampleSecond) {
      this.sampleSecond = second;
      this.sampled.clear();
    }
    const mentions = new Map<string, number>();
    for (const p of posts) for (const id of p.programIds) mentions.set(id, (mentions.get(id) ?? 0) + 1);
    const step = new Map<string, number>();
    for (const [id, n] of mentions) {
      const budget = POSTS_PER_PROGRAM_PER_SECOND - (this.sampled.get(id) ?? 0);
      if (budget > 0) step.set(id, Math.max(1, n / budget));
    }
    const seen = new Map<string, number>();
    for (const p of posts) {
      const to: string[] = [];
      for (const id of p.programIds) {
        const s = step.get(id);
        if (s === undefined) continue;
        const i = seen.get(id) ?? 0;
        seen.set(id, i + 1);
        const sent = this.sampled.get(id) ?? 0;
        // The i-th mention is taken when it starts a new stride.
        if (sent < POSTS_PER_PROGRAM_PER_SECOND && Math.floor(i / s) !== Math.floor((i - 1) / s)) {
          this.sampled.set(id, sent + 1);
          to.push(id);
        }
      }
      if (to.length) this.live.toPrograms(to)?.emit('post:created', toLivePost(p));
    }
  }

  private touch(posts: readonly PreparedPost[]): void {
    for (const p of posts) {
      const minute = minuteOf(p.createdAt).getTime();
      for (const id of p.programIds) this.touched.set(id, Math.max(this.touched.get(id) ?? 0, minute));
    }
    this.schedule();
  }

  /** The first batch after a quiet second goes out at once; later ones wait for the interval. */
  private schedule(): void {
    if (this.stopped || this.timer || this.flushing || this.touched.size === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.flushing = this.flush().finally(() => {
          this.flushing = undefined;
          this.schedule();
        });
      },
      Math.max(0, this.nextFlushAt - Date.now()),
    );
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    const batch = new Map(this.touched);
    this.touched.clear();
    try {
      // Another instance that broadcast a program within the interval sent the shared totals; retry ours after it.
      const claimed = new Set(await this.redis.claim([...batch.keys()].map((id) => `metrics:${id}`), METRICS_INTERVAL_MS));
      const mine: Array<{ programId: string; minute: Date }> = [];
      for (const [programId, minute] of batch) {
        if (claimed.has(`metrics:${programId}`)) mine.push({ programId, minute: new Date(minute) });
        else this.touched.set(programId, Math.max(this.touched.get(programId) ?? 0, minute));
      }
      for (const m of await this.repo.rollups(mine)) this.live.toPrograms([m.programId])?.emit('metrics:updated', m);
    } catch (err) {
      // Dropped, not retried: the next batch of the program brings its totals again.
      this.logger.warn({ err }, 'live: could not read rollups for metrics:updated');
    } finally {
      this.nextFlushAt = Date.now() + METRICS_INTERVAL_MS;
    }
  }
}
