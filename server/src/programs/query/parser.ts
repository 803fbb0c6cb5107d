import { tokenizeQuery } from '@siaga/shared';
import type { QueryNode } from './ast.js';
import { QuerySyntaxError } from './errors.js';
import { foldText, isTagBody, wordTokens } from './fold.js';

/*
 * Grammar (precedence NOT > AND > OR; adjacency is an implicit AND):
 *   query   := or EOF
 *   or      := and ("OR" and)*
 *   and     := unary (["AND"] unary)*
 *   unary   := ("NOT" | "-") unary | primary
 *   primary := word | "phrase" | "(" or ")"
 * Keywords are recognised only in upper case so that the Indonesian/English words "and", "or",
 * "not" stay searchable. A "-" counts as NOT only at the start of a word ("covid-19" is a term).
 */

/** Deep enough for any hand-written query; stops pathological input from overflowing the stack. */
const MAX_DEPTH = 100;

type TokenType = 'word' | 'phrase' | 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus' | 'eof';

interface Token {
  readonly type: TokenType;
  readonly start: number;
  readonly end: number;
  /** Raw source text; for a phrase, the text between the quotes. */
  readonly text: string;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/** The shared lexer's tokens (the dashboard highlights with the same ones), as the grammar reads them. */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const lexed = tokenizeQuery(query);
  for (const [index, token] of lexed.entries()) {
    const { start, end, text } = token;
    const next = lexed[index + 1];
    switch (token.kind) {
      case 'space':
        break;
      case 'paren':
        tokens.push({ type: text === '(' ? 'lparen' : 'rparen', start, end, text });
        break;
      case 'phrase':
        if (token.open) {
          throw new QuerySyntaxError(
            `unterminated phrase: the quote at position ${start} is never closed`,
            start,
            query.length - start,
            '"',
          );
        }
        tokens.push({ type: 'phrase', start, end, text: text.slice(1, -1) });
        break;
      case 'negation':
        if (text === 'NOT') {
          tokens.push({ type: 'not', start, end, text });
          break;
        }
        // "a - b" is more likely a stray dash than an exclusion; make the analyst say which.
        if (next === undefined || next.kind === 'space') {
          throw new QuerySyntaxError(
            `expected a term right after "-" at position ${start} (write -term or NOT term)`,
            start,
            1,
            'a term',
          );
        }
        tokens.push({ type: 'minus', start, end, text });
        break;
      case 'operator':
        tokens.push({ type: text === 'AND' ? 'and' : 'or', start, end, text });
        break;
      case 'term':
      case 'prefix':
      case 'hashtag':
      case 'mention':
        tokens.push({ type: 'word', start, end, text });
        break;
    }
  }
  tokens.push({ type: 'eof', start: query.length, end: query.length, text: '' });
  return tokens;
}

function startsOperand(type: TokenType): boolean {
  return type === 'word' || type === 'phrase' || type === 'lparen' || type === 'not' || type === 'minus';
}

class Parser {
  private index = 0;
  private depth = 0;
  private previous: Token | undefined;
  /** Source spans, kept beside the tree so the AST itself stays plain data. */
  readonly spans = new WeakMap<QueryNode, Span>();

  constructor(
    private readonly query: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): QueryNode {
    const root = this.parseOr();
    const rest = this.peek();
    if (rest.type !== 'eof') {
      // parseOr consumes everything that can continue an expression, so only ")" can be left.
      throw new QuerySyntaxError(
        `unexpected ")" at position ${rest.start}: there is no matching "("`,
        rest.start,
        rest.end - rest.start,
      );
    }
    return root;
  }

  private peek(): Token {
    // The token list always ends with eof and we never advance past it.
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    this.previous = token;
    return token;
  }

  private record<T extends QueryNode>(node: T, start: number, end: number): T {
    this.spans.set(node, { start, end });
    return node;
  }

  private spanOf(node: QueryNode): Span {
    return this.spans.get(node) ?? { start: 0, end: this.query.length };
  }

  private parseOr(): QueryNode {
    const first = this.parseAnd();
    const children = first.kind === 'or' ? [...first.children] : [first];
    while (this.peek().type === 'or') {
      this.advance();
      const next = this.parseAnd();
      if (next.kind === 'or') children.push(...next.children);
      else children.push(next);
    }
    if (children.length === 1) return first;
    return this.record({ kind: 'or', children }, this.spanOf(first).start, this.previousEnd());
  }

  private parseAnd(): QueryNode {
    const first = this.parseUnary();
    const children = first.kind === 'and' ? [...first.children] : [first];
    for (;;) {
      const type = this.peek().type;
      if (type === 'and') this.advance();
      else if (!startsOperand(type)) break;
      const next = this.parseUnary();
      if (next.kind === 'and') children.push(...next.children);
      else children.push(next);
    }
    if (children.length === 1) return first;
    return this.record({ kind: 'and', children }, this.spanOf(first).start, this.previousEnd());
  }

  private previousEnd(): number {
    return this.previous?.end ?? 0;
  }

  private parseUnary(): QueryNode {
    const token = this.peek();
    if (token.type === 'not' || token.type === 'minus') {
      this.enter(token);
      this.advance();
      const child = this.parseUnary();
      this.depth--;
      return this.record({ kind: 'not', child }, token.start, this.previousEnd());
    }
    return this.parsePrimary();
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH) {
      throw new QuerySyntaxError(
        `the query is nested too deeply at position ${token.start} (at most ${MAX_DEPTH} levels)`,
        token.start,
        token.end - token.start,
      );
    }
  }

  private parsePrimary(): QueryNode {
    const token = this.peek();
    switch (token.type) {
      case 'word':
        this.advance();
        return this.record(this.wordNode(token), token.start, token.end);
      case 'phrase':
        this.advance();
        return this.record(this.phraseNode(token), token.start, token.end);
      case 'lparen': {
        this.enter(token);
        this.advance();
        const inner = this.parseOr();
        const close = this.peek();
        if (close.type !== 'rparen') {
          throw new QuerySyntaxError(
            `missing ")" for the "(" at position ${token.start}`,
            token.start,
            1,
            '")"',
          );
        }
        this.advance();
        this.depth--;
        // The group's span includes its parentheses, which reads better in error messages.
        return this.record(inner, token.start, close.end);
      }
      default:
        throw this.missingOperand(token);
    }
  }

  /** Builds the most specific error for a place where a term was required but `found` came. */
  private missingOperand(found: Token): QuerySyntaxError {
    const before = this.previous;
    if (found.type === 'eof') {
      if (before === undefined) return new QuerySyntaxError('the query is empty', 0, 0, 'a term');
      return new QuerySyntaxError(
        `expected a term after "${before.text}" at position ${before.start}`,
        before.start,
        before.end - before.start,
        'a term',
      );
    }
    if (found.type === 'rparen') {
      if (before?.type === 'lparen') {
        return new QuerySyntaxError(
          `empty parentheses at position ${before.start}`,
          before.start,
          found.end - before.start,
          'a term',
        );
      }
      if (before === undefined) {
        return new QuerySyntaxError(
          `unexpected ")" at position ${found.start}: there is no matching "("`,
          found.start,
          1,
        );
      }
    }
    if (before === undefined || before.type === 'lparen') {
      return new QuerySyntaxError(
        `expected a term before "${found.text}" at position ${found.start}`,
        found.start,
        found.end - found.start,
        'a term',
      );
    }
    return new QuerySyntaxError(
      `expected a term after "${before.text}" but found "${found.text}" at position ${found.start}`,
      found.start,
      found.end - found.start,
      'a term',
    );
  }

  private wordNode(token: Token): QueryNode {
    const { text, start } = token;
    const length = token.end - token.start;
    const sigil = text.charAt(0);
    if (sigil === '#' || sigil === '@') {
      const what = sigil === '#' ? 'hashtag' : 'mention';
      const star = text.indexOf('*');
      if (star >= 0) {
        throw new QuerySyntaxError(
          `wildcards are not supported in a ${what} (position ${start + star})`,
          start + star,
          1,
        );
      }
      const value = foldText(text.slice(1));
      if (value === '') {
        throw new QuerySyntaxError(`expected ${what} text after "${sigil}" at position ${start}`, start, 1, `${what} text`);
      }
      if (!isTagBody(value)) {
        throw new QuerySyntaxError(
          `a ${what} may contain only letters, digits and "_": "${text}" at position ${start}`,
          start,
          length,
        );
      }
      return sigil === '#' ? { kind: 'hashtag', value } : { kind: 'mention', value };
    }

    const star = text.indexOf('*');
    if (star >= 0) {
      if (star !== text.length - 1) {
        throw new QuerySyntaxError(
          `a wildcard "*" is only allowed at the end of a word (position ${start + star})`,
          start + star,
          1,
        );
      }
      const stem = foldText(text.slice(0, -1));
      const stemTokens = wordTokens(stem);
      if (stemTokens.length === 0 || (stemTokens.length === 1 && [...stem].length < 2)) {
        throw new QuerySyntaxError(
          `a wildcard needs at least 2 letters or digits before "*" at position ${start}`,
          start,
          length,
          'at least 2 letters or digits',
        );
      }
      if (stemTokens.length !== 1 || stemTokens[0] !== stem) {
        throw new QuerySyntaxError(
          `a wildcard term must be a single word of letters and digits: "${text}" at position ${start}`,
          start,
          length,
        );
      }
      return { kind: 'prefix', value: stem };
    }

    const words = wordTokens(foldText(text));
    const [only] = words;
    if (only === undefined) {
      throw new QuerySyntaxError(
        `"${text}" at position ${start} contains no letters or digits`,
        start,
        length,
        'a term',
      );
    }
    // "bpjs-nya" or "covid19.id" tokenise to several words; matching them as a phrase is
    // what the analyst means, and keeps terms single-token so the index stays exact.
    return words.length === 1 ? { kind: 'term', value: only } : { kind: 'phrase', words };
  }

  private phraseNode(token: Token): QueryNode {
    const star = token.text.indexOf('*');
    if (star >= 0) {
      const at = token.start + 1 + star;
      throw new QuerySyntaxError(`wildcards are not supported inside a phrase (position ${at})`, at, 1);
    }
    const words = wordTokens(foldText(token.text));
    if (words.length === 0) {
      throw new QuerySyntaxError(
        `empty phrase at position ${token.start}`,
        token.start,
        token.end - token.start,
        'a word inside the quotes',
      );
    }
    return { kind: 'phrase', words };
  }
}

function hasPositiveLiteral(node: QueryNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.some(hasPositiveLiteral);
    case 'not':
      return false;
    default:
      return true;
  }
}

/**
 * True when the query can only match a post containing one of its positive literals. This is
 * what makes an inverted index possible, and a query failing it (`a OR NOT b`) would match
 * nearly every post, which is never what a program query intends.
 */
export function requiresPositiveLiteral(node: QueryNode): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.some(requiresPositiveLiteral);
    case 'or':
      return node.children.every(requiresPositiveLiteral);
    case 'not':
      return false;
    default:
      return true;
  }
}

/** Finds the innermost OR alternative that lacks a positive literal, to point the error at it. */
function unanchoredAlternative(node: QueryNode): QueryNode | undefined {
  if (node.kind === 'or') {
    const culprit = node.children.find((child) => !requiresPositiveLiteral(child));
    return culprit === undefined ? undefined : (unanchoredAlternative(culprit) ?? culprit);
  }
  if (node.kind === 'and') {
    for (const child of node.children) {
      const culprit = unanchoredAlternative(child);
      if (culprit !== undefined) return culprit;
    }
  }
  return undefined;
}

/**
 * Parses an analyst query into a normalised AST (literals folded, AND/OR flattened).
 * @throws QuerySyntaxError describing the first problem, with its position in `query`.
 */
export function parseQuery(query: string): QueryNode {
  const parser = new Parser(query, tokenize(query));
  const root = parser.parse();
  if (!requiresPositiveLiteral(root)) {
    if (!hasPositiveLiteral(root)) {
      throw new QuerySyntaxError('a query must contain at least one positive term', 0, query.length, 'a term');
    }
    const culprit = unanchoredAlternative(root) ?? root;
    const span = parser.spans.get(culprit) ?? { start: 0, end: query.length };
    const text = query.slice(span.start, span.end);
    throw new QuerySyntaxError(
      `every OR alternative needs a positive term, but "${text}" at position ${span.start} has none ` +
        '(it would match almost every post)',
      span.start,
      span.end - span.start,
      'a term',
    );
  }
  return root;
}
