// Multinomial logistic regression with L2, fitted by L-BFGS over sparse rows. Full-batch and
// free of randomness, so a fit is the same on every machine.

export interface SparseRows {
  /** Row r holds entries indptr[r] .. indptr[r+1]-1. */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  labels: Uint8Array;
  features: number;
}

export interface FitOptions {
  classes: number;
  l2: number;
  /** Per-class weight of the loss (e.g. to lift a rare class); all ones by default. */
  classWeights?: number[];
  maxIter?: number;
  tol?: number;
}

export interface LinearModel {
  classes: number;
  features: number;
  /** features × classes, row-major, then `classes` biases. */
  w: Float64Array;
}

/** Class scores (logits) of row r. */
export function logitsOf(m: LinearModel, x: SparseRows, r: number, out: Float64Array): void {
  const K = m.classes;
  const bias = m.features * K;
  for (let k = 0; k < K; k++) out[k] = m.w[bias + k]!;
  for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
    const base = x.indices[p]! * K;
    const v = x.values[p]!;
    for (let k = 0; k < K; k++) out[k]! += v * m.w[base + k]!;
  }
}

export function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp(z[k]! - max);
    sum += z[k]!;
  }
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
}

function lossAndGrad(w: Float64Array, x: SparseRows, opt: FitOptions, grad: Float64Array): number {
  const K = opt.classes;
  const F = x.features;
  const n = x.labels.length;
  const cw = opt.classWeights;
  grad.fill(0);
  const z = new Float64Array(K);
  const m: LinearModel = { classes: K, features: F, w };
  let loss = 0;
  let totalWeight = 0;
  for (let r = 0; r < n; r++) totalWeight += cw ? cw[x.labels[r]!]! : 1;
  for (let r = 0; r < n; r++) {
    const y = x.labels[r]!;
    const rw = (cw ? cw[y]! : 1) / totalWeight;
    logitsOf(m, x, r, z);
    softmaxInPlace(z);
    loss -= rw * Math.log(Math.max(z[y]!, 1e-300));
    z[y]! -= 1;
    for (let k = 0; k < K; k++) z[k]! *= rw;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
      const base = x.indices[p]! * K;
      const v = x.values[p]!;
      for (let k = 0; k < K; k++) grad[base + k]! += v * z[k]!;
    }
    for (let k = 0; k < K; k++) grad[F * K + k]! += z[k]!;
  }
  // The biases go unregularised.
  for (let i = 0; i < F * K; i++) {
    loss += 0.5 * opt.l2 * w[i]! * w[i]!;
    grad[i]! += opt.l2 * w[i]!;
  }
  return loss;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Fits the model; deterministic for the same rows and options. */
export function fitLogReg(x: SparseRows, opt: FitOptions): LinearModel {
  const K = opt.classes;
  const dim = (x.features + 1) * K;
  const maxIter = opt.maxIter ?? 300;
  const tol = opt.tol ?? 1e-6;
  const history = 10;
  let w = new Float64Array(dim);
  let g = new Float64Array(dim);
  let f = lossAndGrad(w, x, opt, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(dim);
  const alpha = new Array<number>(history).fill(0);
  for (let iter = 0; iter < maxIter; iter++) {
    // Two-loop recursion: d = -H g.
    d.set(g);
    for (let i = S.length - 1; i >= 0; i--) {
      alpha[i] = rho[i]! * dot(S[i]!, d);
      const yi = Y[i]!;
      for (let j = 0; j < dim; j++) d[j]! -= alpha[i]! * yi[j]!;
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let j = 0; j < dim; j++) d[j]! *= gamma;
    } else {
      const gn = Math.sqrt(dot(g, g));
      for (let j = 0; j < dim; j++) d[j]! /= Math.max(gn, 1);
    }
    for (let i = 0; i < S.length; i++) {
      const beta = rho[i]! * dot(Y[i]!, d);
      const si = S[i]!;
      for (let j = 0; j < dim; j++) d[j]! += si[j]! * (alpha[i]! - beta);
    }
    for (let j = 0; j < dim; j++) d[j] = -d[j]!;
    let slope = dot(g, d);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let j = 0; j < dim; j++) d[j] = -g[j]!;
      slope = dot(g, d);
    }
    // Backtracking line search (Armijo).
    let step = 1;
    const wNew = new Float64Array(dim);
    const gNew = new Float64Array(dim);
    let fNew = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < dim; j++) wNew[j] = w[j]! + step * d[j]!;
      fNew = lossAndGrad(wNew, x, opt, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    const s = new Float64Array(dim);
    const yv = new Float64Array(dim);
    for (let j = 0; j < dim; j++) {
      s[j] = wNew[j]! - w[j]!;
      yv[j] = gNew[j]! - g[j]!;
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      if (S.length === history) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const done = Math.abs(f - fNew) <= tol * Math.max(1, Math.abs(f));
    w = wNew;
    g = gNew;
    f = fNew;
    if (done) break;
  }
  return { classes: K, features: x.features, w };
}
