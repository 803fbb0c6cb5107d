const COMBINING_MARKS = /\p{M}/gu;

/**
 * Case- and accent-insensitive form used on both sides of a match: NFKD splits accents off
 * (and maps compatibility forms such as "ﬁ" or full-width letters to plain ones), the marks are
 * dropped, then lowercase. Idempotent (checked over every code point), so query literals that
 * are stored folded can be folded again safely.
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** A word token is a maximal run of letters/digits; everything else separates words. */
const WORD_RUN = /[\p{L}\p{N}]+/gu;

const TAG_CHARS = /^[\p{L}\p{N}_]+$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Hashtag/mention bodies also allow "_" (as platforms do) but need at least one letter/digit. */
export function isTagBody(folded: string): boolean {
  return TAG_CHARS.test(folded) && LETTER_OR_DIGIT.test(folded);
}

/** Splits already-folded text into word tokens. */
export function wordTokens(folded: string): string[] {
  return folded.match(WORD_RUN) ?? [];
}
