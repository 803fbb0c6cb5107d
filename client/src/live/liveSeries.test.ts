import { describe, expect, it } from '@jest/globals';
import type { MetricsUpdate, OverviewResponse } from '@siaga/shared';
import { applyMetricsUpdate, applyToOverview, volumeDelta, type LiveSeries } from './liveSeries';

const PROGRAM = '11111111-1111-4111-8111-111111111111';
const NOW = Date.parse('2026-12-05T10:30:20Z');
const minute = (m: number) => new Date(Date.parse('2026-12-05T10:00:00Z') + m * 60_000).toISOString();
const update = (m: number, volume: number, negative: number): MetricsUpdate => ({ programId: PROGRAM, minute: minute(m), volume, positive: 0, neutral: volume - negative, negative });

function overview(lastHour: { volume: number; negative: number }): OverviewResponse {
  return {
    from: minute(0),
    to: new Date(NOW).toISOString(),
    bucketMinutes: 5,
    programs: [{ programId: PROGRAM, points: [{ t: minute(30), volume: 10, negative: 4 }], lastHour, currentMinute: 0, openAlerts: 0, acknowledgedAlerts: 0, worstSeverity: null }],
  };
}

describe('live minute totals', () => {
  const series: LiveSeries = applyMetricsUpdate({ points: [] }, update(28, 10, 2));

  it('a minute seen before moves by the difference, down as well as up (a relabel)', () => {
    expect(volumeDelta(series, update(28, 12, 3))).toEqual({ volume: 2, negative: 1 });
    expect(volumeDelta(series, update(28, 10, 0))).toEqual({ volume: 0, negative: -2 });
  });

  it('a minute not seen before adds its whole totals', () => {
    expect(volumeDelta(series, update(29, 7, 5))).toEqual({ volume: 7, negative: 5 });
    expect(volumeDelta(undefined, update(29, 7, 5))).toEqual({ volume: 7, negative: 5 });
  });

  it('the wall tiles follow a shrinking negative count, never below zero', () => {
    const next = applyToOverview(overview({ volume: 40, negative: 6 }), update(30, 10, 1), { volume: 0, negative: -3 }, NOW);
    expect(next.programs[0]!.lastHour).toEqual({ volume: 40, negative: 3 });
    expect(next.programs[0]!.points[0]).toEqual({ t: minute(30), volume: 10, negative: 1 });
    const floor = applyToOverview(overview({ volume: 2, negative: 1 }), update(30, 0, 0), { volume: -5, negative: -5 }, NOW);
    expect(floor.programs[0]!.lastHour).toEqual({ volume: 0, negative: 0 });
  });
});
