/**
 * Deterministic randomness for the demo stream, on top of common/random: draws from the seeded generator plus a
 * stateless integer hash for values that must not depend on call order (crisis schedules, per-crisis properties).
 */
import { fmix32, seededRandom } from '../common/random.js';

/** murmur3's 32-bit finaliser over a running combination of the parts. */
export function hash32(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    // Split each part so values beyond 32 bits (timestamps) still influence the hash.
    const lo = part >>> 0;
    const hi = Math.floor(part / 0x1_0000_0000) >>> 0;
    h = fmix32(Math.imul(h ^ lo, 0x9e3779b1) ^ hi);
  }
  return h >>> 0;
}

/** Like `hash32`, scaled to [0, 1). */
export function hashUnit(...parts: number[]): number {
  return hash32(...parts) / 0x1_0000_0000;
}

export class Rng {
  /** [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    // The seed is hashed first: neighbouring seeds (1, 2, …) start far apart.
    this.next = seededRandom(hash32(seed));
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('Rng.pick: empty list');
    return item;
  }

  /** Index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Heavy-tailed positive value with the given median. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}
