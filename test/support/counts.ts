/**
 * Random counts for detector specs, from a seeded uniform source `r`. A Poisson count is drawn
 * exactly (Knuth) up to `normalAbove`, and from the normal approximation above it.
 */
export function poisson(r: () => number, mean: number, normalAbove = 50): number {
  if (mean > normalAbove) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

/** Successes in n draws of probability p. */
export function binomial(r: () => number, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (r() < p) k++;
  return k;
}
