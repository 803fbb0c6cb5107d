import { EMOJI_POLARITY, EMOTICON_POLARITY, EMOTICON_RE } from './emoji.js';
import { ID_CONTRAST, ID_INTENSIFIERS, ID_NEGATORS, ROLE_CONTRAST, ROLE_INTENSIFIER, ROLE_NEGATOR, ROLE_NONE } from './id-words.js';
import { ID_SLANG } from './slang-id.js';
import { HASH_SEED, hashStep, WordTable } from './word-table.js';

export interface Token {
  /** Lower-cased, stretched letters squeezed: the form English lookups and language detection use. */
  raw: string;
  /** After the Indonesian slang map: what the Indonesian model sees. One raw word may give several. */
  norm: string;
  /** The word as the post wrote it (lower-cased), for explanations. */
  surface: string;
  /** Clause number: punctuation starts a new one, so negation never crosses it. */
  clause: number;
  /** Stretched (bangeeet) or shouted (PARAH) in the post. */
  emph: boolean;
  /** First word of its sentence (post start, or after . ! ? or a line break): its capital says nothing. */
  initial: boolean;
  /** What the word does to its neighbours (ROLE_*), worked out once per word. */
  role: number;
  /** The word form this token is an occurrence of: shared by all of them, it carries per-word memos. */
  lex: Lexeme;
}

/**
 * One token form of a written word, made once and shared by every occurrence. The consumers that
 * look words up (language detector, English lexicon, Indonesian model, analyzer) keep what they
 * found in its slots, each tagged with the instance that wrote it (a lexeme may meet several), so a
 * repeated word costs them no map lookup.
 */
export class Lexeme {
  langOf: object | undefined = undefined;
  lang = 0;
  enOf: object | undefined = undefined;
  en: unknown = undefined;
  idOf: object | undefined = undefined;
  id: unknown = undefined;
  pushOf: object | undefined = undefined;
  push = 0;

  constructor(
    readonly raw: string,
    readonly norm: string,
    readonly role: number,
    readonly surface: string,
    readonly stretched: boolean,
    /** Written in capitals; emphasis unless the whole post is. */
    readonly upper: boolean,
    /** Written with one capital then small letters (Victor, United): a name, mid-sentence and beside another. */
    readonly title: boolean,
  ) {}
}

const roleOf = (norm: string) =>
  ID_NEGATORS.has(norm) ? ROLE_NEGATOR : ID_INTENSIFIERS.has(norm) ? ROLE_INTENSIFIER : ID_CONTRAST.has(norm) ? ROLE_CONTRAST : ROLE_NONE;

export interface EmojiHit {
  surface: string;
  polarity: number;
}

export interface NormalizedPost {
  tokens: Token[];
  emoji: EmojiHit[];
  /** Letters in the Latin script, and in any other: language detection uses the ratio. */
  latinLetters: number;
  otherLetters: number;
  exclamations: number;
  questions: number;
}

/** Words the normalizer may trust when it squeezes letters, splits `-nya` and segments hashtags. */
export interface Vocabulary {
  has(word: string): boolean;
}

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION_RE = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.]+/gu;
const HASHTAG_RE = /#([\p{L}\p{N}_]+)/gu;
const PICTO_RE = /[\p{Extended_Pictographic}\u2764\u2665\u263a\u2639]/gu;
// Every emoticon holds one of these: most posts skip the emoticon scan.
const EMOTICON_HINT_RE = /[:;=<^_]|xd/iu;
const ESCAPED_RE = /\\u([0-9a-fA-F]{4})/gu;
const CENSORED_RE = /(?<![\w*])(?:[fsb][*#@$!%]{1,4}(?:ck|k|t|ch|itch|ing)?|f\*ck\w*|sh\*t\w*|b\*tch\w*)(?![\w*])/giu;
const APOSTROPHE_RE = /[\u2018\u2019\u02bc`\u00b4]/gu;
const CENSORED: Record<string, string> = { f: 'fuck', s: 'shit', b: 'bitch' };
// Anything but printable ASCII sends a post through the slower Unicode path.
const NOT_PLAIN_RE = /[^\t\n\r\u0020-\u007e]/u;
const MARKS_RE = /\p{M}+/gu;
const LETTER_RE = /^\p{L}$/u;
const LATIN_LETTER_RE = /^\p{Script=Latin}$/u;
// Characters NFKD changes that matter here: accented Latin letters and full-width forms.
const DECOMPOSABLE_RE = /[\u00a0-\u024f\u1e00-\u1eff\uff00-\uffef]/u;
const DOUBLED_RE = /(.)\1/u;
const RUN3_RE = /(.)\1{2,}/gu;
const RUN2_RE = /(.)\1+/gu;
const REDUP_RE = /^([a-z]{2,})2$/u;
const EDGE_RE = /^['-]+|['-]+$/gu;
const WORD_CACHE = 100_000;
// More pieces than this and a split is more likely chance than words (#xyxyxy… of short known words).
const MAX_TAG_WORDS = 9;
const LOWER_RE = /[a-z]/u;
const TITLE_RE = /^[A-Z][a-z]+$/u;
const CAMEL_RE = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+/gu;

// Particles and possessives written onto a word. Forms the training text keeps whole (hanya,
// punya, rasanya, ilmu) are in the vocabulary and stay.
const CLITICS = ['nya', 'lah', 'kah', 'pun', 'ku', 'mu'];

export class Normalizer {
  private readonly cache = new WordTable<Lexeme[]>(WORD_CACHE);
  private readonly tags = new Map<string, string>();

  constructor(private readonly vocab: Vocabulary) {}

  private known(w: string): boolean {
    return this.vocab.has(w) || ID_SLANG.has(w);
  }

  /** `bangeeet` → banget, `goood` → good, `kerenn` → keren; unknown words keep a double letter. */
  squeeze(w: string): { word: string; stretched: boolean } {
    if (!DOUBLED_RE.test(w) || this.known(w)) return { word: w, stretched: false };
    const two = w.replace(RUN3_RE, '$1$1');
    const stretched = two !== w;
    if (stretched && this.known(two)) return { word: two, stretched };
    const one = w.replace(RUN2_RE, '$1');
    if (this.known(one)) return { word: one, stretched };
    return { word: stretched ? one : w, stretched };
  }

  /** `harganya` → harga nya, `bangetlah` → banget lah (as the training text writes them), when only the base is known. */
  private splitClitic(w: string): string | undefined {
    if (w.length < 6 || this.vocab.has(w)) return undefined;
    for (const c of CLITICS) {
      if (!w.endsWith(c)) continue;
      const base = w.slice(0, -c.length);
      // w has 6 letters or more and no clitic more than 3, so the base always has 3 or more.
      if (this.known(base)) return `${ID_SLANG.get(base) ?? base} ${c}`;
    }
    return undefined;
  }

  /** #MakanBergiziGratis → makan bergizi gratis; #makanbergizigratis by known words, else as is. */
  splitHashtag(tag: string): string {
    let split = this.tags.get(tag);
    // Stryker disable next-line ConditionalExpression: a memo; computing the split again gives the same words
    if (split === undefined) {
      split = this.splitTag(tag);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: only bounds the memo's memory
      if (this.tags.size >= WORD_CACHE) this.tags.clear();
      this.tags.set(tag, split);
    }
    return split;
  }

  private splitTag(tag: string): string {
    const camel = tag.match(CAMEL_RE);
    if (camel && camel.length > 1) return camel.join(' ').toLowerCase();
    return this.segment(tag.toLowerCase());
  }

  private segment(s: string): string {
    const n = s.length;
    if (n > 60 || this.known(s)) return s;
    // Fewest known words covering the whole tag (single letters do not count as words). A tag with
    // any unknown stretch, or one that only splits into many short words, stays as written.
    const cost = new Array<number>(n + 1).fill(Infinity);
    // Stryker disable next-line ArrayDeclaration,ArithmeticOperator,UnaryOperator: from[end] is only read where cost[end] was set, and then from[end] was too
    const from = new Array<number>(n + 1).fill(-1);
    cost[0] = 0;
    for (let end = 1; end <= n; end++) {
      // Stryker disable next-line EqualityOperator: an empty piece is never a known word
      for (let start = Math.max(0, end - 20); start < end; start++) {
        const c = cost[start]!;
        // Stryker disable next-line ConditionalExpression: a shortcut; Infinity + 1 never beats anything
        if (c === Infinity) continue;
        const piece = s.slice(start, end);
        if ((end - start > 1 || /\d/u.test(piece)) && this.known(piece) && c + 1 < cost[end]!) {
          cost[end] = c + 1;
          from[end] = start;
        }
      }
    }
    if (cost[n]! > MAX_TAG_WORDS) return s;
    const words: string[] = [];
    for (let end = n; end > 0; end = from[end]!) words.push(s.slice(from[end], end));
    return words.reverse().join(' ');
  }

  normalize(text: string): NormalizedPost {
    // Most posts are plain ASCII words and punctuation: one pass tells, and counts their letters,
    // and such a post skips the rewriting passes below, none of which could change it.
    // The fast path is only a shortcut: every post it takes would come out the same from the full
    // path, so mutants that send more posts down the full path (special = true, wider tests) change
    // the speed alone. The specs check the other direction (each hint must leave the fast path).
    let latin = 0;
    let lower = false;
    // Stryker disable next-line BooleanLiteral: the full path gives the same result
    let special = false;
    // Stryker disable next-line EqualityOperator: charCodeAt past the end is NaN, which matches no test below
    for (let i = 0, n = text.length, prev = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) {
        latin++;
        lower = true;
        // "xd" may be an emoticon.
        // Stryker disable next-line ConditionalExpression,LogicalOperator: wider tests only send more posts down the full path
        if (c === 100 && (prev === 120 || prev === 88)) special = true;
      } else if (c >= 65 && c <= 90) {
        latin++;
        // Stryker disable next-line ConditionalExpression,LogicalOperator: as above
        if (c === 68 && (prev === 120 || prev === 88)) special = true;
      } else if (needsFullPath(c)) special = true;
      prev = c;
    }
    // Stryker disable ConditionalExpression,BlockStatement,StringLiteral,EqualityOperator: the fast path and its guards (see above)
    if (!special) {
      let t = text;
      if (t.includes('www.')) {
        t = t.replace(URL_RE, ' ');
        lower = LOWER_RE.test(t);
      }
      // latin === 0 leaves no letter that shouting could mark
      return this.scan(t, [], latin, 0, latin > 0 && !lower);
    }
    // Stryker restore ConditionalExpression,BlockStatement,StringLiteral,EqualityOperator
    const emoji: EmojiHit[] = [];
    let latinLetters = 0;
    let otherLetters = 0;
    let t = text;
    // The includes() guards below only skip a regex that would find nothing.
    // Posts copied through a careless JSON encoder carry escapes as text ("Don\u2019t").
    // Stryker disable next-line ConditionalExpression,StringLiteral: a guard (see above)
    if (t.includes('\\u')) t = t.replace(ESCAPED_RE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    // Censored swearing ("f***", "sh*t") keeps its force; the tokenizer would cut it to a letter.
    // Stryker disable next-line ConditionalExpression,StringLiteral: a guard
    if (t.includes('*')) t = t.replace(CENSORED_RE, (m) => CENSORED[m[0]!.toLowerCase()] ?? m);
    if (NOT_PLAIN_RE.test(t)) {
      t = t.replace(PICTO_RE, (c) => {
        const polarity = EMOJI_POLARITY.get(c);
        if (polarity !== undefined) emoji.push({ surface: c, polarity });
        return ' ';
      });
      // Diacritics off (café → cafe) and curly apostrophes straight, so the ASCII tokenizer keeps words whole.
      if (DECOMPOSABLE_RE.test(t)) t = t.normalize('NFKD').replace(MARKS_RE, '');
      t = t.replace(APOSTROPHE_RE, "'");
      // Stryker disable next-line EqualityOperator: charCodeAt past the end is NaN, counted as nothing
      for (let i = 0, n = t.length; i < n; i++) {
        const c = t.charCodeAt(i);
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
          latinLetters++;
          continue;
        }
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; no other character below 0x80 (nor 0x80) is a letter
        if (c < 0x80) continue;
        // Whole code points: a surrogate pair is one letter (or none).
        const cp = t.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a speed step; a lone low surrogate is not a letter, and U+FFFF is not one
        if (cp > 0xffff) i++;
        if (LETTER_RE.test(ch)) {
          if (LATIN_LETTER_RE.test(ch)) latinLetters++;
          else otherLetters++;
        }
      }
    } else {
      // Stryker disable next-line EqualityOperator: charCodeAt past the end is NaN, counted as nothing
      for (let i = 0, n = t.length; i < n; i++) {
        const c = t.charCodeAt(i);
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) latinLetters++;
      }
    }
    // Stryker disable ConditionalExpression,StringLiteral: guards
    if (t.includes('http') || t.includes('www.')) t = t.replace(URL_RE, ' ');
    if (t.includes('@')) t = t.replace(MENTION_RE, '$1 ');
    if (t.includes('#')) t = t.replace(HASHTAG_RE, (_m, tag: string) => ` , ${this.splitHashtag(tag)} , `);
    if (EMOTICON_HINT_RE.test(t)) {
      // Stryker restore ConditionalExpression,StringLiteral
      t = t.replace(EMOTICON_RE, (m) => {
        const polarity = emoticonPolarity(m.toLowerCase());
        // Stryker disable next-line ConditionalExpression: every match starts with a known emoticon, so it always has a polarity; the test is for the type
        if (polarity !== undefined) emoji.push({ surface: m, polarity });
        return ' , ';
      });
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: no Latin letter, nothing to mark as shouted
    return this.scan(t, emoji, latinLetters, otherLetters, latinLetters > 0 && !LOWER_RE.test(t));
  }

  /**
   * One pass over the rewritten text: clauses, words, and the `!` and `?` counts. Punctuation
   * (isClauseChar) and a dash between spaces end a clause: negation scope and contrast stop there.
   * Words are runs of [a-zA-Z0-9'/-], as natural's aggressive tokenizer cuts them.
   */
  private scan(t: string, emoji: EmojiHit[], latinLetters: number, otherLetters: number, shouting: boolean): NormalizedPost {
    const tokens: Token[] = [];
    let exclamations = 0;
    let questions = 0;
    let clause = 0;
    let used = false;
    let initial = true;
    const n = t.length;
    let start = -1;
    let hash = HASH_SEED;
    let i = 0;
    // Stryker disable next-line EqualityOperator: charCodeAt(n) is NaN: no word, clause or space character
    while (i < n) {
      const c = t.charCodeAt(i);
      if (isWordChar(c)) {
        if (start < 0) {
          start = i;
          hash = HASH_SEED;
        }
        hash = hashStep(hash, c);
        i++;
        continue;
      }
      if (start >= 0) {
        this.pushWord(t, start, i, hash, clause, shouting, initial, tokens);
        used = true;
        initial = false;
        start = -1;
      }
      if (isClauseChar(c)) {
        if (c === 33) exclamations++;
        else if (c === 63) questions++;
        if (c === 33 || c === 63 || c === 46 || c === 10 || c === 13) initial = true;
        if (used) clause++;
        used = false;
        i++;
        continue;
      }
      if (isSpace(c)) {
        // A dash standing between spaces ends a clause too (" - ", " — "), spaces included.
        let j = i + 1;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end, charCodeAt is NaN: neither a dash nor a space
        while (j < n && isDash(t.charCodeAt(j))) j++;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: as above
        if (j > i + 1 && j < n && isSpace(t.charCodeAt(j))) {
          if (used) clause++;
          used = false;
          i = j + 1;
          continue;
        }
      }
      i++;
    }
    if (start >= 0) this.pushWord(t, start, n, hash, clause, shouting, initial, tokens);
    return { tokens, emoji, latinLetters, otherLetters, exclamations, questions };
  }

  /** The tokens of the word text[start, end) (hash: its hashOf), from the cache when seen before. */
  private pushWord(text: string, start: number, end: number, hash: number, clause: number, shouting: boolean, initial: boolean, out: Token[]): void {
    let forms = this.cache.lookup(text, start, end, hash);
    if (forms === undefined) {
      const word = text.slice(start, end);
      forms = this.wordForms(word);
      // Posts repeat their words: the cache saves the per-word work, and its strings are the same
      // objects each time, so later map lookups reuse their hashes. Bounded for endless streams.
      this.cache.insert(word, hash, forms);
    }
    for (let k = 0; k < forms.length; k++) {
      const f = forms[k]!;
      out.push({ raw: f.raw, norm: f.norm, surface: f.surface, clause, emph: f.stretched || (f.upper && !shouting), initial, role: f.role, lex: f });
    }
  }

  private wordForms(word: string): Lexeme[] {
    const forms: Lexeme[] = [];
    // Stryker disable next-line StringLiteral: a guard; split('/') of a word without one gives the word
    for (const piece of word.includes('/') ? word.split('/') : [word]) {
      const trimmed = piece.replace(EDGE_RE, '');
      if (!trimmed) continue;
      const lower = trimmed.toLowerCase();
      const upper = trimmed.length >= 3 && trimmed !== lower && trimmed === trimmed.toUpperCase();
      const title = TITLE_RE.test(trimmed);
      const { word: raw, stretched } = this.squeeze(lower);
      let norm = ID_SLANG.get(raw);
      if (norm === undefined) {
        // Stryker disable next-line StringLiteral: a guard before the regex
        const redup = raw.endsWith('2') ? REDUP_RE.exec(raw) : null;
        if (redup) {
          const base = ID_SLANG.get(redup[1]!) ?? redup[1]!;
          norm = `${base}-${base}`;
        } else {
          norm = this.splitClitic(raw) ?? raw;
        }
      }
      for (const part of norm.split(' ')) forms.push(new Lexeme(raw, part, roleOf(part), lower, stretched, upper, title));
    }
    return forms;
  }
}

// Characters natural's aggressive tokenizer keeps in a word: a-z A-Z 0-9 ' - /.
const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 39 || c === 45 || c === 47;

// Punctuation that ends a clause: . ! ? ; , : newline ( ) [ ] { } " “ ” |
function isClauseChar(c: number): boolean {
  switch (c) {
    case 46: case 33: case 63: case 59: case 44: case 58: case 10: case 13: case 40: case 41: case 91: case 93: case 123: case 125: case 34: case 0x201c: case 0x201d: case 124:
      return true;
    // Stryker disable next-line ConditionalExpression: without the return the function returns undefined, as falsy as false
    default:
      return false;
  }
}

/**
 * Characters outside the plain words and punctuation the fast path handles: control characters but
 * tab and line breaks, anything beyond ASCII, and the hints of a rewriting pass.
 */
function needsFullPath(c: number): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: the full path gives the same result for any character, and both paths treat control characters alike (neither words nor clauses; \v and \f spaces on both): only the mutants that drop a hint (#, @, …) change a result, and the specs kill those
  return c < 32 ? c !== 9 && c !== 10 && c !== 13 : c > 126 || isRewriteHint(c);
}

// Characters some rewriting pass looks for: \ (escapes), * (censored words), @ (mentions),
// # (hashtags), : ; = < ^ _ (emoticons, and the colon of a URL).
function isRewriteHint(c: number): boolean {
  switch (c) {
    case 92: case 42: case 64: case 35: case 58: case 59: case 61: case 60: case 94: case 95:
      return true;
    // Stryker disable next-line ConditionalExpression: undefined is as falsy as false
    default:
      // Stryker disable next-line BooleanLiteral: true only sends every post down the full path
      return false;
  }
}

const isDash = (c: number): boolean => c === 45 || c === 0x2013 || c === 0x2014;

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; no code point below 0xa0 is in the list below
  if (c < 0xa0) return false;
  // Stryker disable next-line ConditionalExpression: NFKD has already made U+00A0 a plain space by the time text is scanned
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function emoticonPolarity(m: string): number | undefined {
  const exact = EMOTICON_POLARITY.get(m);
  // Stryker disable next-line ConditionalExpression: no emoticon is longer than 3, so the prefix loop below finds the same
  if (exact !== undefined) return exact;
  // A repeated emoticon (":):)") or a stretched one (":((((") takes the polarity of its longest prefix.
  // Stryker disable next-line MethodExpression: as above, no prefix longer than 3 is an emoticon
  for (let len = Math.min(3, m.length); len >= 2; len--) {
    const p = EMOTICON_POLARITY.get(m.slice(0, len));
    if (p !== undefined) return p;
  }
  return undefined;
}
