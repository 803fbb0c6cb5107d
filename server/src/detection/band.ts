import { metricPoint, MinuteReplay, type ReplaySettings, type ReplaySnapshot } from './backtest.js';
import { yieldToEventLoop } from '../common/event-loop.js';

// Read once per module (see stats.ts): a track replays weeks of minutes when it starts.
const Math = globalThis.Math;

/** One stored per-minute rollup, on the epoch-minute grid. */
export interface BandRow {
  /** Epoch minutes (ms / 60,000). */
  minute: number;
  volume: number;
  negative: number;
}

/**
 * Sums over stored rows that a checkpoint vouches for: another instance's change to any of them changes the sums
 * (`rowHash` weighs each row by a function of its minute, so a count moved from one minute to another shows too).
 */
export interface RowPrint {
  rows: number;
  volume: number;
  negative: number;
  hash: number;
}

/** A prime below 2^26: every product in `rowHash` stays an exact double, and an exact bigint in SQL. */
export const PRINT_PRIME = 67_108_859;

/**
 * The per-row term of `RowPrint.hash`: the row's counts weighed by functions of its minute (so that a count moved to
 * another minute changes the sum), each below the prime. `DetectionRepository.prints` computes the same in SQL.
 */
export function rowHash(minute: number, volume: number, negative: number): number {
  const P = PRINT_PRIME;
  const e = minute % P;
  return (((volume % P) * ((e * e) % P)) % P) + (((negative % P) * e) % P);
}

export const emptyPrint = (): RowPrint => ({ rows: 0, volume: 0, negative: 0, hash: 0 });

export function samePrint(a: RowPrint, b: RowPrint): boolean {
  return a.rows === b.rows && a.volume === b.volume && a.negative === b.negative && a.hash === b.hash;
}

/** The detectors' state after folding `minute`, and the print of the rows replayed up to it (from the origin). */
interface Checkpoint {
  minute: number;
  state: ReplaySnapshot;
  print: RowPrint;
}

/** Columns kept per minute (see `BandTrack.columns`). */
const VOL_EXP = 0;
const VOL_LO = 1;
const VOL_UP = 2;
const VOL_LEARN = 3;
const NEG_EXP = 4;
const NEG_LO = 5;
const NEG_UP = 6;
const NEG_LEARN = 7;
const SHARE_OBS = 8;
const SHARE_EXP = 9;
const SHARE_LO = 10;
const SHARE_UP = 11;
const SHARE_LEARN = 12;
const WIDTH = 13;

const HOUR = 60;
/**
 * A checkpoint every two hours is kept this far behind the newest: late data within it replays at most two hours and
 * the unsettled minutes. Each checkpoint holds the three detectors' state (about 36 KB as JSON): 14 of them and a
 * day of points make a track about 2 MB.
 */
const CHECKPOINT_EVERY = 2 * HOUR;
const CHECKPOINT_SPAN = 26 * HOUR;
/** Points kept: the longest band window (7 days) and a day of slack. */
const KEEP_MINUTES = 8 * 24 * HOUR;

/** What a request must replay: from the checkpoint after `after` (null: from the origin, reading every row). */
export interface BandPlan {
  after: number | null;
}

export interface BandCount {
  expected: number[];
  lower: number[];
  upper: number[];
  learning: number;
}

export interface BandColumnsOut {
  /** Epoch minute where the first bucket starts (null: no data in the window). */
  start: number | null;
  volume: BandCount;
  negative: BandCount;
  negativeShare: BandCount & { observed: number[] };
}

/** Minutes replayed between two turns given back to the event loop (about 30 ms of detector work at 1M posts). */
const REPLAY_SLICE_MINUTES = 480;

/**
 * One program's band at one sensitivity, replayed from a fixed origin (`backtest` over the same rows from the same
 * minute gives the same points) and kept between requests: the detectors' state at checkpoints (the newest settled
 * minute, and every two hours of the last day) and every minute's point since the earliest asked for. A request replays
 * only the minutes after its newest checkpoint (or after the last checkpoint before a change); the minutes not yet
 * settled are replayed on every request and never checkpointed.
 */
export class BandTrack {
  readonly windowMinutes: number;
  /** The earliest minute changed since it was last replayed (Infinity: none). */
  private dirty = Infinity;
  /** The first minute replayed: the first row at or after the origin (null: none yet). */
  private first: number | null = null;
  private checkpoints: Checkpoint[] = [];
  /** Points are kept for minutes from here (the earliest `from` asked for) on. */
  private pointsFrom = Infinity;
  /** Minute of `cols[0]`, and how many minutes `cols` holds. */
  private base = 0;
  private length = 0;
  private cols = new Float64Array(0);

  constructor(
    /** Epoch minute: rows before it are never read. */
    readonly origin: number,
    private readonly settings: ReplaySettings,
  ) {
    this.windowMinutes = new MinuteReplay(settings).windowMinutes;
  }

  /** A stored row changed (late data, relabel, rescore, retention): what was replayed from it on is stale. */
  markDirty(minute: number): void {
    if (minute < this.dirty) this.dirty = Math.max(minute, this.origin);
  }

  /** Checkpoints and the prints they vouch for, oldest first (for a check against the stored rows). */
  vouched(): Array<{ minute: number; print: RowPrint }> {
    return this.checkpoints.map((c) => ({ minute: c.minute, print: c.print }));
  }

  /**
   * What must be replayed to answer minutes `from`..`last` (null: the kept points answer). Takes the pending change
   * (a change heard after this call is kept for the next request); give it back with `abandon` if the read fails.
   */
  plan(from: number, last: number): BandPlan | null {
    const newest = this.checkpoints.at(-1)?.minute ?? -Infinity;
    let redo = Infinity;
    if (this.dirty <= last) redo = this.dirty;
    if (from < this.pointsFrom) redo = Math.min(redo, from);
    if (last > newest) redo = Math.min(redo, newest + 1);
    if (redo === Infinity) return null;
    // A change after `last` stays pending: every checkpoint at or after it is dropped by this replay.
    if (this.dirty <= last) this.dirty = Infinity;
    this.pointsFrom = Math.min(this.pointsFrom, from);
    let after: number | null = null;
    for (const c of this.checkpoints) if (c.minute < redo) after = c.minute;
    return { after };
  }

  /** A planned read failed: the change it had taken is pending again. */
  abandon(plan: BandPlan): void {
    this.markDirty(plan.after === null ? this.origin : plan.after + 1);
  }

  /**
   * Replays the rows after the plan's checkpoint (every row from the origin when it has none) through `last`,
   * keeping each minute's point from `pointsFrom` on and checkpoints at settled minutes (≤ `settled`).
   */
  async extend(plan: BandPlan, rows: readonly BandRow[], last: number, settled: number): Promise<void> {
    let replay: MinuteReplay;
    let print: RowPrint;
    let start: number;
    if (plan.after === null) {
      this.checkpoints = [];
      this.first = rows.length ? rows[0]!.minute : null;
      if (this.first === null) {
        this.length = 0;
        return;
      }
      replay = new MinuteReplay(this.settings);
      print = emptyPrint();
      start = this.first;
    } else {
      const i = this.checkpoints.findIndex((c) => c.minute === plan.after);
      if (i < 0) throw new Error('band: the plan names a checkpoint the track no longer holds');
      const from = this.checkpoints[i]!;
      this.checkpoints.length = i + 1;
      replay = new MinuteReplay(this.settings, from.state);
      print = { ...from.print };
      start = from.minute + 1;
    }
    this.reserve(Math.max(this.pointsFrom, this.first ?? start), last);
    const newestSettled = Math.min(last, settled);
    let r = 0;
    while (r < rows.length && rows[r]!.minute < start) r++;
    for (let m = start; m <= last; m++) {
      // A track's first replay is 15 days of minutes (about 1 s): the thread is given back every few hundred of them,
      // so health, sockets and other requests are not held behind it.
      if (m > start && (m - start) % REPLAY_SLICE_MINUTES === 0) await yieldToEventLoop();
      let volume = 0;
      let negative = 0;
      // Rows are one per minute; several for one minute (never from the store) add up, as in `backtest`.
      while (r < rows.length && rows[r]!.minute === m) {
        const row = rows[r++]!;
        volume += row.volume;
        negative += row.negative;
        print.rows++;
        print.volume += row.volume;
        print.negative += row.negative;
        print.hash += rowHash(m, row.volume, row.negative);
      }
      const j = replay.judge(m, volume, negative);
      if (m >= this.pointsFrom && m >= this.base) {
        const o = (m - this.base) * WIDTH;
        const c = this.cols;
        const v = metricPoint(replay.volume, j.volume);
        const n = metricPoint(replay.negative, j.negative);
        const s = j.share;
        const band = s.band;
        c[o + VOL_EXP] = v.expected;
        c[o + VOL_LO] = v.band.lower;
        c[o + VOL_UP] = v.band.upper;
        c[o + VOL_LEARN] = v.learning ? 1 : 0;
        c[o + NEG_EXP] = n.expected;
        c[o + NEG_LO] = n.band.lower;
        c[o + NEG_UP] = n.band.upper;
        c[o + NEG_LEARN] = n.learning ? 1 : 0;
        c[o + SHARE_OBS] = s.observedShare;
        c[o + SHARE_EXP] = s.expectedShare;
        c[o + SHARE_LO] = band.lower;
        c[o + SHARE_UP] = band.upper;
        c[o + SHARE_LEARN] = s.learning ? 1 : 0;
      }
      replay.fold(m);
      if (m <= newestSettled && (m === newestSettled || (m + 1) % CHECKPOINT_EVERY === 0)) this.checkpoints.push({ minute: m, state: replay.snapshot(), print: { ...print } });
    }
    this.length = Math.max(this.length, last - this.base + 1);
    this.prune();
  }

  /**
   * The kept points of minutes `from`..`last` on buckets of `step` minutes (aligned on the epoch, as series are):
   * each bucket the mean of its minutes.
   */
  columns(from: number, last: number, step: number): BandColumnsOut {
    const out: BandColumnsOut = {
      start: null,
      volume: { expected: [], lower: [], upper: [], learning: 0 },
      negative: { expected: [], lower: [], upper: [], learning: 0 },
      negativeShare: { observed: [], expected: [], lower: [], upper: [], learning: 0 },
    };
    if (this.first === null) return out;
    const lo = Math.max(from, this.first, this.pointsFrom, this.base);
    const hi = Math.min(last, this.base + this.length - 1);
    if (lo > hi) return out;
    const sums = new Float64Array(WIDTH);
    let bucket = Math.floor(lo / step) * step;
    out.start = bucket;
    let n = 0;
    const flush = (): void => {
      const c = (i: number): number => sums[i]! / n;
      push(out.volume, round2(c(VOL_EXP)), round2(c(VOL_LO)), round2(c(VOL_UP)), sums[VOL_LEARN]! > 0);
      push(out.negative, round2(c(NEG_EXP)), round2(c(NEG_LO)), round2(c(NEG_UP)), sums[NEG_LEARN]! > 0);
      push(out.negativeShare, round4(c(SHARE_EXP)), round4(c(SHARE_LO)), round4(c(SHARE_UP)), sums[SHARE_LEARN]! > 0);
      out.negativeShare.observed.push(round4(c(SHARE_OBS)));
      sums.fill(0);
      n = 0;
    };
    for (let m = lo; m <= hi; m++) {
      const b = Math.floor(m / step) * step;
      if (b !== bucket) {
        flush();
        bucket = b;
      }
      const o = (m - this.base) * WIDTH;
      for (let k = 0; k < WIDTH; k++) sums[k] = sums[k]! + this.cols[o + k]!;
      n++;
    }
    flush();
    return out;
  }

  /** Room for the points of minutes `lo`..`hi`, keeping what is held in between. */
  private reserve(lo: number, hi: number): void {
    const keepFrom = Math.max(lo, hi - KEEP_MINUTES);
    if (keepFrom >= this.base && hi < this.base + this.cols.length / WIDTH) return;
    const base = keepFrom;
    const cols = new Float64Array((hi - base + 1 + 4 * HOUR) * WIDTH);
    // Minutes held before and still wanted move along.
    const from = Math.max(base, this.base);
    const to = Math.min(this.base + this.length, hi + 1);
    if (to > from) cols.set(this.cols.subarray((from - this.base) * WIDTH, (to - this.base) * WIDTH), (from - base) * WIDTH);
    this.cols = cols;
    this.length = Math.max(0, to - base);
    this.base = base;
    if (this.pointsFrom < base) this.pointsFrom = base;
  }

  /** Keeps the newest checkpoint and the two-hourly ones of the last day: enough to resume after late data. */
  private prune(): void {
    const newest = this.checkpoints.at(-1);
    if (!newest) return;
    this.checkpoints = this.checkpoints.filter((c) => c === newest || ((c.minute + 1) % CHECKPOINT_EVERY === 0 && c.minute >= newest.minute - CHECKPOINT_SPAN));
  }
}

function push(col: BandCount, expected: number, lower: number, upper: number, learning: boolean): void {
  // Learning only ever ends: the flags are a prefix, counted while it lasts.
  if (learning && col.learning === col.expected.length) col.learning++;
  col.expected.push(expected);
  col.lower.push(lower);
  col.upper.push(upper);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
