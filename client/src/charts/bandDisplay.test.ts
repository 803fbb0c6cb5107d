import { describe, expect, it } from '@jest/globals';
import { dataMaximum, displayedBand, splitByLearning } from './bandDisplay';

describe('the band as drawn', () => {
  it('is capped to the data’s range, so a learning band never sets the scale', () => {
    // A new program at 8–17 posts a minute whose first band reached 400–750 (the first-hour defect).
    const series = [{ points: [8, 12, 17, 9].map((y, x) => ({ x, y })) }, { points: [2, 3, 4, 1].map((y, x) => ({ x, y })) }];
    const max = dataMaximum(series);
    expect(max).toBe(17);
    const shown = displayedBand(
      [
        { x: 0, lower: 0, upper: 750, learning: true },
        { x: 1, lower: 0, upper: 400, learning: true },
        { x: 2, lower: 3, upper: 15 },
        { x: 3, lower: 20, upper: 30 },
      ],
      max,
    );
    for (const p of shown.points) {
      expect(p.upper).toBeLessThanOrEqual(max);
      expect(p.lower).toBeLessThanOrEqual(p.upper);
    }
    expect(shown.points.map((p) => p.capped)).toEqual([true, true, false, true]);
    expect(shown.points[2]).toMatchObject({ lower: 3, upper: 15, learning: false });
    expect(shown).toMatchObject({ learning: true, capped: true });
  });

  it('keeps a band inside the data as it is, and says nothing is learning', () => {
    const shown = displayedBand([{ x: 0, lower: 1, upper: 5 }], 10);
    expect(shown).toEqual({ points: [{ x: 0, lower: 1, upper: 5, learning: false, capped: false }], learning: false, capped: false });
  });

  it('caps at one post when there is no data yet', () => {
    expect(displayedBand([{ x: 0, lower: 0, upper: 40, learning: true }], dataMaximum([])).points[0]!.upper).toBe(1);
  });

  it('splits the learning stretch from the learnt one, joined where one turns into the other', () => {
    const points = [true, true, false, false].map((learning, x) => ({ x, learning }));
    const { learning, learnt } = splitByLearning(points);
    expect(learning.map((p) => p?.x ?? null)).toEqual([0, 1, 2, null]);
    expect(learnt.map((p) => p?.x ?? null)).toEqual([null, 1, 2, 3]);
  });
});
