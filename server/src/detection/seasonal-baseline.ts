import { mod } from './ring.js';

// Read once per module (see stats.ts): a global read is slow inside Jest's vm context.
const Math = globalThis.Math;

/** EWMA weight for a half-life of `halfLifeUpdates` updates; 0 (no learning) for a half-life that is not positive. */
export const alphaFor = (halfLifeUpdates: number): number => (halfLifeUpdates > 0 && Number.isFinite(halfLifeUpdates) ? 1 - 0.5 ** (1 / halfLifeUpdates) : 0);

/** What a seasonal baseline has learnt, JSON-safe. */
export interface BaselineState {
  level: number;
  daily: number[];
  heard: number[];
  /** Buckets the level has learnt from (absent in snapshots from before it was kept: taken as many). */
  learnt?: number;
}

/** One hour of `HourHistory`: [local hour since epoch, total, buckets known]. */
export type HourRow = [hour: number, total: number, known: number];

/** The profile never claims nobody posts at an hour: a factor this low still expects someone. */
const SEASON_FLOOR = 0.02;
/** One freak hour must not teach a ten-fold profile. */
const RATIO_CAP = 10;

/** Mean without the largest value (once four are known); undefined below two values. */
function trimmedMean(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length >= 4) sorted.pop();
  return sorted.reduce((s, r) => s + r, 0) / sorted.length;
}

/**
 * Level × time-of-day profile, learnt by EWMA (multiplicative Holt–Winters without trend). The profile has a node
 * at each half hour; a bucket is interpolated between its two nearest.
 */
export class SeasonalBaseline {
  level = 0;
  readonly daily = new Float64Array(24).fill(1);
  /** Weight each profile node has heard: early on a node averages what it heard, later it is an EWMA. */
  readonly heard = new Float64Array(24);
  /** Buckets the level has learnt from: early on the level is their running mean, later an EWMA. */
  learnt = 0;
  /**
   * Where each bucket of the day sits between the profile's nodes (lower node, weight of the upper one), when a day
   * is a whole number of buckets: window sums ask for a bucket's factor hundreds of times a minute.
   */
  private readonly dayNode: Uint8Array | null;
  private readonly dayWeight: Float64Array | null;

  constructor(
    private readonly stepMinutes: number,
    private readonly tzOffsetMinutes: number,
    private readonly alphaLevel: number,
    private readonly alphaSeason: number,
  ) {
    const perDay = (24 * 60) / stepMinutes;
    if (Number.isInteger(perDay) && perDay <= 24 * 60) {
      this.dayNode = new Uint8Array(perDay);
      this.dayWeight = new Float64Array(perDay);
      for (let b = 0; b < perDay; b++) {
        const { i0, w } = this.position(b);
        this.dayNode[b] = i0;
        this.dayWeight[b] = w;
      }
    } else {
      this.dayNode = null;
      this.dayWeight = null;
    }
  }

  private position(bucket: number): { i0: number; w: number } {
    // The middle of the bucket, so a five-minute row sits where its posts were.
    const hour = mod((bucket * this.stepMinutes + this.tzOffsetMinutes + this.stepMinutes / 2) / 60 - 0.5, 24);
    const i0 = Math.floor(hour);
    return { i0, w: hour - i0 };
  }

  private nodes(bucket: number): { i0: number; i1: number; w: number } {
    if (this.dayNode && this.dayWeight) {
      const d = mod(bucket, this.dayNode.length);
      const i0 = this.dayNode[d] as number;
      return { i0, i1: (i0 + 1) % 24, w: this.dayWeight[d] as number };
    }
    const { i0, w } = this.position(bucket);
    return { i0, i1: (i0 + 1) % 24, w };
  }

  factor(bucket: number): number {
    const { i0, i1, w } = this.nodes(bucket);
    return Math.max(SEASON_FLOOR, (1 - w) * (this.daily[i0] as number) + w * (this.daily[i1] as number));
  }

  start(bucket: number, value: number): void {
    this.level = value / this.factor(bucket);
    this.learnt = 0;
  }

  /**
   * Takes a time-of-day profile learnt elsewhere (other programs), worth `weight` observations a node, so a new
   * series' first hours are judged against the day's usual shape instead of a flat one.
   */
  prime(daily: readonly number[], weight: number): void {
    if (daily.length !== 24 || daily.some((v) => !(v > 0) || !Number.isFinite(v))) return;
    const mean = daily.reduce((s, v) => s + v, 0) / 24;
    daily.forEach((v, i) => {
      this.daily[i] = Math.max(SEASON_FLOOR, v / mean);
      this.heard[i] = weight;
    });
  }

  /** Learns a bucket; with `season` false only the level learns (a young series cannot yet tell a day's shape). */
  learn(bucket: number, clipped: number, season = true): void {
    const { i0, i1, w } = this.nodes(bucket);
    const factor = this.factor(bucket);
    const before = this.level;
    // A running mean until there is more than the EWMA's memory: a new series' level is not its first bucket for hours.
    this.learnt++;
    const alpha = this.alphaLevel > 0 ? Math.max(this.alphaLevel, 1 / this.learnt) : 0;
    this.level = Math.max(0, before + alpha * (clipped / factor - before));
    if (before <= 0 || this.alphaSeason === 0 || !season) return;
    const err = Math.min(clipped / before, RATIO_CAP) - factor;
    const h0 = (this.heard[i0] as number) + (1 - w);
    const h1 = (this.heard[i1] as number) + w;
    this.heard[i0] = h0;
    this.heard[i1] = h1;
    const a0 = Math.max(this.alphaSeason, 1 / Math.max(1, h0));
    const a1 = Math.max(this.alphaSeason, 1 / Math.max(1, h1));
    this.daily[i0] = Math.max(SEASON_FLOOR, (this.daily[i0] as number) + a0 * (1 - w) * err);
    this.daily[i1] = Math.max(SEASON_FLOOR, (this.daily[i1] as number) + a1 * w * err);
    // Mean 1 keeps the level "per bucket on an average hour".
    let sum = 0;
    for (const v of this.daily) sum += v;
    const mean = sum / 24;
    for (let h = 0; h < 24; h++) this.daily[h] = (this.daily[h] as number) / mean;
    this.level *= mean;
  }

  /** EWMAs are linear: a late delta moves the level by what it would have contributed, decayed since. */
  correct(bucket: number, delta: number, age: number): void {
    if (this.level <= 0) return;
    this.level = Math.max(0, this.level + this.alphaLevel * (1 - this.alphaLevel) ** age * (delta / this.factor(bucket)));
  }

  save(): BaselineState {
    return { level: this.level, daily: [...this.daily], heard: [...this.heard], learnt: this.learnt };
  }

  load(state: BaselineState): void {
    this.level = state.level;
    state.daily.forEach((v, i) => (this.daily[i] = v));
    state.heard.forEach((v, i) => (this.heard[i] = v));
    this.learnt = state.learnt ?? Number.MAX_SAFE_INTEGER;
  }
}

/**
 * Hourly totals of the last `days` days. The usual rate of an hour is the mean rate of the same local hour on
 * previous days, the busiest one left out once four are known.
 */
export class HourHistory {
  private readonly size: number;
  private readonly hourId: Float64Array;
  private readonly total: Float64Array;
  private readonly known: Float64Array;
  private readonly cache = new Map<number, number | undefined>();

  constructor(
    private readonly stepMinutes: number,
    private readonly tzOffsetMinutes: number,
    private readonly days: number,
    private readonly weekTypes: boolean,
  ) {
    this.size = (days + 1) * 24;
    this.hourId = new Float64Array(this.size).fill(NaN);
    this.total = new Float64Array(this.size);
    this.known = new Float64Array(this.size);
  }

  add(bucket: number, value: number, newBucket: boolean): void {
    const hour = Math.floor((bucket * this.stepMinutes + this.tzOffsetMinutes) / 60);
    const i = mod(hour, this.size);
    if (this.hourId[i] !== hour) {
      this.hourId[i] = hour;
      this.total[i] = 0;
      this.known[i] = 0;
    }
    this.total[i] = (this.total[i] as number) + value;
    if (newBucket) this.known[i] = (this.known[i] as number) + 1;
    // Hours are read only by later days; only a late correction changes a past hour.
    else this.cache.clear();
  }

  private rate(hour: number): number | undefined {
    if (this.cache.has(hour)) return this.cache.get(hour);
    const all: number[] = [];
    const same: number[] = [];
    // Epoch day 0 was a Thursday: days 2 and 3 (mod 7) are Saturday and Sunday.
    const weekend = (h: number): boolean => mod(Math.floor(h / 24), 7) === 2 || mod(Math.floor(h / 24), 7) === 3;
    for (let d = 1; d <= this.days; d++) {
      const h = hour - 24 * d;
      const i = mod(h, this.size);
      if (this.hourId[i] !== h || (this.known[i] as number) === 0) continue;
      const r = (this.total[i] as number) / (this.known[i] as number);
      all.push(r);
      if (weekend(h) === weekend(hour)) same.push(r);
    }
    let rate = trimmedMean(all);
    // The weekly rhythm: lean towards days of the same kind (weekday or weekend), more the more of them are known.
    if (rate !== undefined && this.weekTypes && same.length >= 2) {
      const w = same.length / (same.length + 3);
      rate = w * (trimmedMean(same) as number) + (1 - w) * rate;
    }
    if (this.cache.size > 256) this.cache.clear();
    this.cache.set(hour, rate);
    return rate;
  }

  /** Usual count of a bucket, interpolated between the hours around it; undefined without two days of history. */
  expected(bucket: number): number | undefined {
    const mid = (bucket * this.stepMinutes + this.tzOffsetMinutes + this.stepMinutes / 2) / 60 - 0.5;
    const h0 = Math.floor(mid);
    const w = mid - h0;
    const a = this.rate(h0);
    const b = this.rate(h0 + 1);
    if (a === undefined || b === undefined) return a ?? b;
    return (1 - w) * a + w * b;
  }

  save(): HourRow[] {
    const out: HourRow[] = [];
    for (let i = 0; i < this.size; i++) if (!Number.isNaN(this.hourId[i])) out.push([this.hourId[i] as number, this.total[i] as number, this.known[i] as number]);
    return out;
  }

  load(rows: ReadonlyArray<Readonly<HourRow>>): void {
    for (const [hour, total, known] of rows) {
      const i = mod(hour, this.size);
      this.hourId[i] = hour;
      this.total[i] = total;
      this.known[i] = known;
    }
    this.cache.clear();
  }
}
