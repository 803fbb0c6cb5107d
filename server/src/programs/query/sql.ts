import type { QueryNode } from './ast.js';

/*
 * On a text of ASCII characters only, folding (see `foldText`) is lowercasing, a word token is a
 * maximal run of [a-z0-9], and a hashtag or mention body is a maximal run of [a-z0-9_] after a
 * sigil that does not follow one of those. So on such a text a query is a boolean of regular
 * expressions over the lowercased text, which PostgreSQL evaluates where the posts are, instead
 * of every candidate post travelling to the matcher. Texts with any other character keep going
 * through `prepareText`: NFKD, full-width forms and Unicode letters are the matcher's business.
 */

const ASCII_WORD = /^[a-z0-9]+$/;
const ASCII_TAG = /^[a-z0-9_]*[a-z0-9][a-z0-9_]*$/;
const NOT_WORD = '[^a-z0-9]';
const NOT_TAG = '[^a-z0-9_]';

function regex(node: QueryNode): string | false {
  switch (node.kind) {
    case 'term':
      return ASCII_WORD.test(node.value) ? `(^|${NOT_WORD})${node.value}($|${NOT_WORD})` : false;
    case 'prefix':
      return ASCII_WORD.test(node.value) ? `(^|${NOT_WORD})${node.value}` : false;
    case 'phrase':
      if (node.words.length === 0 || !node.words.every((w) => ASCII_WORD.test(w))) return false;
      return `(^|${NOT_WORD})${node.words.join(`${NOT_WORD}+`)}($|${NOT_WORD})`;
    case 'hashtag':
    case 'mention': {
      if (!ASCII_TAG.test(node.value)) return false;
      return `(^|${NOT_TAG})${node.kind === 'hashtag' ? '#' : '@'}${node.value}($|${NOT_TAG})`;
    }
    default:
      throw new Error(`not a literal: ${node.kind}`);
  }
}

/**
 * A SQL boolean that is true exactly when `node` matches a post whose text is ASCII only, given
 * `lowered`, an expression for that text lowercased under the "C" collation. Each pattern is a
 * bind parameter appended to `params` (written `$n`).
 */
export function asciiQuerySql(node: QueryNode, lowered: string, params: unknown[]): string {
  switch (node.kind) {
    case 'not':
      return `NOT (${asciiQuerySql(node.child, lowered, params)})`;
    case 'and':
    case 'or':
      return `(${node.children.map((c) => asciiQuerySql(c, lowered, params)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    default: {
      const pattern = regex(node);
      if (pattern === false) return 'false';
      params.push(pattern);
      return `${lowered} ~ $${params.length}::text`;
    }
  }
}
