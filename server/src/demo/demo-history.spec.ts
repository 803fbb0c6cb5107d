import { describe, it, expect, beforeAll } from '@jest/globals';
import { DetectionDriver, type MinuteDelta } from '../detection/driver.js';
import type { Decision } from '../detection/types.js';
import { DemoGenerator } from './demo-generator.js';
import { demoHistory, pastIncidents, type HistoryMinute } from './demo-history.js';
import { DEMO_PROGRAMS } from './demo-programs.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Friday 2025-05-16 10:00 Jakarta: the demo's first start. */
const NOW = Date.UTC(2025, 4, 16, 3, 0);
const OPTIONS = { to: new Date(NOW), days: 14, seed: 42 };
const localHour = (ms: number): number => Math.floor(((ms + 7 * HOUR) % (24 * HOUR)) / HOUR);
const localDay = (ms: number): number => Math.floor((ms + 7 * HOUR) / (24 * HOUR));

let rows: HistoryMinute[];
let days: HistoryMinute[][];
beforeAll(() => {
  days = [...demoHistory(new DemoGenerator({ seed: 42, baseRate: 120 }), OPTIONS)];
  rows = days.flat();
});

describe('the demo history', () => {
  it('covers the 14 days before the first start, a day at a time, oldest first, nothing at or after it', () => {
    expect(days.length).toBeGreaterThanOrEqual(14);
    const times = rows.map((r) => r.minute.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 14 * 24 * HOUR);
    expect(Math.max(...times)).toBeLessThan(NOW);
    for (let i = 1; i < days.length; i++) expect(days[i]![0]!.minute.getTime()).toBeGreaterThan(days[i - 1]!.at(-1)!.minute.getTime());
    expect(new Set(rows.map((r) => r.slug)).size).toBe(6);
    // One assertion over all rows: a per-row expect() costs more than the history itself.
    const broken = rows.filter((r) => r.positive + r.neutral + r.negative !== r.volume || !(r.authors.estimate() > 0));
    expect(broken.map((r) => [r.slug, r.minute.toISOString()])).toEqual([]);
  });

  it('follows the daily rhythm and is quieter at weekends', () => {
    const perHour = new Map<number, number>();
    const perDay = new Map<number, number>();
    for (const r of rows) {
      const t = r.minute.getTime();
      perHour.set(localHour(t), (perHour.get(localHour(t)) ?? 0) + r.volume);
      perDay.set(localDay(t), (perDay.get(localDay(t)) ?? 0) + r.volume);
    }
    // Evening peak against the small hours.
    expect(perHour.get(20)!).toBeGreaterThan(5 * perHour.get(3)!);
    const weekday: number[] = [];
    const weekend: number[] = [];
    const first = localDay(NOW - 14 * 24 * HOUR) + 1;
    for (let d = first; d < localDay(NOW); d++) ((((d % 7) + 7) % 7 === 2 || (((d % 7) + 7) % 7) === 3) ? weekend : weekday).push(perDay.get(d) ?? 0);
    expect(weekend.length).toBeGreaterThanOrEqual(2);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(weekend)).toBeLessThan(0.85 * mean(weekday));
  });

  it('holds a few past incidents: hours of several times the volume, mostly negative', () => {
    const incidents = pastIncidents(new DemoGenerator({ seed: 42 }).programs, OPTIONS);
    expect(incidents.length).toBeGreaterThanOrEqual(3);
    expect(incidents.length).toBeLessThanOrEqual(5);
    for (const c of incidents) {
      const during = rows.filter((r) => r.slug === c.slug && r.minute >= new Date(c.startsAt.getTime() + 15 * MINUTE) && r.minute < c.endsAt);
      const dayBefore = rows.filter((r) => r.slug === c.slug && r.minute >= new Date(c.startsAt.getTime() - 24 * HOUR + 15 * MINUTE) && r.minute < new Date(c.endsAt.getTime() - 24 * HOUR));
      const sum = (xs: HistoryMinute[], k: 'volume' | 'negative') => xs.reduce((s, r) => s + r[k], 0);
      expect(sum(during, 'volume')).toBeGreaterThan(2.5 * sum(dayBefore, 'volume'));
      expect(sum(during, 'negative') / sum(during, 'volume')).toBeGreaterThan(0.6);
    }
  });

  it('is the same for the same seed', () => {
    // The first two days are enough to see the same draws (the whole history again would double the suite's time).
    const again: HistoryMinute[] = [];
    for (const day of demoHistory(new DemoGenerator({ seed: 42, baseRate: 120 }), OPTIONS)) {
      again.push(...day);
      if (again.length >= days[0]!.length + days[1]!.length) break;
    }
    expect(again.length).toBe(days[0]!.length + days[1]!.length);
    expect(again.slice(0, 50).map((r) => [r.slug, r.minute.getTime(), r.volume, r.negative])).toEqual(rows.slice(0, 50).map((r) => [r.slug, r.minute.getTime(), r.volume, r.negative]));
  });
});

describe('the demo on its first start', () => {
  it('raises the volume alert each scripted crisis scripts within 5 minutes of its start, and nothing between them', () => {
    const generator = new DemoGenerator({ seed: 42, baseRate: 120, autoCrises: false });
    const ids = new Map(generator.programs.map((slug) => [slug, slug]));
    const driver = new DetectionDriver();
    // Each program at its own sensitivity, as the detection service configures it.
    for (const p of DEMO_PROGRAMS) driver.configure(p.slug, { sensitivity: p.sensitivity ?? 'medium' });
    // What the detection service does at boot: warm up from the stored rollups, the history included.
    const history: MinuteDelta[] = rows.map((r) => ({ programId: ids.get(r.slug)!, minute: r.minute, volume: r.volume, negative: r.negative }));
    driver.warmUp(history, new Date(NOW));
    // The first crisis 3 minutes after boot, as the demo scripts it, then one for each other program.
    const crises = generator.programs.map((slug, i) => generator.startCrisis(slug, new Date(NOW + 3 * MINUTE + i * 40 * MINUTE), { durationMin: 15 }));
    const decisions: Array<Decision & { at: string }> = [];
    const end = NOW + 3 * MINUTE + crises.length * 40 * MINUTE;
    for (let t = NOW; t < end; t += 20_000) {
      const at = new Date(t + 20_000);
      const posts = generator.generateWithIntent(Math.round(generator.ratePerMinute(at) / 3), at);
      const byProgram = new Map<string, MinuteDelta>();
      for (const p of posts) {
        if (!p.programSlug) continue;
        const minute = new Date(Math.floor(Date.parse(p.post.createdAt) / MINUTE) * MINUTE);
        const key = `${p.programSlug}|${minute.getTime()}`;
        const d = byProgram.get(key) ?? { programId: p.programSlug, minute, volume: 0, negative: 0 };
        d.volume++;
        if (p.tone === 'negative') d.negative++;
        byProgram.set(key, d);
      }
      decisions.push(...driver.ingest({ deltas: [...byProgram.values()] }, at));
    }
    for (const c of crises) {
      const raised = decisions.find((d) => d.kind === 'volume_spike' && d.programId === c.slug && Date.parse(d.at) >= c.startsAt.getTime() && Date.parse(d.at) <= c.endsAt.getTime());
      expect({ crisis: c.slug, raisedWithin: raised ? (Date.parse(raised.at) - c.startsAt.getTime()) / MINUTE : null }).toEqual({ crisis: c.slug, raisedWithin: expect.any(Number) });
    }
    for (const c of crises) {
      const raised = decisions.find((d) => d.kind === 'volume_spike' && d.programId === c.slug && Date.parse(d.at) >= c.startsAt.getTime() && Date.parse(d.at) <= c.endsAt.getTime());
      expect(Date.parse(raised!.at) - c.startsAt.getTime()).toBeLessThanOrEqual(5 * MINUTE);
    }
    // Outside the crises (and their aftermath) the warmed detectors keep quiet.
    const outside = decisions.filter((d) => !crises.some((c) => d.programId === c.slug && Date.parse(d.at) >= c.startsAt.getTime() && Date.parse(d.at) <= c.endsAt.getTime() + 30 * MINUTE));
    expect(outside).toEqual([]);
  });
});
