/**
 * Count-distribution tails for the detectors. Everything works in log space: a 13,000-post spike against an
 * expectation of 50 has a tail probability far below what a double can hold, and the score still has to order it.
 */

// Read once per module: inside a vm context (every Jest suite) each read of a global is a call into the context's
// interceptor, and these numeric loops ran ten times slower under Jest than in the server.
const Math = globalThis.Math;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b);

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  // Converges in O(sqrt(max(a, b))) steps: a few hundred even for the largest counts we see.
  for (let m = 1; m <= 5000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-13) break;
  }
  return h;
}

/** ln I_x(a, b), the log of the regularized incomplete beta function. */
export function logBetaIncReg(a: number, b: number, x: number): number {
  if (x <= 0) return -Infinity;
  if (x >= 1) return 0;
  const front = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return front + Math.log(betaContinuedFraction(a, b, x)) - Math.log(a);
  // The other side converges: I_x(a, b) = 1 - I_{1-x}(b, a).
  const other = Math.exp(front + Math.log(betaContinuedFraction(b, a, 1 - x)) - Math.log(b));
  return Math.log1p(-Math.min(other, 1));
}

/** ln P(a, x) and ln Q(a, x) = ln(1 − P(a, x)), the regularized incomplete gamma functions, each without cancellation. */
function logGammaInc(a: number, x: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: -Infinity, upper: 0 };
  const front = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Series for P.
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-15) break;
    }
    const lower = front + Math.log(sum);
    return { lower, upper: Math.log1p(-Math.min(Math.exp(lower), 1)) };
  }
  // Continued fraction for Q.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  const upper = front + Math.log(h);
  return { lower: Math.log1p(-Math.min(Math.exp(upper), 1)), upper };
}

/** ln P(a, x), the log of the regularized lower incomplete gamma function. */
export const logGammaIncLower = (a: number, x: number): number => logGammaInc(a, x).lower;

/** ln P(Z ≥ z) for a standard normal Z (exact in the far tail, where 1 − Φ underflows). */
export function logNormalUpperTail(z: number): number {
  if (z < 0) return Math.log1p(-Math.exp(logNormalUpperTail(-z)));
  // P(Z ≥ z) = Q(1/2, z²/2) / 2.
  return Math.log(0.5) + logGammaInc(0.5, (z * z) / 2).upper;
}

/** Beyond this size the negative binomial is a Poisson for every count we meet. */
const POISSON_SIZE = 1e7;

/**
 * ln P(X ≥ x) for a negative binomial with mean `mean` and variance mean + dispersion·mean², continuous in x
 * (non-integer counts, e.g. a partial minute's expectation, interpolate smoothly). dispersion 0 is Poisson.
 */
export function logNegBinomUpperTail(x: number, mean: number, dispersion: number): number {
  if (x <= 0) return 0;
  if (mean <= 0) return -Infinity;
  const size = dispersion > 0 ? 1 / dispersion : Infinity;
  // P(X ≥ x) for a Poisson is P(x, mean); for a negative binomial I_{mean/(size+mean)}(x, size).
  if (size >= POISSON_SIZE) return logGammaIncLower(x, mean);
  return logBetaIncReg(x, size, mean / (size + mean));
}

/** ln P(X ≥ x) for a binomial(n, p), continuous in x and n: I_p(x, n − x + 1). */
export function logBinomialUpperTail(x: number, n: number, p: number): number {
  if (x <= 0) return 0;
  if (x > n) return -Infinity;
  if (p <= 0) return -Infinity;
  if (p >= 1) return 0;
  return logBetaIncReg(x, n - x + 1, p);
}

/**
 * Smallest whole count c ≥ 0 with ln P(X ≥ c) ≤ logP: the count at which an observation becomes that
 * surprising. Bisection on a monotone tail; used for explanation bands only, never on the hot path.
 */
export function negBinomUpperQuantile(logP: number, mean: number, dispersion: number): number {
  if (mean <= 0) return 0;
  let lo = 0;
  let hi = Math.max(1, Math.ceil(mean));
  while (logNegBinomUpperTail(hi, mean, dispersion) > logP) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return hi;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (logNegBinomUpperTail(mid, mean, dispersion) > logP) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Largest whole count c with P(X ≤ c) ≤ exp(logP), or 0: the lower edge of the normal range. P(X ≤ c) =
 * 1 − P(X ≥ c + 1).
 */
export function negBinomLowerQuantile(logP: number, mean: number, dispersion: number): number {
  if (mean <= 0) return 0;
  const p = Math.exp(logP);
  const cdf = (c: number): number => -Math.expm1(logNegBinomUpperTail(c + 1, mean, dispersion));
  if (cdf(0) > p) return 0;
  let lo = 0;
  let hi = Math.max(1, Math.ceil(mean));
  while (cdf(hi) <= p) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (cdf(mid) <= p) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** −log10 of a natural-log probability: the "surprise" unit thresholds are written in. */
export const surprise = (logP: number): number => -logP / Math.LN10;
