/**
 * Query AST. Literal values are stored already folded (see `foldText`) so that matching never
 * re-folds, and structural equality after a parse/format round trip is meaningful.
 * `and`/`or` are n-ary, flattened and always have at least two children; parentheses leave no
 * trace in the tree.
 */
export type QueryNode =
  | { readonly kind: 'term'; readonly value: string }
  | { readonly kind: 'prefix'; readonly value: string }
  | { readonly kind: 'phrase'; readonly words: readonly string[] }
  | { readonly kind: 'hashtag'; readonly value: string }
  | { readonly kind: 'mention'; readonly value: string }
  | { readonly kind: 'and'; readonly children: readonly QueryNode[] }
  | { readonly kind: 'or'; readonly children: readonly QueryNode[] }
  | { readonly kind: 'not'; readonly child: QueryNode };

export type LiteralNode = Extract<QueryNode, { kind: 'term' | 'prefix' | 'phrase' | 'hashtag' | 'mention' }>;
