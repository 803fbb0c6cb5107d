import { describe, expect, it } from '@jest/globals';
import { ExplanationFacts, explanationTexts, renderExplanation, type ExplanationFacts as Facts } from './explanations.js';

const volume: Facts = { kind: 'volume_spike', signal: 'spike', observed: 312, expected: 80, band: { lower: 45, upper: 130 }, windowMinutes: 5 };

describe('renderExplanation', () => {
  it.each<[string, Facts, string, string]>([
    ['a volume spike', volume, '312 pos dalam 5 menit terakhir, biasanya sekitar 80 (rentang 45–130) pada jam ini.', '312 posts in the last 5 minutes, expected about 80 (band 45–130) at this hour.'],
    [
      'a negative spike over an hour, with thousands',
      { kind: 'negative_spike', signal: 'spike', observed: 1234.4, expected: 80.6, band: { lower: 45, upper: 1130 }, windowMinutes: 60 },
      '1.234 pos negatif dalam satu jam terakhir, biasanya sekitar 81 (rentang 45–1.130) pada jam ini.',
      '1,234 negative posts in the last hour, expected about 81 (band 45–1,130) at this hour.',
    ],
    [
      'a sustained shift',
      { kind: 'volume_spike', signal: 'shift', observed: 390, expected: 100, band: { lower: 60, upper: 150 }, windowMinutes: 90 },
      'Kenaikan berkelanjutan: 390 pos dalam 1,5 jam terakhir, 3,9 kali biasanya sekitar 100 (rentang 60–150) pada jam seperti ini.',
      'Sustained rise: 390 posts in the last 1.5 hours, 3.9× the usual 100 (band 60–150) for this time of day.',
    ],
    [
      'a shift from nothing',
      { kind: 'negative_spike', signal: 'shift', observed: 40, expected: 0, band: { lower: 0, upper: 3 }, windowMinutes: 120 },
      'Kenaikan berkelanjutan: 40 pos negatif dalam 2 jam terakhir, jauh di atas biasanya sekitar 0 (rentang 0–3) pada jam seperti ini.',
      'Sustained rise: 40 negative posts in the last 2 hours, far above the usual 0 (band 0–3) for this time of day.',
    ],
    [
      'one minute',
      { ...volume, windowMinutes: 1 },
      '312 pos dalam 1 menit terakhir, biasanya sekitar 80 (rentang 45–130) pada jam ini.',
      '312 posts in the last minute, expected about 80 (band 45–130) at this hour.',
    ],
    [
      'a negative share shift',
      { kind: 'negative_share_shift', observedShare: 0.62, expectedShare: 0.2, band: { lower: 0.1, upper: 0.35 }, totalPosts: 1234, windowMinutes: 5 },
      '62% dari 1.234 pos dalam 5 menit terakhir bernada negatif, padahal biasanya 20% (rentang 10%–35%).',
      '62% of 1,234 posts in the last 5 minutes are negative, against a usual 20% (band 10%–35%).',
    ],
    [
      'a coordinated campaign (a small share keeps a decimal)',
      { kind: 'coordinated_campaign', accounts: 9, posts: 12, minutes: 3, share: 0.4, usualShare: 0.045, sampleText: 'Tolak\n  kenaikan   iuran!' },
      '9 akun mengunggah 12 pos yang nyaris sama dalam 3 menit, 40% dari pos program ini (kelompok organik terbesar biasanya 4,5%): "Tolak kenaikan iuran!"',
      '9 accounts posted 12 near-identical posts within 3 minutes, 40% of this program\'s posts (the largest organic group is usually 4.5%): "Tolak kenaikan iuran!"',
    ],
    [
      'a campaign converted without its shares, one minute',
      { kind: 'coordinated_campaign', accounts: 5, posts: 5, minutes: 1, share: null, usualShare: null, sampleText: 'x'.repeat(130) },
      `5 akun mengunggah 5 pos yang nyaris sama dalam 1 menit: "${'x'.repeat(117)}…"`,
      `5 accounts posted 5 near-identical posts within 1 minute: "${'x'.repeat(117)}…"`,
    ],
    [
      'harm reports, none usual',
      { kind: 'harm_reports', posts: 3, windowMinutes: 30, usual: 0, terms: ['keracunan', 'tewas'], sampleText: 'Siswa keracunan' },
      '3 pos melaporkan korban atau bahaya bagi warga dalam 30 menit (biasanya tidak ada); kata penentu: keracunan, tewas; terbaru: "Siswa keracunan"',
      '3 posts reported harm to people within 30 minutes (usually none); deciding words: keracunan, tewas; latest: "Siswa keracunan"',
    ],
    [
      'harm reports over an hour, some usual',
      { kind: 'harm_reports', posts: 14, windowMinutes: 60, usual: 0.4, terms: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], sampleText: 's' },
      '14 pos melaporkan korban atau bahaya bagi warga dalam 1 jam (biasanya 0,4); kata penentu: a, b, c, d, e, f; terbaru: "s"',
      '14 posts reported harm to people within an hour (usually 0.4); deciding words: a, b, c, d, e, f; latest: "s"',
    ],
    ['an old sentence kept as written', { kind: 'legacy', text: 'volume far above the usual' }, 'volume far above the usual', 'volume far above the usual'],
  ])('renders %s in Indonesian and English', (_what, facts, id, en) => {
    expect(renderExplanation(facts, 'id')).toBe(id);
    expect(renderExplanation(facts, 'en')).toBe(en);
    expect(explanationTexts(facts)).toEqual({ id, en });
  });

  it('keeps markup in a quoted post as plain characters (the reader escapes it)', () => {
    const facts: Facts = { kind: 'coordinated_campaign', accounts: 3, posts: 3, minutes: 2, share: 0.5, usualShare: 0.1, sampleText: '<img src=x onerror=alert(1)>' };
    expect(renderExplanation(facts, 'en')).toContain('"<img src=x onerror=alert(1)>"');
  });
});

describe('ExplanationFacts', () => {
  it('accepts what the renderer reads and refuses an unknown kind or a missing number', () => {
    expect(ExplanationFacts.parse(volume)).toEqual(volume);
    expect(ExplanationFacts.safeParse({ ...volume, kind: 'weather' }).success).toBe(false);
    expect(ExplanationFacts.safeParse({ kind: 'negative_share_shift', observedShare: 0.5 }).success).toBe(false);
  });
});
