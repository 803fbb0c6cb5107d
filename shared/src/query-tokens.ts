/*
 * The lexer of the program query language, shared so that the server's parser
 * (`server/src/programs/query/parser.ts`) and the dashboard's highlighter split a query at exactly
 * the same places: whitespace, parentheses and quotes delimit; a "-" starting a word is a negation
 * ("covid-19" is one term); AND/OR/NOT are keywords only in upper case, so the Indonesian/English
 * words "and", "or", "not" stay searchable. It never throws and its tokens cover the text without
 * gaps (an unclosed phrase runs to the end, marked `open`): the parser turns what it cannot accept
 * into syntax errors, and the editor keeps highlighting while the analyst types.
 */

export type QueryTokenKind =
  | 'space'
  | 'term'
  | 'prefix'
  | 'phrase'
  | 'hashtag'
  | 'mention'
  | 'operator'
  | 'negation'
  | 'paren';

export interface QueryToken {
  kind: QueryTokenKind;
  /** UTF-16 offsets into the query, like the server's error positions. */
  start: number;
  end: number;
  /** The source text, quotes of a phrase included. */
  text: string;
  /** A phrase whose closing quote has not been typed yet. */
  open?: boolean;
}

const QUOTES = new Set(['"', '\u201C', '\u201D']); // analysts paste “smart quotes” from documents
const WHITESPACE = /\s/u;
const OPERATORS = new Set(['AND', 'OR']);

function isDelimiter(ch: string): boolean {
  return ch === '(' || ch === ')' || QUOTES.has(ch) || WHITESPACE.test(ch);
}

function wordKind(text: string): QueryTokenKind {
  if (text === 'NOT') return 'negation';
  if (OPERATORS.has(text)) return 'operator';
  const sigil = text.charAt(0);
  if (sigil === '#') return 'hashtag';
  if (sigil === '@') return 'mention';
  if (text.length > 1 && text.endsWith('*')) return 'prefix';
  return 'term';
}

export function tokenizeQuery(query: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  const n = query.length;
  let i = 0;
  while (i < n) {
    const ch = query.charAt(i);
    if (WHITESPACE.test(ch)) {
      let j = i + 1;
      while (j < n && WHITESPACE.test(query.charAt(j))) j++;
      tokens.push({ kind: 'space', start: i, end: j, text: query.slice(i, j) });
      i = j;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: 'paren', start: i, end: i + 1, text: ch });
      i++;
    } else if (QUOTES.has(ch)) {
      let j = i + 1;
      while (j < n && !QUOTES.has(query.charAt(j))) j++;
      const open = j >= n;
      const end = open ? n : j + 1;
      tokens.push({ kind: 'phrase', start: i, end, text: query.slice(i, end), ...(open ? { open } : {}) });
      i = end;
    } else if (ch === '-') {
      tokens.push({ kind: 'negation', start: i, end: i + 1, text: '-' });
      i++;
    } else {
      let j = i;
      while (j < n && !isDelimiter(query.charAt(j))) j++;
      const text = query.slice(i, j);
      tokens.push({ kind: wordKind(text), start: i, end: j, text });
      i = j;
    }
  }
  return tokens;
}
