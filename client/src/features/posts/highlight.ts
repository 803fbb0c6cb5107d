import type { SentimentTerm } from '@siaga/shared';

export interface Segment {
  text: string;
  /** The term this piece of text matched, with its signed contribution to the score. */
  term: SentimentTerm | null;
}

/** Below this share of the strongest term's weight, a word is not worth marking. */
const RELATIVE_FLOOR = 0.2;

/**
 * The terms worth showing: a trained model gives nearly every word some weight, and marking the
 * faint ones (a number, a program name) would bury the few that decided the score.
 */
export function significantTerms(terms: readonly SentimentTerm[]): SentimentTerm[] {
  const strongest = terms.reduce((m, t) => Math.max(m, Math.abs(t.weight)), 0);
  if (strongest === 0) return [];
  return terms.filter((t) => t.term.trim() !== '' && Math.abs(t.weight) >= strongest * RELATIVE_FLOOR);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WORDISH = /[\p{L}\p{N}]/u;

/**
 * Cuts a post's text into plain and highlighted pieces: each term the analyzer reported (the word
 * as written, lower-cased; a word pair; or an emoji) is marked wherever it stands in the text as
 * a whole word, case-insensitively. Longer terms win over the words inside them. The pieces only
 * ever become React text, so nothing in the post can turn into markup.
 */
export function highlightSegments(text: string, terms: readonly SentimentTerm[]): Segment[] {
  const usable = significantTerms(terms);
  if (usable.length === 0 || text === '') return [{ text, term: null }];

  const byKey = new Map<string, SentimentTerm>();
  for (const term of usable) byKey.set(term.term.toLocaleLowerCase(), term);
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const alternatives = keys.map((key) => {
    // Words and pairs match as whole words (the pair with any run of spaces); emoji match anywhere.
    const body = key.split(/\s+/).map(escapeRegExp).join('\\s+');
    const first = key.charAt(0);
    const last = key.charAt(key.length - 1);
    const before = WORDISH.test(first) ? '(?<![\\p{L}\\p{N}])' : '';
    const after = WORDISH.test(last) ? '(?![\\p{L}\\p{N}])' : '';
    return `${before}${body}${after}`;
  });
  const pattern = new RegExp(alternatives.join('|'), 'giu');

  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const found = match[0];
    if (found === '') continue;
    const term = byKey.get(found.toLocaleLowerCase().replace(/\s+/g, ' ')) ?? null;
    if (start > at) segments.push({ text: text.slice(at, start), term: null });
    segments.push({ text: found, term });
    at = start + found.length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), term: null });
  return segments;
}
