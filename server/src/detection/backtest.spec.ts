import { describe, it, expect } from '@jest/globals';
import { backtest, type BacktestRow } from './backtest.js';
import { seededRandom } from '../common/random.js';

const MINUTE = 60_000;
const DAY = 1440;
/** Monday 2025-05-12 00:00 in Jakarta. */
const T0 = Date.UTC(2025, 4, 11, 17, 0);
const SURGE = 2 * DAY + 19 * 60;

/** Jakarta daily rhythm around 10 posts a minute, a third of them negative; eight times that for `surgeMinutes`. */
function rows(days: number, surgeAt: number, surgeMinutes: number): BacktestRow[] {
  const rand = seededRandom(11);
  const out: BacktestRow[] = [];
  for (let m = 0; m < days * DAY; m++) {
    const hour = (((m / 60 + 7) % 24) + 24) % 24;
    const mean = 10 * (0.3 + 0.7 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24))) * (m >= surgeAt && m < surgeAt + surgeMinutes ? 8 : 1);
    const volume = Math.max(0, Math.round(mean + (rand() - 0.5) * 2 * Math.sqrt(3 * mean)));
    // Rollups exist only for minutes with posts: zeros are simply absent.
    if (volume > 0) out.push({ minute: new Date(T0 + m * MINUTE), volume, negative: Math.round(volume * 0.3) });
  }
  return out;
}

const minuteOf = (iso: string): number => (Date.parse(iso) - T0) / MINUTE;

describe('backtest', () => {
  const history = rows(3, SURGE, 20);
  const byMinute = new Map(history.map((r) => [(r.minute.getTime() - T0) / MINUTE, r]));
  const from = new Date(T0 + 2 * DAY * MINUTE);
  const result = backtest(history, { programId: 'p1', from });

  it('reports one point per minute from `from` to the last row, judged at the minute’s end', () => {
    const last = (history[history.length - 1]!.minute.getTime() - T0) / MINUTE;
    expect(result.windowMinutes).toBe(1);
    expect(result.points).toHaveLength(last - 2 * DAY + 1);
    result.points.forEach((p, i) => {
      const m = 2 * DAY + i;
      expect(p.at).toBe(new Date(T0 + (m + 1) * MINUTE).toISOString());
      // A minute without a row is a zero, not a gap.
      expect(p.value).toBe(byMinute.get(m)?.volume ?? 0);
      // The primary window is that one minute.
      expect(p.volume.observed).toBe(p.value);
      expect(p.negative.observed).toBe(byMinute.get(m)?.negative ?? 0);
    });
  });

  it('gives every point an expectation inside its band and a score in [0, 1)', () => {
    for (const p of result.points) {
      expect(p.volume.band.lower).toBeLessThanOrEqual(p.volume.expected);
      expect(p.volume.band.upper).toBeGreaterThan(p.volume.expected);
      expect(p.volume.score).toBeGreaterThanOrEqual(0);
      expect(p.volume.score).toBeLessThan(1);
      expect(p.negativeShare.band.lower).toBeLessThanOrEqual(p.negativeShare.expected);
      expect(p.negativeShare.band.upper).toBeGreaterThan(p.negativeShare.expected);
    }
  });

  it('expects what the history taught: the daily rhythm and the usual negative share', () => {
    const at = (hourLocal: number) => result.points.filter((p) => Math.floor((((minuteOf(p.at) - 1) / 60 + 7) % 24)) === hourLocal);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    // Quietest around 03:00 local (3 posts a minute), busiest around 15:00 (10).
    const night = mean(at(3).map((p) => p.volume.expected));
    const afternoon = mean(at(15).map((p) => p.volume.expected));
    expect(night).toBeGreaterThan(2);
    expect(night).toBeLessThan(5);
    expect(afternoon).toBeGreaterThan(8);
    expect(afternoon).toBeLessThan(12);
    for (const p of result.points.slice(60)) {
      expect(p.negativeShare.expected).toBeGreaterThan(0.25);
      expect(p.negativeShare.expected).toBeLessThan(0.35);
    }
  });

  it('raises one volume_spike within minutes of the surge, explained by the minute it judged', () => {
    const spikes = result.decisions.filter((d) => d.kind === 'volume_spike');
    expect(spikes).toHaveLength(1);
    const spike = spikes[0]!;
    const m = minuteOf(spike.at) - 1;
    expect(m - SURGE).toBeGreaterThanOrEqual(0);
    expect(m - SURGE).toBeLessThanOrEqual(4);
    expect(spike.programId).toBe('p1');
    expect(spike.observed).toBeGreaterThan(spike.band.upper);
    const point = result.points.find((p) => p.at === spike.at)!;
    expect(point.volume.score).toBeGreaterThanOrEqual(0.5);
    // Negative posts are a fixed share of the surge: they spike too, and the share does not move.
    expect(result.decisions.filter((d) => d.kind === 'negative_spike')).toHaveLength(1);
    expect(result.decisions.some((d) => d.kind === 'negative_share_shift')).toBe(false);
    // Nothing is raised outside the surge.
    for (const d of result.decisions) expect(minuteOf(d.at) - 1 - SURGE).toBeLessThan(20);
  });

  it('does not announce an episode already under way at `from`', () => {
    const late = backtest(history, { from: new Date(T0 + (SURGE + 6) * MINUTE) });
    expect(late.points[0]!.volume.score).toBeGreaterThanOrEqual(0.5);
    expect(late.decisions.filter((d) => d.kind === 'volume_spike')).toEqual([]);
  });

  it('stops at `to`, follows the sensitivity and the volume floor', () => {
    const to = new Date(T0 + (2 * DAY + 60) * MINUTE);
    const short = backtest(history, { from, to });
    expect(short.points).toHaveLength(60);
    expect(short.points[59]!.at).toBe(to.toISOString());
    expect(backtest(history, { from, sensitivity: 'high' }).decisions.length).toBeGreaterThanOrEqual(result.decisions.length);
    expect(backtest(history, { from, sensitivity: 'low' }).decisions.length).toBeLessThanOrEqual(result.decisions.length);
    expect(backtest(history, { from, minVolume: 10_000 }).decisions.filter((d) => d.kind !== 'negative_share_shift')).toEqual([]);
  });

  it('answers nothing for no history', () => {
    expect(backtest([])).toEqual({ windowMinutes: 1, pointStep: 1, points: [], decisions: [] });
  });
});
