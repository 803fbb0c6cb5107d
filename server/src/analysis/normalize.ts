import { createRequire } from 'node:module';
import { EMOJI_POLARITY, EMOTICON_POLARITY, EMOTICON_RE } from './emoji.js';
import { ID_CONTRAST, ID_INTENSIFIERS, ID_NEGATORS, ROLE_CONTRAST, ROLE_INTENSIFIER, ROLE_NEGATOR, ROLE_NONE } from './id-words.js';
import { ID_SLANG } from './slang-id.js';

// natural's package entry loads its whole world (databases, dotenv): take the one tokenizer file.
const require = createRequire(import.meta.url);
const AggressiveTokenizer = require('natural/lib/natural/tokenizers/aggressive_tokenizer.js') as new () => { tokenize(text: string): string[] };

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
  /** What the word does to its neighbours (ROLE_*), worked out once per word. */
  role: number;
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
// Punctuation that ends a clause: negation scope and contrast stop there.
const CLAUSE_RE = /[.!?;,:\n\r()[\]{}"“”|]+|\s[-–—]+\s/u;
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
const LOWER_RE = /[a-z]/u;
const WORD_CACHE = 100_000;
const CAMEL_RE = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+/gu;

const tokenizer = new AggressiveTokenizer();

// Particles and possessives written onto a word. Forms the training text keeps whole (hanya,
// punya, rasanya, ilmu) are in the vocabulary and stay.
const CLITICS = ['nya', 'lah', 'kah', 'pun', 'ku', 'mu'];

export class Normalizer {
  private readonly cache = new Map<string, WordForm[]>();
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
      if (base.length >= 3 && this.known(base)) return `${ID_SLANG.get(base) ?? base} ${c}`;
    }
    return undefined;
  }

  /** #MakanBergiziGratis → makan bergizi gratis; #makanbergizigratis by known words, else as is. */
  splitHashtag(tag: string): string {
    let split = this.tags.get(tag);
    if (split === undefined) {
      split = this.splitTag(tag);
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
    // Fewest known words covering the tag; an unknown character costs more than any split.
    const cost = new Array<number>(n + 1).fill(Infinity);
    const from = new Array<number>(n + 1).fill(-1);
    cost[0] = 0;
    for (let end = 1; end <= n; end++) {
      for (let start = Math.max(0, end - 20); start < end; start++) {
        const c = cost[start]!;
        if (c === Infinity) continue;
        const piece = s.slice(start, end);
        const step = (end - start > 1 || /\d/u.test(piece)) && this.known(piece) ? 1 : end - start === 1 ? 10 : Infinity;
        if (c + step < cost[end]!) {
          cost[end] = c + step;
          from[end] = start;
        }
      }
    }
    if (cost[n]! >= 10) return s;
    const words: string[] = [];
    for (let end = n; end > 0; end = from[end]!) words.push(s.slice(from[end], end));
    return words.reverse().join(' ');
  }

  normalize(text: string): NormalizedPost {
    const emoji: EmojiHit[] = [];
    let latinLetters = 0;
    let otherLetters = 0;
    let t = text;
    // Posts copied through a careless JSON encoder carry escapes as text ("Don\u2019t").
    if (t.includes('\\u')) t = t.replace(ESCAPED_RE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    // Censored swearing ("f***", "sh*t") keeps its force; the tokenizer would cut it to a letter.
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
      for (let i = 0, n = t.length; i < n; i++) {
        const c = t.charCodeAt(i);
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) latinLetters++;
        else if (c >= 0x80) {
          // Whole code points: a surrogate pair is one letter (or none).
          const cp = t.codePointAt(i)!;
          const ch = String.fromCodePoint(cp);
          if (cp > 0xffff) i++;
          if (LETTER_RE.test(ch)) {
            if (LATIN_LETTER_RE.test(ch)) latinLetters++;
            else otherLetters++;
          }
        }
      }
    } else {
      for (let i = 0, n = t.length; i < n; i++) {
        const c = t.charCodeAt(i);
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) latinLetters++;
      }
    }
    if (t.includes('http') || t.includes('www.')) t = t.replace(URL_RE, ' ');
    if (t.includes('@')) t = t.replace(MENTION_RE, '$1 ');
    if (t.includes('#')) t = t.replace(HASHTAG_RE, (_m, tag: string) => ` , ${this.splitHashtag(tag)} , `);
    if (EMOTICON_HINT_RE.test(t)) {
      t = t.replace(EMOTICON_RE, (m) => {
        const polarity = emoticonPolarity(m.toLowerCase());
        if (polarity !== undefined) emoji.push({ surface: m, polarity });
        return ' , ';
      });
    }
    let exclamations = 0;
    for (let i = t.indexOf('!'); i >= 0; i = t.indexOf('!', i + 1)) exclamations++;
    let questions = 0;
    for (let i = t.indexOf('?'); i >= 0; i = t.indexOf('?', i + 1)) questions++;

    const tokens: Token[] = [];
    const shouting = latinLetters > 0 && !LOWER_RE.test(t);
    const clauses = t.split(CLAUSE_RE);
    let clause = 0;
    for (const part of clauses) {
      if (!part) continue;
      const words = tokenizer.tokenize(part);
      if (words.length === 0) continue;
      for (const word of words) this.pushWord(word, clause, shouting, tokens);
      clause++;
    }
    return { tokens, emoji, latinLetters, otherLetters, exclamations, questions };
  }

  private pushWord(word: string, clause: number, shouting: boolean, out: Token[]): void {
    let forms = this.cache.get(word);
    if (forms === undefined) {
      forms = this.wordForms(word);
      // Posts repeat their words: the cache saves the per-word work, and its strings are the same
      // objects each time, so later map lookups reuse their hashes. Bounded for endless streams.
      if (this.cache.size >= WORD_CACHE) this.cache.clear();
      this.cache.set(word, forms);
    }
    for (const f of forms) {
      const emph = f.stretched || (f.upper && !shouting);
      for (let k = 0; k < f.norms.length; k++) out.push({ raw: f.raw, norm: f.norms[k]!, surface: f.surface, clause, emph, role: f.roles[k]! });
    }
  }

  private wordForms(word: string): WordForm[] {
    const forms: WordForm[] = [];
    for (const piece of word.includes('/') ? word.split('/') : [word]) {
      const trimmed = piece.replace(EDGE_RE, '');
      if (!trimmed) continue;
      const lower = trimmed.toLowerCase();
      const upper = trimmed.length >= 3 && trimmed !== lower && trimmed === trimmed.toUpperCase();
      const { word: raw, stretched } = this.squeeze(lower);
      let norm = ID_SLANG.get(raw);
      if (norm === undefined) {
        const redup = raw.endsWith('2') ? REDUP_RE.exec(raw) : null;
        if (redup) {
          const base = ID_SLANG.get(redup[1]!) ?? redup[1]!;
          norm = `${base}-${base}`;
        } else {
          norm = this.splitClitic(raw) ?? raw;
        }
      }
      const norms = norm.split(' ');
      forms.push({ raw, norms, roles: norms.map(roleOf), surface: lower, stretched, upper });
    }
    return forms;
  }
}

interface WordForm {
  raw: string;
  norms: string[];
  roles: number[];
  surface: string;
  stretched: boolean;
  /** Written in capitals; emphasis unless the whole post is. */
  upper: boolean;
}

function emoticonPolarity(m: string): number | undefined {
  const exact = EMOTICON_POLARITY.get(m);
  if (exact !== undefined) return exact;
  // A repeated emoticon (":):)") or a stretched one (":((((") takes the polarity of its longest prefix.
  for (let len = Math.min(3, m.length); len >= 2; len--) {
    const p = EMOTICON_POLARITY.get(m.slice(0, len));
    if (p !== undefined) return p;
  }
  return undefined;
}
