import { describe, it, expect } from '@jest/globals';
import { renderExplanation } from '@siaga/shared';
import { DemoGenerator } from '../demo/demo-generator.js';
import { CampaignDetector, estimatedSimilarity, minHash, normalizeText, similarityAtLeast, type CampaignPost } from './campaign.js';
import type { Decision } from './types.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 4, 12, 12, 0);

interface Run {
  decisions: Decision[];
  buzzers: Set<string>;
  buzzerTexts: Set<string>;
  slug: string;
}

/** An hour of demo traffic at its own rate, a crisis starting at T0 for 20 minutes, one batch a minute. */
function run(seed: number, coordinated: boolean, baseRate = 100): Run {
  const gen = new DemoGenerator({ seed, autoCrises: false, baseRate });
  const slug = gen.programs[seed % gen.programs.length]!;
  const detector = new CampaignDetector();
  const out: Run = { decisions: [], buzzers: new Set(), buzzerTexts: new Set(), slug };
  for (let clock = T0 - 30 * MINUTE; clock < T0 + 40 * MINUTE; clock += MINUTE) {
    if (clock === T0) gen.startCrisis(slug, new Date(T0), { coordinated, durationMin: 20, intensity: 8 });
    const intents = gen.generateWithIntent(Math.round(gen.ratePerMinute(new Date(clock))), new Date(clock));
    const posts: CampaignPost[] = intents.map((p, i) => {
      if (p.coordinated) {
        out.buzzers.add(`${p.post.source}:${p.post.author.handle.toLowerCase()}`);
        out.buzzerTexts.add(p.post.text);
      }
      return {
        id: `${clock}-${i}`,
        programIds: p.programSlug ? [p.programSlug] : [],
        text: p.post.text,
        authorHandle: p.post.author.handle,
        source: p.post.source,
        createdAt: new Date(Date.parse(p.post.createdAt)),
      };
    });
    out.decisions.push(...detector.ingest(posts, new Date(clock + 5_000)));
  }
  return out;
}

describe('text sketches', () => {
  it('normalises away case, links, mentions, hashtags, emoji and punctuation', () => {
    expect(normalizeText('PASIEN BPJS dibiarin antri!!! 😡😡 @KemenkesRI #AntriBPJS https://t.co/x1')).toEqual(['pasien', 'bpjs', 'dibiarin', 'antri']);
    expect(normalizeText('parahhhhh bgt')).toEqual(['parahh', 'bgt']);
    // Runs are cut however the letters are written: after NFKC, accented, beyond the first Unicode plane (two UTF-16
    // units a letter), and not where a run is only of spaces or punctuation.
    expect(normalizeText('ＰＡＲＡＨＨＨ bgt')).toEqual(['parahh', 'bgt']);
    expect(normalizeText('ééé e\u0301e\u0301e\u0301 bgt')).toEqual(['éé', 'éé', 'bgt']);
    expect(normalizeText('𠀀𠀀𠀀𠀀 bgt')).toEqual(['𠀀𠀀', 'bgt']);
    expect(normalizeText('aa a  .  .  . ok')).toEqual(['aa', 'a', 'ok']);
  });

  it('estimates Jaccard similarity of word pairs', () => {
    const a = minHash(normalizeText('Pasien bpjs dibiarin antri berjam-jam di rumah sakit. Ini negara atau apa??'));
    const b = minHash(normalizeText('PASIEN BPJS DIBIARIN ANTRI BERJAM-JAM DI RUMAH SAKIT. INI NEGARA ATAU APA?? 😒 #AntriBPJS'));
    const c = minHash(normalizeText('antrian rumah sakit lagi?? BPJS gimana sih tanggung jawabnya'));
    expect(estimatedSimilarity(a, b)).toBe(1);
    expect(estimatedSimilarity(a, c)).toBeLessThan(0.3);
  });
});

describe('CampaignDetector', () => {
  it.each([1, 2, 3])('catches a buzzer burst injected into organic crisis traffic (seed %i), with its accounts and text', (seed) => {
    const r = run(seed, true);
    const campaigns = r.decisions.filter((d) => d.kind === 'coordinated_campaign');
    expect(campaigns).toHaveLength(1);
    const d = campaigns[0]!;
    expect(d.programId).toBe(r.slug);
    expect(d.observed).toBeGreaterThanOrEqual(8);
    expect(d.details?.accounts).toHaveLength(d.observed);
    // The accounts are the buzzers (an organic lookalike may slip in, the bulk may not).
    const buzzers = d.details!.accounts!.filter((a) => r.buzzers.has(a)).length;
    expect(buzzers / d.observed).toBeGreaterThanOrEqual(0.9);
    expect(r.buzzerTexts.has(d.details!.sampleText!)).toBe(true);
    expect(d.score).toBeGreaterThanOrEqual(0.5);
    expect(d.facts).toMatchObject({ kind: 'coordinated_campaign', accounts: d.observed, posts: d.details!.posts, sampleText: d.details!.sampleText });
    expect(renderExplanation(d.facts, 'en')).toMatch(/accounts posted \d+ near-identical posts within \d+ minutes?/);
    expect(renderExplanation(d.facts, 'id')).toMatch(/akun mengunggah \d+ pos yang nyaris sama dalam \d+ menit/);
    expect(Date.parse(d.at)).toBeGreaterThanOrEqual(T0);
  });

  it.each([
    [1, 100],
    [2, 100],
    [3, 300],
  ])('does not flag organic crisis traffic, many people in their own words (seed %i, %i posts/min)', (seed, rate) => {
    expect(run(seed, false, rate).decisions).toEqual([]);
  });

  it('ignores late posts, newsrooms and one-word replies', () => {
    const detector = new CampaignDetector();
    const now = new Date(T0);
    const same = (i: number, extra: Partial<CampaignPost>): CampaignPost => ({
      id: `p${i}`,
      programIds: ['p'],
      text: 'Dana bansos dipotong oknum lagi, rakyat kecil jadi korban terus!',
      authorHandle: `akun${i}`,
      source: 'x',
      createdAt: now,
      ...extra,
    });
    const late = Array.from({ length: 30 }, (_, i) => same(i, { createdAt: new Date(T0 - 3 * 3_600_000) }));
    const news = Array.from({ length: 30 }, (_, i) => same(100 + i, { source: 'news:detik' }));
    const short = Array.from({ length: 30 }, (_, i) => same(200 + i, { text: 'setuju!!' }));
    expect(detector.ingest([...late, ...news, ...short], now)).toEqual([]);
    // The same text from 30 accounts now is a campaign, reported once even as it keeps coming.
    const live = Array.from({ length: 30 }, (_, i) => same(300 + i, {}));
    expect(detector.ingest(live, now)).toHaveLength(1);
    expect(detector.ingest(Array.from({ length: 30 }, (_, i) => same(400 + i, {})), new Date(T0 + MINUTE))).toEqual([]);
  });
});

describe('similarityAtLeast', () => {
  it('answers the estimate when it reaches the bar and -1 otherwise, at every count of equal values', () => {
    const a = Uint32Array.from({ length: 64 }, (_, i) => i);
    for (const min of [0.5, 0.7, 0.75, 0.9, 1]) {
      for (let same = 0; same <= 64; same++) {
        // The differing values spread over the signature, not all at its end.
        const b = Uint32Array.from(a, (v, i) => ((i * 37) % 64 < same ? v : v + 1_000));
        const exact = estimatedSimilarity(a, b);
        expect(exact).toBe(same / 64);
        expect(similarityAtLeast(a, b, min)).toBe(exact >= min ? exact : -1);
      }
    }
  });
});

describe('normalizeText', () => {
  it('answers a text read again (ingest, then the detector) from its first reading, not a long one', () => {
    const text = 'Antrean BPJS parahhhh banget di https://contoh.id @dinkes #bpjs hari ini!';
    const first = normalizeText(text);
    expect(first).toEqual(['antrean', 'bpjs', 'parahh', 'banget', 'di', 'hari', 'ini']);
    expect(normalizeText(`${text}`)).toBe(first);
    const long = 'kata '.repeat(300);
    expect(normalizeText(long)).toEqual(normalizeText(long));
    expect(normalizeText(long)).not.toBe(normalizeText(long));
  });
});

describe('CampaignDetector memory', () => {
  it('remembers at most maxWindowPosts posts of a program however fast they come, the oldest leaving first', () => {
    const detector = new CampaignDetector({ maxWindowPosts: 1_000 });
    const words = ['air', 'listrik', 'jalan', 'sekolah', 'pasar', 'banjir', 'harga', 'antrean', 'obat', 'bus'];
    let id = 0;
    for (let b = 0; b < 10; b++) {
      const at = T0 + b * 1_000;
      const posts: CampaignPost[] = Array.from({ length: 500 }, () => {
        const i = id++;
        return { id: `p${i}`, programIds: ['ramai'], text: `warga ${words[i % 10]!} ${words[Math.floor(i / 10) % 10]!} ${words[Math.floor(i / 100) % 10]!} nomor ${i} hari ini`, authorHandle: `w${i}`, source: 'x', createdAt: new Date(at) };
      });
      detector.ingest(posts, new Date(at));
      expect(detector.remembered('ramai')).toBe(Math.min(1_000, id));
    }
    // Without the bound all 5,000 (one window's worth) stay.
    const unbounded = new CampaignDetector();
    unbounded.ingest(Array.from({ length: 5_000 }, (_, i) => ({ id: `q${i}`, programIds: ['ramai'], text: `warga ${words[i % 10]!} ${words[Math.floor(i / 10) % 10]!} nomor ${i} hari ini`, authorHandle: `w${i}`, source: 'x', createdAt: new Date(T0) })), new Date(T0));
    expect(unbounded.remembered('ramai')).toBe(5_000);
  });


  it('finds a text repeated for longer than the window through its latest copy: a near-copy after the first post left still joins', () => {
    const detector = new CampaignDetector();
    const text = 'warga kecewa antrean bpjs kesehatan sangat panjang hari ini di puskesmas kota';
    const post = (i: number, body: string): CampaignPost => ({ id: `c${i}`, programIds: ['bpjs'], text: body, authorHandle: `akun${i}`, source: 'x', createdAt: new Date(T0 + i * MINUTE) });
    // One exact copy a minute from a new account (too slow for a campaign): the first leaves the window at 15 minutes.
    for (let i = 0; i <= 20; i++) detector.ingest([post(i, text)], new Date(T0 + i * MINUTE));
    detector.ingest([post(21, text.replace(/kota$/u, 'desa'))], new Date(T0 + 21 * MINUTE));
    const clusters = detector.clusters('bpjs');
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({ posts: 22, reported: false });
  });

  it('forgets a late post when it leaves the window, not when the newer posts it arrived after do', () => {
    const detector = new CampaignDetector();
    const post = (id: string, at: number): CampaignPost => ({ id, programIds: ['ramai'], text: `warga ${id} mengeluh antrean panjang sekali hari ini`, authorHandle: id, source: 'x', createdAt: new Date(at) });
    detector.ingest([post('baru', T0)], new Date(T0));
    // Ten minutes old when it arrives: inside the 15-minute window, behind the newer post.
    detector.ingest([post('telat', T0 - 10 * MINUTE)], new Date(T0 + MINUTE));
    expect(detector.remembered('ramai')).toBe(2);
    detector.ingest([], new Date(T0 + 6 * MINUTE));
    expect(detector.remembered('ramai')).toBe(1);
  });

  it('keeps a bounded sample of a reported campaign that goes on for hours at 2,000 posts a minute, and still counts every post', () => {
    const detector = new CampaignDetector();
    const PER_MINUTE = 2_000;
    const MINUTES = 120;
    const BOUND = 500;
    const words = ['sekarang', 'juga', 'ya', 'guys', 'pokoknya', 'mantap'];
    let id = 0;
    let decisions = 0;
    let maxRetained = 0;
    for (let m = 0; m < MINUTES; m++) {
      // A batch every 10 s, as ingestion delivers them.
      for (let b = 0; b < 6; b++) {
        const at = T0 + m * MINUTE + b * 10_000;
        const posts: CampaignPost[] = Array.from({ length: PER_MINUTE / 6 + (b < PER_MINUTE % 6 ? 1 : 0) }, () => {
          const i = id++;
          // Near-identical: one varying closing word, a tag and a mention that normalisation drops.
          return {
            id: `c${i}`,
            programIds: ['bansos'],
            text: `Bansos tahun ini tepat sasaran, rakyat kecil sejahtera, dukung terus program pemerintah ${words[i % words.length]!} #BansosTepat @akun${i % 50}`,
            authorHandle: `buzzer${i % 5_000}`,
            source: 'x',
            createdAt: new Date(at - (i % 7) * 1_000),
          };
        });
        decisions += detector.ingest(posts, new Date(at)).length;
        const [largest] = detector.clusters('bansos');
        maxRetained = Math.max(maxRetained, largest?.retained ?? 0);
      }
    }
    // Reported once (later copies are the same campaign), its memory never grew with it.
    expect(decisions).toBe(1);
    expect(maxRetained).toBeLessThanOrEqual(BOUND);
    const [campaign, ...rest] = detector.clusters('bansos');
    expect(campaign).toMatchObject({
      reported: true,
      posts: PER_MINUTE * MINUTES,
      firstAt: new Date(T0 - 6_000).toISOString(),
      lastAt: new Date(T0 + (MINUTES - 1) * MINUTE + 50_000).toISOString(),
    });
    expect(rest).toEqual([]);
  });
});
