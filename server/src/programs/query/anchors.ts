import type { QueryNode } from './ast.js';

/**
 * A literal whose presence in a post is necessary (together with the query's other anchors,
 * disjunctively) for the query to match: `word` means the folded word occurs, `prefix` that some
 * word starts with it, `hashtag`/`mention` that the tag occurs.
 */
export interface Anchor {
  readonly kind: 'word' | 'prefix' | 'hashtag' | 'mention';
  readonly value: string;
}

/*
 * Rough cost of relying on an anchor, i.e. how often we expect it to let a non-matching post
 * through to full evaluation. No corpus statistics exist at compile time, so word length stands
 * in for rarity and prefixes are penalised for matching whole families of words.
 */
function anchorCost(anchor: Anchor): number {
  const length = anchor.value.length;
  switch (anchor.kind) {
    case 'hashtag':
    case 'mention':
      return 1;
    case 'word':
      return length >= 5 ? 2 : length >= 3 ? 3 : 5;
    case 'prefix':
      return length >= 4 ? 4 : 8;
  }
}

function totalCost(anchors: readonly Anchor[]): number {
  return anchors.reduce((sum, anchor) => sum + anchorCost(anchor), 0);
}

/**
 * Anchors such that `node` can only match a post containing at least one of them, or
 * `undefined` when no such set exists (the query must then be evaluated on every post).
 * OR needs every alternative anchored and takes the union; AND needs just one child, so it takes
 * the cheapest; NOT never anchors because it matches by absence.
 */
export function queryAnchors(node: QueryNode): Anchor[] | undefined {
  switch (node.kind) {
    case 'term':
      return [{ kind: 'word', value: node.value }];
    case 'prefix':
      return [{ kind: 'prefix', value: node.value }];
    case 'hashtag':
      return [{ kind: 'hashtag', value: node.value }];
    case 'mention':
      return [{ kind: 'mention', value: node.value }];
    case 'phrase': {
      // Every word of a phrase is required; the longest is likely the rarest.
      const longest = node.words.reduce<string | undefined>(
        (best, word) => (best === undefined || word.length > best.length ? word : best),
        undefined,
      );
      return longest === undefined ? undefined : [{ kind: 'word', value: longest }];
    }
    case 'not':
      return undefined;
    case 'or': {
      const union = new Map<string, Anchor>();
      for (const child of node.children) {
        const anchors = queryAnchors(child);
        if (anchors === undefined) return undefined;
        for (const anchor of anchors) union.set(`${anchor.kind}:${anchor.value}`, anchor);
      }
      return [...union.values()];
    }
    case 'and': {
      let best: Anchor[] | undefined;
      let bestCost = Infinity;
      for (const child of node.children) {
        const anchors = queryAnchors(child);
        if (anchors === undefined) continue;
        const cost = totalCost(anchors);
        if (cost < bestCost) {
          best = anchors;
          bestCost = cost;
        }
      }
      return best;
    }
  }
}
