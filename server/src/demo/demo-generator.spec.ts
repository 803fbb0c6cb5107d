import { describe, it, expect, beforeAll } from '@jest/globals';
import { IngestPost } from '@siaga/shared';
import { DEMO_SOURCES, DemoGenerator, dedupeWords, type DemoPostIntent } from './demo-generator.js';
import { DEMO_PROGRAMS, DEMO_PROGRAM_KEYWORDS } from './demo-programs.js';
import { Rng, hash32 } from './prng.js';

const MINUTE = 60_000;
/** A Monday in Jakarta time (UTC+7). */
function wib(hour: number, minute = 0): Date {
  return new Date(Date.UTC(2025, 4, 12, hour - 7, minute));
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Whole-word (or whole-phrase) occurrence, as the query language matches. */
function hasKeyword(text: string, keyword: string): boolean {
  const pattern = keyword.split(' ').join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${pattern}(?![\\p{L}\\p{N}_])`, 'u').test(fold(text));
}

function programsMentioned(text: string): string[] {
  return Object.entries(DEMO_PROGRAM_KEYWORDS)
    .filter(([, keywords]) => keywords.some((k) => hasKeyword(text, k)))
    .map(([slug]) => slug);
}

/** A day of traffic at a realistic rate, auto crises included. */
function dayCorpus(seed: number, postsPerSample = 40): DemoPostIntent[] {
  const generator = new DemoGenerator({ seed });
  const out: DemoPostIntent[] = [];
  for (let minute = 0; minute < 24 * 60; minute += 3) out.push(...generator.generateWithIntent(postsPerSample, wib(0, minute)));
  return out;
}

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

let corpus: DemoPostIntent[];
beforeAll(() => {
  corpus = dayCorpus(2024); // 19,200 posts
});

describe('prng', () => {
  it('is deterministic per seed and uniform enough', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 10_000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(new Rng(2).next()).not.toBe(new Rng(1).next());
    expect(hash32(1, 2)).toBe(hash32(1, 2));
    expect(hash32(1, 2)).not.toBe(hash32(2, 1));
  });
});

describe('DemoGenerator determinism', () => {
  it('produces the same posts, crises and ticks for the same seed and calls', () => {
    const run = (seed: number): unknown[] => {
      const g = new DemoGenerator({ seed });
      const out: unknown[] = [g.generateWithIntent(300, wib(9))];
      out.push(g.startCrisis('ikn', wib(9, 5)));
      out.push(g.next(300, wib(9, 10)));
      out.push(g.tick(30_000, wib(9, 11)));
      out.push(g.crisesBetween(wib(0), wib(23, 59)));
      return out;
    };
    expect(run(42)).toEqual(run(42));
    expect(JSON.stringify(run(43))).not.toBe(JSON.stringify(run(42)));
  });

  it('does not let rate queries disturb the stream', () => {
    const a = new DemoGenerator({ seed: 5 });
    const b = new DemoGenerator({ seed: 5 });
    for (let m = 0; m < 100; m++) b.ratePerMinute(wib(m % 24));
    b.activeCrises(wib(10));
    expect(b.next(200, wib(10))).toEqual(a.next(200, wib(10)));
  });

  it('uses the injected clock when no time is given', () => {
    const at = wib(20, 30).getTime();
    const g = new DemoGenerator({ seed: 1, now: () => at });
    for (const post of g.next(50)) expect(Math.abs(Date.parse(post.createdAt) - at)).toBeLessThanOrEqual(5_000);
    expect(g.ratePerMinute()).toBe(g.ratePerMinute(new Date(at)));
  });
});

describe('DemoGenerator posts', () => {
  it('every post validates against the IngestPost schema', () => {
    const g = new DemoGenerator({ seed: 9 });
    g.startCrisis('makan-bergizi-gratis', wib(12), { coordinated: true });
    const posts = [...corpus.slice(0, 4_000).map((p) => p.post), ...g.next(1_000, wib(12, 8))];
    for (const post of posts) {
      const parsed = IngestPost.safeParse(post);
      if (!parsed.success) throw new Error(`${JSON.stringify(post)}\n${JSON.stringify(parsed.error.issues)}`);
    }
  });

  it('has unique, source-shaped externalIds across 50k posts', () => {
    const g = new DemoGenerator({ seed: 77 });
    const ids = new Set<string>();
    const formats: Record<string, RegExp> = {
      x: /^\d{18,19}$/,
      facebook: /^\d{15}_\d+$/,
      tiktok: /^\d{19}$/,
      instagram: /^\d{19}_\d{15}$/,
      youtube: /^Ugx[\w-]{11}4AaABAg$/,
      'news:detik': /^d-\d+$/,
      'news:kompas': /^\d{19}$/,
    };
    // Half in one instant (the same milliseconds recur), half spread over minutes.
    const posts = [...g.next(25_000, wib(20)), ...Array.from({ length: 25 }, (_, i) => g.next(1_000, wib(21, i))).flat()];
    for (const post of posts) {
      ids.add(`${post.source}\u0000${post.externalId}`);
      expect(post.externalId).toMatch(formats[post.source] ?? /^$/);
    }
    expect(ids.size).toBe(50_000);
    expect(new Set(posts.map((p) => p.externalId)).size).toBe(50_000);
  });

  it('timestamps posts within a few seconds of the requested time, in UTC ISO form', () => {
    const at = wib(8, 15);
    for (const post of new DemoGenerator({ seed: 3 }).next(2_000, at)) {
      expect(post.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Math.abs(Date.parse(post.createdAt) - at.getTime())).toBeLessThanOrEqual(5_000);
    }
  });

  it('names each post’s program with one of its query keywords, and no other program', () => {
    for (const { post, programSlug } of corpus) {
      const mentioned = programsMentioned(post.text);
      if (programSlug === null) {
        expect(mentioned).toEqual([]);
      } else if (mentioned.length !== 1 || mentioned[0] !== programSlug) {
        throw new Error(`${programSlug} post mentions ${JSON.stringify(mentioned)}: ${post.text}`);
      }
      // The BPJS query excludes BPJS Ketenagakerjaan; no generated post may trip that exclusion.
      expect(fold(post.text)).not.toContain('ketenagakerjaan');
    }
  });

  it('includes a few percent of general chatter', () => {
    const chatter = share(corpus, (p) => p.programSlug === null);
    expect(chatter).toBeGreaterThan(0.02);
    expect(chatter).toBeLessThan(0.08);
  });

  it('covers every program and source, with a modest share of news', () => {
    expect(new Set(corpus.map((p) => p.programSlug))).toEqual(new Set([null, ...DEMO_PROGRAMS.map((p) => p.slug)]));
    expect(new Set(corpus.map((p) => p.post.source))).toEqual(new Set(DEMO_SOURCES));
    const news = corpus.filter((p) => p.post.source.startsWith('news:'));
    expect(news.length / corpus.length).toBeGreaterThan(0.04);
    expect(news.length / corpus.length).toBeLessThan(0.14);
    for (const { post } of news) {
      const host = post.source === 'news:detik' ? 'news.detik.com' : 'nasional.kompas.com';
      expect(new URL(post.url ?? '').host).toBe(host);
      // Headline style: starts with a capital, no slang.
      expect(post.text).toMatch(/^[A-Z]/);
      expect(fold(post.text)).not.toMatch(/\b(gak|bgt|wkwk\w*|anjir|gue)\b/);
    }
  });

  it('writes varied, slangy Indonesian, some English and code-mixing, emoji, hashtags, mentions and links', () => {
    const social = corpus.filter((p) => !p.post.source.startsWith('news:') && !p.coordinated);
    const texts = social.map((p) => p.post.text);
    // Hundreds of shapes, not a handful of strings.
    expect(new Set(texts).size / texts.length).toBeGreaterThan(0.85);
    const openings = new Set(texts.map((t) => fold(t).split(/\s+/).slice(0, 2).join(' ')));
    expect(openings.size).toBeGreaterThan(300);
    const all = fold(texts.join('\n'));
    for (const word of ['gak', 'nggak', 'bgt', 'banget', 'udah', 'gimana', 'mantul', 'parah', 'anjir', 'kok', 'sih', 'dong', 'tolong', 'ribet', 'kecewa', 'mantap', 'makasih']) {
      expect({ word, found: new RegExp(`\\b${word}\\b`).test(all) }).toEqual({ word, found: true });
    }
    for (const stem of ['wkwk', 'antri']) expect(all).toMatch(new RegExp(`\\b${stem}`));
    const english = share(corpus, (p) => p.lang === 'en');
    expect(english).toBeGreaterThan(0.08);
    expect(english).toBeLessThan(0.16);
    expect(share(social, (p) => p.lang === 'mixed')).toBeGreaterThan(0.03);
    expect(share(social, (p) => /\p{Extended_Pictographic}/u.test(p.post.text))).toBeGreaterThan(0.4);
    expect(share(social, (p) => /(^|\s)#\w/.test(p.post.text))).toBeGreaterThan(0.1);
    expect(share(social, (p) => /@(BPJSKesehatanRI|KemensosRI|BGN_RI|prakerja_go_id|ikn_id|kemdiktisaintek)\b/.test(p.post.text))).toBeGreaterThan(0.01);
    expect(share(social, (p) => /https?:\/\//.test(p.post.text))).toBeGreaterThan(0.01);
    // Formal Indonesian too.
    expect(all).toMatch(/\bmohon\b/);
    expect(all).toMatch(/\bterima kasih\b/);
  });

  it('writes about 85–90 % of its posts in Indonesian (code-mixed Indonesian included)', () => {
    const indonesian = share(corpus, (p) => p.lang === 'id' || p.lang === 'mixed');
    expect(indonesian).toBeGreaterThanOrEqual(0.85);
    expect(indonesian).toBeLessThanOrEqual(0.9);
    // Every other day and seed too, not only this one.
    const other = dayCorpus(7, 10);
    expect(share(other, (p) => p.lang === 'id' || p.lang === 'mixed')).toBeGreaterThanOrEqual(0.85);
    expect(share(other, (p) => p.lang === 'id' || p.lang === 'mixed')).toBeLessThanOrEqual(0.9);
  });

  it('never doubles a word ("pelatihan pelatihan", "naik lagi lagi")', () => {
    const doubled = /(?<![\p{L}\p{N}_-])(\p{L}+)[ \t]+\1(?![\p{L}\p{N}_-])/iu;
    const found = corpus.filter((p) => doubled.test(p.post.text)).map((p) => p.post.text);
    expect(found).toEqual([]);
    expect(dedupeWords('iurannya naik lagi lagi?? Bantuan Bantuan Sosial, anak-anak sekolah')).toBe('iurannya naik lagi?? Bantuan Sosial, anak-anak sekolah');
  });

  it('never dates a post after the moment it is generated for (its ingestion)', () => {
    const g = new DemoGenerator({ seed: 5 });
    for (let minute = 0; minute < 600; minute += 7) {
      const at = wib(8, minute);
      for (const post of g.next(50, at)) expect(Date.parse(post.createdAt)).toBeLessThanOrEqual(at.getTime());
    }
    const end = wib(12, 0);
    for (const post of g.tick(60_000, end)) expect(Date.parse(post.createdAt)).toBeLessThanOrEqual(end.getTime());
  });

  it('draws from thousands of authors with a Zipf-like activity and heavy-tailed followers', () => {
    const social = corpus.filter((p) => !p.post.source.startsWith('news:') && !p.coordinated);
    const counts = new Map<string, number>();
    for (const { post } of social) counts.set(post.author.handle, (counts.get(post.author.handle) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(2_000);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top = (sorted[0] ?? 0) / social.length;
    expect(top).toBeGreaterThan(0.005);
    expect(top).toBeLessThan(0.05);
    expect(sorted.slice(0, 10).reduce((s, c) => s + c, 0) / social.length).toBeLessThan(0.2);
    // A long tail: most authors appear once or twice.
    expect(sorted.filter((c) => c <= 2).length / sorted.length).toBeGreaterThan(0.5);
    const followers = [...new Map(social.map((p) => [p.post.author.handle, p.post.author.followers ?? 0])).values()].sort((a, b) => a - b);
    const median = followers[Math.floor(followers.length / 2)] ?? 0;
    expect(followers[followers.length - 1] ?? 0).toBeGreaterThan(100 * median);
  });

  it('is mostly neutral or positive outside crises', () => {
    const calm = corpus.filter((p) => p.programSlug !== null && p.crisis === null);
    for (const { slug } of DEMO_PROGRAMS) {
      const posts = calm.filter((p) => p.programSlug === slug);
      expect(posts.length).toBeGreaterThan(300);
      const negative = share(posts, (p) => p.tone === 'negative');
      expect({ slug, negative: negative < 0.4 }).toEqual({ slug, negative: true });
      expect(share(posts, (p) => p.tone === 'positive')).toBeGreaterThan(0.1);
    }
  });

  it('threads some posts as replies to earlier posts on the same platform', () => {
    const g = new DemoGenerator({ seed: 8 });
    const seen = new Map<string, { source: string; at: number }>();
    let replies = 0;
    let total = 0;
    for (let minute = 0; minute < 60; minute++) {
      for (const post of g.next(100, wib(19, minute))) {
        total++;
        if (post.parentExternalId !== undefined) {
          replies++;
          const parent = seen.get(post.parentExternalId);
          expect(parent?.source).toBe(post.source);
          expect(parent?.at ?? Infinity).toBeLessThan(Date.parse(post.createdAt));
        }
        seen.set(post.externalId, { source: post.source, at: Date.parse(post.createdAt) });
      }
    }
    expect(replies / total).toBeGreaterThan(0.02);
  });

  it('only talks about the selected programs, and rejects unknown ones', () => {
    const g = new DemoGenerator({ seed: 4, programs: ['ikn', 'kip-kuliah'] });
    expect(g.programs).toEqual(['ikn', 'kip-kuliah']);
    const slugs = new Set(g.generateWithIntent(2_000, wib(20)).map((p) => p.programSlug));
    expect(slugs).toEqual(new Set([null, 'ikn', 'kip-kuliah']));
    for (const c of g.crisesBetween(wib(0), wib(23, 59))) expect(['ikn', 'kip-kuliah']).toContain(c.slug);
    expect(() => new DemoGenerator({ programs: ['bpjs', 'ikn'] })).toThrow(/unknown demo program "bpjs"/);
    expect(() => new DemoGenerator({ programs: [] })).toThrow(Error);
    expect(() => g.startCrisis('bpjs-kesehatan', wib(10))).toThrow(/no demo program/);
  });
});

describe('DemoGenerator rhythm', () => {
  const g = new DemoGenerator({ seed: 1, autoCrises: false });

  it('follows a Jakarta daily rhythm: quiet at night, peaks morning, lunch and evening', () => {
    const night = Math.max(...[0.5, 1, 2, 3, 4].map((h) => g.ratePerMinute(wib(Math.floor(h), (h % 1) * 60))));
    const peaks = [wib(8), wib(12, 30), wib(20, 30)].map((at) => g.ratePerMinute(at));
    for (const peak of peaks) {
      expect(peak).toBeGreaterThan(60);
      expect(peak).toBeLessThanOrEqual(120);
      expect(night).toBeLessThan(peak / 4);
    }
    expect(g.ratePerMinute(wib(12, 30))).toBeGreaterThan(g.ratePerMinute(wib(15)));
    expect(g.ratePerMinute(wib(20, 30))).toBeGreaterThan(g.ratePerMinute(wib(17)));
    // Waking hours stay in the 30–120 posts/minute band.
    for (let minute = 7 * 60; minute <= 22 * 60; minute += 15) {
      const rate = g.ratePerMinute(wib(0, minute));
      expect(rate).toBeGreaterThan(30);
      expect(rate).toBeLessThanOrEqual(120);
    }
  });

  it('is smooth across midnight and scales with baseRate', () => {
    const before = g.ratePerMinute(new Date(wib(0).getTime() - 1));
    expect(Math.abs(before - g.ratePerMinute(wib(0))) / before).toBeLessThan(0.01);
    const half = new DemoGenerator({ seed: 1, autoCrises: false, baseRate: 50 });
    expect(half.ratePerMinute(wib(20, 30))).toBeCloseTo(g.ratePerMinute(wib(20, 30)) / 2, 6);
    expect(() => new DemoGenerator({ baseRate: -1 })).toThrow(RangeError);
  });

  it('tick() delivers posts at the current rate, oldest first, within the elapsed window', () => {
    const t = new DemoGenerator({ seed: 2, autoCrises: false });
    let delivered = 0;
    let expected = 0;
    for (let second = 10; second <= 30 * 60; second += 10) {
      const at = new Date(wib(12).getTime() + second * 1_000);
      expected += t.ratePerMinute(at) / 6;
      const posts = t.tick(10_000, at);
      delivered += posts.length;
      const times = posts.map((p) => Date.parse(p.createdAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const time of times) {
        expect(time).toBeGreaterThanOrEqual(at.getTime() - 10_000);
        expect(time).toBeLessThanOrEqual(at.getTime());
      }
    }
    expect(Math.abs(delivered - expected)).toBeLessThanOrEqual(1);
  });
});

describe('DemoGenerator crises', () => {
  /** Per-minute traffic at the generator's own rate over [from, from + minutes). */
  function simulate(g: DemoGenerator, from: Date, minutes: number): DemoPostIntent[] {
    const out: DemoPostIntent[] = [];
    for (let m = 0; m < minutes; m++) {
      const at = new Date(from.getTime() + m * MINUTE);
      out.push(...g.generateWithIntent(Math.round(g.ratePerMinute(at)), at));
    }
    return out;
  }
  const count = (posts: DemoPostIntent[], slug: string): number => posts.filter((p) => p.programSlug === slug).length;
  const negativeShare = (posts: DemoPostIntent[], slug: string): number =>
    share(posts.filter((p) => p.programSlug === slug), (p) => p.tone === 'negative');

  it('raises volume and negativity for the crisis program only', () => {
    const calm = new DemoGenerator({ seed: 21, autoCrises: false });
    const hot = new DemoGenerator({ seed: 21, autoCrises: false });
    const crisis = hot.startCrisis('makan-bergizi-gratis', wib(10), { durationMin: 30, intensity: 6, theme: 'keracunan' });
    expect(crisis).toMatchObject({ slug: 'makan-bergizi-gratis', theme: 'keracunan', label: 'keracunan makanan', intensity: 6, automatic: false });
    expect(hot.activeCrises(wib(10, 10)).map((c) => c.slug)).toEqual(['makan-bergizi-gratis']);
    expect(hot.ratePerMinute(wib(10, 10))).toBeGreaterThan(calm.ratePerMinute(wib(10, 10)) * 1.5);

    const before = simulate(calm, wib(10, 4), 18);
    const during = simulate(hot, wib(10, 4), 18);
    const mbg = 'makan-bergizi-gratis';
    expect(count(during, mbg)).toBeGreaterThan(4 * count(before, mbg));
    expect(negativeShare(before, mbg)).toBeLessThan(0.35);
    expect(negativeShare(during, mbg)).toBeGreaterThan(0.6);

    const others = DEMO_PROGRAMS.map((p) => p.slug).filter((s) => s !== mbg);
    const othersBefore = others.reduce((s, slug) => s + count(before, slug), 0);
    const othersDuring = others.reduce((s, slug) => s + count(during, slug), 0);
    expect(Math.abs(othersDuring - othersBefore) / othersBefore).toBeLessThan(0.12);
    for (const slug of others) {
      expect(Math.abs(count(during, slug) - count(before, slug)) / count(before, slug)).toBeLessThan(0.45);
      expect(negativeShare(during, slug)).toBeLessThan(0.4);
    }
    // Crisis-driven posts belong to the crisis program and use its complaint vocabulary.
    const driven = during.filter((p) => p.crisis !== null);
    expect(driven.length).toBeGreaterThan(count(during, mbg) / 2);
    expect(driven.every((p) => p.programSlug === mbg && p.crisis === 'keracunan')).toBe(true);
    expect(share(driven, (p) => /keracunan|mual|muntah|puskesmas|poisoning|clinic/i.test(p.post.text))).toBeGreaterThan(0.5);

    // Once over, volume returns to normal.
    expect(hot.ratePerMinute(wib(10, 31))).toBeCloseTo(calm.ratePerMinute(wib(10, 31)), 6);
    expect(hot.activeCrises(wib(10, 31))).toEqual([]);
  });

  it('can add a coordinated burst of near-identical posts from several accounts within minutes', () => {
    const g = new DemoGenerator({ seed: 31, autoCrises: false });
    g.startCrisis('bpjs-kesehatan', wib(19), { durationMin: 20, intensity: 8, coordinated: true, theme: 'iuran-naik' });
    const burst = simulate(g, wib(19), 15).filter((p) => p.coordinated);
    const handles = new Set(burst.map((p) => p.post.author.handle));
    expect(handles.size).toBeGreaterThanOrEqual(5);
    const normalise = (text: string): string => fold(text).replace(/#\w+/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    expect(new Set(burst.map((p) => normalise(p.post.text))).size).toBe(1);
    expect(new Set(burst.map((p) => p.post.text)).size).toBeGreaterThan(1); // cosmetic differences
    const times = burst.map((p) => Date.parse(p.post.createdAt));
    expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(6 * MINUTE);
    expect(burst.every((p) => p.tone === 'negative' && p.programSlug === 'bpjs-kesehatan')).toBe(true);
    for (const p of burst) expect(p.post.author.followers ?? 0).toBeLessThan(150);

    const quiet = new DemoGenerator({ seed: 31, autoCrises: false });
    quiet.startCrisis('bpjs-kesehatan', wib(19), { durationMin: 20, intensity: 8, coordinated: false });
    expect(simulate(quiet, wib(19), 15).some((p) => p.coordinated)).toBe(false);
  });

  it('schedules a crisis every 45–90 simulated minutes, lasting 10–25 minutes, for random programs', () => {
    const g = new DemoGenerator({ seed: 12 });
    const crises = g.crisesBetween(wib(0), wib(24));
    expect(crises.length).toBeGreaterThanOrEqual(16);
    expect(crises.length).toBeLessThanOrEqual(33);
    crises.forEach((c, i) => {
      expect(c.automatic).toBe(true);
      const minutes = (c.endsAt.getTime() - c.startsAt.getTime()) / MINUTE;
      expect(minutes).toBeGreaterThanOrEqual(10);
      expect(minutes).toBeLessThanOrEqual(25);
      expect(c.intensity).toBeGreaterThanOrEqual(5);
      expect(c.intensity).toBeLessThanOrEqual(10);
      const next = crises[i + 1];
      if (next) {
        const gap = (next.startsAt.getTime() - c.startsAt.getTime()) / MINUTE;
        expect(gap).toBeGreaterThanOrEqual(45);
        expect(gap).toBeLessThanOrEqual(90);
      }
    });
    expect(new Set(crises.map((c) => c.slug)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(crises.map((c) => c.theme)).size).toBeGreaterThanOrEqual(5);

    // While one runs, its program is louder than without the schedule.
    const first = crises[0];
    if (!first) throw new Error('no crisis');
    const mid = new Date((first.startsAt.getTime() + first.endsAt.getTime()) / 2);
    expect(g.activeCrises(mid).map((c) => c.slug)).toEqual([first.slug]);
    expect(g.ratePerMinute(mid)).toBeGreaterThan(new DemoGenerator({ seed: 12, autoCrises: false }).ratePerMinute(mid));
    expect(new DemoGenerator({ seed: 12, autoCrises: false }).crisesBetween(wib(0), wib(24))).toEqual([]);
  });

  it('validates crisis options', () => {
    const g = new DemoGenerator({ seed: 1 });
    expect(() => g.startCrisis('ikn', wib(9), { theme: 'banjir' })).toThrow(/unknown crisis theme/);
    expect(() => g.startCrisis('ikn', wib(9), { intensity: 0 })).toThrow(RangeError);
    expect(() => g.startCrisis('ikn', wib(9), { durationMin: -5 })).toThrow(RangeError);
    expect(g.startCrisis('ikn', wib(9), { theme: 'anggaran bengkak' }).theme).toBe('anggaran');
    const defaults = g.startCrisis('kip-kuliah', wib(9));
    const minutes = (defaults.endsAt.getTime() - defaults.startsAt.getTime()) / MINUTE;
    expect(minutes).toBeGreaterThanOrEqual(10);
    expect(minutes).toBeLessThanOrEqual(25);
    expect(defaults.intensity).toBeGreaterThanOrEqual(5);
    expect(defaults.intensity).toBeLessThanOrEqual(10);
  });
});
