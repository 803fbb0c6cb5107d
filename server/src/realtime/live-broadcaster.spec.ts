import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { MetricsUpdate } from '@siaga/shared';
import pino from 'pino';
import { EventBus } from '../events/event-bus.js';
import type { PreparedPost } from '../ingest/prepare.js';
import { HyperLogLog } from '../rollups/hll.js';
import type { RollupDelta } from '../rollups/rollup-delta.js';
import type { RollupsChangeCause } from '../rollups/rollups.events.js';
import type { LeaseService } from '../leases/lease.service.js';
import { LiveBroadcaster, LIVE_WINDOW_MINUTES, METRICS_INTERVAL_MS, POSTS_PER_PROGRAM_PER_SECOND, toLivePost } from './live-broadcaster.js';
import type { LiveRedis } from './live-redis.js';
import type { LiveRepository } from './live.repository.js';
import type { LiveService } from './live.service.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const NOW = Date.parse('2026-12-05T10:30:20Z');
const minute = (ago: number) => new Date(Math.floor(NOW / 60_000) * 60_000 - ago * 60_000);

const delta = (programId: string, at: Date, volume: number, negative = 0): RollupDelta => ({
  programId,
  minute: at,
  volume,
  positive: 0,
  neutral: volume - negative,
  negative,
  sentimentSum: -negative,
  authors: HyperLogLog.empty(),
});

/** The broadcaster with its collaborators faked: rollups read from a map, emits recorded per program room. */
function newTestBroadcaster(opts: { claimed?: (names: readonly string[]) => string[]; instances?: number } = {}) {
  const bus = new EventBus();
  const totals = new Map<string, MetricsUpdate>();
  const reads: Array<Array<{ programId: string; minute: Date }>> = [];
  const repo = {
    rollups: jest.fn((keys: ReadonlyArray<{ programId: string; minute: Date }>) => {
      reads.push([...keys]);
      return Promise.resolve(keys.flatMap((k) => totals.get(`${k.programId}|${k.minute.toISOString()}`) ?? []));
    }),
  } as unknown as LiveRepository;
  const sent: Array<{ rooms: string[]; event: string; payload: unknown; at: number }> = [];
  const live = {
    toPrograms: (ids: readonly string[]) => ({ emit: (event: string, payload: unknown) => sent.push({ rooms: [...ids], event, payload, at: Date.now() }) }),
  } as unknown as LiveService;
  const redis = { claim: jest.fn((names: readonly string[]) => Promise.resolve(opts.claimed ? opts.claimed(names) : [...names])) } as unknown as LiveRedis;
  const leases = opts.instances === undefined ? undefined : ({ liveInstances: opts.instances } as unknown as LeaseService);
  const broadcaster = new LiveBroadcaster(pino({ level: 'silent' }), { now: () => new Date(Date.now()) }, bus, repo, live, redis, leases);
  broadcaster.onModuleInit();
  const setTotal = (programId: string, at: Date, volume: number, negative = 0) =>
    totals.set(`${programId}|${at.toISOString()}`, { programId, minute: at.toISOString(), volume, positive: 0, neutral: volume - negative, negative });
  const change = (deltas: RollupDelta[], cause: RollupsChangeCause = 'ingest') => bus.emit('rollups.changed', { cause, programIds: [...new Set(deltas.map((d) => d.programId))].sort(), minutes: deltas.map((d) => d.minute), deltas });
  const metrics = () => sent.filter((s) => s.event === 'metrics:updated');
  /** The live sample's post ids, frame by frame. */
  const frames = () => sent.filter((s) => s.event === 'posts:created').map((s) => ({ rooms: s.rooms, ids: (s.payload as { posts: Array<{ id: string }> }).posts.map((p) => p.id) }));
  const sampled = () => frames().flatMap((f) => f.ids);
  return { bus, broadcaster, sent, metrics, frames, sampled, reads, setTotal, change };
}

describe('LiveBroadcaster', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends a quiet program’s first change at once, then at most one update per interval with the latest totals', async () => {
    const t = newTestBroadcaster();
    const m = minute(2);
    for (let i = 1; i <= 12; i++) {
      t.setTotal(A, m, i);
      t.change([delta(A, m, 1)]);
      await jest.advanceTimersByTimeAsync(100);
      if (i === 1) expect(t.metrics().map((s) => s.payload)).toEqual([expect.objectContaining({ programId: A, volume: 1 })]);
    }
    // 1.2 s of changes: the first at once, one more when the interval is over, the last after the next one.
    await jest.advanceTimersByTimeAsync(2 * METRICS_INTERVAL_MS);
    const updates = t.metrics();
    expect(updates.map((s) => (s.payload as MetricsUpdate).volume)).toEqual([1, 10, 12]);
    for (let i = 1; i < updates.length; i++) expect(updates[i]!.at - updates[i - 1]!.at).toBeGreaterThanOrEqual(METRICS_INTERVAL_MS);
    expect(updates.every((s) => s.rooms.length === 1 && s.rooms[0] === A)).toBe(true);
  });

  it('sends every touched minute of the live window, whatever the cause, and nothing older', async () => {
    const t = newTestBroadcaster();
    t.setTotal(A, minute(3), 12, 8);
    t.setTotal(A, minute(90), 5, 5);
    t.setTotal(B, minute(3), 4, 1);
    t.change([delta(A, minute(3), 0, 5), delta(A, minute(90), 0, 1), delta(A, minute(LIVE_WINDOW_MINUTES + 5), 0, 1), delta(B, minute(3), 0, 1)], 'relabel');
    await jest.advanceTimersByTimeAsync(10);
    expect(t.reads).toHaveLength(1);
    expect(t.reads[0]!.map((k) => `${k.programId === A ? 'A' : 'B'}${(NOW - k.minute.getTime()) / 60_000 | 0}`).sort()).toEqual(['A3', 'A90', 'B3']);
    // Oldest first, so a client's window ends on the newest minute.
    expect(t.metrics().map((s) => s.payload)).toEqual([
      expect.objectContaining({ programId: A, minute: minute(90).toISOString(), negative: 5 }),
      expect.objectContaining({ programId: A, minute: minute(3).toISOString(), negative: 8 }),
      expect.objectContaining({ programId: B, minute: minute(3).toISOString(), negative: 1 }),
    ]);
  });

  it('leaves a program another instance broadcast within the interval for the next flush', async () => {
    let first = true;
    const t = newTestBroadcaster({
      claimed: (names) => {
        const out = first ? names.filter((n) => n !== `metrics:${B}`) : [...names];
        first = false;
        return out;
      },
    });
    t.setTotal(A, minute(1), 3);
    t.setTotal(B, minute(1), 7);
    t.change([delta(A, minute(1), 3), delta(B, minute(1), 7)]);
    await jest.advanceTimersByTimeAsync(10);
    expect(t.metrics().map((s) => s.rooms[0])).toEqual([A]);
    await jest.advanceTimersByTimeAsync(METRICS_INTERVAL_MS);
    expect(t.metrics().map((s) => s.rooms[0])).toEqual([A, B]);
  });

  it('samples a large batch evenly, at most the per-second budget per program, and again in the next second', async () => {
    const t = newTestBroadcaster();
    const posts = Array.from({ length: 60 }, (_, i) => ({ id: `p${i}`, programIds: [A], source: 'x', authorHandle: `u${i}`, text: `post ${i}`, createdAt: minute(1), lang: 'id', label: 'neutral', score: 0, terms: [] }) as unknown as PreparedPost);
    t.bus.emit('posts.ingested', { posts, at: new Date(NOW) });
    // The batch's sample is one frame: one write per listening socket, not twenty.
    expect(t.frames()).toHaveLength(1);
    const sample = t.sampled();
    expect(sample).toHaveLength(POSTS_PER_PROGRAM_PER_SECOND);
    // Every third post: spread across the batch, not its first twenty.
    expect(sample).toEqual(Array.from({ length: 20 }, (_, i) => `p${i * 3}`));
    t.bus.emit('posts.ingested', { posts: posts.slice(0, 5), at: new Date(NOW) });
    expect(t.sampled()).toHaveLength(20);
    await jest.advanceTimersByTimeAsync(1_000);
    t.bus.emit('posts.ingested', { posts: posts.slice(0, 5), at: new Date(NOW + 1_000) });
    expect(t.sampled()).toHaveLength(25);
    expect(t.frames()).toHaveLength(2);
  });

  it('sends each sampled post once, in one frame per set of program rooms, in the batch order', () => {
    const t = newTestBroadcaster();
    const post = (id: string, programIds: string[]) => ({ id, programIds, source: 'x', authorHandle: id, text: id, createdAt: minute(1), lang: 'id', label: 'neutral', score: 0, terms: [] }) as unknown as PreparedPost;
    t.bus.emit('posts.ingested', { posts: [post('a1', [A]), post('ab1', [B, A]), post('b1', [B]), post('a2', [A]), post('ab2', [A, B])], at: new Date(NOW) });
    expect(t.frames()).toEqual([
      { rooms: [A], ids: ['a1', 'a2'] },
      { rooms: [A, B], ids: ['ab1', 'ab2'] },
      { rooms: [B], ids: ['b1'] },
    ]);
  });

  it('marks a share (repost, boost) in the live post, and leaves an original unmarked', () => {
    const base = { id: 'p1', programIds: [A], source: 'x', authorHandle: 'u', text: 't', createdAt: minute(1), lang: 'id', label: 'neutral', score: 0, terms: [], harm: { flag: false, terms: [] } } as unknown as PreparedPost;
    expect(toLivePost({ ...base, sharedExternalId: 'p0' })).toMatchObject({ shared: true });
    expect(toLivePost(base)).not.toHaveProperty('shared');
  });

  it('shares the per-second budget with the other live instances', () => {
    const posts = Array.from({ length: 60 }, (_, i) => ({ id: `p${i}`, programIds: [A], source: 'x', authorHandle: `u${i}`, text: `post ${i}`, createdAt: minute(1), lang: 'id', label: 'neutral', score: 0, terms: [] }) as unknown as PreparedPost);
    for (const [instances, each] of [[1, 20], [2, 10], [3, 6], [40, 1]] as const) {
      const t = newTestBroadcaster({ instances });
      t.bus.emit('posts.ingested', { posts, at: new Date(NOW) });
      expect(t.sampled()).toHaveLength(each);
    }
  });
});
