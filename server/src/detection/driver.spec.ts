import { describe, it, expect } from '@jest/globals';
import { renderExplanation } from '@siaga/shared';
import { DetectionDriver, type MinuteDelta } from './driver.js';
import type { Decision } from './types.js';
import { seededRandom as rng } from '../common/random.js';
import { binomial, poisson } from '../../../test/support/counts.js';

const MINUTE = 60_000;
const DAY = 1440;
/** Monday 2025-05-12 00:00 Jakarta; history runs before it, live traffic from it. */
const LIVE = Date.UTC(2025, 4, 11, 17, 0);




/** Posts a minute with a Jakarta daily rhythm. */
const usual = (ms: number, base = 20): number => {
  const hour = ((ms / 3_600_000 + 7) % 24 + 24) % 24;
  return base * (0.25 + 0.75 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24)));
};

function history(programId: string, days: number, seed = 1): MinuteDelta[] {
  const r = rng(seed);
  const out: MinuteDelta[] = [];
  for (let m = -days * DAY; m < 0; m++) {
    const ms = LIVE + m * MINUTE;
    const volume = poisson(r, usual(ms));
    if (volume > 0) out.push({ programId, minute: new Date(ms), volume, negative: binomial(r, volume, 0.3) });
  }
  return out;
}

interface Feed {
  minutes: number;
  rate?: (minute: number, usualRate: number) => number;
  negativeShare?: (minute: number) => number;
  programId?: string;
  seed?: number;
}

/** Live traffic: three batches a minute (at :10, :30, :50), each with that third of the minute's posts. */
function feed(driver: DetectionDriver, from: number, o: Feed): Array<Decision & { minute: number }> {
  const r = rng(o.seed ?? 2);
  const programId = o.programId ?? 'prog';
  const out: Array<Decision & { minute: number }> = [];
  for (let m = 0; m < o.minutes; m++) {
    const start = from + m * MINUTE;
    const mean = o.rate ? o.rate(m, usual(start)) : usual(start);
    for (const second of [10, 30, 50]) {
      const volume = poisson(r, mean / 3);
      const negative = binomial(r, volume, o.negativeShare?.(m) ?? 0.3);
      const deltas = volume > 0 ? [{ programId, minute: new Date(start), volume, negative }] : [];
      for (const d of driver.ingest({ deltas }, new Date(start + second * 1000))) out.push({ ...d, minute: m });
    }
  }
  return out;
}

function warmDriver(options: ConstructorParameters<typeof DetectionDriver>[0] = {}): DetectionDriver {
  const driver = new DetectionDriver({ now: () => new Date(LIVE), ...options });
  driver.warmUp(history('prog', 5), new Date(LIVE));
  return driver;
}

describe('DetectionDriver', () => {
  it('is quiet on ordinary traffic after warming up from stored rollups', () => {
    const driver = warmDriver();
    expect(feed(driver, LIVE, { minutes: 6 * 60 })).toEqual([]);
  });

  it('raises one explained volume_spike for one surge, as the data arrives', () => {
    const driver = warmDriver();
    const decisions = feed(driver, LIVE + 10 * 60 * MINUTE, { minutes: 90, rate: (m, u) => (m >= 30 && m < 60 ? u * 8 : u) });
    const volume = decisions.filter((d) => d.kind === 'volume_spike');
    expect(volume).toHaveLength(1);
    const d = volume[0]!;
    expect(d.minute - 30).toBeLessThanOrEqual(3);
    expect(d.programId).toBe('prog');
    expect(Date.parse(d.at) % MINUTE).not.toBe(0);
    // The band's upper edge is the first count as surprising as the threshold: at the alert, reached or passed.
    expect(d.observed).toBeGreaterThanOrEqual(d.band.upper);
    expect(d.band.lower).toBeLessThanOrEqual(d.expected);
    expect(d.expected).toBeLessThan(d.band.upper);
    expect(d.score).toBeGreaterThanOrEqual(0.5);
    expect(d.score).toBeLessThanOrEqual(1);
    expect(['warning', 'critical']).toContain(d.severityHint);
    expect(d.facts).toMatchObject({ kind: 'volume_spike', signal: 'spike', observed: d.observed, expected: d.expected, band: d.band });
    expect(renderExplanation(d.facts, 'en')).toMatch(/^[\d,]+ posts in the last (\d+ minutes|minute|hour), expected about [\d,]+ \(band [\d,]+–[\d,]+\)/);
    expect(d.details).toMatchObject({ sensitivity: 'medium', signal: 'spike' });
  });

  it('late data feeds the baselines but raises nothing about the past', () => {
    const driver = warmDriver();
    const now = LIVE + 10 * 60 * MINUTE;
    feed(driver, now - 30 * MINUTE, { minutes: 30 });
    const before = JSON.stringify(driver.snapshot().programs[0]!.volume.hours);
    // A backfill of a busy hour three hours ago, and of a busy day last week.
    const late: MinuteDelta[] = [];
    for (let m = 0; m < 60; m++) late.push({ programId: 'prog', minute: new Date(now - 3 * 3_600_000 + m * MINUTE), volume: 500, negative: 400 });
    for (let m = 0; m < 600; m++) late.push({ programId: 'prog', minute: new Date(now - 7 * DAY * MINUTE + m * MINUTE), volume: 300, negative: 250 });
    expect(driver.ingest({ deltas: late }, new Date(now))).toEqual([]);
    expect(JSON.stringify(driver.snapshot().programs[0]!.volume.hours)).not.toBe(before);
    // Ordinary traffic afterwards does not pick the backfill up either.
    expect(feed(driver, now, { minutes: 60 })).toEqual([]);
  });

  it('raises negative_spike and negative_share_shift when the conversation turns negative', () => {
    const driver = warmDriver();
    const decisions = feed(driver, LIVE + 11 * 60 * MINUTE, { minutes: 60, rate: (m, u) => (m >= 20 ? u * 2 : u), negativeShare: (m) => (m >= 20 ? 0.9 : 0.3) });
    const kinds = new Set(decisions.map((d) => d.kind));
    expect(kinds.has('negative_share_shift')).toBe(true);
    expect(kinds.has('negative_spike')).toBe(true);
    const share = decisions.find((d) => d.kind === 'negative_share_shift')!;
    expect(share.observed).toBeGreaterThan(share.band.upper);
    expect(share.expected).toBeGreaterThan(0.2);
    expect(share.expected).toBeLessThan(0.4);
    // The short window sees a sudden turn first, and says so.
    expect(share.facts).toMatchObject({ kind: 'negative_share_shift', windowMinutes: 5, observedShare: share.observed, expectedShare: share.expected });
    expect(renderExplanation(share.facts, 'en')).toMatch(/^\d+% of [\d,]+ posts in the last 5 minutes are negative, against a usual \d+%/);
    expect(share.details?.windowMinutes).toBe(5);
    expect(decisions.filter((d) => d.kind === 'negative_share_shift')).toHaveLength(1);
  });

  it('does not mistake the end of an ingestion outage for a spike', () => {
    const driver = warmDriver();
    feed(driver, LIVE + 6 * 60 * MINUTE, { minutes: 2 * 60 });
    // Three hours with no batch at all, then ordinary traffic again.
    expect(feed(driver, LIVE + 11 * 60 * MINUTE, { minutes: 90 })).toEqual([]);
  });

  it('high sensitivity raises what medium raises, and more', () => {
    const run = (sensitivity: 'medium' | 'high') => {
      const driver = warmDriver();
      driver.configure('prog', { sensitivity });
      return feed(driver, LIVE + 10 * 60 * MINUTE, { minutes: 75, rate: (m, u) => (m >= 30 && m < 70 ? u * 2.2 : u) }).filter((d) => d.kind === 'volume_spike');
    };
    const medium = run('medium');
    const high = run('high');
    expect(high.length).toBeGreaterThanOrEqual(medium.length);
    for (const d of medium) expect(high.some((h) => h.minute <= d.minute)).toBe(true);
    expect(high.length).toBeGreaterThan(0);
  });

  it('restores from a JSON snapshot and carries on identically', () => {
    const a = warmDriver();
    const b = DetectionDriver.restore(JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<DetectionDriver['snapshot']>, { now: () => new Date(LIVE) });
    const opts: Feed = { minutes: 60, rate: (m, u) => (m >= 30 && m < 45 ? u * 6 : u) };
    const strip = (ds: Decision[]) => ds.map((d) => `${d.kind}@${d.at}:${d.observed}`);
    expect(strip(feed(b, LIVE + 9 * 60 * MINUTE, opts))).toEqual(strip(feed(a, LIVE + 9 * 60 * MINUTE, opts)));
  });

  it('counts quiet minutes as zeros while ticks arrive, and an outage as a gap', () => {
    const driver = new DetectionDriver({ now: () => new Date(LIVE) });
    const m0 = LIVE / MINUTE;
    driver.ingest({ deltas: [{ programId: 'prog', minute: new Date(LIVE), volume: 5, negative: 1 }] }, new Date(LIVE + 10_000));
    // Ten minutes of ticks every 30 s and no data: minutes close two minutes (the grace) after they end.
    for (let tick = 1; tick <= 20; tick++) driver.tick(new Date(LIVE + tick * 30_000));
    const quiet = driver.snapshot().programs[0]!.volume;
    expect(quiet.foldedThrough).toBe(m0 + 7);
    expect(quiet.ring.map(([b, value]) => [b - m0, value])).toEqual([
      [0, 5],
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 0],
      [6, 0],
      [7, 0],
    ]);
    expect(quiet.seen).toBe(8);
    // No tick for two hours: the outage is a gap, not two hours of zeros that would make any return look like a spike.
    driver.tick(new Date(LIVE + 130 * MINUTE));
    const after = driver.snapshot().programs[0]!.volume;
    expect(after.foldedThrough).toBe(m0 + 127);
    expect(after.seen).toBe(8);
    expect(after.ring.map(([b]) => b - m0)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('passes posts to the campaign detector', () => {
    const driver = new DetectionDriver({ now: () => new Date(LIVE) });
    const posts = Array.from({ length: 20 }, (_, i) => ({
      id: `p${i}`,
      programIds: ['prog'],
      text: 'Tolak kenaikan iuran sekarang juga, rakyat kecil makin tercekik!',
      authorHandle: `akun_${i}`,
      source: 'x',
      createdAt: new Date(LIVE - 30_000),
    }));
    const decisions = driver.ingest({ posts }, new Date(LIVE));
    expect(decisions.map((d) => d.kind)).toEqual(['coordinated_campaign']);
    expect(decisions[0]!.details?.accounts).toHaveLength(20);
  });
});
