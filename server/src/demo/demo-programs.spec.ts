import { describe, it, expect } from '@jest/globals';
import { CreateProgram } from '@siaga/shared';
import { DEMO_PROGRAMS, DEMO_PROGRAM_KEYWORDS } from './demo-programs.js';
import { DemoGenerator } from './demo-generator.js';
import { compileQuery, formatQuery, parseQuery, prepareText, type CompiledQuery } from '../programs/query/index.js';

/** Each demo program's query, parsed and compiled by the real matcher. */
const compiled = new Map<string, CompiledQuery>(DEMO_PROGRAMS.map((p) => [p.slug, compileQuery(parseQuery(p.query))]));

/** Slugs of the demo programs whose query matches `text`. */
const matching = (text: string): string[] => {
  const prepared = prepareText(text);
  return DEMO_PROGRAMS.filter((p) => compiled.get(p.slug)!(prepared)).map((p) => p.slug);
};

describe('DEMO_PROGRAMS', () => {
  it('covers the required Indonesian government programs with unique slugs', () => {
    expect(DEMO_PROGRAMS.length).toBeGreaterThanOrEqual(6);
    const slugs = DEMO_PROGRAMS.map((p) => p.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(new Set(DEMO_PROGRAMS.map((p) => p.name)).size).toBe(slugs.length);
    expect(slugs).toEqual(expect.arrayContaining(['bpjs-kesehatan', 'kartu-prakerja', 'makan-bergizi-gratis', 'bansos-pkh', 'kip-kuliah', 'ikn']));
  });

  it.each(DEMO_PROGRAMS.map((p) => [p.slug, p] as const))('%s is a valid CreateProgram with an Indonesian description', (_, program) => {
    const parsed = CreateProgram.safeParse(program);
    expect(parsed.error?.issues).toBeUndefined();
    expect(['low', 'medium', 'high']).toContain(program.sensitivity);
    expect(program.active).toBe(true);
    expect(program.description).toMatch(/\b(dan|untuk|yang|bagi|di)\b/);
  });

  it('uses most of the query language across the demo queries', () => {
    const all = DEMO_PROGRAMS.map((p) => p.query).join(' ');
    expect(all).toMatch(/"[^"]+ [^"]+"/); // phrase
    expect(all).toMatch(/ OR /);
    expect(all).toMatch(/ NOT /);
    expect(all).toMatch(/\(/);
    expect(all).toMatch(/#\w/);
    expect(all).toMatch(/@\w/);
    expect(all).toMatch(/\w\*/);
  });
});

describe('DEMO_PROGRAM_KEYWORDS', () => {
  it('has keywords for exactly the demo programs', () => {
    expect(Object.keys(DEMO_PROGRAM_KEYWORDS).sort()).toEqual(DEMO_PROGRAMS.map((p) => p.slug).sort());
  });

  it.each(DEMO_PROGRAMS.map((p) => [p.slug, p.query] as const))('every %s keyword is a positive term or phrase of its query', (slug, query) => {
    const keywords = DEMO_PROGRAM_KEYWORDS[slug] ?? [];
    expect(keywords.length).toBeGreaterThan(0);
    // Only the part before NOT is a positive clause in these queries.
    const positive = (query.split(' NOT ')[0] ?? '').toLowerCase();
    for (const keyword of keywords) {
      expect(keyword).toBe(keyword.toLowerCase());
      if (keyword.includes(' ')) {
        expect(positive).toContain(`"${keyword}"`);
      } else {
        // A bare term, or the stem of a prefix wildcard ("prakerja*").
        expect(positive).toMatch(new RegExp(`(^|[\\s(])${keyword}\\*?($|[\\s)])`));
      }
    }
  });
});

describe('demo program queries', () => {
  it.each(DEMO_PROGRAMS.map((p) => [p.slug, p.query] as const))('%s parses, and its formatted form parses to the same query', (_, query) => {
    const node = parseQuery(query);
    expect(parseQuery(formatQuery(node))).toEqual(node);
  });

  it.each(Object.entries(DEMO_PROGRAM_KEYWORDS))('each %s keyword alone matches its program and no other', (slug, keywords) => {
    for (const keyword of keywords) expect(matching(`Info terbaru soal ${keyword} hari ini`)).toEqual([slug]);
  });

  it('keeps BPJS Ketenagakerjaan out of BPJS Kesehatan', () => {
    expect(matching('Pencairan JHT BPJS Ketenagakerjaan lambat')).toEqual([]);
    expect(matching('Antrean faskes BPJS makin panjang')).toEqual(['bpjs-kesehatan']);
  });

  it('matches every generated post to the program it was written about, and general chatter to none', () => {
    const generator = new DemoGenerator({ seed: 5, autoCrises: false });
    const posts = generator.generateWithIntent(2_000, new Date(Date.UTC(2025, 4, 12, 12)));
    const about = posts.filter((p) => p.programSlug !== null);
    expect(about.length).toBeGreaterThan(1_000);
    for (const p of about) expect(matching(p.post.text)).toEqual([p.programSlug]);
    const chatter = posts.filter((p) => p.programSlug === null);
    expect(chatter.length).toBeGreaterThan(50);
    for (const p of chatter) expect(matching(p.post.text)).toEqual([]);
    // Every program gets some of the traffic.
    expect(new Set(about.map((p) => p.programSlug))).toEqual(new Set(DEMO_PROGRAMS.map((p) => p.slug)));
  });
});
