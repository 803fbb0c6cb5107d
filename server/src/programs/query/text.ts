import { foldText, isTagBody, wordTokens } from './fold.js';

/** A post tokenised once, so that any number of compiled queries can be evaluated against it. */
export interface PreparedText {
  /** Folded word tokens in order. Hashtag and mention bodies contribute their words too, so a
   * plain term finds its hashtag and a phrase can span "#bpjs kesehatan". */
  readonly words: readonly string[];
  /** Each distinct word and the indices where it occurs in `words` (phrases start from these). */
  readonly wordPositions: ReadonlyMap<string, readonly number[]>;
  /** Folded hashtag bodies without "#", underscores kept. */
  readonly hashtags: ReadonlySet<string>;
  /** Folded mention bodies without "@", underscores kept. */
  readonly mentions: ReadonlySet<string>;
}

// The sigil must not follow a word character, so "a#b" and e-mail addresses are not tags.
const TAG = /(?<![\p{L}\p{N}_])([#@])([\p{L}\p{N}_]+)/gu;

export function prepareText(text: string): PreparedText {
  // Folding first also maps full-width "＃" and "＠" to their ASCII sigils.
  const folded = foldText(text);
  const words = wordTokens(folded);
  const wordPositions = new Map<string, number[]>();
  words.forEach((word, index) => {
    const positions = wordPositions.get(word);
    if (positions === undefined) wordPositions.set(word, [index]);
    else positions.push(index);
  });
  const hashtags = new Set<string>();
  const mentions = new Set<string>();
  if (folded.includes('#') || folded.includes('@')) {
    for (const match of folded.matchAll(TAG)) {
      const body = match[2] ?? '';
      if (isTagBody(body)) (match[1] === '#' ? hashtags : mentions).add(body);
    }
  }
  return { words, wordPositions, hashtags, mentions };
}
