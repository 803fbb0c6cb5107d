import { describe, expect, it } from '@jest/globals';
import type { BandResponse } from '@siaga/shared';
import { bandPoints } from './bandPoints';

const col = { expected: [3, 4, 5], lower: [1, 2, 2], upper: [7, 8, 9], learning: 2 };
const band: BandResponse = {
  programId: 'p',
  sensitivity: 'medium',
  from: '2026-11-26T08:02:00.000Z',
  to: '2026-11-26T08:20:00.000Z',
  bucket: '5m',
  windowMinutes: 1,
  stepMinutes: 5,
  start: '2026-11-26T08:00:00.000Z',
  volume: col,
  negative: { ...col, learning: 0 },
  negativeShare: { ...col, observed: [0.1, 0.2, 0.3] },
};

describe('bandPoints', () => {
  it('places bucket i at start + i steps, with the leading buckets still learning', () => {
    const start = Date.parse(band.start);
    expect(bandPoints(band, 'volume')).toEqual([
      { x: start, expected: 3, lower: 1, upper: 7, learning: true },
      { x: start + 5 * 60_000, expected: 4, lower: 2, upper: 8, learning: true },
      { x: start + 10 * 60_000, expected: 5, lower: 2, upper: 9, learning: false },
    ]);
    expect(bandPoints(band, 'negative').map((p) => p.learning)).toEqual([false, false, false]);
    expect(bandPoints(band, 'negativeShare').map((p) => p.observed)).toEqual([0.1, 0.2, 0.3]);
  });
});
