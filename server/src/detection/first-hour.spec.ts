import { describe, it, expect } from '@jest/globals';
import { backtest } from './backtest.js';
import { DetectionDriver, type MinuteDelta } from './driver.js';
import type { Decision } from './types.js';
import { seededRandom as rng } from '../common/random.js';
import { binomial, poisson as poissonCount } from '../../../test/support/counts.js';

/** Exact draws at every rate: this spec's fixtures were drawn that way. */
const poisson = (r: () => number, mean: number) => poissonCount(r, mean, Infinity);

const MINUTE = 60_000;
/** Tuesday 2025-05-13 10:00 Jakarta: a new program's first minute. */
const START = Date.UTC(2025, 4, 13, 3, 0);
/** Posts a minute of the new program: the demo's programs run at 8–17 outside their peaks. */
const RATE = 10;



interface Traffic {
  /** Posts a minute at minute m of the program's life. */
  rate: (m: number) => number;
  /** Negative share at minute m. */
  share: (m: number) => number;
}

/**
 * A program's life from its first minute, as the live driver sees it: three ingest batches a minute (at :10, :30,
 * :50), each judged at its arrival time (the injected clock). Answers the decisions with the minute they came in.
 */
function live(driver: DetectionDriver, minutes: number, t: Traffic, seed: number, programId = 'new'): { decisions: Array<Decision & { minute: number }>; rows: MinuteDelta[] } {
  const r = rng(seed);
  const decisions: Array<Decision & { minute: number }> = [];
  const rows: MinuteDelta[] = [];
  for (let m = 0; m < minutes; m++) {
    const start = START + m * MINUTE;
    for (const second of [10, 30, 50]) {
      const volume = poisson(r, t.rate(m) / 3);
      const negative = binomial(r, volume, t.share(m));
      const deltas = volume > 0 ? [{ programId, minute: new Date(start), volume, negative }] : [];
      rows.push(...deltas);
      for (const d of driver.ingest({ deltas }, new Date(start + second * 1000))) decisions.push({ ...d, minute: m });
    }
    driver.tick(new Date(start + 59_000));
  }
  return { decisions, rows };
}

const HISTORY = 30;
const steady: Traffic = { rate: () => RATE, share: () => 0.2 };
/** Five times the volume from minute 30, held for ten minutes. */
const volumeCrisis: Traffic = { rate: (m) => (m >= HISTORY && m < HISTORY + 10 ? 5 * RATE : RATE), share: () => 0.2 };
/** The negative share climbing from 20 % to 60 % over minutes 30–39, then staying there. */
const RAMP_END = HISTORY + 9;
const shareCrisis: Traffic = { rate: () => RATE, share: (m) => (m < HISTORY ? 0.2 : m <= RAMP_END ? 0.2 + (0.4 * (m - HISTORY + 1)) / 10 : 0.6) };

const SEEDS = [1, 2, 3, 4, 5, 6];

describe('detection in a new program’s first hour (no other program to learn from)', () => {
  it.each(SEEDS)('raises volume_spike within 5 minutes of a 5× rise after 30 minutes of history (seed %i)', (seed) => {
    const { decisions } = live(new DetectionDriver(), HISTORY + 10, volumeCrisis, seed);
    const volume = decisions.filter((d) => d.kind === 'volume_spike');
    expect(volume.length).toBe(1);
    // Minute 30 is the first of the rise: an alert in minutes 30–34 came within its first five minutes.
    expect(volume[0]!.minute).toBeGreaterThanOrEqual(HISTORY);
    expect(volume[0]!.minute).toBeLessThan(HISTORY + 5);
    expect(volume[0]!.observed).toBeGreaterThanOrEqual(volume[0]!.band.upper);
  });

  it.each(SEEDS)('raises negative_share_shift within 5 minutes of the share reaching 60 percent, with 30+ posts (seed %i)', (seed) => {
    const { decisions } = live(new DetectionDriver(), HISTORY + 20, shareCrisis, seed);
    const share = decisions.filter((d) => d.kind === 'negative_share_shift');
    expect(share.length).toBe(1);
    expect(share[0]!.minute).toBeGreaterThan(HISTORY);
    expect(share[0]!.minute).toBeLessThanOrEqual(RAMP_END + 5);
    expect(share[0]!.details?.totalPosts).toBeGreaterThanOrEqual(30);
    expect(share[0]!.expected).toBeLessThan(0.3);
  });

  it.each(SEEDS)('stays quiet through a new program’s ordinary first hours (seed %i)', (seed) => {
    expect(live(new DetectionDriver(), 180, steady, seed + 100).decisions).toEqual([]);
  });

  it('bands a new program as still learning, near its data rather than hundreds of posts above it', () => {
    const { rows } = live(new DetectionDriver(), HISTORY, steady, 7);
    const result = backtest(rows, { to: new Date(START + HISTORY * MINUTE) });
    const peak = Math.max(...result.points.map((p) => p.value));
    const judged = result.points.slice(15);
    for (const p of judged) {
      expect(p.volume.learning).toBe(true);
      expect(p.negativeShare.learning).toBe(true);
      // A minute's band at the alert threshold (p ≈ 1e-20) is wide by nature, but on the data's scale: a few
      // times its peak, not the 400–750 posts a minute of a prior that knew nothing.
      expect(p.volume.band.upper).toBeLessThan(4 * peak);
      expect(p.volume.band.lower).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('a new program next to programs that finished learning', () => {
  /** Two days of a program's minutes, near Poisson, as the warm-up reads them from the stored rollups. */
  function history(programId: string, days: number, rate: number, seed: number): MinuteDelta[] {
    const r = rng(seed);
    const out: MinuteDelta[] = [];
    for (let m = -days * 1440; m < 0; m++) {
      const volume = poisson(r, rate);
      if (volume > 0) out.push({ programId, minute: new Date(START + m * MINUTE), volume, negative: binomial(r, volume, 0.2) });
    }
    return out;
  }

  it('starts from the dispersions the others learnt, so it alerts as fast and stays as quiet', () => {
    const warm = () => {
      const driver = new DetectionDriver();
      driver.warmUp([...history('a', 2, 8, 1), ...history('b', 2, 20, 2)], new Date(START));
      return driver;
    };
    const probe = warm();
    probe.ingest({ deltas: [{ programId: 'new', minute: new Date(START), volume: 10, negative: 2 }] }, new Date(START + 10_000));
    const snap = probe.snapshot(new Date(START + 10_000));
    const fresh = snap.programs.find((p) => p.programId === 'new')!;
    // Taken from the others (near-Poisson minutes learn well under the built-in 0.02), not the built-in prior.
    expect(fresh.volume.prior).toHaveLength(4);
    for (const v of fresh.volume.prior!.slice(1)) expect(v).toBeLessThan(0.02);
    const spike = live(warm(), HISTORY + 10, volumeCrisis, 3).decisions.filter((d) => d.programId === 'new');
    expect(spike.map((d) => d.kind)).toContain('volume_spike');
    expect(spike.find((d) => d.kind === 'volume_spike')!.minute).toBeLessThan(HISTORY + 5);
    expect(live(warm(), 120, steady, 4).decisions.filter((d) => d.programId === 'new')).toEqual([]);
  });

  it('starts from its 30-day backfill when there is one: the backfilled days are learnt, not alerted', () => {
    const driver = new DetectionDriver();
    // A program created at START whose query matched two days of stored posts: the backfill publishes them in
    // chunks, oldest first, as rollups.changed with cause backfill.
    const backfill = history('new', 2, RATE, 9);
    const decisions: Decision[] = [];
    for (let i = 0; i < backfill.length; i += 500) decisions.push(...driver.ingest({ deltas: backfill.slice(i, i + 500) }, new Date(START + 5_000)));
    expect(decisions).toEqual([]);
    const state = driver.snapshot(new Date(START + 5_000)).programs[0]!;
    expect(state.volume.seen).toBeGreaterThan(2 * 1440 - 60);
    const result = live(driver, 10, { rate: (m) => (m >= 2 ? 5 * RATE : RATE), share: () => 0.2 }, 5);
    expect(result.decisions.filter((d) => d.kind === 'volume_spike').map((d) => d.minute)[0]).toBeLessThan(2 + 5);
  });
});
