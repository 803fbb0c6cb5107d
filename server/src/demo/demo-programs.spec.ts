import { describe, it, expect } from '@jest/globals';
import { CreateProgram } from '@siaga/shared';
import { DEMO_PROGRAMS, DEMO_PROGRAM_KEYWORDS } from './demo-programs.js';

describe('DEMO_PROGRAMS', () => {
  it('covers the required Indonesian government programs with unique slugs', () => {
    expect(DEMO_PROGRAMS.length).toBeGreaterThanOrEqual(6);
    const slugs = DEMO_PROGRAMS.map((p) => p.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs).toEqual(expect.arrayContaining(['bpjs-kesehatan', 'kartu-prakerja', 'makan-bergizi-gratis', 'bansos-pkh', 'kip-kuliah', 'ikn']));
  });

  it.each(DEMO_PROGRAMS.map((p) => [p.slug, p] as const))('%s is a valid CreateProgram with an Indonesian description', (_, program) => {
    const parsed = CreateProgram.safeParse(program);
    expect(parsed.error?.issues).toBeUndefined();
    expect(program.sensitivity).toBeDefined();
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
