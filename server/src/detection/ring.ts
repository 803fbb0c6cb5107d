/** Index of `bucket` in a ring of `n` slots (buckets may be negative before the epoch). */
export const mod = (a: number, n: number): number => ((a % n) + n) % n;

/**
 * The buckets a detector still has to fold into its baselines, up to `through`: from the one after
 * the last folded (or, before any fold, the oldest held in the ring), but no further back than the
 * ring can hold. Undefined when there is nothing to fold.
 */
export function bucketsToFold(foldedThrough: number | null, ringBucket: Float64Array, through: number): { from: number; to: number } | undefined {
  let start = foldedThrough === null ? null : foldedThrough + 1;
  if (start === null) {
    for (const b of ringBucket) if (!Number.isNaN(b) && (start === null || b < start)) start = b;
  }
  if (start === null || through < start) return undefined;
  return { from: Math.max(start, through - ringBucket.length + 1), to: through };
}
