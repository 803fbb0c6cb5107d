import { Inject, Injectable, Optional, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { LivePost } from '@siaga/shared';
import type { Logger } from 'pino';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { EventBus } from '../events/event-bus.js';
import type { PostsIngested } from '../ingest/ingest.events.js';
import type { PreparedPost } from '../ingest/prepare.js';
import type { RollupsChanged } from '../rollups/rollups.events.js';
import { LeaseService } from '../leases/lease.service.js';
import { LiveRedis } from './live-redis.js';
import { countBroadcast } from './live.metrics.js';
import { LiveRepository } from './live.repository.js';
import { LiveService } from './live.service.js';

/** At most one metrics:updated per program per interval, across all instances. */
export const METRICS_INTERVAL_MS = 1_000;
/**
 * The live stream is a sample: at most this many posts per program per second, shared by the live instances
 * (each sends its part), so that a second instance does not double the fan-out to every socket. A batch's
 * sample goes out as one posts:created frame per set of program rooms.
 */
export const POSTS_PER_PROGRAM_PER_SECOND = 20;
/**
 * The dashboard's live chart keeps this many minutes (client `LIVE_WINDOW_MINUTES`): older changes are
 * not sent, which also bounds one flush however much a backfill touched.
 */
export const LIVE_WINDOW_MINUTES = 120;

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
    harm: p.harm,
    ...(p.officialProgramIds?.length ? { official: true } : {}),
    ...(p.sharedExternalId ? { shared: true } : {}),
  };
}

/**
 * Turns committed changes into live traffic: the per-minute counts of every minute whose rollups
 * changed, whatever the cause (ingest, relabel, rescore, backfill, retention), coalesced and read
 * from the rollups so they are the totals of every instance's posts; and a capped sample of the
 * posts of each ingest batch.
 */
@Injectable()
export class LiveBroadcaster implements OnModuleInit, BeforeApplicationShutdown {
  /** Programs whose rollups changed since their last metrics broadcast, with the minutes touched (epoch ms). */
  private readonly touched = new Map<string, Set<number>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private nextFlushAt = 0;
  private stopped = false;
  private sampleSecond = 0;
  private readonly sampled = new Map<string, number>();
  private readonly off: Array<() => void> = [];

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly repo: LiveRepository,
    private readonly live: LiveService,
    private readonly redis: LiveRedis,
    @Optional() private readonly leases?: LeaseService,
  ) {}

  onModuleInit(): void {
    this.off.push(
      this.bus.on('posts.ingested', ({ posts }: PostsIngested) => {
        this.samplePosts(posts);
      }),
      this.bus.on('rollups.changed', (e: RollupsChanged) => {
        this.touch(e);
      }),
    );
  }

  /** Before Nest closes the Socket.IO server: nothing is sent through a closing adapter. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const off of this.off.splice(0)) off();
    clearTimeout(this.timer);
    await this.flushing;
  }

  /**
   * Sends posts while the program's budget for this second lasts. A batch larger than the budget
   * is sampled evenly across the batch rather than cut after its first posts.
   */
  private samplePosts(posts: readonly PreparedPost[]): void {
    // Rate budgets are real time (monotonic enough), not the data's clock.
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.sampleSecond) {
      this.sampleSecond = second;
      this.sampled.clear();
    }
    const perSecond = Math.max(1, Math.floor(POSTS_PER_PROGRAM_PER_SECOND / (this.leases?.liveInstances ?? 1)));
    const mentions = new Map<string, number>();
    for (const p of posts) for (const id of p.programIds) mentions.set(id, (mentions.get(id) ?? 0) + 1);
    const step = new Map<string, number>();
    for (const [id, n] of mentions) {
      const budget = perSecond - (this.sampled.get(id) ?? 0);
      if (budget > 0) step.set(id, Math.max(1, n / budget));
    }
    const seen = new Map<string, number>();
    // One frame per set of program rooms: a frame is a write to every socket listening, a post in it is not.
    const frames = new Map<string, { programIds: string[]; posts: LivePost[] }>();
    for (const p of posts) {
      const to: string[] = [];
      for (const id of p.programIds) {
        const s = step.get(id);
        if (s === undefined) continue;
        const i = seen.get(id) ?? 0;
        seen.set(id, i + 1);
        const sent = this.sampled.get(id) ?? 0;
        // The i-th mention is taken when it starts a new stride.
        if (sent < perSecond && Math.floor(i / s) !== Math.floor((i - 1) / s)) {
          this.sampled.set(id, sent + 1);
          to.push(id);
        }
      }
      if (to.length === 0) continue;
      const key = to.sort().join(' ');
      let frame = frames.get(key);
      if (!frame) frames.set(key, (frame = { programIds: to, posts: [] }));
      frame.posts.push(toLivePost(p));
    }
    for (const { programIds, posts: sample } of frames.values()) {
      const room = this.live.toPrograms(programIds);
      if (!room) continue;
      room.emit('posts:created', { posts: sample });
      countBroadcast('posts:created');
    }
  }

  private touch(e: RollupsChanged): void {
    const oldest = this.clock.now().getTime() - LIVE_WINDOW_MINUTES * 60_000;
    for (const d of e.deltas) {
      const minute = d.minute.getTime();
      if (minute < oldest) continue;
      this.touchedOf(d.programId).add(minute);
    }
    this.schedule();
  }

  private touchedOf(programId: string): Set<number> {
    let minutes = this.touched.get(programId);
    if (!minutes) this.touched.set(programId, (minutes = new Set()));
    return minutes;
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
      for (const [programId, minutes] of batch) {
        if (!claimed.has(`metrics:${programId}`)) {
          const again = this.touchedOf(programId);
          for (const m of minutes) again.add(m);
          continue;
        }
        for (const m of minutes) mine.push({ programId, minute: new Date(m) });
      }
      const rows = await this.repo.rollups(mine);
      rows.sort((a, b) => (a.minute < b.minute ? -1 : a.minute > b.minute ? 1 : 0));
      for (const m of rows) {
        const room = this.live.toPrograms([m.programId]);
        if (!room) continue;
        room.emit('metrics:updated', m);
        countBroadcast('metrics:updated');
      }
    } catch (err) {
      // Dropped, not retried: the next batch of the program brings its totals again.
      this.logger.warn({ err }, 'live: could not read rollups for metrics:updated');
    } finally {
      this.nextFlushAt = Date.now() + METRICS_INTERVAL_MS;
    }
  }
}
