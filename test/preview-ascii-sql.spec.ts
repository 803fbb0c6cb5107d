import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { QueryNode } from '../server/src/programs/query/ast.js';
import { formatQuery, parseQuery, programPredicate } from '../server/src/programs/query/index.js';
import { asciiQuerySql } from '../server/src/programs/query/sql.js';
import { createTestDatabase, ENGINE, type TestDatabase } from './support/database.js';

/*
 * A preview decides ASCII-only posts in SQL (`asciiQuerySql`) and every other post with the
 * matcher. On ASCII texts both must say the same for any query: random queries over a small
 * vocabulary against random texts built to sit on the edges of the rules (case, digits, "_",
 * sigils after letters or after other sigils, words that contain a query word, separators).
 */
const WORDS = ['bpjs', 'kes', 'bpjskes', 'kip', 'kuliah', 'x1', 'makan', 'gratis', 'and', 'ikn', 'ikan'];
const STEMS = ['bp', 'bpjsk', 'ku', 'ik', 'x1', 'ma'];
const word = fc.constantFrom(...WORDS);
const literal: fc.Arbitrary<QueryNode> = fc.oneof(
  word.map((value): QueryNode => ({ kind: 'term', value })),
  fc.constantFrom(...STEMS).map((value): QueryNode => ({ kind: 'prefix', value })),
  fc.array(word, { minLength: 2, maxLength: 3 }).map((words): QueryNode => ({ kind: 'phrase', words })),
  fc.constantFrom(...WORDS, 'makan_gratis', '_bpjs', 'bpjs_').map((value): QueryNode => ({ kind: 'hashtag', value })),
  fc.constantFrom(...WORDS, 'bpjs_ri').map((value): QueryNode => ({ kind: 'mention', value })),
  // A folded literal with a letter no ASCII text holds.
  fc.constant<QueryNode>({ kind: 'term', value: 'straße' }),
);
const flat = (kind: 'and' | 'or', children: readonly QueryNode[]): QueryNode => ({
  kind,
  children: children.flatMap((child) => (child.kind === kind ? child.children : [child])),
});
const query: fc.Arbitrary<QueryNode> = fc.letrec<{ positive: QueryNode; any: QueryNode; and: QueryNode; or: QueryNode }>((tie) => ({
  positive: fc.oneof({ depthSize: 'small', withCrossShrink: true }, literal, tie('and'), tie('or')),
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('positive'), tie('any').map((child): QueryNode => ({ kind: 'not', child }))),
  and: fc.tuple(tie('positive'), fc.array(tie('any'), { minLength: 1, maxLength: 3 })).map(([anchor, others]) => flat('and', [...others, anchor])),
  or: fc.array(tie('positive'), { minLength: 2, maxLength: 3 }).map((children) => flat('or', children)),
})).positive;

const piece = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('#', '@', '##', '#_', '@_', 'a#', '1@', '_#'), word).map(([s, w]) => s + w) },
  { weight: 2, arbitrary: fc.constantFrom('BPJS', 'Bpjs-Kes', 'KIP.Kuliah', '#Makan_Gratis', '#makan_gratis_', '@BPJS_RI', 'x1@ikn', 'bpjs_', '#___', '"kip"', 'bpjs\tkes', 'IKN!') },
);
const post = fc
  .tuple(fc.array(piece, { maxLength: 10 }), fc.constantFrom(' ', ' ', ', ', '-', '\n', '', '/', '_'))
  .map(([pieces, separator]) => pieces.join(separator));

describe(`preview: ASCII posts decided in SQL (${ENGINE})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('matches exactly what the matcher matches, for any query', async () => {
    const texts = fc.sample(post, { numRuns: 400, seed: 20261206 });
    expect(texts.every((s) => [...s].every((ch) => ch.charCodeAt(0) < 128))).toBe(true);
    await fc.assert(
      fc.asyncProperty(query, async (node) => {
        // What the API hands the preview: the query as an analyst would have typed it.
        const parsed = parseQuery(formatQuery(node));
        const params: unknown[] = [texts];
        const where = asciiQuerySql(parsed, `lower(t.text COLLATE "C")`, params);
        const [row] = await t.db.query<{ hits: number[] | null }>(
          `SELECT array_agg(t.i::int - 1 ORDER BY t.i) AS hits FROM unnest($1::text[]) WITH ORDINALITY AS t(text, i) WHERE ${where}`,
          params,
        );
        const matches = programPredicate({ id: 'q', query: formatQuery(parsed), languages: [] });
        const expected = texts.flatMap((text, i) => (matches(text, 'id') ? [i] : []));
        expect({ query: formatQuery(parsed), hits: row?.hits ?? [] }).toEqual({ query: formatQuery(parsed), hits: expected });
      }),
      { numRuns: 150, seed: 6122026 },
    );
  });

  it('never matches a literal that only non-ASCII text can hold', () => {
    const params: unknown[] = [];
    expect(asciiQuerySql(parseQuery('straße OR #straße_x'), 'x', params)).toBe('(false OR false)');
    expect(params).toEqual([]);
  });
});
