/**
 * The one source of deterministic randomness and integer mixing: fixtures, folds, the demo stream and the hashes of
 * the detection core all draw from here, so the same seed gives the same sequence on every machine.
 */

// Bound once: in a vm context (Jest) each `Math.` is a global lookup through an interceptor, ~40× slower when hot.
const imul = Math.imul;

/** murmur3's 32-bit finaliser: every output bit depends on every input bit. Answers an unsigned 32-bit integer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A seeded generator (mulberry32) in [0, 1): the same sequence on every machine, for fixtures and folds. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
