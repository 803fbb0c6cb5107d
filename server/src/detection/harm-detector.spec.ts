import { describe, it, expect } from '@jest/globals';
import { renderExplanation } from '@siaga/shared';
import { HarmReportsDetector, poissonTail, type HarmPost } from './harm-detector.js';

const P = '00000000-0000-4000-8000-00000000000a';
const Q = '00000000-0000-4000-8000-00000000000b';
const T0 = Date.parse('2026-12-01T08:00:00Z');
const MIN = 60_000;
let seq = 0;

function post(at: number, programIds: string[] = [P], flag = true, terms = ['keracunan']): HarmPost {
  seq += 1;
  return { id: `post-${seq}`, programIds, createdAt: new Date(at), text: `Siswa keracunan ${seq}`, source: 'x', harm: { flag, terms } };
}

describe('poissonTail', () => {
  it('is the upper tail P(X >= k)', () => {
    expect(poissonTail(0, 2)).toBe(1);
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonTail(3, 0)).toBe(0);
    expect(poissonTail(10, 1)).toBeLessThan(1e-6);
  });
});

describe('HarmReportsDetector', () => {
  it('opens on the minimum count where the usual is zero, with the posts as evidence', () => {
    const d = new HarmReportsDetector();
    const at = (m: number) => new Date(T0 + m * MIN);
    expect(d.ingest([post(T0)], at(0))).toEqual([]);
    expect(d.ingest([post(T0 + 5 * MIN)], at(5))).toEqual([]);
    const third = post(T0 + 9 * MIN, [P], true, ['tewas', 'keracunan']);
    const [decision, ...rest] = d.ingest([third], at(9));
    expect(rest).toEqual([]);
    expect(decision).toMatchObject({ kind: 'harm_reports', programId: P, observed: 3, expected: 0, band: { lower: 0, upper: 2 }, severityHint: 'critical' });
    expect(decision!.details!.postIds).toHaveLength(3);
    expect(decision!.details!.postIds).toContain(third.id);
    expect(decision!.facts).toMatchObject({ kind: 'harm_reports', posts: 3, usual: 0, sampleText: third.text });
    expect(renderExplanation(decision!.facts, 'en')).toMatch(/3 posts reported harm.*usually none.*keracunan/u);
  });

  it('ignores posts that report no harm, and other programs’ posts', () => {
    const d = new HarmReportsDetector();
    const at = new Date(T0 + 10 * MIN);
    expect(d.ingest([post(T0, [P], false), post(T0, [P], false), post(T0, [P], false), post(T0, [Q]), post(T0 + MIN, [Q])], at)).toEqual([]);
  });

  it('needs more than the usual level when a program always has some harm reports', () => {
    const d = new HarmReportsDetector();
    const from = new Date(T0 - 7 * 24 * 60 * MIN);
    // About three harm posts an hour all week: 1.5 in a usual half hour.
    const rows = Array.from({ length: 7 * 24 }, (_, h) => ({ programId: P, hour: new Date(from.getTime() + h * 60 * MIN), harm: 3 }));
    d.warmUp(rows, from);
    const now = new Date(T0 + 20 * MIN);
    expect(d.usual(P, now.getTime())).toBeCloseTo(1.5, 1);
    // Three in the window is the usual, not news.
    expect(d.ingest([post(T0), post(T0 + 5 * MIN), post(T0 + 10 * MIN)], now)).toEqual([]);
    const burst = Array.from({ length: 6 }, (_, i) => post(T0 + (12 + i) * MIN));
    const [decision] = d.ingest(burst, now);
    expect(decision).toMatchObject({ kind: 'harm_reports', observed: 9 });
    expect(decision!.expected).toBeGreaterThan(1);
    expect(decision!.band.upper).toBeGreaterThanOrEqual(3);
  });

  it('follows the program’s sensitivity', () => {
    const d = new HarmReportsDetector();
    d.configure(P, 'high');
    expect(d.ingest([post(T0), post(T0 + MIN)], new Date(T0 + 2 * MIN))).toHaveLength(1);
    d.configure(Q, 'low');
    expect(d.ingest([post(T0, [Q]), post(T0, [Q]), post(T0, [Q]), post(T0, [Q])], new Date(T0 + 2 * MIN))).toEqual([]);
  });

  it('waits out its cooldown, and a late post teaches but does not alert', () => {
    const d = new HarmReportsDetector();
    const now = T0 + 60 * MIN;
    expect(d.ingest([post(now - MIN), post(now - MIN), post(now - MIN)], new Date(now))).toHaveLength(1);
    expect(d.ingest([post(now)], new Date(now + MIN))).toEqual([]);
    expect(d.ingest([post(now + 16 * MIN)], new Date(now + 16 * MIN))).toHaveLength(1);
    const late = new HarmReportsDetector();
    expect(late.ingest([post(T0), post(T0), post(T0)], new Date(T0 + 45 * MIN))).toEqual([]);
  });

  it('forgets a deleted program and evicts old minutes', () => {
    const d = new HarmReportsDetector();
    d.ingest([post(T0), post(T0)], new Date(T0));
    d.forget(P);
    expect(d.usual(P, T0)).toBe(0);
    d.ingest([post(T0), post(T0)], new Date(T0));
    d.evict(T0 + 31 * MIN);
    expect(d.ingest([post(T0 + 31 * MIN)], new Date(T0 + 31 * MIN))).toEqual([]);
  });
});
