import type { QueryNode } from './ast.js';

/** Nested AND/OR are always parenthesised: `a OR (b AND c)` needs no parentheses by precedence,
 * but analysts misread it without them. */
function formatOperand(node: QueryNode): string {
  return node.kind === 'and' || node.kind === 'or' ? `(${formatQuery(node)})` : formatQuery(node);
}

/**
 * Canonical text of a query: explicit upper-case operators, folded literals, parentheses around
 * every nested AND/OR. `parseQuery(formatQuery(n))` is structurally equal to `n` for any tree
 * `parseQuery` can produce.
 */
export function formatQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return node.value;
    case 'prefix':
      return `${node.value}*`;
    case 'phrase':
      return `"${node.words.join(' ')}"`;
    case 'hashtag':
      return `#${node.value}`;
    case 'mention':
      return `@${node.value}`;
    case 'not':
      return `NOT ${formatOperand(node.child)}`;
    case 'and':
      return node.children.map((child) => formatOperand(child)).join(' AND ');
    case 'or':
      return node.children.map((child) => formatOperand(child)).join(' OR ');
  }
}
