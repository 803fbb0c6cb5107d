import { describe, expect, it } from '@jest/globals';
import type { Alert, IncidentReport } from '@siaga/shared';
import { emojiToNames } from './emoji-names.js';
import { bucketMinutesFor, seriesWithBaseline } from './impact.js';
import { mdText, mdUrl, renderMarkdown } from './report-markdown.js';
import { pickLang } from './report-strings.js';

const P = '00000000-0000-4000-8000-0000000000b1';
const ALERT: Alert = {
  id: '00000000-0000-4000-8000-0000000000a1',
  programId: P,
  programName: 'BPJS Kesehatan',
  kind: 'negative_spike',
  severity: 'critical',
  status: 'acknowledged',
  dedupKey: `${P}:negative_spike`,
  count: 3,
  peakScore: 0.999,
  peakObserved: 120,
  explanation: { facts: { kind: 'negative_spike', signal: 'spike', observed: 120, expected: 10, band: { lower: 2, upper: 25 }, windowMinutes: 5 }, expected: 10, band: { lower: 2, upper: 25 }, observed: 120, score: 0.999 },
  openedAt: '2026-11-26T06:05:00.000Z',
  lastTriggeredAt: '2026-11-26T06:30:00.000Z',
  acknowledgedAt: '2026-11-26T06:10:00.000Z',
  acknowledgedBy: null,
  resolvedAt: null,
  resolvedBy: null,
  resolution: null,
  assigneeId: null,
  assigneeName: null,
  escalationLevel: 0,
  updatedAt: '2026-11-26T06:30:00.000Z',
};

/** A small fixed report: what the Markdown snapshot pins down. */
function fixtureReport(lang: 'id' | 'en'): IncidentReport {
  const action = {
    id: '00000000-0000-4000-8000-0000000000e2',
    at: '2026-11-26T07:30:00.000Z',
    recordedAt: '2026-11-26T07:35:00.000Z',
    userId: null,
    userName: 'Sari | Analis',
    kind: 'action' as const,
    text: 'Klarifikasi terbit di akun @kemenkes',
    url: 'https://kemkes.example/klarifikasi?id=1&x=(2)',
    alertId: null,
    postId: null,
    details: {},
  };
  return {
    lang,
    generatedAt: '2026-11-26T10:00:00.000Z',
    generatedBy: 'Sari',
    incident: {
      id: '00000000-0000-4000-8000-0000000000c1',
      title: 'Hoaks <b>iuran</b> naik',
      programIds: [P],
      programs: [{ id: P, name: 'BPJS Kesehatan', slug: 'bpjs' }],
      severity: 'critical',
      status: 'closed',
      ownerId: null,
      ownerName: 'Sari',
      startedAt: '2026-11-26T06:00:00.000Z',
      endedAt: '2026-11-26T09:00:00.000Z',
      summary: 'Hoaks menyebar.\nKlarifikasi *berhasil*.',
      lessons: '',
      alertCount: 1,
      createdBy: null,
      createdByName: 'Sari',
      createdAt: '2026-11-26T06:10:00.000Z',
      updatedAt: '2026-11-26T09:00:00.000Z',
    },
    alerts: [ALERT],
    impact: {
      from: '2026-11-26T06:00:00.000Z',
      to: '2026-11-26T09:00:00.000Z',
      baselineWeeks: 4,
      bucketMinutes: 60,
      volume: 1500,
      negative: 900,
      negativeShare: 0.6,
      baselineVolume: 300,
      baselineNegative: 60,
      volumeRatio: 5,
      negativeRatio: 15,
      peak: { at: '2026-11-26T07:00:00.000Z', volume: 800 },
      sentiment: { positive: 200, neutral: 400, negative: 900 },
      posts: 1500,
      uniqueAuthors: 1100,
      reach: 2_500_000,
      engagement: { likes: 1000, shares: 200, replies: 100, views: 50_000, total: 1300 },
      bySource: [{ value: 'x', count: 1500, share: 1 }],
      byLanguage: [{ value: 'id', count: 1500, share: 1 }],
      topTerms: [{ value: 'iuran', count: 700, share: 0.4667 }],
      topHashtags: [{ value: '#bpjs', count: 300, share: 0.2 }],
      termsSampled: false,
      topAuthors: [{ handle: 'akun_besar', name: null, followers: 2_000_000, posts: 3, engagement: 900 }],
      actions: [
        {
          entryId: action.id,
          at: action.at,
          text: action.text,
          windowMinutes: 60,
          before: { volume: 700, negative: 500, negativeShare: 0.7143 },
          after: { volume: 400, negative: 150, negativeShare: 0.375 },
          negativeShareFell: true,
        },
      ],
      series: [
        { at: '2026-11-26T06:00:00.000Z', volume: 300, negative: 200, positive: 50, neutral: 50, baseline: 100, baselineNegative: 20, bandLower: 80, bandUpper: 120 },
        { at: '2026-11-26T07:00:00.000Z', volume: 800, negative: 550, positive: 100, neutral: 150, baseline: 100, baselineNegative: 20, bandLower: 90, bandUpper: 110 },
        { at: '2026-11-26T08:00:00.000Z', volume: 400, negative: 150, positive: 50, neutral: 200, baseline: 100, baselineNegative: 20, bandLower: 85, bandUpper: 130 },
      ],
    },
    timeline: [action],
    pinnedPosts: [
      {
        id: '00000000-0000-4000-8000-0000000000d1',
        createdAt: '2026-11-26T06:20:00.000Z',
        source: 'x',
        authorHandle: 'akun_besar',
        authorName: null,
        followers: 2_000_000,
        text: '=cmd|"/c calc"!A1 <img src=x onerror=alert(1)> # IURAN NAIK 300%!!! 😡\n- [klik](javascript:alert(1))',
        url: 'https://x.example/status/1',
        sentiment: 'negative',
        lang: 'id',
        engagement: 900,
        pinned: true,
        note: 'Sumber hoaks',
      },
    ],
    topPosts: [],
    actions: [action],
  };
}

describe('renderMarkdown', () => {
  it('renders the fixture report (snapshot)', () => {
    expect(renderMarkdown(fixtureReport('id'))).toMatchSnapshot();
  });

  it('lets no raw HTML, link or heading through from hostile text', () => {
    const md = renderMarkdown(fixtureReport('en'));
    expect(md).not.toMatch(/<img|<b>|\]\(javascript/);
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(md).toContain('# Incident Report: Hoaks &lt;b&gt;iuran&lt;/b&gt; naik');
    // A cell's pipe stays in its cell.
    expect(md).toContain('Sari \\| Analis');
  });
});

describe('mdText and mdUrl', () => {
  it.each([
    ['a\nb', 'a b'],
    ['**x**', '\\*\\*x\\*\\*'],
    ['<i>&', '&lt;i&gt;&amp;'],
    ['[a](b)', '\\[a\\]\\(b\\)'],
  ])('escapes %j', (input, out) => expect(mdText(input)).toBe(out));

  it('keeps only http(s) links and encodes what would end them', () => {
    expect(mdUrl('javascript:alert(1)')).toBeNull();
    expect(mdUrl('not a url')).toBeNull();
    expect(mdUrl('https://a.example/x?(1)')).toBe('https://a.example/x?%281%29');
  });
});

describe('emojiToNames', () => {
  it.each([
    ['marah 😡😡', 'marah [enraged face][enraged face]'],
    ['❤️ terima kasih', '[red heart] terima kasih'],
    ['👍🏽', '[thumbs up]'],
    ['🇮🇩 merdeka', '[flag: Indonesia] merdeka'],
    ['🦜', '[emoji]'],
    ['👨‍👩‍👧 keluarga', '[emoji] keluarga'],
    ['© 2026 ™', '© 2026 ™'],
  ])('%j → %j', (input, out) => expect(emojiToNames(input)).toBe(out));
});

describe('pickLang', () => {
  it.each([
    [undefined, undefined, 'id'],
    ['en', 'id', 'en'],
    [undefined, 'en-US,en;q=0.9', 'en'],
    [undefined, 'fr, en;q=0.5, id;q=0.8', 'id'],
    [undefined, 'en;q=0', 'id'],
    [undefined, 'garbage;;q=x', 'id'],
  ] as const)('?lang=%s with Accept-Language %j → %s', (lang, header, out) => expect(pickLang(lang, header)).toBe(out));
});

describe('impact series', () => {
  it('picks a bucket that draws the span in at most 120 points', () => {
    const from = new Date('2026-11-26T00:00:00Z');
    expect(bucketMinutesFor(from, new Date('2026-11-26T01:00:00Z'))).toBe(1);
    expect(bucketMinutesFor(from, new Date('2026-11-26T03:00:00Z'))).toBe(5);
    expect(bucketMinutesFor(from, new Date('2026-12-03T00:00:00Z'))).toBe(180);
  });

  it('averages the previous weeks that have data, with their lowest and highest as the band', () => {
    const from = new Date('2026-11-26T00:00:00Z');
    const to = new Date('2026-11-26T00:03:00Z');
    const row = (k: number, b: number, volume: number) => ({ k, b, volume, negative: 0, positive: 0, neutral: volume });
    const { series, baselineWeeks } = seriesWithBaseline([row(0, 0, 10), row(0, 2, 5), row(1, 0, 4), row(2, 0, 2), row(2, 1, 6), row(0, 9, 99)], from, to, 1, 4);
    expect(baselineWeeks).toBe(2);
    expect(series.map((p) => [p.volume, p.baseline, p.bandLower, p.bandUpper])).toEqual([
      [10, 3, 2, 4],
      [0, 3, 0, 6],
      [5, 0, 0, 0],
    ]);
  });
});
