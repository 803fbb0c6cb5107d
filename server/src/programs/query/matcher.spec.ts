import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { queryAnchors, type Anchor } from './anchors.js';
import type { QueryNode } from './ast.js';
import { compileQuery } from './compile.js';
import { QuerySyntaxError } from './errors.js';
import { formatQuery } from './format.js';
import { ProgramMatcher, programPredicate, type MatchableProgram } from './matcher.js';
import { parseQuery } from './parser.js';
import { prepareText, type PreparedText } from './text.js';
import { seededRandom as random } from '../../common/random.js';

const PROGRAMS: MatchableProgram[] = [
  { id: 'bpjs', query: 'bpjs OR "bpjs kesehatan" OR #bpjs OR @BPJSKesehatanRI', languages: [] },
  { id: 'prakerja', query: '(prakerja* OR "kartu prakerja") AND NOT lowongan', languages: ['id'] },
  { id: 'mbg', query: '"makan bergizi gratis" OR mbg OR #MakanBergiziGratis', languages: ['id', 'en'] },
  { id: 'ikn', query: 'ikn OR "ibu kota nusantara" -"ikan"', languages: [] },
];

/** Evaluates every program on the post: the reference the indexed matcher must agree with. */
function naiveMatch(programs: readonly MatchableProgram[], text: PreparedText, lang: string): string[] {
  const language = (code: string): string => {
    const primary = code.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
    return primary === 'in' ? 'id' : primary;
  };
  return programs
    .filter((program) => {
      let node: QueryNode;
      try {
        node = parseQuery(program.query);
      } catch {
        return false;
      }
      const languageOk = program.languages.length === 0 || program.languages.map(language).includes(language(lang));
      return languageOk && compileQuery(node)(text);
    })
    .map((program) => program.id);
}

describe('ProgramMatcher', () => {
  const matcher = new ProgramMatcher(PROGRAMS);

  it.each<[string, string, string[]]>([
    ['Antrian BPJS panjang, pendaftaran prakerja juga', 'id', ['bpjs', 'prakerja']],
    ['Antrian BPJS panjang, pendaftaran prakerja juga', 'en', ['bpjs']],
    ['Lowongan kerja khusus lulusan kartu prakerja', 'id', []],
    ['#MakanBergiziGratis di sekolah 🍱 dan IKN', 'id', ['mbg', 'ikn']],
    ['#MakanBergiziGratis di sekolah', 'ja', []],
    // Twitter's legacy "in" and region-tagged codes count as Indonesian.
    ['Pendaftaran Prakerja dibuka', 'in', ['prakerja']],
    ['Pendaftaran Prakerja dibuka', 'ID-id', ['prakerja']],
    ['ikan di ibu kota nusantara', 'id', []],
    ['', 'id', []],
  ])('matches %j (%s)', (text, lang, expected) => {
    expect(matcher.match(text, lang)).toEqual(expected);
  });

  it('returns ids in program order and accepts prepared text', () => {
    const text = prepareText('ikn bpjs mbg');
    expect(matcher.matchPrepared(text, 'id')).toEqual(['bpjs', 'mbg', 'ikn']);
  });

  it('skips programs whose query does not parse and reports them', () => {
    const withErrors = new ProgramMatcher([
      { id: 'broken', query: 'bpjs AND', languages: [] },
      { id: 'ok', query: 'bpjs', languages: [] },
      { id: 'negative', query: 'NOT bpjs', languages: [] },
    ]);
    expect(withErrors.errors.map(({ id }) => id)).toEqual(['broken', 'negative']);
    expect(withErrors.errors[0]?.error).toBeInstanceOf(QuerySyntaxError);
    expect(withErrors.errors[0]?.error.position).toBe(5);
    expect(withErrors.match('bpjs', 'id')).toEqual(['ok']);
    expect(new ProgramMatcher([]).match('bpjs', 'id')).toEqual([]);
  });
});

describe('ProgramMatcher details', () => {
  it('normalises language codes on both sides: case, spaces, region subtags and the legacy "in"', () => {
    const matcher = new ProgramMatcher([
      { id: 'id', query: 'bpjs', languages: ['ID-id'] },
      { id: 'in', query: 'bpjs', languages: ['in'] },
      { id: 'en', query: 'bpjs', languages: [' en_GB '] },
    ]);
    expect(matcher.match('bpjs', ' Id_ID ')).toEqual(['id', 'in']);
    expect(matcher.match('bpjs', 'IN')).toEqual(['id', 'in']);
    expect(matcher.match('bpjs', 'en-US')).toEqual(['en']);
    expect(matcher.match('bpjs', 'EN')).toEqual(['en']);
    expect(matcher.match('bpjs', '')).toEqual([]);
    expect(matcher.match('bpjs', 'ms')).toEqual([]);
  });

  it('finds prefix programs from the shortest to the longest prefix, and no further', () => {
    const matcher = new ProgramMatcher([
      { id: 'ab', query: 'ab*', languages: [] },
      { id: 'abcde', query: 'abcde*', languages: [] },
      { id: 'abc', query: 'abc* OR #zz', languages: [] },
      { id: 'word', query: 'abcdefgh', languages: [] },
    ]);
    expect(matcher.match('ab', 'id')).toEqual(['ab']);
    expect(matcher.match('abcd', 'id')).toEqual(['ab', 'abc']);
    expect(matcher.match('abcde', 'id')).toEqual(['ab', 'abcde', 'abc']);
    expect(matcher.match('abcdefgh', 'id')).toEqual(['ab', 'abcde', 'abc', 'word']);
    expect(matcher.match('a b', 'id')).toEqual([]);
    expect(matcher.match('xabcde', 'id')).toEqual([]);
  });

  it('finds programs by hashtag and mention anchors only when the tag itself is there', () => {
    const matcher = new ProgramMatcher([
      { id: 'tag', query: '#bpjs_ri', languages: [] },
      { id: 'mention', query: '@bpjs_ri', languages: [] },
      { id: 'word', query: 'bpjs', languages: [] },
    ]);
    expect(matcher.match('#BPJS_RI', 'id')).toEqual(['tag', 'word']);
    expect(matcher.match('@bpjs_ri', 'id')).toEqual(['mention', 'word']);
    expect(matcher.match('bpjs_ri', 'id')).toEqual(['word']);
  });

  it('lists a program once however many of its anchors a post holds', () => {
    const matcher = new ProgramMatcher(PROGRAMS);
    expect(matcher.match('bpjs kesehatan #bpjs @bpjskesehatanri bpjs', 'id')).toEqual(['bpjs']);
    expect(matcher.match('prakerja prakerjanya kartu prakerja', 'id')).toEqual(['prakerja']);
  });

  it('stays exact when its per-call stamp wraps around', () => {
    const matcher = new ProgramMatcher(PROGRAMS);
    expect(matcher.match('bpjs ikn', 'id')).toEqual(['bpjs', 'ikn']);
    // Four billion calls are out of reach: jump the private stamp to its last value instead.
    (matcher as unknown as { stamp: number }).stamp = 0xffffffff;
    expect(matcher.match('bpjs ikn', 'id')).toEqual(['bpjs', 'ikn']);
    expect(matcher.match('bpjs kesehatan #bpjs ikn', 'id')).toEqual(['bpjs', 'ikn']);
    expect((matcher as unknown as { stamp: number }).stamp).toBe(2);
  });

  it('reports every broken program with its own error, in order', () => {
    const matcher = new ProgramMatcher([
      { id: 'a', query: '(bpjs', languages: [] },
      { id: 'b', query: 'bpjs', languages: [] },
      { id: 'c', query: 'x OR NOT y', languages: [] },
    ]);
    expect(matcher.errors.map(({ id, error }) => [id, error.message, error.position])).toEqual([
      ['a', 'missing ")" for the "(" at position 0', 0],
      ['c', 'every OR alternative needs a positive term, but "NOT y" at position 5 has none (it would match almost every post)', 5],
    ]);
    expect(new ProgramMatcher(PROGRAMS).errors).toEqual([]);
  });
});

describe('programPredicate', () => {
  it('decides one program as the matcher does: query and languages', () => {
    const belongs = programPredicate({ id: 'p', query: 'bpjs -hoax', languages: ['id'] });
    expect(belongs('Antrian BPJS panjang', 'id')).toBe(true);
    expect(belongs('Antrian BPJS panjang', 'in')).toBe(true);
    expect(belongs('Antrian BPJS panjang', 'en')).toBe(false);
    expect(belongs('BPJS hoax lagi', 'id')).toBe(false);
    expect(belongs('Antrian rumah sakit', 'id')).toBe(false);
  });

  it('takes every language when the program names none', () => {
    const belongs = programPredicate({ id: 'p', query: '"kartu prakerja"', languages: [] });
    expect(belongs('Kartu Prakerja dibuka', 'en')).toBe(true);
    expect(belongs('Kartu Prakerja dibuka', '')).toBe(true);
    expect(belongs('Prakerja kartu', 'id')).toBe(false);
  });

  it('matches nothing when the query does not parse', () => {
    const belongs = programPredicate({ id: 'p', query: 'bpjs AND', languages: [] });
    expect(belongs('bpjs', 'id')).toBe(false);
    expect(belongs('bpjs AND', 'id')).toBe(false);
  });
});

describe('queryAnchors', () => {
  const anchors = (query: string): Anchor[] | undefined => queryAnchors(parseQuery(query));

  it('unions OR alternatives, picks the most selective AND child and ignores NOT', () => {
    expect(anchors('bpjs OR "bpjs kesehatan" OR #bpjs OR @BPJSKesehatanRI')).toEqual([
      { kind: 'word', value: 'bpjs' },
      { kind: 'word', value: 'kesehatan' },
      { kind: 'hashtag', value: 'bpjs' },
      { kind: 'mention', value: 'bpjskesehatanri' },
    ]);
    expect(anchors('(prakerja* OR "kartu prakerja") AND NOT lowongan')).toEqual([
      { kind: 'prefix', value: 'prakerja' },
      { kind: 'word', value: 'prakerja' },
    ]);
    expect(anchors('ikn AND (subsidi OR bansos OR pkh OR kis)')).toEqual([{ kind: 'word', value: 'ikn' }]);
    // A two-letter word is probably a stopword; two long alternatives are more selective.
    expect(anchors('di AND (subsidi OR bansos)')).toEqual([
      { kind: 'word', value: 'subsidi' },
      { kind: 'word', value: 'bansos' },
    ]);
    expect(anchors('ya AND pemilu')).toEqual([{ kind: 'word', value: 'pemilu' }]);
    expect(anchors('pe* AND #pemilu')).toEqual([{ kind: 'hashtag', value: 'pemilu' }]);
    expect(queryAnchors({ kind: 'not', child: { kind: 'term', value: 'x' } })).toBeUndefined();
    expect(
      queryAnchors({ kind: 'or', children: [{ kind: 'term', value: 'x' }, { kind: 'not', child: { kind: 'term', value: 'y' } }] }),
    ).toBeUndefined();
  });
});

describe('queryAnchors costs', () => {
  const anchors = (query: string): Anchor[] | undefined => queryAnchors(parseQuery(query));
  const word = (value: string): Anchor => ({ kind: 'word', value });

  it('ranks words by length: 5 letters over 3 or 4, 3 over 2, and keeps the first of equals', () => {
    expect(anchors('bpjs AND kartu')).toEqual([word('kartu')]);
    expect(anchors('kartu AND bpjs')).toEqual([word('kartu')]);
    expect(anchors('di AND ikn')).toEqual([word('ikn')]);
    expect(anchors('ikn AND bpjs')).toEqual([word('ikn')]);
    expect(anchors('bpjs AND ikn')).toEqual([word('bpjs')]);
  });

  it('prices a prefix of 4 letters between a word and two words, a shorter prefix above both', () => {
    expect(anchors('prak* AND (bpjs OR kis)')).toEqual([{ kind: 'prefix', value: 'prak' }]);
    expect(anchors('pra* AND (bpjs OR kis)')).toEqual([word('bpjs'), word('kis')]);
    expect(anchors('prak* AND ikn')).toEqual([word('ikn')]);
    expect(anchors('pra* AND di')).toEqual([word('di')]);
    expect(anchors('ab* AND abcd*')).toEqual([{ kind: 'prefix', value: 'abcd' }]);
  });

  it('prefers a tag to any word', () => {
    expect(anchors('kartu AND #ikn')).toEqual([{ kind: 'hashtag', value: 'ikn' }]);
    expect(anchors('kartu AND @ikn')).toEqual([{ kind: 'mention', value: 'ikn' }]);
    expect(anchors('#a AND @b')).toEqual([{ kind: 'hashtag', value: 'a' }]);
  });

  it('anchors a phrase by its first longest word, and unions OR alternatives once each', () => {
    expect(anchors('"ab cd"')).toEqual([word('ab')]);
    expect(anchors('"ab cde fgh"')).toEqual([word('cde')]);
    expect(anchors('bpjs OR "bpjs" OR #bpjs OR bpjs')).toEqual([word('bpjs'), { kind: 'hashtag', value: 'bpjs' }]);
    expect(queryAnchors({ kind: 'phrase', words: [] })).toBeUndefined();
    expect(queryAnchors({ kind: 'and', children: [{ kind: 'not', child: { kind: 'term', value: 'x' } }] })).toBeUndefined();
  });
});

// A small vocabulary, so that random queries and random posts actually overlap.
const WORDS = ['bpjs', 'kesehatan', 'prakerja', 'prakerjanya', 'kartu', 'ikn', 'ikan', 'mbg', 'makan', 'gratis', 'cafe', 'and', 'x1'];
const STEMS = ['pr', 'pra', 'prak', 'ka', 'ik', 'ma', 'bp', 'ca'];
const word = fc.constantFrom(...WORDS);

const literal: fc.Arbitrary<QueryNode> = fc.oneof(
  word.map((value): QueryNode => ({ kind: 'term', value })),
  fc.constantFrom(...STEMS).map((value): QueryNode => ({ kind: 'prefix', value })),
  fc.array(word, { minLength: 1, maxLength: 3 }).map((words): QueryNode => ({ kind: 'phrase', words })),
  word.map((value): QueryNode => ({ kind: 'hashtag', value })),
  word.map((value): QueryNode => ({ kind: 'mention', value })),
);

function flat(kind: 'and' | 'or', children: readonly QueryNode[]): QueryNode {
  return { kind, children: children.flatMap((child) => (child.kind === kind ? child.children : [child])) };
}

const query: fc.Arbitrary<QueryNode> = fc.letrec<{
  positive: QueryNode;
  any: QueryNode;
  and: QueryNode;
  or: QueryNode;
}>((tie) => ({
  positive: fc.oneof({ depthSize: 'small', withCrossShrink: true }, literal, tie('and'), tie('or')),
  any: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('positive'),
    tie('any').map((child): QueryNode => ({ kind: 'not', child })),
  ),
  and: fc
    .tuple(tie('positive'), fc.array(tie('any'), { minLength: 1, maxLength: 3 }))
    .map(([anchor, others]) => flat('and', [...others, anchor])),
  or: fc.array(tie('positive'), { minLength: 2, maxLength: 3 }).map((children) => flat('or', children)),
})).positive;

const program: fc.Arbitrary<MatchableProgram> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  query: fc.oneof(
    { weight: 9, arbitrary: query.map(formatQuery) },
    // Occasionally a query that does not parse, which must simply be skipped.
    { weight: 1, arbitrary: fc.constantFrom('bpjs AND', 'NOT ikn', '(', 'a*') },
  ),
  languages: fc.subarray(['id', 'en']),
});

const piece = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 1, arbitrary: word.map((w) => `#${w}`) },
  { weight: 1, arbitrary: word.map((w) => `@${w}`) },
  { weight: 1, arbitrary: fc.constantFrom('BPJS', 'Prakerja!', 'IKN.', 'café', 'bpjs-nya', '#Makan_Gratis', 'x1@ikn', '🍱') },
);
const post = fc
  .tuple(fc.array(piece, { maxLength: 12 }), fc.constantFrom(' ', ' ', ', ', '-', '\n'))
  .map(([pieces, separator]) => pieces.join(separator));
const lang = fc.constantFrom('id', 'en', 'in', 'EN-gb', 'ja', '');

const ACCENTS = ['\u0301', '\u0300', '\u0308', '\u0302', '\u0327'];

/** Randomly upper-cases characters and adds accents after letters; folding must undo both. */
const disguised = (text: string): fc.Arbitrary<string> =>
  fc.array(fc.nat({ max: 9 }), { minLength: text.length, maxLength: text.length }).map((choices) =>
    [...text]
      .map((ch, i) => {
        const choice = choices[i] ?? 0;
        const cased = choice % 2 === 1 ? ch.toUpperCase() : ch;
        const accent = choice >= 5 && /\p{L}/u.test(ch) ? (ACCENTS[choice % ACCENTS.length] ?? '') : '';
        return cased + accent;
      })
      .join('')
      // Composing turns e + U+0301 into é, so precomposed letters are covered too.
      .normalize(choices.length % 2 === 0 ? 'NFC' : 'NFD'),
  );

describe('ProgramMatcher properties', () => {
  it('agrees with evaluating every program on every post', () => {
    fc.assert(
      fc.property(fc.array(program, { maxLength: 15 }), fc.array(fc.tuple(post, lang), { maxLength: 10 }), (programs, posts) => {
        const matcher = new ProgramMatcher(programs);
        for (const [text, language] of posts) {
          expect(matcher.match(text, language)).toEqual(naiveMatch(programs, prepareText(text), language));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is invariant under case changes and added accents in the post', () => {
    const programsArb = fc.array(program, { maxLength: 10 }).map((generated) => [...PROGRAMS, ...generated]);
    fc.assert(
      fc.property(
        programsArb,
        post.chain((text) => fc.tuple(fc.constant(text), disguised(text))),
        (programs, [text, variant]) => {
          const matcher = new ProgramMatcher(programs);
          expect(matcher.match(variant, 'id')).toEqual(matcher.match(text, 'id'));
        },
      ),
      { numRuns: 300 },
    );
  });
});


describe('ProgramMatcher at scale', () => {
  // Realistic shape: 300 programs over a few hundred keywords, short Indonesian-style posts.
  const rand = random(20240817);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const syllables = ['ba', 'ka', 'ra', 'si', 'nu', 'to', 'pe', 'lo', 'di', 'ma', 'ja', 'gu', 'ti', 'se'];
  const makeWord = (): string => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(syllables)).join('');
  const keywords = Array.from(new Set(Array.from({ length: 700 }, makeWord))).slice(0, 600);
  const filler = [
    'yang', 'di', 'dan', 'ini', 'itu', 'tidak', 'ada', 'saya', 'kita', 'sudah', 'belum', 'lagi', 'juga', 'banget',
    'pemerintah', 'warga', 'harga', 'naik', 'turun', 'kapan', 'kenapa', 'tolong', 'mohon', 'info', 'gimana', 'antri',
  ];
  const templates: ((k: () => string) => string)[] = [
    (k) => `${k()} OR "${k()} ${k()}" OR #${k()}`,
    (k) => `(${k().slice(0, 4)}* OR "${k()} ${k()}") AND NOT ${k()}`,
    (k) => `${k()} ${k()} -${k()}`,
    (k) => `@${k()} OR ${k()} OR "${k()} ${k()} ${k()}"`,
    (k) => `(${k()} OR ${k()}) AND (${k()} OR ${k().slice(0, 3)}*) -"${k()} ${k()}"`,
    (k) => `#${k()} OR @${k()}`,
  ];
  const programs: MatchableProgram[] = Array.from({ length: 300 }, (_, i) => ({
    id: `p${i}`,
    query: pick(templates)(() => pick(keywords)),
    languages: i % 5 === 0 ? ['id'] : i % 7 === 0 ? ['en'] : [],
  }));
  const decorate = (w: string): string => {
    const r = rand();
    if (r < 0.05) return `#${w}`;
    if (r < 0.08) return `@${w}`;
    if (r < 0.12) return w.toUpperCase();
    if (r < 0.15) return `${w}!!`;
    if (r < 0.17) return `${w} 😡`;
    return w;
  };
  const posts = Array.from({ length: 10_000 }, () => ({
    text: Array.from({ length: 6 + Math.floor(rand() * 20) }, () => decorate(rand() < 0.15 ? pick(keywords) : pick(filler))).join(' '),
    lang: rand() < 0.8 ? 'id' : 'en',
  }));

  it('matches 300 programs × 10,000 posts exactly like naive evaluation', () => {
    const matcher = new ProgramMatcher(programs);
    expect(matcher.errors).toEqual([]);
    const compiled = programs.map((p) => ({ ...p, predicate: compileQuery(parseQuery(p.query)) }));
    let total = 0;
    for (const { text, lang } of posts) {
      const prepared = prepareText(text);
      const expected = compiled
        .filter((p) => (p.languages.length === 0 || p.languages.includes(lang)) && p.predicate(prepared))
        .map((p) => p.id);
      const actual = matcher.matchPrepared(prepared, lang);
      if (actual.length !== expected.length || actual.some((id, i) => id !== expected[i])) {
        expect({ text, lang, actual }).toEqual({ text, lang, actual: expected });
      }
      total += actual.length;
    }
    // The fixture must exercise matching, not just agree on empty results.
    expect(total).toBeGreaterThan(1000);
  }, 60_000);

  it('anchors leave only a small fraction of programs to evaluate per post', () => {
    const anchorSets = programs.map((p) => queryAnchors(parseQuery(p.query)));
    const present = (anchor: Anchor, text: PreparedText): boolean => {
      switch (anchor.kind) {
        case 'word':
          return text.wordPositions.has(anchor.value);
        case 'prefix':
          return [...text.wordPositions.keys()].some((w) => w.startsWith(anchor.value));
        case 'hashtag':
          return text.hashtags.has(anchor.value);
        case 'mention':
          return text.mentions.has(anchor.value);
      }
    };
    let candidates = 0;
    const sample = posts.slice(0, 1000);
    for (const { text } of sample) {
      const prepared = prepareText(text);
      candidates += anchorSets.filter((anchors) => anchors?.some((a) => present(a, prepared)) ?? true).length;
    }
    expect(anchorSets.every((anchors) => anchors !== undefined)).toBe(true);
    expect(candidates / sample.length / programs.length).toBeLessThan(0.05);
  });
});
