// Read once per module (see stats.ts): a global read is slow inside Jest's vm context.
const Math = globalThis.Math;

/** Index of `bucket` in a ring of `n` slots (buckets may be negative before the epoch). */
export const mod = (a: number, n: number): number => ((a % n) + n) % n;

/**
 * A snapshot row: the bucket, then its fields. A field that is NaN (not yet known) is written as null, which is what
 * JSON would have made of it anyway.
 */
export type RingRow<Fields extends number[]> = [bucket: number, ...fields: { [K in keyof Fields]: Fields[K] | null }];

/**
 * The recent buckets of one series: each slot holds a bucket number and a fixed number of fields (a count, a level, …).
 * A bucket's slot is `bucket mod size`, so a newer bucket silently takes the place of the one `size` buckets older:
 * the ring only ever holds what a window may still sum.
 */
export class BucketRing<Fields extends number[]> {
  private readonly bucketAt: Float64Array;
  private readonly fields: Float64Array[];

  constructor(
    readonly size: number,
    fieldCount: Fields['length'],
  ) {
    this.bucketAt = new Float64Array(size).fill(NaN);
    this.fields = Array.from({ length: fieldCount }, () => new Float64Array(size));
  }

  /** Whether `bucket` is held (set and not yet overwritten by a newer bucket). */
  has(bucket: number): boolean {
    return this.bucketAt[mod(bucket, this.size)] === bucket;
  }

  /** Field `field` of a held bucket, else undefined. */
  get(bucket: number, field: number): number | undefined {
    const i = mod(bucket, this.size);
    return this.bucketAt[i] === bucket ? (this.fields[field] as Float64Array)[i] : undefined;
  }

  /** Sets a field of a held bucket (a bucket not held is left alone). */
  set(bucket: number, field: number, value: number): void {
    const i = mod(bucket, this.size);
    if (this.bucketAt[i] === bucket) (this.fields[field] as Float64Array)[i] = value;
  }

  /** Adds to a field of a held bucket (a bucket not held is left alone). */
  add(bucket: number, field: number, delta: number): void {
    const i = mod(bucket, this.size);
    if (this.bucketAt[i] === bucket) (this.fields[field] as Float64Array)[i] = ((this.fields[field] as Float64Array)[i] as number) + delta;
  }

  /** Gives `bucket` its slot with these field values, replacing whatever the slot held. */
  claim(bucket: number, ...values: Fields): void {
    const i = mod(bucket, this.size);
    this.bucketAt[i] = bucket;
    this.fields.forEach((f, k) => (f[i] = values[k] as number));
  }

  /** Oldest bucket held, or null for an empty ring. */
  oldest(): number | null {
    let oldest: number | null = null;
    for (const b of this.bucketAt) if (!Number.isNaN(b) && (oldest === null || b < oldest)) oldest = b;
    return oldest;
  }

  /**
   * The buckets a detector still has to fold into its baselines, up to `through`: from the one after the last
   * folded (or, before any fold, the oldest held), but no further back than the ring can hold. Undefined when there
   * is nothing to fold.
   */
  foldRange(foldedThrough: number | null, through: number): { from: number; to: number } | undefined {
    const start = foldedThrough === null ? this.oldest() : foldedThrough + 1;
    if (start === null || through < start) return undefined;
    return { from: Math.max(start, through - this.size + 1), to: through };
  }

  /** The held buckets, oldest first, JSON-safe. */
  snapshot(): Array<RingRow<Fields>> {
    const rows: Array<RingRow<Fields>> = [];
    for (let i = 0; i < this.size; i++) {
      const b = this.bucketAt[i] as number;
      if (Number.isNaN(b)) continue;
      rows.push([b, ...this.fields.map((f) => (Number.isNaN(f[i]) ? null : (f[i] as number)))] as RingRow<Fields>);
    }
    return rows.sort((x, y) => x[0] - y[0]);
  }

  /** Loads rows written by `snapshot` (a null field is NaN again). */
  restore(rows: ReadonlyArray<RingRow<Fields>>): void {
    for (const [bucket, ...values] of rows) this.claim(bucket, ...(values.map((v) => (v === null ? NaN : v)) as Fields));
  }
}
