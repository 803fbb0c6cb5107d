import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { seededRandom } from '../common/random.js';
import { EventBus } from '../events/event-bus.js';
import type { LeaseService } from '../leases/lease.service.js';
import type { ProgramsRepository } from '../programs/programs.repository.js';
import { HyperLogLog } from '../rollups/hll.js';
import { poisson } from '../../../test/support/counts.js';
import type { DetectionRelay, RelayedInput } from './detection-relay.js';
import type { DetectionRepository, MinuteRow } from './detection.repository.js';
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
function newTestService(rows: MinuteRow[]) {
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
  const relay = {
    prepare: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    unsubscribe: () => Promise.resolve(),
    publish: (programId: string, input: RelayedInput) => published.push([programId, input]),
  };
  const repo = {
    history: (from: Date, to: Date, programId?: string) => Promise.resolve(rows.filter((r) => (!programId || r.program_id === programId) && r.minute >= from && r.minute < to)),
    harmHistory: () => Promise.resolve([]),
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
  return { service, bus, decisions, published, grant };
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
});
