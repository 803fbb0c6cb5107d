/*
 * The query editor's highlighting: the tokens of the shared lexer (the one the server's parser
 * reads, so the colours split exactly where the server does), cut at the edges of the error span
 * the server reported. The server stays the judge of validity. The segments cover the text without
 * gaps, so the overlay renders the same characters as the textarea.
 */
import { tokenizeQuery, type QueryTokenKind } from '@siaga/shared';

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
