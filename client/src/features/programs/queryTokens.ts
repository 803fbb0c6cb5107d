/*
 * A client-side tokenizer of the program query language, for syntax highlighting only: the server
 * (`server/src/programs/query/parser.ts`) stays the judge of validity. It splits exactly where the
 * server's tokenizer does (whitespace, parentheses and quotes delimit; a "-" starting a word is a
 * negation; AND/OR/NOT are keywords only in upper case) and never throws: incomplete input still
 * highlights while the analyst types. The segments cover the text without gaps, so the overlay
 * renders the same characters as the textarea.
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
  text: string;
  /** A phrase whose closing quote has not been typed yet. */
  open?: boolean;
}

const QUOTES = new Set(['"', '\u201C', '\u201D']);
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

export interface HighlightSegment {
  kind: QueryTokenKind;
  text: string;
  start: number;
  /** Inside the span the server reported as wrong. */
  error: boolean;
  open?: boolean;
}

export interface ErrorSpan {
  position: number;
  length: number;
}

/**
 * The tokens cut at the edges of the error span, so the overlay can underline exactly the
 * offending characters inside their token's color.
 */
export function highlightSegments(query: string, errorSpan: ErrorSpan | null): HighlightSegment[] {
  const tokens = tokenizeQuery(query);
  const from = errorSpan ? Math.max(0, Math.min(errorSpan.position, query.length)) : -1;
  const to = errorSpan ? Math.max(from, Math.min(errorSpan.position + errorSpan.length, query.length)) : -1;
  const segments: HighlightSegment[] = [];
  for (const token of tokens) {
    const cuts = [token.start, token.end];
    if (errorSpan) {
      if (from > token.start && from < token.end) cuts.push(from);
      if (to > token.start && to < token.end) cuts.push(to);
    }
    const points = [...new Set(cuts)].sort((a, b) => a - b);
    for (let k = 0; k + 1 < points.length; k++) {
      const start = points[k]!;
      const end = points[k + 1]!;
      segments.push({
        kind: token.kind,
        text: query.slice(start, end),
        start,
        error: errorSpan !== null && start >= from && end <= to && to > from,
        ...(token.open ? { open: true } : {}),
      });
    }
  }
  return segments;
}

/** 1-based line and column of a UTF-16 offset; columns count characters, not code units. */
export function lineColumn(query: string, position: number): { line: number; column: number } {
  const before = query.slice(0, Math.max(0, Math.min(position, query.length)));
  const lines = before.split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { line: lines.length, column: [...last].length + 1 };
}
