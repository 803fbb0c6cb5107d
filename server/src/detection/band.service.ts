import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { BandQuery, BandResponse, Bucket } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import { notFound } from '../common/errors.js';
import { DAY_MS, resolveWindow } from '../common/time-window.js';
import { EventBus } from '../events/event-bus.js';
import { LeaseService } from '../leases/lease.service.js';
import type { ProgramChanged } from '../programs/programs.events.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import type { RollupsChanged } from '../rollups/rollups.events.js';
import { DEFAULT_COUNT_SETTINGS } from './count-detector.js';
import { BandTrack, emptyPrint, samePrint } from './band.js';
import { DetectionRepository } from './detection.repository.js';

const MINUTE = 60_000;
/** The band's detectors learn from at least this much history before its window (as the live driver does). */
const WARM_UP_DAYS = 14;
const BAND_MAX_WINDOW_MS = 7 * DAY_MS;
/** Minutes younger than this may still receive posts: replayed on every request, never checkpointed. */
const SETTLE_MINUTES = 15;
/** Tracks kept (program × sensitivity × origin day), least recently used dropped first: about 2 MB each. */
const MAX_TRACKS = 16;
const BUCKET_MINUTES: Record<Bucket, number> = { '1m': 1, '5m': 5, '1h': 60, '1d': 1440 };

interface Entry {
  programId: string;
  track: BandTrack;
}

/**
 * `GET /api/detection/band`: the detectors' band at a program's saved sensitivity, as the charts draw it.
 *
 * The band is the backtest of the program's stored rollups from an origin at the UTC midnight at least 14 days before
 * `from` (so a given window always has the same warm-up), kept per program, sensitivity and origin in a `BandTrack`
 * (least recently used dropped): a request replays only the minutes after the track's newest checkpoint, instead of
 * 15 days of minutes. Changes to stored minutes already replayed are heard as `rollups.changed` (every writer of the
 * rollups publishes it: ingest, backfill, relabel, rescore, retention), and a settings change drops the program's
 * tracks. With other instances beside it (the PostgreSQL server engine), a change they made is not heard: each
 * request first compares the checkpoints' row prints with the stored rows' (one aggregate) and replays from the last
 * checkpoint before the first difference.
 */
@Injectable()
export class BandService implements OnModuleInit, OnApplicationShutdown {
  private readonly tracks = new Map<string, Entry>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly programs: ProgramsRepository,
    private readonly repo: DetectionRepository,
    private readonly leases: LeaseService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('rollups.changed', (e) => this.onRollupsChanged(e)),
      this.events.on('program.changed', (e) => this.onProgramChanged(e)),
    );
  }

  onApplicationShutdown(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** The expected band for viewers' charts: default the last 24 h, at most 7 days. */
  async band(q: BandQuery): Promise<BandResponse> {
    const program = await this.programs.findById(q.programId);
    if (!program) throw notFound('program');
    const now = this.clock.now();
    const { from, to } = resolveWindow(q, now, { defaultMs: DAY_MS, maxMs: BAND_MAX_WINDOW_MS });
    const bucket = q.bucket ?? '1m';
    const step = BUCKET_MINUTES[bucket];
    const first = Math.floor(from.getTime() / MINUTE);
    const last = Math.ceil(to.getTime() / MINUTE) - 1;
    const origin = (Math.floor((from.getTime() - WARM_UP_DAYS * DAY_MS) / DAY_MS) * DAY_MS) / MINUTE;
    const settled = Math.floor(now.getTime() / MINUTE) - SETTLE_MINUTES;
    const key = `${program.id}:${program.sensitivity}:${origin}`;
    const { track, columns } = await this.serialised(key, async () => {
      const entry = this.entry(key, program.id, () => new BandTrack(origin, { sensitivity: program.sensitivity, minVolume: DEFAULT_COUNT_SETTINGS.minVolume }));
      const t = entry.track;
      if (!this.leases.alone) await this.verify(program.id, t);
      const plan = t.plan(first, last);
      if (plan) {
        try {
          const rows = await this.repo.minutes(program.id, plan.after === null ? origin : plan.after + 1, last + 1);
          await t.extend(plan, rows, last, settled);
        } catch (err) {
          t.abandon(plan);
          throw err;
        }
      }
      return { track: t, columns: t.columns(first, last, step) };
    });
    return {
      programId: program.id,
      sensitivity: program.sensitivity,
      from: from.toISOString(),
      to: to.toISOString(),
      bucket,
      windowMinutes: track.windowMinutes,
      stepMinutes: step,
      start: new Date((columns.start ?? first) * MINUTE).toISOString(),
      volume: columns.volume,
      negative: columns.negative,
      negativeShare: columns.negativeShare,
    };
  }

  /** Tracks held (diagnostics and tests). */
  get size(): number {
    return this.tracks.size;
  }

  private onRollupsChanged(e: RollupsChanged): void {
    if (!this.tracks.size) return;
    const earliest = new Map<string, number>();
    for (const d of e.deltas) {
      const m = Math.floor(d.minute.getTime() / MINUTE);
      const cur = earliest.get(d.programId);
      if (cur === undefined || m < cur) earliest.set(d.programId, m);
    }
    for (const { programId, track } of this.tracks.values()) {
      const m = earliest.get(programId);
      if (m !== undefined) track.markDirty(m);
    }
  }

  /** Settings changed (or the program went): its tracks are dropped, the next request starts over. */
  private onProgramChanged({ program }: ProgramChanged): void {
    for (const [key, entry] of this.tracks) if (entry.programId === program.id) this.tracks.delete(key);
  }

  /** Changes made by other instances: the stored rows behind each checkpoint against the prints it kept. */
  private async verify(programId: string, track: BandTrack): Promise<void> {
    const vouched = track.vouched();
    if (!vouched.length) return;
    const stored = await this.repo.prints(
      programId,
      track.origin,
      vouched.map((v) => v.minute),
    );
    const sum = emptyPrint();
    for (let k = 0; k < vouched.length; k++) {
      const p = stored[k]!;
      sum.rows += p.rows;
      sum.volume += p.volume;
      sum.negative += p.negative;
      sum.hash += p.hash;
      if (!samePrint(sum, vouched[k]!.print)) {
        track.markDirty(k === 0 ? track.origin : vouched[k - 1]!.minute + 1);
        return;
      }
    }
  }

  /** The track under `key`, made the most recently used (created if absent). */
  private entry(key: string, programId: string, create: () => BandTrack): Entry {
    let entry = this.tracks.get(key);
    if (entry) this.tracks.delete(key);
    else entry = { programId, track: create() };
    this.tracks.set(key, entry);
    while (this.tracks.size > MAX_TRACKS) this.tracks.delete(this.tracks.keys().next().value!);
    return entry;
  }

  /** One request at a time per track: a replay extends the state the previous one left. */
  private serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }
}
