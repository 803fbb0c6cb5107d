import { readFileSync } from 'node:fs';
import { emitPostFeatures, featureKey, type FeatureDoc, type IdFeatureOptions } from '../id-features.js';
import type { SparseRows } from './logreg.js';
import { seededRandom } from '../../common/random.js';

export const LABELS = ['negative', 'neutral', 'positive'] as const;
export type Label = (typeof LABELS)[number];

export interface Example {
  text: string;
  label: number;
}

/** SmSA's layout: text, tab, label word; one example a line. */
export function readSmsa(path: string): Example[] {
  const out: Example[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const tab = line.lastIndexOf('\t');
    const label = LABELS.indexOf(line.slice(tab + 1).trim() as Label);
    if (tab < 0 || label < 0) throw new Error(`unexpected line in ${path}: ${line.slice(0, 80)}`);
    out.push({ text: line.slice(0, tab), label });
  }
  return out;
}

/** Feature key → column, for keys found in at least `minDf` training documents; sorted, so stable. */
export function buildIndex(docs: readonly FeatureDoc[], opt: IdFeatureOptions, minDf: number, stem?: (w: string) => string): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) {
    const seen = new Set<string>();
    emitPostFeatures(doc, opt, (kind, a, b) => seen.add(featureKey(kind, a, b)), stem);
    for (const key of seen) df.set(key, (df.get(key) ?? 0) + 1);
  }
  const keys = [...df].filter(([, c]) => c >= minDf).map(([k]) => k);
  keys.sort();
  return new Map(keys.map((k, i) => [k, i]));
}

/**
 * Rows as the scorer computes them: each occurrence adds its value to its key, and the row is divided
 * by the root of the summed squares of all occurrence values, known keys or not.
 */
export function buildRows(docs: readonly FeatureDoc[], labels: ArrayLike<number>, index: Map<string, number>, opt: IdFeatureOptions, stem?: (w: string) => string): SparseRows {
  const indptr = new Int32Array(docs.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  docs.forEach((doc, r) => {
    const acc = new Map<number, number>();
    let sq = 0;
    emitPostFeatures(doc, opt, (kind, a, b, _t, v) => {
      sq += v * v;
      const col = index.get(featureKey(kind, a, b));
      if (col !== undefined) acc.set(col, (acc.get(col) ?? 0) + v);
    }, stem);
    const norm = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (const [col, v] of [...acc].sort((a, b) => a[0] - b[0])) {
      indices.push(col);
      values.push(v * norm);
    }
    indptr[r + 1] = indices.length;
  });
  return { indptr, indices: Int32Array.from(indices), values: Float32Array.from(values), labels: Uint8Array.from(labels), features: index.size };
}

/** Macro-averaged F1 and recall over the classes, plus accuracy. */
export function scoreLabels(gold: ArrayLike<number>, pred: ArrayLike<number>, classes = 3): { macroF1: number; macroRecall: number; accuracy: number } {
  let f1 = 0;
  let recall = 0;
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) correct++;
  for (let c = 0; c < classes; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === c && gold[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    f1 += p + r ? (2 * p * r) / (p + r) : 0;
    recall += r;
  }
  return { macroF1: f1 / classes, macroRecall: recall / classes, accuracy: correct / Math.max(1, gold.length) };
}


/** Fold number per example, stratified by label. */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  const rand = seededRandom(seed);
  const fold = new Int32Array(labels.length);
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byLabel.get(labels[i]!) ?? [];
    list.push(i);
    byLabel.set(labels[i]!, list);
  }
  for (const [, list] of [...byLabel].sort((a, b) => a[0] - b[0])) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    list.forEach((idx, pos) => (fold[idx] = pos % k));
  }
  return fold;
}
