import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { QueryNode } from './ast.js';
import { QuerySyntaxError } from './errors.js';
import { formatQuery } from './format.js';
import { parseQuery, requiresPositiveLiteral } from './parser.js';

const term = (value: string): QueryNode => ({ kind: 'term', value });
const prefix = (value: string): QueryNode => ({ kind: 'prefix', value });
const phrase = (...words: string[]): QueryNode => ({ kind: 'phrase', words });
const hashtag = (value: string): QueryNode => ({ kind: 'hashtag', value });
const mention = (value: string): QueryNode => ({ kind: 'mention', value });
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });

function syntaxError(query: string): QuerySyntaxError {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

describe('parseQuery', () => {
  it.each<[string, QueryNode]>([
    ['bpjs', term('bpjs')],
    ['BPJS', term('bpjs')],
    ['Café', term('cafe')],
    ['"BPJS  Kesehatan"', phrase('bpjs', 'kesehatan')],
    ['“kartu prakerja”', phrase('kartu', 'prakerja')],
    ['"bpjs"', phrase('bpjs')],
    ['prakerja*', prefix('prakerja')],
    ['Vaksin*', prefix('vaksin')],
    ['#MakanBergiziGratis', hashtag('makanbergizigratis')],
    ['#makan_bergizi', hashtag('makan_bergizi')],
    ['@BPJSKesehatanRI', mention('bpjskesehatanri')],
    // A word with inner punctuation is the phrase of its tokens.
    ['bpjs-nya', phrase('bpjs', 'nya')],
    ['covid-19', phrase('covid', '19')],
    ['bpjs!', term('bpjs')],
    // Lower-case operators are ordinary words.
    ['banjir and longsor', and(term('banjir'), term('and'), term('longsor'))],
    ['not or', and(term('not'), term('or'))],
    ['a AND b', and(term('a'), term('b'))],
    ['a b c', and(term('a'), term('b'), term('c'))],
    ['a OR b OR c', or(term('a'), term('b'), term('c'))],
    ['a AND NOT b', and(term('a'), not(term('b')))],
    ['a NOT b', and(term('a'), not(term('b')))],
    ['a -b', and(term('a'), not(term('b')))],
    ['a -"b c"', and(term('a'), not(phrase('b', 'c')))],
    ['a -(b OR c)', and(term('a'), not(or(term('b'), term('c'))))],
    ['a -#b', and(term('a'), not(hashtag('b')))],
    // Anchored by "a", so a negative alternative inside the AND is fine.
    ['a (b OR -c)', and(term('a'), or(term('b'), not(term('c'))))],
    // Precedence NOT > AND > OR.
    ['a OR b AND c', or(term('a'), and(term('b'), term('c')))],
    ['a AND b OR c', or(and(term('a'), term('b')), term('c'))],
    ['a OR b c', or(term('a'), and(term('b'), term('c')))],
    ['NOT a b OR c', or(and(not(term('a')), term('b')), term('c'))],
    ['(a OR b) c', and(or(term('a'), term('b')), term('c'))],
    // Groups flatten into their parent when the operator is the same.
    ['(a OR b) OR (c OR d)', or(term('a'), term('b'), term('c'), term('d'))],
    ['(a b) (c AND d)', and(term('a'), term('b'), term('c'), term('d'))],
    ['((a))', term('a')],
    [
      'bpjs OR "bpjs kesehatan" OR #bpjs OR @BPJSKesehatanRI',
      or(term('bpjs'), phrase('bpjs', 'kesehatan'), hashtag('bpjs'), mention('bpjskesehatanri')),
    ],
    [
      '(prakerja* OR "kartu prakerja") AND NOT lowongan',
      and(or(prefix('prakerja'), phrase('kartu', 'prakerja')), not(term('lowongan'))),
    ],
    [
      'ikn OR "ibu kota nusantara" -"ikan"',
      or(term('ikn'), and(phrase('ibu', 'kota', 'nusantara'), not(phrase('ikan')))),
    ],
    ['\n bpjs\t', term('bpjs')],
  ])('parses %j', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });

  it.each<[string, number, number, string]>([
    ['bpjs AND', 5, 3, 'expected a term after "AND" at position 5'],
    ['(bpjs', 0, 1, 'missing ")" for the "(" at position 0'],
    ['bpjs)', 4, 1, 'unexpected ")" at position 4'],
    ['"open', 0, 5, 'unterminated phrase'],
    ['bpjs "open', 5, 5, 'the quote at position 5 is never closed'],
    ['*', 0, 1, 'at least 2 letters or digits before "*"'],
    ['a*', 0, 2, 'at least 2 letters or digits before "*" at position 0'],
    ['NOT', 0, 3, 'expected a term after "NOT" at position 0'],
    ['()', 0, 2, 'empty parentheses at position 0'],
    ['OR bpjs', 0, 2, 'expected a term before "OR" at position 0'],
    ['bpjs OR OR x', 8, 2, 'expected a term after "OR" but found "OR" at position 8'],
    ['bpjs AND )', 9, 1, 'expected a term after "AND" but found ")" at position 9'],
    ['(AND x)', 1, 3, 'expected a term before "AND" at position 1'],
    ['', 0, 0, 'the query is empty'],
    ['   ', 0, 0, 'the query is empty'],
    ['NOT x', 0, 5, 'a query must contain at least one positive term'],
    ['-x -y', 0, 5, 'a query must contain at least one positive term'],
    ['bpjs OR NOT x', 8, 5, '"NOT x" at position 8 has none'],
    ['x OR (b OR -c)', 11, 2, '"-c" at position 11 has none'],
    ['bpjs OR (NOT a NOT b)', 8, 13, '"(NOT a NOT b)" at position 8 has none'],
    ['pra*kerja', 3, 1, 'only allowed at the end'],
    ['pra-kerja*', 0, 10, 'a wildcard term must be a single word'],
    ['#bpjs*', 5, 1, 'wildcards are not supported in a hashtag'],
    ['"bpjs*"', 5, 1, 'wildcards are not supported inside a phrase'],
    ['#', 0, 1, 'expected hashtag text after "#"'],
    ['x @', 2, 1, 'expected mention text after "@"'],
    ['#bpjs-nya', 0, 9, 'a hashtag may contain only letters, digits and "_"'],
    ['""', 0, 2, 'empty phrase at position 0'],
    ['"?!"', 0, 4, 'empty phrase'],
    ['bpjs - x', 5, 1, 'expected a term right after "-" at position 5'],
    ['bpjs ???', 5, 3, 'contains no letters or digits'],
    ['(a OR b))', 8, 1, 'unexpected ")" at position 8'],
    ['NOT NOT', 4, 3, 'expected a term after "NOT" at position 4'],
  ])('rejects %j at position %i (length %i)', (query, position, length, message) => {
    const error = syntaxError(query);
    expect(error.message).toContain(message);
    expect({ position: error.position, length: error.length }).toEqual({ position, length });
  });

  it('reports what was expected', () => {
    expect(syntaxError('(bpjs').expected).toBe('")"');
    expect(syntaxError('bpjs AND').expected).toBe('a term');
  });

  it('rejects pathological nesting with a syntax error instead of overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}a${')'.repeat(5000)}`;
    expect(syntaxError(deep).message).toContain('nested too deeply');
    expect(syntaxError(`${'NOT '.repeat(5000)}a`).message).toContain('nested too deeply');
    expect(parseQuery(`${'('.repeat(50)}a${')'.repeat(50)}`)).toEqual(term('a'));
  });

  it('formats canonically', () => {
    expect(formatQuery(parseQuery('(Prakerja* OR “Kartu  Prakerja”) -lowongan'))).toBe(
      '(prakerja* OR "kartu prakerja") AND NOT lowongan',
    );
    expect(formatQuery(parseQuery('a OR b c'))).toBe('a OR (b AND c)');
    expect(formatQuery(parseQuery('#A @B -(c OR d)'))).toBe('#a AND @b AND NOT (c OR d)');
  });
});

/** Every field of the error, so that a wrong position in the message is caught as well. */
function errorOf(query: string) {
  const { message, position, length, expected } = syntaxError(query);
  return { message, position, length, expected };
}

describe('parseQuery errors, exactly', () => {
  // A term in front moves every position off 0, so that offsets added to the token start count.
  it.each<[string, string, number, number, string | undefined]>([
    ['x #foo*', 'wildcards are not supported in a hashtag (position 6)', 6, 1, undefined],
    ['x @ab*c', 'wildcards are not supported in a mention (position 5)', 5, 1, undefined],
    ['x pra*kerja', 'a wildcard "*" is only allowed at the end of a word (position 5)', 5, 1, undefined],
    ['x a*', 'a wildcard needs at least 2 letters or digits before "*" at position 2', 2, 2, 'at least 2 letters or digits'],
    ['x -*', 'a wildcard needs at least 2 letters or digits before "*" at position 3', 3, 1, 'at least 2 letters or digits'],
    ['x ab!*', 'a wildcard term must be a single word of letters and digits: "ab!*" at position 2', 2, 4, undefined],
    ['x a-b*', 'a wildcard term must be a single word of letters and digits: "a-b*" at position 2', 2, 4, undefined],
    ['x #', 'expected hashtag text after "#" at position 2', 2, 1, 'hashtag text'],
    ['x @', 'expected mention text after "@" at position 2', 2, 1, 'mention text'],
    ['x #a-b', 'a hashtag may contain only letters, digits and "_": "#a-b" at position 2', 2, 4, undefined],
    ['x @a.b', 'a mention may contain only letters, digits and "_": "@a.b" at position 2', 2, 4, undefined],
    ['x #__', 'a hashtag may contain only letters, digits and "_": "#__" at position 2', 2, 3, undefined],
    ['x "a*"', 'wildcards are not supported inside a phrase (position 4)', 4, 1, undefined],
    ['x ""', 'empty phrase at position 2', 2, 2, 'a word inside the quotes'],
    ['x "open', 'unterminated phrase: the quote at position 2 is never closed', 2, 5, '"'],
    ['x “open', 'unterminated phrase: the quote at position 2 is never closed', 2, 5, '"'],
    ['x - y', 'expected a term right after "-" at position 2 (write -term or NOT term)', 2, 1, 'a term'],
    ['x -', 'expected a term right after "-" at position 2 (write -term or NOT term)', 2, 1, 'a term'],
    ['x ???', '"???" at position 2 contains no letters or digits', 2, 3, 'a term'],
    ['x )', 'unexpected ")" at position 2: there is no matching "("', 2, 1, undefined],
    [')', 'unexpected ")" at position 0: there is no matching "("', 0, 1, undefined],
    ['x (y', 'missing ")" for the "(" at position 2', 2, 1, '")"'],
    ['x ()', 'empty parentheses at position 2', 2, 2, 'a term'],
    ['x ( )', 'empty parentheses at position 2', 2, 3, 'a term'],
    ['x AND', 'expected a term after "AND" at position 2', 2, 3, 'a term'],
    ['x -(', 'expected a term after "(" at position 3', 3, 1, 'a term'],
    ['(OR x)', 'expected a term before "OR" at position 1', 1, 2, 'a term'],
    ['x OR AND y', 'expected a term after "OR" but found "AND" at position 5', 5, 3, 'a term'],
    ['x NOT )', 'expected a term after "NOT" but found ")" at position 6', 6, 1, 'a term'],
    ['', 'the query is empty', 0, 0, 'a term'],
    ['NOT x', 'a query must contain at least one positive term', 0, 5, 'a term'],
    [
      'x OR NOT y',
      'every OR alternative needs a positive term, but "NOT y" at position 5 has none (it would match almost every post)',
      5,
      5,
      'a term',
    ],
    // The culprit is found through an AND inside the OR, down to the innermost bad alternative.
    ['x OR (NOT a AND (b OR NOT c))', 'every OR alternative needs a positive term, but "NOT c" at position 22 has none (it would match almost every post)', 22, 5, 'a term'],
    // An AND of negations is itself the culprit, spanning from its first to its last child.
    ['x OR NOT a NOT b', 'every OR alternative needs a positive term, but "NOT a NOT b" at position 5 has none (it would match almost every post)', 5, 11, 'a term'],
    ['x OR -c', 'every OR alternative needs a positive term, but "-c" at position 5 has none (it would match almost every post)', 5, 2, 'a term'],
    ['x OR (NOT a)', 'every OR alternative needs a positive term, but "(NOT a)" at position 5 has none (it would match almost every post)', 5, 7, 'a term'],
    ['(NOT a OR b) NOT c', 'every OR alternative needs a positive term, but "NOT a" at position 1 has none (it would match almost every post)', 1, 5, 'a term'],
  ])('rejects %j with exactly %j', (query, message, position, length, expected) => {
    expect(errorOf(query)).toEqual({ message, position, length, expected });
  });

  it('accepts the nested query whose alternative is anchored by the AND around it', () => {
    expect(parseQuery('a AND (b OR NOT c)')).toEqual(and(term('a'), or(term('b'), not(term('c')))));
    expect(parseQuery('a AND (b OR NOT c) AND d')).toEqual(and(term('a'), or(term('b'), not(term('c'))), term('d')));
  });

  it('takes two letters before a wildcard, and keyword-looking words in any other case', () => {
    expect(parseQuery('ab*')).toEqual(prefix('ab'));
    expect(parseQuery('x 12*')).toEqual(and(term('x'), prefix('12')));
    expect(parseQuery('And Or Not')).toEqual(and(term('and'), term('or'), term('not')));
    expect(parseQuery('ANDROID ORANG NOTA')).toEqual(and(term('android'), term('orang'), term('nota')));
  });

  it('splits words at parentheses, quotes and any whitespace', () => {
    expect(parseQuery('(a)(b)')).toEqual(and(term('a'), term('b')));
    expect(parseQuery('a"b c"d')).toEqual(and(term('a'), phrase('b', 'c'), term('d')));
    expect(parseQuery('a\u00a0b\u3000c\td')).toEqual(and(term('a'), term('b'), term('c'), term('d')));
    expect(parseQuery('x --a')).toEqual(and(term('x'), not(not(term('a')))));
    expect(parseQuery('x NOT -a')).toEqual(and(term('x'), not(not(term('a')))));
    expect(parseQuery('a-b')).toEqual(phrase('a', 'b'));
  });

  it('limits the depth of groups and negations to 100, counting only the open ones', () => {
    expect(parseQuery(`${'('.repeat(100)}a${')'.repeat(100)}`)).toEqual(term('a'));
    expect(errorOf(`${'('.repeat(101)}a${')'.repeat(101)}`)).toEqual({
      message: 'the query is nested too deeply at position 100 (at most 100 levels)',
      position: 100,
      length: 1,
      expected: undefined,
    });
    expect(parseQuery(`x ${'NOT '.repeat(100)}a`)).toEqual(and(term('x'), Array.from({ length: 100 }).reduce<QueryNode>((node) => not(node), term('a'))));
    expect(errorOf(`x ${'NOT '.repeat(101)}a`)).toEqual({
      message: 'the query is nested too deeply at position 402 (at most 100 levels)',
      position: 402,
      length: 3,
      expected: undefined,
    });
    // Closed groups and finished negations give their level back.
    const siblings = Array.from({ length: 150 }, () => '(a)').join(' ');
    expect(parseQuery(siblings)).toEqual(and(...Array.from({ length: 150 }, () => term('a'))));
    expect(parseQuery(`x${' -a'.repeat(150)}`)).toEqual(and(term('x'), ...Array.from({ length: 150 }, () => not(term('a')))));
  });
});

describe('requiresPositiveLiteral', () => {
  it('needs one anchored AND child, every OR alternative anchored, and never a NOT', () => {
    const a = term('a');
    const na = not(term('b'));
    expect(requiresPositiveLiteral(a)).toBe(true);
    expect(requiresPositiveLiteral(na)).toBe(false);
    expect(requiresPositiveLiteral(not(not(a)))).toBe(false);
    expect(requiresPositiveLiteral(and(na, a))).toBe(true);
    expect(requiresPositiveLiteral(and(na, na))).toBe(false);
    expect(requiresPositiveLiteral(or(a, a))).toBe(true);
    expect(requiresPositiveLiteral(or(a, na))).toBe(false);
    expect(requiresPositiveLiteral(or(na, a))).toBe(false);
  });
});

// Letters that are already folded, so generated literals are valid parser output.
const CHARS = [...'abcdeiknoprsxyz0129ßøжя中'];
const token = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 6 });
const literal: fc.Arbitrary<QueryNode> = fc.oneof(
  token.map(term),
  fc.string({ unit: fc.constantFrom(...CHARS), minLength: 2, maxLength: 6 }).map(prefix),
  fc.array(token, { minLength: 1, maxLength: 3 }).map((words) => phrase(...words)),
  fc.tuple(token, fc.option(token, { nil: undefined })).map(([a, b]) => hashtag(b === undefined ? a : `${a}_${b}`)),
  fc.tuple(token, fc.option(token, { nil: undefined })).map(([a, b]) => mention(b === undefined ? `_${a}` : `${a}_${b}`)),
);

function flat(kind: 'and' | 'or', children: readonly QueryNode[]): QueryNode {
  return { kind, children: children.flatMap((child) => (child.kind === kind ? child.children : [child])) };
}

/** ASTs in the normal form parseQuery produces: flattened, and satisfying the positive-term rule. */
const positiveQuery: fc.Arbitrary<QueryNode> = fc.letrec<{
  positive: QueryNode;
  any: QueryNode;
  not: QueryNode;
  and: QueryNode;
  or: QueryNode;
}>((tie) => ({
  positive: fc.oneof({ depthSize: 'small', withCrossShrink: true }, literal, tie('and'), tie('or')),
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('positive'), tie('not')),
  not: tie('any').map(not),
  and: fc
    .tuple(tie('positive'), fc.array(tie('any'), { minLength: 1, maxLength: 3 }), fc.nat())
    .map(([anchor, others, at]) => {
      const children = [...others];
      children.splice(at % (others.length + 1), 0, anchor);
      return flat('and', children);
    }),
  or: fc.array(tie('positive'), { minLength: 2, maxLength: 3 }).map((children) => flat('or', children)),
})).positive;

const QUERY_PIECES = [
  'AND', 'OR', 'NOT', 'and', '(', ')', '"', '“', '-', '*', '#', '@', '_', ' ', ' ', 'bpjs', 'a', 'x*',
  'pra*', 'É', '🍱', '\u0301', '\n',
];
const queryLike = fc.array(fc.constantFrom(...QUERY_PIECES), { maxLength: 20 }).map((parts) => parts.join(''));

function checkParse(query: string): void {
  let node: QueryNode;
  try {
    node = parseQuery(query);
  } catch (error) {
    expect(error).toBeInstanceOf(QuerySyntaxError);
    const { position, length } = error as QuerySyntaxError;
    expect(position).toBeGreaterThanOrEqual(0);
    expect(length).toBeGreaterThanOrEqual(0);
    expect(position + length).toBeLessThanOrEqual(query.length);
    return;
  }
  // Whatever parses is in normal form and anchored.
  expect(requiresPositiveLiteral(node)).toBe(true);
  expect(parseQuery(formatQuery(node))).toEqual(node);
}

describe('parseQuery properties', () => {
  it('round-trips formatQuery on generated ASTs', () => {
    fc.assert(
      fc.property(positiveQuery, (node) => {
        expect(parseQuery(formatQuery(node))).toEqual(node);
      }),
      { numRuns: 500 },
    );
  });

  it('only ever throws QuerySyntaxError, with a span inside the query', () => {
    fc.assert(fc.property(fc.string(), checkParse), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), checkParse), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), checkParse), { numRuns: 300 });
    fc.assert(fc.property(queryLike, checkParse), { numRuns: 1000 });
  });
});
