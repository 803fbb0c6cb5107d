import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  logBinomialUpperTail,
  logGamma,
  logGammaIncLower,
  logNegBinomUpperTail,
  logNormalUpperTail,
  negBinomLowerQuantile,
  negBinomUpperQuantile,
  surprise,
} from './stats.js';

/** P(X ≥ x) for a negative binomial by summing the pmf (small parameters only). */
function nbTailBrute(x: number, mean: number, dispersion: number): number {
  const r = 1 / dispersion;
  const p = r / (r + mean);
  let cdf = 0;
  for (let k = 0; k < x; k++) cdf += Math.exp(logGamma(k + r) - logGamma(r) - logGamma(k + 1) + r * Math.log(p) + k * Math.log(1 - p));
  return 1 - cdf;
}

function poissonTailBrute(x: number, mean: number): number {
  let cdf = 0;
  for (let k = 0; k < x; k++) cdf += Math.exp(-mean + k * Math.log(mean) - logGamma(k + 1));
  return 1 - cdf;
}

describe('logGamma', () => {
  it('matches factorials and Γ(1/2)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
  });
});

describe('negative binomial tail', () => {
  it('agrees with the summed pmf', () => {
    for (const [x, mean, k] of [
      [0, 3, 0.5],
      [1, 3, 0.5],
      [5, 3, 0.5],
      [12, 3, 0.2],
      [40, 10, 1],
      [7, 0.4, 2],
    ] as const) {
      expect(Math.exp(logNegBinomUpperTail(x, mean, k))).toBeCloseTo(nbTailBrute(x, mean, k), 10);
    }
  });

  it('tends to the Poisson tail as dispersion vanishes', () => {
    expect(Math.exp(logNegBinomUpperTail(9, 4, 0))).toBeCloseTo(poissonTailBrute(9, 4), 12);
    expect(Math.exp(logNegBinomUpperTail(9, 4, 1e-8))).toBeCloseTo(poissonTailBrute(9, 4), 6);
    expect(Math.exp(logGammaIncLower(9, 4))).toBeCloseTo(poissonTailBrute(9, 4), 12);
  });

  it('keeps ordering far beyond double precision (a 13,000-post spike against 50)', () => {
    const a = logNegBinomUpperTail(5_000, 50, 0.3);
    const b = logNegBinomUpperTail(13_000, 50, 0.3);
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
    expect(b).toBeLessThan(a);
    expect(surprise(b)).toBeGreaterThan(100);
  });

  it('is a decreasing function of the count, between 0 and 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), fc.integer({ min: 0, max: 2000 }), (mean, k, x) => {
        const here = logNegBinomUpperTail(x, mean, k);
        const next = logNegBinomUpperTail(x + 1, mean, k);
        return here <= 1e-12 && next <= here + 1e-9;
      }),
    );
  });

  it('inverts to quantiles consistent with the tail', () => {
    const logP = -6 * Math.LN10;
    for (const [mean, k] of [
      [80, 0.1],
      [3, 0.5],
      [0.2, 2],
    ] as const) {
      const q = negBinomUpperQuantile(logP, mean, k);
      expect(logNegBinomUpperTail(q, mean, k)).toBeLessThanOrEqual(logP);
      expect(logNegBinomUpperTail(q - 1, mean, k)).toBeGreaterThan(logP);
      expect(negBinomLowerQuantile(logP, mean, k)).toBeLessThanOrEqual(mean);
    }
  });
});

describe('binomial and normal tails', () => {
  it('binomial tail matches a direct sum', () => {
    const n = 20;
    const p = 0.3;
    let tail = 0;
    for (let k = 12; k <= n; k++) tail += Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
    expect(Math.exp(logBinomialUpperTail(12, n, p))).toBeCloseTo(tail, 12);
  });

  it('normal tail: known values and no underflow', () => {
    expect(Math.exp(logNormalUpperTail(0))).toBeCloseTo(0.5, 12);
    expect(Math.exp(logNormalUpperTail(1.959963984540054))).toBeCloseTo(0.025, 10);
    expect(Math.exp(logNormalUpperTail(-1))).toBeCloseTo(0.8413447460685429, 10);
    expect(surprise(logNormalUpperTail(40))).toBeGreaterThan(300);
  });
});
