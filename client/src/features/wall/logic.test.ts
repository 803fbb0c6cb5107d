import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { Alert, BandResponse, LivePost, OverviewProgram } from '@siaga/shared';
import { alertMarkers, bandColumns, sentimentTotals } from './chartData';
import { StreamBuffer } from './streamBuffer';
import { defaultProgram, negativeShare, openAlertByProgram, rotationCandidates, sortTiles, tileOrder } from './tiles';

const tile = (programId: string, worstSeverity: OverviewProgram['worstSeverity'], volume: number): OverviewProgram => ({
  programId,
  points: [],
  lastHour: { volume, negative: 0 },
  currentMinute: 0,
  openAlerts: 0,
  acknowledgedAlerts: 0,
  worstSeverity,
});

const alertOf = (id: string, programId: string, severity: Alert['severity'], openedAt: string, status: Alert['status'] = 'open') =>
  ({ id, programId, severity, openedAt, status, kind: 'volume_spike' }) as Alert;

describe('tiles', () => {
  it('sorts worst first, then by last-hour volume, then by name', () => {
    const names = new Map([
      ['a', 'Zeta'],
      ['b', 'Alpha'],
    ]);
    const sorted = sortTiles([tile('a', null, 5), tile('b', null, 5), tile('c', 'warning', 1), tile('d', 'critical', 0), tile('e', null, 50)], names);
    expect(sorted.map((t) => t.programId)).toEqual(['d', 'c', 'e', 'b', 'a']);
  });

  it('gives the negative share only when the hour had posts', () => {
    expect(negativeShare({ volume: 200, negative: 50 })).toBe(0.25);
    expect(negativeShare({ volume: 0, negative: 0 })).toBeNull();
  });

  it('links each tile to its most severe, then newest, open alert', () => {
    const map = openAlertByProgram([
      alertOf('1', 'p', 'warning', '2026-11-26T08:00:00Z'),
      alertOf('2', 'p', 'critical', '2026-11-26T07:00:00Z'),
      alertOf('3', 'p', 'critical', '2026-11-26T07:30:00Z'),
      alertOf('4', 'q', 'critical', '2026-11-26T09:00:00Z', 'acknowledged'),
    ]);
    expect(map.get('p')?.id).toBe('3');
    expect(map.has('q')).toBe(false);
  });

  it('keeps the default program while it stays among the worst', () => {
    const order = tileOrder([tile('a', 'warning', 10), tile('b', 'warning', 20), tile('c', null, 99)], new Map());
    expect(defaultProgram(order, null)).toBe('b');
    expect(defaultProgram(order, 'a')).toBe('a');
    expect(defaultProgram(order, 'c')).toBe('b');
    expect(defaultProgram({ ids: [], statuses: [] }, 'a')).toBeNull();
  });

  it('rotates only through programs with an open alert, in tile order', () => {
    const order = tileOrder([tile('a', 'warning', 10), tile('b', 'critical', 20), tile('c', null, 99)], new Map());
    const open = openAlertByProgram([alertOf('1', 'a', 'warning', '2026-11-26T08:00:00Z'), alertOf('2', 'b', 'critical', '2026-11-26T08:00:00Z')]);
    expect(rotationCandidates(order, open)).toEqual(['b', 'a']);
  });
});

describe('chart data', () => {
  /** The server's columns for per-minute points (`at`: the end of the minute judged; learning flags are a prefix). */
  const band = (points: { at: string; expected: number; lower: number; upper: number; learning?: boolean }[], stepMinutes = 1): BandResponse => {
    const learning = points.findIndex((p) => !p.learning);
    const col = { expected: points.map((p) => p.expected), lower: points.map((p) => p.lower), upper: points.map((p) => p.upper), learning: learning < 0 ? points.length : learning };
    return {
      programId: 'p',
      sensitivity: 'medium',
      from: '',
      to: '',
      bucket: '1m',
      windowMinutes: 1,
      stepMinutes,
      start: new Date(Date.parse(points[0]?.at ?? '2026-11-26T08:01:00Z') - 60_000).toISOString(),
      volume: col,
      negative: col,
      negativeShare: { ...col, observed: col.expected },
    };
  };

  it('places per-minute band points at the start of the minute they judge', () => {
    const from = Date.parse('2026-11-26T08:00:00Z');
    const out = bandColumns(band([{ at: '2026-11-26T08:01:00Z', expected: 3, lower: 1, upper: 6 }]), 60_000, from, from + 3_600_000);
    expect(out.band).toEqual([{ x: from, lower: 1, upper: 6, learning: false }]);
    expect(out.expected).toEqual([{ x: from, y: 3 }]);
  });

  it('scales the band to bigger buckets: the mean times the bucket, the spread by its square root', () => {
    const from = Date.parse('2026-11-26T08:00:00Z');
    const minutes = [1, 2, 3, 4].map((m) => ({ at: new Date(from + m * 60_000).toISOString(), expected: 10, lower: 6, upper: 16 }));
    const out = bandColumns(band(minutes), 4 * 60_000, from, from + 3_600_000);
    // 4 minutes of 10 expected; half-widths 4 and 6 grow by √4 = 2.
    expect(out.expected).toEqual([{ x: from, y: 40 }]);
    expect(out.band).toEqual([{ x: from, lower: 32, upper: 52, learning: false }]);
  });

  it('marks a bucket as still learning when any of its minutes is', () => {
    const from = Date.parse('2026-11-26T08:00:00Z');
    const minutes = [1, 2, 3, 4, 5, 6, 7, 8].map((m) => ({ at: new Date(from + m * 60_000).toISOString(), expected: 10, lower: 6, upper: 16, learning: m <= 5 }));
    const out = bandColumns(band(minutes), 4 * 60_000, from, from + 3_600_000);
    expect(out.band.map((p) => p.learning)).toEqual([true, true]);
    // Minutes 5–7 (the second bucket without its learning first minute) are learnt.
    const later = bandColumns(band(minutes.slice(5)), 4 * 60_000, from, from + 3_600_000);
    expect(later.band.map((p) => p.learning)).toEqual([false]);
  });

  it('averages an answer on other buckets (the previous one, while the new loads) onto the chart buckets', () => {
    const from = Date.parse('2026-11-26T08:00:00Z');
    // Two 5-minute buckets from the server, drawn on a 10-minute chart: one bucket, their mean, scaled to 10 minutes.
    const fives = band([{ at: '2026-11-26T08:01:00Z', expected: 2, lower: 1, upper: 4 }, { at: '2026-11-26T08:06:00Z', expected: 4, lower: 1, upper: 8 }], 5);
    const out = bandColumns(fives, 10 * 60_000, from, from + 3_600_000);
    expect(out.expected).toEqual([{ x: from, y: 30 }]);
    expect(out.band).toHaveLength(1);
    expect(out.band[0]!.x).toBe(from);
  });

  it('marks the alerts of the program that opened inside the window', () => {
    const from = Date.parse('2026-11-26T08:00:00Z');
    const markers = alertMarkers(
      [alertOf('1', 'p', 'critical', '2026-11-26T08:30:00Z'), alertOf('2', 'q', 'info', '2026-11-26T08:30:00Z'), alertOf('3', 'p', 'info', '2026-11-26T07:59:00Z')],
      'p',
      from,
      from + 3_600_000,
      (a) => a.kind,
    );
    expect(markers).toEqual([{ x: Date.parse('2026-11-26T08:30:00Z'), label: 'volume_spike', severity: 'critical' }]);
  });

  it('totals the sentiment mix', () => {
    const point = { t: '', volume: 6, positive: 1, neutral: 2, negative: 3, sentimentSum: 0, authors: 0 };
    expect(sentimentTotals([point, point])).toEqual({ positive: 2, neutral: 4, negative: 6, total: 12 });
  });
});

describe('StreamBuffer', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  let seq = 0;
  const post = (programIds: string[]): LivePost => {
    seq += 1;
    return { id: `id-${seq}`, programIds, source: 'x', authorHandle: 'a', text: `t${seq}`, createdAt: '2026-11-26T08:00:00Z', lang: 'id', sentiment: { label: 'neutral', score: 0, terms: [] }, harm: { flag: false, terms: [] } };
  };

  it('keeps its own capped list of the program’s posts as the capped cache moves on', () => {
    const buffer = new StreamBuffer(3, 0);
    buffer.setProgram('p', []);
    let cache: LivePost[] = [];
    const receive = (p: LivePost) => {
      // The live cache keeps only the newest 2 here: older posts of the program must survive in the buffer.
      cache = [p, ...cache].slice(0, 2);
      buffer.ingest(cache);
    };
    const mine = [post(['p']), post(['p']), post(['p']), post(['p'])];
    receive(mine[0]!);
    receive(post(['q']));
    receive(post(['q']));
    receive(mine[1]!);
    receive(mine[2]!);
    receive(mine[3]!);
    buffer.pause();
    expect(buffer.getSnapshot().items.map((i) => i.view.id)).toEqual([mine[3]!.id, mine[2]!.id, mine[1]!.id]);
    buffer.stop();
  });

  it('counts every post that arrives while paused, even beyond what it keeps', () => {
    jest.useFakeTimers();
    const buffer = new StreamBuffer(2, 0);
    buffer.setProgram(null, []);
    let cache: LivePost[] = [];
    buffer.pause();
    const arrived = [post(['p']), post(['q']), post(['p']), post([])];
    for (const p of arrived) {
      cache = [p, ...cache];
      buffer.ingest(cache);
    }
    // The scheduled redraw runs: it counts the arrivals but, paused, shows none of them.
    jest.advanceTimersByTime(1_000);
    expect(buffer.getSnapshot()).toMatchObject({ paused: true, pending: 4, items: [] });
    buffer.resume();
    const snapshot = buffer.getSnapshot();
    expect(snapshot.pending).toBe(0);
    expect(snapshot.items.map((i) => i.view.id)).toEqual([arrived[3]!.id, arrived[2]!.id]);
    buffer.stop();
  });

  it('does not repeat posts after the cache was reset', () => {
    const buffer = new StreamBuffer(10, 0);
    const a = post(['p']);
    const b = post(['p']);
    buffer.setProgram(null, [a]);
    buffer.ingest([b]);
    buffer.ingest([b, a]);
    buffer.pause();
    expect(buffer.getSnapshot().items.map((i) => i.view.id)).toEqual([b.id, a.id]);
    buffer.stop();
  });
});
