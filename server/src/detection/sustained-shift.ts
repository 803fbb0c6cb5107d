// Read once per module (see stats.ts): a global read is slow inside Jest's vm context.
const Math = globalThis.Math;

/** What the sustained-shift statistic has learnt, JSON-safe. */
export interface ShiftState {
  /** EWMA of log(observed / usual). */
  h: number;
  n: number;
  /** Hourly samples of h, oldest first. */
  samples: number[];
  sampledAt: number | null;
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Sustained shift: an EWMA of log(observed / usual for the time of day), judged by a robust z against its own
 * history (median and MAD of hourly samples). One bucket barely moves it; hours above the usual do.
 */
export class SustainedShift {
  private h = 0;
  private n = 0;
  private samples: number[] = [];
  private sampledAt: number | null = null;
  private centreValue = 0;
  private spreadValue = 0;

  /**
   * @param alpha EWMA weight of one bucket (0 turns the statistic off).
   * @param offset pseudo-count per bucket added to observed and usual before the log (see shiftOffsetPerMinute).
   * @param sampleEvery buckets between two samples of the statistic.
   * @param sampleCount samples its median and MAD are taken over.
   */
  constructor(
    private readonly alpha: number,
    private readonly offset: number,
    private readonly sampleEvery: number,
    private readonly sampleCount: number,
  ) {}

  /** Whether the statistic exists yet (on, and at least one bucket learnt). */
  get active(): boolean {
    return this.alpha > 0 && this.n > 0;
  }

  get enabled(): boolean {
    return this.alpha > 0;
  }

  /** Median of the samples: the usual value of the statistic. */
  get centre(): number {
    return this.centreValue;
  }

  /** MAD × 1.4826 of the samples: a standard deviation that one bad day cannot inflate. */
  get spread(): number {
    return this.spreadValue;
  }

  /** The statistic once a bucket of `observed` posts against `usual` is learnt (nothing is changed). */
  after(observed: number, usual: number): number {
    return this.h + this.alpha * (Math.log((observed + this.offset) / (usual + this.offset)) - this.h);
  }

  learn(bucket: number, observed: number, usual: number): void {
    this.h = this.after(observed, usual);
    this.n++;
    // One sample an hour: h moves slowly, so hourly samples describe its range at a fraction of the cost.
    if (this.sampledAt !== null && bucket - this.sampledAt < this.sampleEvery) return;
    this.sampledAt = bucket;
    this.samples.push(this.h);
    if (this.samples.length > this.sampleCount) this.samples.shift();
    this.refreshRange();
  }

  /** z of a value of the statistic (default: the current one) against its history; 0 until a day of samples. */
  z(h: number = this.h): number {
    if (this.samples.length < 24 || this.spreadValue <= 0) return 0;
    return (h - this.centreValue) / this.spreadValue;
  }

  save(): ShiftState {
    return { h: this.h, n: this.n, samples: [...this.samples], sampledAt: this.sampledAt };
  }

  load(state: ShiftState): void {
    this.h = state.h;
    this.n = state.n;
    this.samples = [...state.samples];
    this.sampledAt = state.sampledAt;
    this.refreshRange();
  }

  private refreshRange(): void {
    const sorted = [...this.samples].sort((a, b) => a - b);
    this.centreValue = median(sorted);
    this.spreadValue = 1.4826 * median(sorted.map((x) => Math.abs(x - this.centreValue)).sort((a, b) => a - b));
  }
}
