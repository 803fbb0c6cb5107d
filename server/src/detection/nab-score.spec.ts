import { describe, it, expect } from '@jest/globals';
import { NAB_PROFILES, nabNormalize, nabRowWeights, nabScoreCorpus, nabScoreFile, probationaryLength, scaledSigmoid } from './nab-score.js';

const times = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const detectAt = (n: number, rows: number[]): boolean[] => Array.from({ length: n }, (_, i) => rows.includes(i));

describe('scaled sigmoid', () => {
  it('has the published values', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBeCloseTo(0, 12);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });
});

describe('probation', () => {
  it('is 15% of the rows, at most 750', () => {
    expect(probationaryLength(100)).toBe(15);
    expect(probationaryLength(15_902)).toBe(750);
    expect(probationaryLength(7)).toBe(1);
  });
});

describe('nabScoreFile', () => {
  // SCORING.md §10 (NAB tests/integration/scorer_test.py::testScoringAllMetrics): n = 100, no probation, windows
  // of 5 rows; detections at window 1's first row, the row after, and 3 rows after it ends.
  it('reproduces NAB’s own worked example', () => {
    const n = 100;
    const windows = [
      [10, 14],
      [50, 54],
    ] as const;
    // NAB's test has no probation: prepend exactly the rows probation drops (floor(0.15 × 117) = 17).
    const pad = 17;
    const t = times(n + pad);
    const shifted = windows.map(([a, b]) => [a + pad, b + pad] as const);
    const r = nabScoreFile(t, detectAt(n + pad, [10 + pad, 11 + pad, 17 + pad]), shifted, { tpWeight: 1, fnWeight: 1, fpWeight: 1 });
    expect(r.score).toBeCloseTo(-0.954, 3);
    expect(r.tp).toBe(2);
    expect(r.fp).toBe(1);
    expect(r.fn).toBe(8);
    expect(r.tn).toBe(89);
  });

  it('scores a tiny file by hand', () => {
    // 20 rows → probation 3 rows. One window [8, 11] (4 rows), standard profile.
    const n = 20;
    const w = [[8, 11]] as const;
    const p = NAB_PROFILES.standard;
    const { weights, probation } = nabRowWeights(times(n), w, p);
    expect(probation).toBe(3);
    // Before any window a false positive costs the full fpWeight.
    expect(weights[5]).toBeCloseTo(-0.11, 12);
    // The window's first row is worth exactly tpWeight; its last about scaledSigmoid(-1/4)/maxTP.
    expect(weights[8]).toBeCloseTo(1, 12);
    expect(weights[11]).toBeCloseTo(scaledSigmoid(-0.25) / scaledSigmoid(-1), 12);
    // After the window: scaledSigmoid(distance / (width - 1)) × fpWeight; 2 rows after → 2/3.
    expect(weights[13]).toBeCloseTo(scaledSigmoid(2 / 3) * 0.11, 12);
    // Detection on row 9 (position -3/4) and a false positive on row 13.
    const r = nabScoreFile(times(n), detectAt(n, [9, 13]), w, p);
    const expected = scaledSigmoid(-0.75) / scaledSigmoid(-1) + scaledSigmoid(2 / 3) * 0.11;
    expect(r.score).toBeCloseTo(expected, 12);
    expect(r.windowsDetected).toBe(1);
    // A miss costs fnWeight; detections inside probation do not count.
    expect(nabScoreFile(times(n), detectAt(n, [1, 2]), w, p).score).toBeCloseTo(-1, 12);
    // Only the best detection of a window counts.
    expect(nabScoreFile(times(n), detectAt(n, [8, 9, 10, 11]), w, p).score).toBeCloseTo(1, 12);
  });

  it('normalises between the null detector (0) and a perfect one (100)', () => {
    const n = 40;
    const w = [
      [10, 13],
      [25, 28],
    ] as const;
    const files = (rows: number[]) => [{ name: 'f', times: times(n), detections: detectAt(n, rows), windows: w }];
    expect(nabScoreCorpus(files([]), 'standard').score).toBeCloseTo(0, 12);
    expect(nabScoreCorpus(files([10, 25]), 'standard').score).toBeCloseTo(100, 12);
    expect(nabScoreCorpus(files([]), 'reward_low_FN_rate').score).toBeCloseTo(0, 12);
    expect(nabNormalize(-14, 14, NAB_PROFILES.standard)).toBe(0);
    expect(nabNormalize(14, 14, NAB_PROFILES.standard)).toBe(100);
    expect(nabNormalize(0, 14, NAB_PROFILES.reward_low_FN_rate)).toBeCloseTo((100 * 28) / 42, 12);
  });

  it('refuses windows that do not land on rows', () => {
    expect(() => nabRowWeights([0, 1, 2], [[0.5, 2]], NAB_PROFILES.standard)).toThrow(/rows/);
  });
});
