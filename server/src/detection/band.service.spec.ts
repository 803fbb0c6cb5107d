import { describe, expect, it } from '@jest/globals';
import type { BandResponse, Bucket } from '@siaga/shared';
import { seededRandom } from '../common/random.js';
import { EventBus } from '../events/event-bus.js';
import type { LeaseService } from '../leases/lease.service.js';
import type { ProgramsRepository } from '../programs/programs.repository.js';
import { HyperLogLog } from '../rollups/hll.js';
import { backtest } from './backtest.js';
import { emptyPrint, rowHash, samePrint, type RowPrint } from './band.js';
import { BandService } from './band.service.js';
import type { DetectionRepository } from './detection.repository.js';

const MINUTE = 60_000;
const DAY = 1440;
const P1 = '00000000-0000-4000-8000-000000000001';
/** Rows start on this epoch minute (a Monday, 00:00 UTC); the band's 14-day origin lies before it. */
const T0 = Math.floor(Date.UTC(2026, 10, 30) / MINUTE);
const BUCKET_MINUTES: Record<Bucket, number> = { '1m': 1, '5m': 5, '1h': 60, '1d': 1440 };

interface Row {
  volume: number;
  negative: number;
}

/** Two and a half days of a program with a daily rhythm and a surge, a third negative; quiet minutes have no row. */
function history(): Map<number, Row> {
  const rand = seededRandom(19);
  const rows = new Map<number, Row>();
  for (let m = 0; m < 2.5 * DAY; m++) {
    const hour = (m / 60) % 24;
    const surge = m >= 2 * DAY + 100 && m < 2 * DAY + 130 ? 6 : 1;
    const mean = 6 * (0.3 + 0.7 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24))) * surge;
    const volume = Math.max(0, Math.round(mean + (rand() - 0.5) * 2 * Math.sqrt(3 * mean)));
    if (volume > 0) rows.set(T0 + m, { volume, negative: Math.round(volume * (0.2 + 0.2 * rand())) });
  }
  return rows;
}

/** What a full replay gives: `backtest` over every stored row from the same origin, bucketed as the band is. */
function replayed(store: Map<number, Row>, origin: number, fromMs: number, toMs: number, bucket: Bucket) {
  const last = Math.ceil(toMs / MINUTE) - 1;
  const rows = [...store].filter(([m]) => m >= origin && m <= last).map(([m, r]) => ({ minute: new Date(m * MINUTE), ...r }));
  const result = backtest(rows, { from: new Date(fromMs), to: new Date(toMs), sensitivity: 'medium' });
  const step = BUCKET_MINUTES[bucket];
  const groups = new Map<number, typeof result.points>();
  for (const p of result.points) {
    const m = Date.parse(p.at) / MINUTE - 1;
    const b = Math.floor(m / step) * step;
    groups.set(b, [...(groups.get(b) ?? []), p]);
  }
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const mean = (ps: typeof result.points, f: (p: (typeof result.points)[number]) => number) => ps.reduce((s, p) => s + f(p), 0) / ps.length;
  const prefix = (flags: boolean[]) => {
    const n = flags.indexOf(false);
    return n < 0 ? flags.length : n;
  };
  const buckets = [...groups.values()];
  const count = (k: 'volume' | 'negative') => ({
    expected: buckets.map((ps) => r2(mean(ps, (p) => p[k].expected))),
    lower: buckets.map((ps) => r2(mean(ps, (p) => p[k].band.lower))),
    upper: buckets.map((ps) => r2(mean(ps, (p) => p[k].band.upper))),
    learning: prefix(buckets.map((ps) => ps.some((p) => p[k].learning))),
  });
  return {
    start: groups.size ? new Date([...groups.keys()][0]! * MINUTE).toISOString() : new Date(Math.floor(fromMs / MINUTE) * MINUTE).toISOString(),
    volume: count('volume'),
    negative: count('negative'),
    negativeShare: {
      observed: buckets.map((ps) => r4(mean(ps, (p) => p.negativeShare.observed))),
      expected: buckets.map((ps) => r4(mean(ps, (p) => p.negativeShare.expected))),
      lower: buckets.map((ps) => r4(mean(ps, (p) => p.negativeShare.band.lower))),
      upper: buckets.map((ps) => r4(mean(ps, (p) => p.negativeShare.band.upper))),
      learning: prefix(buckets.map((ps) => ps.some((p) => p.negativeShare.learning))),
    },
  };
}

const drawn = (b: BandResponse) => ({ start: b.start, volume: b.volume, negative: b.negative, negativeShare: b.negativeShare });

/** BandService over fakes: stored rollups in a map, a clock the test moves, alone (events) or not (prints). */
function newTestService(store: Map<number, Row>, alone: boolean) {
  const bus = new EventBus();
  let now = (T0 + 2 * DAY + 60) * MINUTE;
  const reads: Array<{ from: number; to: number }> = [];
  let printReads = 0;
  const repo = {
    minutes: (programId: string, from: number, to: number) => {
      reads.push({ from, to });
      return Promise.resolve([...store].filter(([m]) => m >= from && m < to).sort((a, b) => a[0] - b[0]).map(([minute, r]) => ({ minute, ...r })));
    },
    prints: (programId: string, origin: number, ends: readonly number[]) => {
      printReads++;
      return Promise.resolve(
        ends.map((end, k) => {
          const p = emptyPrint();
          for (const [m, r] of store) {
            if (m < (k === 0 ? origin : ends[k - 1]! + 1) || m > end) continue;
            p.rows++;
            p.volume += r.volume;
            p.negative += r.negative;
            p.hash += rowHash(m, r.volume, r.negative);
          }
          return p;
        }),
      );
    },
  };
  let sensitivity: 'low' | 'medium' | 'high' = 'medium';
  const programs = { findById: (id: string) => Promise.resolve(id === P1 ? { id: P1, sensitivity } : null) };
  const service = new BandService({ now: () => new Date(now) }, bus, programs as unknown as ProgramsRepository, repo as unknown as DetectionRepository, { alone } as unknown as LeaseService);
  service.onModuleInit();
  /** A change to a stored minute, published as every writer of the rollups does. */
  const change = (minute: number, row: Row, publish = true) => {
    const before = store.get(minute) ?? { volume: 0, negative: 0 };
    store.set(minute, row);
    if (!publish) return;
    const delta = { programId: P1, minute: new Date(minute * MINUTE), volume: row.volume - before.volume, negative: row.negative - before.negative, positive: 0, neutral: 0, sentimentSum: 0, authors: HyperLogLog.empty() };
    bus.emit('rollups.changed', { cause: 'relabel', programIds: [P1], minutes: [delta.minute], deltas: [delta] });
  };
  return {
    service,
    reads,
    change,
    printReads: () => printReads,
    setSensitivity: (s: typeof sensitivity) => {
      sensitivity = s;
      bus.emit('program.changed', { change: 'updated', program: { id: P1, slug: 'p1', query: 'x', languages: [], sensitivity: s, active: true }, rematch: false });
    },
    now: () => now,
    advance: (minutes: number) => (now += minutes * MINUTE),
  };
}

/** The band's origin for a window starting at `fromMs`: the UTC midnight at least 14 days before. */
const originOf = (fromMs: number) => (Math.floor((fromMs - 14 * DAY * MINUTE) / (DAY * MINUTE)) * DAY * MINUTE) / MINUTE;

describe('BandService', () => {
  it('answers what a full replay gives while time passes, late data arrives and windows and buckets change, replaying only what changed', async () => {
    const store = history();
    const t = newTestService(store, true);
    const ask = async (fromMs: number, toMs: number, bucket: Bucket = '1m') => {
      const band = await t.service.band({ programId: P1, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), bucket });
      expect(drawn(band)).toEqual(replayed(store, originOf(fromMs), fromMs, toMs, bucket));
      return band;
    };
    const day = (now: number) => [now - DAY * MINUTE, now] as const;

    // Cold: every row from the origin is read once.
    const first = await ask(...day(t.now()));
    expect(t.reads).toEqual([{ from: originOf(t.now() - DAY * MINUTE), to: Math.ceil(t.now() / MINUTE) }]);
    expect(first.volume.expected.length).toBe(DAY);
    expect(first.windowMinutes).toBe(1);

    // Seven minutes later, with live minutes and a late post in the unsettled tail: only the minutes after the checkpoint are read.
    t.reads.length = 0;
    const before = Math.floor(t.now() / MINUTE);
    t.advance(7.5);
    for (let m = before; m <= Math.floor(t.now() / MINUTE); m++) store.set(m, { volume: 4, negative: 1 });
    t.change(before - 3, { volume: 30, negative: 20 });
    await ask(...day(t.now()));
    expect(t.reads).toHaveLength(1);
    expect(t.reads[0]!.from).toBeGreaterThan(before - 20);

    // Late data five hours back (older than the newest checkpoint): replayed from the two-hourly checkpoint before it.
    t.reads.length = 0;
    const late = Math.floor(t.now() / MINUTE) - 300;
    t.change(late, { volume: 90, negative: 80 });
    await ask(...day(t.now()));
    expect(t.reads).toHaveLength(1);
    expect(t.reads[0]!.from).toBeLessThanOrEqual(late);
    expect(t.reads[0]!.from).toBeGreaterThan(late - 121);

    // The wall's buckets, the alert page's earlier window, and the same window again without a read.
    await ask(...day(t.now()), '5m');
    await ask(t.now() - 7 * DAY * MINUTE + 13 * MINUTE, t.now() - 20 * MINUTE, '1h');
    await ask(t.now() - 30 * 60 * MINUTE, t.now() - 29 * 60 * MINUTE);
    t.reads.length = 0;
    await ask(t.now() - 30 * 60 * MINUTE, t.now() - 29 * 60 * MINUTE);
    expect(t.reads).toEqual([]);

    // A row before the first one replayed: everything from the origin again.
    t.reads.length = 0;
    t.change(T0 - 30, { volume: 5, negative: 5 });
    await ask(...day(t.now()), '5m');
    expect(t.reads[0]!.from).toBe(originOf(t.now() - DAY * MINUTE));

    // A new sensitivity: the program's tracks are dropped and the band is the new one's.
    t.setSensitivity('high');
    const high = await t.service.band({ programId: P1, from: new Date(t.now() - DAY * MINUTE).toISOString(), to: new Date(t.now()).toISOString(), bucket: '1m' });
    expect(high.sensitivity).toBe('high');
    const last = Math.ceil(t.now() / MINUTE) - 1;
    const rows = [...store].filter(([m]) => m >= originOf(t.now() - DAY * MINUTE) && m <= last).map(([m, r]) => ({ minute: new Date(m * MINUTE), ...r }));
    const full = backtest(rows, { from: new Date(t.now() - DAY * MINUTE), to: new Date(t.now()), sensitivity: 'high' });
    expect(high.volume.upper).toEqual(full.points.map((p) => p.volume.band.upper));
  });

  it('gives the thread back during a first replay, and a change heard meanwhile is replayed by the next request', async () => {
    const store = history();
    const t = newTestService(store, true);
    const window = () => ({ programId: P1, from: new Date(t.now() - DAY * MINUTE).toISOString(), to: new Date(t.now()).toISOString(), bucket: '1m' as const });
    // Turns given back while the 16 days from the origin are replayed: a timer runs between slices, and a relabel
    // of a minute the replay has passed (the rows were read before it) is heard then.
    let turns = 0;
    let changed = false;
    const ticker = setInterval(() => {
      turns++;
      if (turns === 3 && !changed) {
        changed = true;
        t.change(T0 + 60, { volume: 70, negative: 65 });
      }
    }, 0);
    try {
      await t.service.band(window());
    } finally {
      clearInterval(ticker);
    }
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(changed).toBe(true);
    const fromMs = t.now() - DAY * MINUTE;
    expect(drawn(await t.service.band(window()))).toEqual(replayed(store, originOf(fromMs), fromMs, t.now(), '1m'));
  });

  it('beside other instances, finds changes it did not hear from the stored rows and replays from before them', async () => {
    const store = history();
    const t = newTestService(store, false);
    const ask = async () => {
      const [fromMs, toMs] = [t.now() - DAY * MINUTE, t.now()];
      expect(drawn(await t.service.band({ programId: P1, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), bucket: '1m' }))).toEqual(replayed(store, originOf(fromMs), fromMs, toMs, '1m'));
    };
    await ask();
    t.advance(30);
    // Another instance relabels two posts: a negative count moves from one minute to another, totals unchanged.
    const a = Math.floor(t.now() / MINUTE) - 600;
    const b = a + 90;
    const ra = store.get(a)!;
    const rb = store.get(b)!;
    t.change(a, { volume: ra.volume, negative: ra.negative - 1 }, false);
    t.change(b, { volume: rb.volume, negative: rb.negative + 1 }, false);
    t.reads.length = 0;
    await ask();
    // The first request had no checkpoint to vouch for; the second compared its prints once.
    expect(t.printReads()).toBe(1);
    expect(t.reads).toHaveLength(1);
    expect(t.reads[0]!.from).toBeLessThanOrEqual(a);
    expect(t.reads[0]!.from).toBeGreaterThan(a - 121);
  });

  it('answers empty columns for a window without data, and 404 for an unknown program', async () => {
    const t = newTestService(new Map(), true);
    const band = await t.service.band({ programId: P1, bucket: '5m' });
    expect(band.volume).toEqual({ expected: [], lower: [], upper: [], learning: 0 });
    expect(band.start).toBe(band.from.replace(/:\d\d\.\d{3}Z$/, ':00.000Z'));
    await expect(t.service.band({ programId: '00000000-0000-4000-8000-000000000009', bucket: '1m' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('row prints', () => {
  const print = (rows: Array<[number, number, number]>): RowPrint => {
    const p = emptyPrint();
    for (const [m, v, n] of rows) {
      p.rows++;
      p.volume += v;
      p.negative += n;
      p.hash += rowHash(m, v, n);
    }
    return p;
  };

  it('differ when a count moves from one minute to another, and stay exact integers at large counts', () => {
    const m = T0;
    expect(samePrint(print([[m, 10, 3], [m + 1, 10, 3]]), print([[m, 10, 2], [m + 1, 10, 4]]))).toBe(false);
    expect(samePrint(print([[m, 10, 3], [m + 1, 10, 3]]), print([[m, 10, 3], [m + 1, 10, 3]]))).toBe(true);
    const big = rowHash(m, 5_000_000, 4_000_000);
    expect(Number.isInteger(big) && big >= 0 && big < 67_108_859).toBe(true);
  });
});
