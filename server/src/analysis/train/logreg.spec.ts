import { describe, it, expect } from '@jest/globals';
import { Normalizer } from '../normalize.js';
import { DEFAULT_ID_FEATURES, featureKey, parseFeatureKey, F_DOC, F_NEG, F_NEG_STEM, F_PAIR, F_STEM, F_WORD } from '../id-features.js';
import { buildIndex, buildRows, scoreLabels, stratifiedFolds } from './dataset.js';
import { fitLogReg, logitsOf } from './logreg.js';

// A tiny corpus in the training text's style: the trainer's pieces must fit it perfectly and alike every time.
const corpus: Array<[string, number]> = [
  ['makanan nya enak sekali', 2],
  ['tempat nya bagus dan nyaman', 2],
  ['pelayanan ramah , mantap', 2],
  ['rasa nya tidak enak', 0],
  ['pelayanan buruk dan lambat', 0],
  ['kecewa , tempat nya kotor', 0],
  ['restoran ini buka jam 10', 1],
  ['lokasi nya di jalan braga', 1],
  ['menu nya ada nasi dan mi', 1],
];

function prepare() {
  const normalizer = new Normalizer(new Set(corpus.flatMap(([t]) => t.split(' '))));
  const docs = corpus.map(([t]) => normalizer.normalize(t));
  const labels = corpus.map(([, l]) => l);
  const opt = { ...DEFAULT_ID_FEATURES, stems: false };
  const index = buildIndex(docs, opt, 1);
  return { docs, labels, opt, index, rows: buildRows(docs, labels, index, opt) };
}

describe('training pieces', () => {
  it('fits a small corpus and is deterministic', () => {
    const { rows } = prepare();
    const a = fitLogReg(rows, { classes: 3, l2: 1e-3 });
    const b = fitLogReg(rows, { classes: 3, l2: 1e-3 });
    expect(Buffer.from(a.w.buffer).equals(Buffer.from(b.w.buffer))).toBe(true);
    const z = new Float64Array(3);
    const pred = corpus.map((_, r) => {
      logitsOf(a, rows, r, z);
      return z.indexOf(Math.max(...z));
    });
    expect(scoreLabels(corpus.map(([, l]) => l), pred).accuracy).toBe(1);
  });

  it('marks negated words and keeps pairs within a clause', () => {
    const { index } = prepare();
    expect(index.has('¬enak')).toBe(true);
    expect(index.has('tidak enak')).toBe(true);
    // "ramah , mantap": the comma ends the clause, so no pair crosses it.
    expect(index.has('ramah mantap')).toBe(false);
  });

  it('round-trips feature keys', () => {
    for (const [kind, a, b] of [
      [F_WORD, 'enak', ''],
      [F_NEG, 'enak', ''],
      [F_STEM, 'kecewa', ''],
      [F_NEG_STEM, 'kecewa', ''],
      [F_PAIR, 'tidak', 'enak'],
      [F_DOC, 'len3', ''],
    ] as const) {
      expect(parseFeatureKey(featureKey(kind, a, b))).toEqual({ kind, a, b });
    }
  });

  it('scores macro-F1 and recall', () => {
    expect(scoreLabels([0, 1, 2, 2], [0, 1, 2, 2])).toEqual({ macroF1: 1, macroRecall: 1, accuracy: 1 });
    const s = scoreLabels([0, 0, 1, 2], [0, 1, 1, 1]);
    expect(s.macroRecall).toBeCloseTo((0.5 + 1 + 0) / 3);
  });

  it('makes stratified folds from a seed', () => {
    const labels = Array.from({ length: 36 }, (_, i) => i % 3);
    const f = stratifiedFolds(labels, 3, 1);
    expect([...f]).toEqual([...stratifiedFolds(labels, 3, 1)]);
    for (let k = 0; k < 3; k++) for (let c = 0; c < 3; c++) expect(labels.filter((l, i) => l === c && f[i] === k)).toHaveLength(4);
  });
});
