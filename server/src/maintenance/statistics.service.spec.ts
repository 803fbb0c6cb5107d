import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import pino from 'pino';
import type { Clock } from '../common/clock.js';
import { EventBus } from '../events/event-bus.js';
import type { PostsIngested } from '../ingest/ingest.events.js';
import { ANALYZE_COOLDOWN_MS, ANALYZE_MIN_ROWS, StatisticsService } from './statistics.service.js';
import type { HotTable, StatisticsRepository } from './statistics.repository.js';

class FakeRepo {
  analysed: HotTable[] = [];
  posts = -1;
  bytes = 0;
  gate: Promise<void> | undefined;
  busyElsewhere = false;
  async analyze(table: HotTable): Promise<boolean> {
    await this.gate;
    if (this.busyElsewhere) return false;
    this.analysed.push(table);
    return true;
  }
  tables(): Promise<Map<HotTable, { estimatedRows: number; bytes: number }>> {
    return Promise.resolve(new Map([['posts', { estimatedRows: this.posts, bytes: this.bytes }]]));
  }
}

const ingested = (n: number) => ({ posts: Array.from({ length: n }), at: new Date() }) as unknown as PostsIngested;
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
};

describe('StatisticsService', () => {
  let repo: FakeRepo;
  let bus: EventBus;
  let now: number;
  let service: StatisticsService;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'performance'] });
    repo = new FakeRepo();
    bus = new EventBus();
    now = Date.parse('2026-12-06T00:00:00Z');
    const clock: Clock = { now: () => new Date(now) };
    service = new StatisticsService(repo as unknown as StatisticsRepository, bus, clock, pino({ level: 'silent' }));
  });
  afterEach(async () => {
    await service.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('analyses every hot table once the rows written pass the threshold, not before', async () => {
    service.onApplicationBootstrap();
    await settle();
    expect(repo.analysed).toEqual([]);
    bus.emit('posts.ingested', ingested(ANALYZE_MIN_ROWS - 1));
    await settle();
    expect(repo.analysed).toEqual([]);
    bus.emit('posts.ingested', ingested(1));
    await settle();
    expect(repo.analysed).toEqual(['posts', 'post_programs', 'rollups_minute']);
    expect(service.rowsWritten).toBe(0);
  });

  it('raises the threshold with the table: a tenth of the posts the planner knows of', async () => {
    repo.posts = 100_000;
    service.onApplicationBootstrap();
    await settle();
    bus.emit('posts.ingested', ingested(ANALYZE_MIN_ROWS + 9_999));
    await settle();
    expect(repo.analysed).toEqual([]);
    bus.emit('posts.ingested', ingested(1));
    await settle();
    expect(repo.analysed).toHaveLength(3);
  });

  it('counts backfill and rescore changes from their rollup deltas', async () => {
    service.onApplicationBootstrap();
    await settle();
    const delta = { programId: 'p', minute: new Date(), volume: -300, positive: 0, neutral: -100, negative: -200, sentimentSum: 0 };
    bus.emit('rollups.changed', { cause: 'backfill', programIds: ['p'], minutes: [], deltas: [delta as never] });
    await settle();
    expect(service.rowsWritten).toBe(600);
    bus.emit('rollups.changed', { cause: 'ingest', programIds: ['p'], minutes: [], deltas: [delta as never] });
    expect(service.rowsWritten).toBe(600);
  });

  it('waits out the cooldown after a refresh, then runs once for everything written meanwhile', async () => {
    service.onApplicationBootstrap();
    await settle();
    bus.emit('posts.ingested', ingested(ANALYZE_MIN_ROWS));
    await settle();
    expect(repo.analysed).toHaveLength(3);
    now += 1_000;
    bus.emit('posts.ingested', ingested(ANALYZE_MIN_ROWS));
    bus.emit('posts.ingested', ingested(ANALYZE_MIN_ROWS));
    await settle();
    expect(repo.analysed).toHaveLength(3);
    now += ANALYZE_COOLDOWN_MS;
    await jest.advanceTimersByTimeAsync(ANALYZE_COOLDOWN_MS - 1_000);
    await settle();
    expect(repo.analysed).toHaveLength(6);
  });

  it('never runs two refreshes at once: a request during one runs once after it', async () => {
    let open!: () => void;
    repo.gate = new Promise<void>((r) => (open = r));
    const first = service.run('schedule');
    void service.run('writes');
    void service.run('writes');
    await settle();
    expect(repo.analysed).toEqual([]);
    open();
    await first;
    await settle();
    expect(repo.analysed).toHaveLength(6);
  });

  it('stops when another instance holds the lock, and analyses a big never-analysed table at start', async () => {
    repo.busyElsewhere = true;
    await service.run('schedule');
    expect(repo.analysed).toEqual([]);
    repo.busyElsewhere = false;
    repo.bytes = 8 << 20;
    service.onApplicationBootstrap();
    await settle();
    expect(repo.analysed).toHaveLength(3);
  });
});
