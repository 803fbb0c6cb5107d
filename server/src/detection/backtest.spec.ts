import { describe, it, expect } from '@jest/globals';
import { backtest, type BacktestRow } from './backtest.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 4, 11, 17, 0);

function rows(days: number, surgeAt: number, surgeMinutes: number): BacktestRow[] {
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: BacktestRow[] = [];
  for (let m = 0; m < days * 1440; m++) {
    const hour = ((m / 60 + 7) % 24 + 24) % 24;
    const mean = 10 * (0.3 + 0.7 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24))) * (m >= surgeAt && m < surgeAt + surgeMinutes ? 8 : 1);
    const volume = Math.max(0, Math.round(mean + (rand() - 0.5) * 2 * Math.sqrt(3 * mean)));
    // Rollups exist only for minutes with posts: zeros are simply absent.
    if (volume > 0) out.push({ minute: new Date(T0 + m * MINUTE), volume, negative: Math.round(volume * 0.3) });
  }
  return out;
}

describe('backtest', () => {
  it('reports per-minute expectation, band and score, and the decisions the live path would raise', () => {
    const surge = 2 * 1440 + 19 * 60;
    const history = rows(3, surge, 20);
    const from = new Date(T0 + 2 * 1440 * MINUTE);
    const r = backtest(history, { programId: 'p1', from });
    expect(r.windowMinutes).toBe(1);
    expect(r.points).toHaveLength(1440 - (1440 * 3 - 1 - Math.floor((history[history.length - 1]!.minute.getTime() - T0) / MINUTE)));
    expect(r.points[0]!.at).toBe(new Date(from.getTime() + MINUTE).toISOString());
    for (const p of r.points) {
      expect(p.volume.band.lower).toBeLessThanOrEqual(Math.max(p.volume.expected, p.volume.band.lower));
      expect(p.volume.band.upper).toBeGreaterThanOrEqual(p.volume.expected);
      expect(p.volume.score).toBeGreaterThanOrEqual(0);
      expect(p.volume.score).toBeLessThanOrEqual(1);
      expect(p.negativeShare.expected).toBeGreaterThan(0);
    }
    const spikes = r.decisions.filter((d) => d.kind === 'volume_spike');
    expect(spikes).toHaveLength(1);
    const at = (Date.parse(spikes[0]!.at) - T0) / MINUTE;
    expect(at - surge).toBeGreaterThanOrEqual(0);
    expect(at - surge).toBeLessThanOrEqual(4);
    expect(spikes[0]!.programId).toBe('p1');
    // Higher sensitivity never finds less.
    expect(backtest(history, { from, sensitivity: 'high' }).decisions.length).toBeGreaterThanOrEqual(r.decisions.length);
  });

  it('answers nothing for no history', () => {
    expect(backtest([])).toEqual({ windowMinutes: 1, points: [], decisions: [] });
  });
});
