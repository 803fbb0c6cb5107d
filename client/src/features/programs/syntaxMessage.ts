import { QuerySyntaxDetails } from '@siaga/shared';
import { isApiError } from '../../api';
import { i18n } from '../../i18n';

/** A `query_syntax` answer: where the problem is and the server's own words for it. */
export interface SyntaxProblem {
  position: number;
  length: number;
  expected: string | null;
  /** The server's message (English), kept for the fallback and for support. */
  serverMessage: string;
}

/** The syntax problem carried by an API error, or null when the error is something else. */
export function syntaxProblemOf(error: unknown): SyntaxProblem | null {
  if (!isApiError(error) || error.code !== 'query_syntax') return null;
  const details = QuerySyntaxDetails.safeParse(error.details);
  if (!details.success) return null;
  return {
    position: details.data.position,
    length: details.data.length,
    expected: details.data.expected ?? null,
    serverMessage: error.message,
  };
}

type SyntaxKey =
  | 'unterminatedPhrase'
  | 'danglingMinus'
  | 'unmatchedClose'
  | 'tooDeep'
  | 'missingClose'
  | 'empty'
  | 'termExpectedFound'
  | 'termExpectedAfter'
  | 'termExpectedBefore'
  | 'emptyParens'
  | 'wildcardInHashtag'
  | 'wildcardInMention'
  | 'emptyHashtag'
  | 'emptyMention'
  | 'badHashtag'
  | 'badMention'
  | 'wildcardNotAtEnd'
  | 'wildcardTooShort'
  | 'wildcardNotWord'
  | 'noLetters'
  | 'wildcardInPhrase'
  | 'emptyPhrase'
  | 'noPositive'
  | 'unanchoredOr';

/**
 * The parser's messages are fixed English templates (server/src/programs/query/parser.ts); each is
 * matched here to a translated sentence. Quoted query text is taken from the query itself.
 */
const PATTERNS: readonly (readonly [RegExp, SyntaxKey | ((m: RegExpExecArray) => SyntaxKey)])[] = [
  [/^unterminated phrase/, 'unterminatedPhrase'],
  [/^expected a term right after "-"/, 'danglingMinus'],
  [/^unexpected "\)"/, 'unmatchedClose'],
  [/^the query is nested too deeply/, 'tooDeep'],
  [/^missing "\)"/, 'missingClose'],
  [/^the query is empty/, 'empty'],
  [/^expected a term after ".*" but found ".*" at position/s, 'termExpectedFound'],
  [/^expected a term after ".*" at position/s, 'termExpectedAfter'],
  [/^expected a term before ".*" at position/s, 'termExpectedBefore'],
  [/^empty parentheses/, 'emptyParens'],
  [/^wildcards are not supported in a (hashtag|mention)/, (m) => (m[1] === 'hashtag' ? 'wildcardInHashtag' : 'wildcardInMention')],
  [/^expected (hashtag|mention) text after/, (m) => (m[1] === 'hashtag' ? 'emptyHashtag' : 'emptyMention')],
  [/^a (hashtag|mention) may contain only/, (m) => (m[1] === 'hashtag' ? 'badHashtag' : 'badMention')],
  [/^a wildcard "\*" is only allowed at the end/, 'wildcardNotAtEnd'],
  [/^a wildcard needs at least 2/, 'wildcardTooShort'],
  [/^a wildcard term must be a single word/, 'wildcardNotWord'],
  [/contains no letters or digits/, 'noLetters'],
  [/^wildcards are not supported inside a phrase/, 'wildcardInPhrase'],
  [/^empty phrase/, 'emptyPhrase'],
  [/^a query must contain at least one positive term/, 'noPositive'],
  [/^every OR alternative needs a positive term/, 'unanchoredOr'],
];

const QUOTE_MAX = 40;

function quote(text: string): string {
  const chars = [...text];
  return chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX - 1).join('')}…` : text;
}

/** The word or operator just before `position` (skipping spaces), for "after X" messages. */
function tokenBefore(query: string, position: number): string {
  const head = query.slice(0, position).trimEnd();
  const match = /(\S+)$/u.exec(head);
  return match?.[1] ?? '';
}

/** A translated sentence for the problem; the server's words (untranslated) when it is a new one. */
export function describeSyntaxProblem(problem: SyntaxProblem, query: string): string {
  const t = i18n.t;
  const span = quote(query.slice(problem.position, problem.position + problem.length));
  for (const [pattern, target] of PATTERNS) {
    const match = pattern.exec(problem.serverMessage);
    if (!match) continue;
    const key = typeof target === 'function' ? target(match) : target;
    switch (key) {
      case 'termExpectedAfter':
        // The server points at the word that lacks its operand.
        return t('programs:syntax.termExpectedAfter', { text: span });
      case 'termExpectedFound':
        return t('programs:syntax.termExpectedFound', { before: quote(tokenBefore(query, problem.position)), text: span });
      default:
        return t(`programs:syntax.${key}`, { text: span });
    }
  }
  return t('programs:syntax.unknown', { message: problem.serverMessage });
}
