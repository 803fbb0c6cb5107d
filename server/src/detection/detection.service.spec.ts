import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { seededRandom } from '../common/random.js';
import { EventBus } from '../events/event-bus.js';
import type { PreparedPost } from '../ingest/prepare.js';
import type { LeaseService } from '../leases/lease.service.js';
import type { ProgramsRepository } from '../programs/programs.repository.js';
import { HyperLogLog } from '../rollups/hll.js';
import { poisson } from '../../../test/support/counts.js';
import type { DetectionRelay, RelayedInput } from './detection-relay.js';
import type { DetectionRepository, MinuteRow, RecentPostRow } from './detection.repository.js';
import { DetectionService, detectionLease } from './detection.service.js';
import type { Decision } from './types.js';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 11, 6, 3, 0, 30);
const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';
const program = (id: string) => ({ id, slug: id.slice(-4), query: 'x', languages: [], sensitivity: 'medium' as const, active: true });

/** Three quiet hours of a program (about 5 posts a minute), and optionally a burst in its last two minutes. */
function stored(programId: string, burst: boolean): MinuteRow[] {
  const r = seededRandom(3);
  const rows: MinuteRow[] = [];
  const now = Math.floor(NOW / MINUTE);
  for (let m = now - 180; m <= now; m++) {
    const volume = burst && m >= now - 1 ? 300 : poisson(r, 5);
    rows.push({ program_id: programId, minute: new Date(m * MINUTE), volume, negative: Math.floor(volume * 0.2) });
  }
  return rows;
}

/**
 * DetectionService in a cluster, over fakes: a lease service whose leases the test hands out,
 * a relay that records what is published, and stored rollups in an array.
 */
function newTestService(rows: MinuteRow[], posts: RecentPostRow[] = []) {
  const bus = new EventBus();
  const decisions: Decision[] = [];
  bus.on('detection.decisions', (e) => decisions.push(...e.decisions));
  const listeners: Record<string, Array<(name: string) => unknown>> = { acquired: [], lost: [] };
  const held = new Set<string>();
  const leases = {
    alone: false,
    want: () => undefined,
    unwant: () => Promise.resolve(),
    settle: () => Promise.resolve(),
    isHeld: (n: string) => held.has(n),
    on: (event: string, fn: (name: string) => unknown) => {
      listeners[event]!.push(fn);
      return () => undefined;
    },
  };
  const grant = async (programId: string) => {
    held.add(detectionLease(programId));
    await Promise.all(listeners.acquired!.map((fn) => fn(detectionLease(programId))));
  };
  const published: Array<[string, RelayedInput]> = [];
  let onRelayed: (programId: string, input: RelayedInput) => void = () => undefined;
  const relay = {
    prepare: (fn: typeof onRelayed) => {
      onRelayed = fn;
      return Promise.resolve();
    },
    subscribe: () => Promise.resolve(),
    unsubscribe: () => Promise.resolve(),
    publish: (programId: string, input: RelayedInput) => published.push([programId, input]),
  };
  const repo = {
    history: (from: Date, to: Date, programId?: string) => Promise.resolve(rows.filter((r) => (!programId || r.program_id === programId) && r.minute >= from && r.minute < to)),
    harmHistory: () => Promise.resolve([]),
    recentPosts: (programId: string, from: Date, to: Date) => Promise.resolve(programId === P2 ? posts.filter((p) => p.created_at >= from && p.created_at < to) : []),
  };
  const programs = { all: () => Promise.resolve([program(P1), program(P2)]) };
  const service = new DetectionService(
    { now: () => new Date(NOW) },
    pino({ level: 'silent' }),
    bus,
    programs as unknown as ProgramsRepository,
    repo as unknown as DetectionRepository,
    leases as unknown as LeaseService,
    relay as unknown as DetectionRelay,
  );
  service.onModuleInit();
  return { service, bus, decisions, published, grant, relayed: (programId: string, input: RelayedInput) => onRelayed(programId, input) };
}

/** One text posted by twelve accounts within a minute (a campaign's burst), as shares of one post or as their own posts. */
function burst(programId: string, share: boolean, harm = false): PreparedPost[] {
  return Array.from({ length: 12 }, (_, i) => ({
    id: `${share ? 's' : 'o'}${i}`, source: 'mastodon', externalId: `https://m.example/s/${i}`, text: 'program makan gratis itu bohong besar jangan percaya janji mereka',
    createdAt: new Date(NOW - 50_000 + i * 1_000), authorHandle: `akun${i}`, authorName: null, authorFollowers: null, authorLocation: null, url: null, lang: 'id',
    langGiven: null, label: 'negative', score: -1, confidence: 1, terms: [], harm: { flag: harm, terms: harm ? ['keracunan'] : [] },
    likes: 0, shares: 0, replies: 0, views: 0, parentExternalId: null, programIds: [programId], places: [],
    ...(share ? { sharedExternalId: 'https://m.example/s/asal' } : {}),
  }));
}

describe('DetectionService under leases', () => {
  it('runs the detectors of the programs it holds and relays what it ingests for the others to their holder', async () => {
    const t = newTestService([...stored(P1, false), ...stored(P2, false)]);
    await t.grant(P1); // before boot: the boot warm-up covers it
    await t.service.onApplicationBootstrap();
    const minute = new Date(Math.floor(NOW / MINUTE) * MINUTE);
    const deltas = [P1, P2].map((programId) => ({ programId, minute, volume: 300, negative: 60, positive: 0, neutral: 240, sentimentSum: 0, authors: HyperLogLog.empty() }));
    t.bus.emit('rollups.changed', { cause: 'ingest', programIds: [P1, P2], minutes: [minute], deltas });
    t.service.onApplicationShutdown();

    expect(t.service.heldPrograms()).toEqual([P1]);
    expect(t.decisions.map((d) => d.programId)).toContain(P1);
    expect(t.decisions.filter((d) => d.programId === P2)).toEqual([]);
    expect(t.published).toEqual([[P2, { deltas: [{ programId: P2, minute, volume: 300, negative: 60 }] }]]);
  });

  it('rebuilds a program it takes over from the stored rollups and announces the episode the old holder left unannounced', async () => {
    const t = newTestService([...stored(P1, false), ...stored(P2, true)]);
    await t.grant(P1);
    await t.service.onApplicationBootstrap();
    expect(t.decisions).toEqual([]);
    await t.grant(P2); // the holder of P2 died in the middle of a burst
    t.service.onApplicationShutdown();

    expect(t.service.heldPrograms().sort()).toEqual([P1, P2]);
    expect(t.decisions.filter((d) => d.programId === P2).map((d) => d.kind)).toContain('volume_spike');
    const p2 = t.service.snapshot().programs.find((p) => p.programId === P2);
    expect(p2).toBeDefined();
  });

  it('replays the stored posts of the campaign and harm windows to a program it takes over, so an episode under way stays one', async () => {
    // Under way when P2's holder died: one text pasted by 12 accounts, 4 of them before the last 15 minutes (outside the
    // campaign window), and 4 harm reports, one of them 40 minutes old (outside the harm window); the official channel
    // pasted it too (no campaign account), and also reported harm (it counts). Each group alone is below the bar.
    const at = (minutesAgo: number) => new Date(NOW - minutesAgo * MINUTE);
    const post = (id: string, handle: string, minutesAgo: number, harm = false, official = false, share = false): RecentPostRow => ({
      id,
      text: harm ? 'rumah kami terendam banjir setinggi dada, tolong evakuasi segera' : 'program makan gratis itu bohong besar jangan percaya janji mereka',
      author_handle: handle,
      source: 'x',
      created_at: at(minutesAgo),
      harm_flag: harm,
      harm_terms: harm ? ['terendam', 'evakuasi'] : [],
      official,
      share,
    });
    const posts = [
      ...Array.from({ length: 12 }, (_, i) => post(`c${i}`, `akun${i}`, i < 4 ? 20 : 3)),
      ...Array.from({ length: 6 }, (_, i) => post(`o${i}`, 'bgn_resmi', 2, false, true)),
      post('h0', 'warga0', 40, true),
      post('h1', 'warga1', 10, true),
      post('h2', 'bgn_resmi', 5, true, true),
      post('h3', 'warga3', 1, true),
      // Six more accounts shared the pasted text: a share is no campaign post, on replay as at ingest.
      ...Array.from({ length: 6 }, (_, i) => post(`s${i}`, `pembagi${i}`, 2, false, false, true)),
    ];
    const t = newTestService([...stored(P1, false), ...stored(P2, false)], posts);
    await t.grant(P1);
    await t.service.onApplicationBootstrap();
    await t.grant(P2);
    t.service.onApplicationShutdown();

    const kinds = t.decisions.filter((d) => d.programId === P2).map((d) => d.kind);
    expect(kinds).toContain('coordinated_campaign');
    expect(kinds).toContain('harm_reports');
    const campaign = t.decisions.find((d) => d.programId === P2 && d.kind === 'coordinated_campaign')!;
    expect(campaign.facts).toMatchObject({ accounts: 8 });
    const harm = t.decisions.find((d) => d.programId === P2 && d.kind === 'harm_reports')!;
    expect(harm.facts).toMatchObject({ posts: 3 });
  });
});

describe('DetectionService and shares', () => {
  const campaigns = (decisions: readonly Decision[]) => decisions.filter((d) => d.kind === 'coordinated_campaign').map((d) => d.programId);
  const started = async () => {
    const t = newTestService([...stored(P1, false), ...stored(P2, false)]);
    await t.grant(P1);
    await t.service.onApplicationBootstrap();
    return t;
  };

  it('raises no campaign on a burst of shares of one post, and one on the same posts as originals', async () => {
    const shared = await started();
    shared.service.onPostsIngested({ posts: burst(P1, true), at: new Date(NOW) });
    shared.service.onApplicationShutdown();
    expect(campaigns(shared.decisions)).toEqual([]);

    const original = await started();
    original.service.onPostsIngested({ posts: burst(P1, false), at: new Date(NOW) });
    original.service.onApplicationShutdown();
    expect(campaigns(original.decisions)).toEqual([P1]);
  });

  it('still counts a share that reports harm as a harm report', async () => {
    const t = await started();
    t.service.onPostsIngested({ posts: burst(P1, true, true).slice(0, 3), at: new Date(NOW) });
    t.service.onApplicationShutdown();
    expect(t.decisions.map((d) => [d.kind, d.programId])).toEqual([['harm_reports', P1]]);
  });

  it('relays a share to the holder only when it reports harm, marked for harm only, and the holder keeps it from its campaign detector', async () => {
    const t = await started();
    t.service.onPostsIngested({ posts: [...burst(P2, true), ...burst(P2, true, true).slice(0, 2).map((p) => ({ ...p, id: `h${p.id}` }))], at: new Date(NOW) });
    expect(t.published.map(([id, input]) => [id, input.posts?.map((p) => [p.id, p.harmOnly])])).toEqual([[P2, [['hs0', true], ['hs1', true]]]]);

    // As the holder of P1: twelve relayed shares reporting harm raise harm reports, no campaign; as originals, a campaign.
    const relay = (posts: PreparedPost[], harmOnly: boolean) =>
      t.relayed(P1, { posts: posts.map((p) => ({ id: p.id, text: p.text, authorHandle: p.authorHandle, source: p.source, createdAt: p.createdAt, harm: p.harm, ...(harmOnly ? { harmOnly } : {}) })) });
    relay(burst(P1, true, true), true);
    expect(t.decisions.map((d) => d.kind)).toEqual(['harm_reports']);
    relay(burst(P1, false).map((p) => ({ ...p, id: `o-${p.id}` })), false);
    t.service.onApplicationShutdown();
    expect(campaigns(t.decisions)).toEqual([P1]);
  });
});
