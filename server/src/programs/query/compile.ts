import type { QueryNode } from './ast.js';
import type { PreparedText } from './text.js';

export type CompiledQuery = (text: PreparedText) => boolean;

/*
 * Terms and prefixes only consult `wordPositions`: every hashtag or mention body without "_" is
 * itself a word token, and query words never contain "_", so looking at the tag sets as well
 * could never add a match.
 */

function phraseMatcher(words: readonly string[]): CompiledQuery {
  const [first, ...rest] = words;
  if (first === undefined) return () => false;
  if (rest.length === 0) return (text) => text.wordPositions.has(first);
  return (text) => {
    const starts = text.wordPositions.get(first);
    if (starts === undefined) return false;
    const tokens = text.words;
    outer: for (const start of starts) {
      for (let k = 0; k < rest.length; k++) {
        if (tokens[start + 1 + k] !== rest[k]) continue outer;
      }
      return true;
    }
    return false;
  };
}

function prefixMatcher(prefix: string): CompiledQuery {
  return (text) => {
    for (const word of text.wordPositions.keys()) {
      if (word.startsWith(prefix)) return true;
    }
    return false;
  };
}

/** Turns a query into a closure tree, so evaluation does no dispatch on node kinds. */
export function compileQuery(node: QueryNode): CompiledQuery {
  switch (node.kind) {
    case 'term': {
      const { value } = node;
      return (text) => text.wordPositions.has(value);
    }
    case 'prefix':
      return prefixMatcher(node.value);
    case 'phrase':
      return phraseMatcher(node.words);
    case 'hashtag': {
      const { value } = node;
      return (text) => text.hashtags.has(value);
    }
    case 'mention': {
      const { value } = node;
      return (text) => text.mentions.has(value);
    }
    case 'not': {
      const child = compileQuery(node.child);
      return (text) => !child(text);
    }
    case 'and': {
      const children = node.children.map(compileQuery);
      return (text) => children.every((child) => child(text));
    }
    case 'or': {
      const children = node.children.map(compileQuery);
      return (text) => children.some((child) => child(text));
    }
  }
}
