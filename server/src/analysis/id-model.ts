import { createRequire } from 'node:module';
import { DEFAULT_ID_FEATURES, docLengthKey, tokenWeight, F_DOC, F_NEG, F_NEG_STEM, F_PAIR, F_STEM, F_WORD, parseFeatureKey, type IdFeatureOptions } from './id-features.js';
import { ROLE_CONTRAST, ROLE_INTENSIFIER, ROLE_NEGATOR } from './id-words.js';
import type { NormalizedPost } from './normalize.js';

// natural's Indonesian stemmer (a Sastrawi port), loaded alone: its entry point drags in databases.
const require = createRequire(import.meta.url);
const SastrawiStemmer = require('natural/lib/natural/stemmers/indonesian/stemmer_id.js') as { stem(word: string): string };

/**
 * The analyzer's crisis rules and English settings, chosen by the trainer by cross-validation on
 * the sentences in fixtures/sentiment-choose-*.tsv (train/README.md) and kept with the weights.
 */
export interface SentimentRules {
  /** Share of its push a question without complaint words keeps (1: no question rule). */
  questionKeeps: number;
  /** A word pushing at least this hard to negative (model units) makes a question a complaint. */
  complaintPush: number;
  /** Logits a harm report adds to negative (0: harm does not touch sentiment). */
  harmPush: number;
  /** Logits a fully polar emoji adds to its class in an Indonesian post. */
  emojiWeight: number;
  /** Logits a fully polar word of the program lexicon (id-program-lexicon.ts) adds to its class (0: unused). */
  lexiconWeight: number;
  /** English: the neutral band around zero of the normalised lexicon score. */
  enNeutral: number;
  /** English: share a question with no strongly negative word keeps. */
  enQuestionKeeps: number;
  /** English: keep the lexicon additions first fitted to the TweetEval validation file. */
  enTweetEvalFitted: boolean;
}

export const RULE_KEYS: ReadonlyArray<keyof SentimentRules> = ['questionKeeps', 'complaintPush', 'harmPush', 'emojiWeight', 'lexiconWeight', 'enNeutral', 'enQuestionKeeps', 'enTweetEvalFitted'];

/** The committed weights file, written by train/train-sentiment.ts. */
export interface IdModelFile {
  format: 'siaga-id-sentiment/1';
  labels: ['negative', 'neutral', 'positive'];
  features: IdFeatureOptions;
  /** Training words seen at least twice: the normalizer trusts these when it squeezes or splits. */
  known: string[];
  /** Frequent Indonesian training words that are not English: language evidence. */
  idWords: string[];
  /** Class biases, then per feature key its three class weights. */
  bias: [number, number, number];
  weights: Record<string, [number, number, number]>;
  rules: SentimentRules;
  /** Provenance and the scores printed when it was trained. */
  meta: Record<string, unknown>;
}

export interface IdScore {
  /** Class scores before the softmax, in label order. */
  logits: Float64Array;
  /** Per token, its push towards positive (positive logit minus negative logit). */
  perToken: Float64Array;
  /** Per token, 1 when the model has a weight for the word itself. */
  known: Uint8Array;
}

/** Memoised: the stemmer costs tens of microseconds a word, and posts repeat their words. */
export class MemoStemmer {
  private readonly memo = new Map<string, string>();

  constructor(private readonly limit = 200_000) {}

  stem = (word: string): string => {
    let s = this.memo.get(word);
    if (s === undefined) {
      // Hyphenated, numeric or very long words are not Indonesian inflections: leave them.
      s = word.length < 5 || word.length > 24 || !/^[a-z]+$/u.test(word) ? word : SastrawiStemmer.stem(word) || word;
      if (this.memo.size >= this.limit) this.memo.clear();
      this.memo.set(word, s);
    }
    return s;
  };
}

export class IdModel {
  readonly options: IdFeatureOptions;
  // One map per kind of feature; pairs by the numbers of their first and second words in one table
  // (PairTable): scoring never builds a key string.
  private readonly singles: Array<Map<string, number>> = Array.from({ length: F_DOC + 1 }, () => new Map<string, number>());
  private readonly firsts = new Map<string, number>();
  private readonly seconds = new Map<string, number>();
  private readonly pairs: PairTable;
  private readonly w: Float32Array;
  private readonly bias: Float64Array;
  private readonly stemmer = new MemoStemmer();
  private readonly entries = new Map<string, WordEntry>();

  constructor(file: IdModelFile) {
    if (file.format !== 'siaga-id-sentiment/1') throw new Error(`unknown model format ${String(file.format)}`);
    // Every option must be stated: a missing one would silently score with NaN.
    for (const key of Object.keys(DEFAULT_ID_FEATURES)) {
      if (!(key in file.features)) throw new Error(`model file lacks feature option ${key}: retrain it`);
    }
    this.options = file.features;
    const keys = Object.keys(file.weights);
    this.w = new Float32Array(keys.length * 3);
    const pairRows: Array<[number, number, number]> = [];
    const number = (m: Map<string, number>, word: string) => {
      let id = m.get(word);
      if (id === undefined) m.set(word, (id = m.size));
      return id;
    };
    keys.forEach((key, i) => {
      const row = file.weights[key]!;
      const { kind, a, b } = parseFeatureKey(key);
      if (kind === F_PAIR) {
        pairRows.push([number(this.firsts, a), number(this.seconds, b), i]);
      } else {
        this.singles[kind]!.set(a, i);
      }
      this.w[i * 3] = row[0];
      this.w[i * 3 + 1] = row[1];
      this.w[i * 3 + 2] = row[2];
    });
    this.bias = Float64Array.from(file.bias);
    this.pairs = new PairTable(pairRows);
  }

  /** A word's own push towards positive, or undefined when the model never learned it. */
  wordPolarity(word: string): number | undefined {
    const i = this.singles[F_WORD]!.get(word);
    return i === undefined ? undefined : this.w[i * 3 + 2]! - this.w[i * 3]!;
  }

  /** The class biases: the logits of a post with no known feature. */
  biasOf(k: number): number {
    return this.bias[k]!;
  }

  /** The Indonesian stemmer takes an affix off the word: it is an inflected Indonesian word. */
  affixed = (word: string): boolean => this.stemmer.stem(word) !== word;

  has(word: string): boolean {
    return this.singles[F_WORD]!.has(word);
  }

  /**
   * Feature values divided as in training (by the root of the summed squares of all occurrences).
   * The same features as emitPostFeatures, walked here with each word's weights looked up once
   * (WordEntry) rather than once per feature; id-model.spec checks both ways agree.
   */
  score(post: NormalizedPost): IdScore {
    const tokens = post.tokens;
    const n = tokens.length;
    const opt = this.options;
    const w = this.w;
    const logits = new Float64Array(3);
    const perToken = new Float64Array(n);
    const known = new Uint8Array(n);
    let sq = 0;
    const add = (at: number, token: number, v: number) => {
      if (at < 0) return;
      const b = at * 3;
      logits[0]! += v * w[b]!;
      logits[1]! += v * w[b + 1]!;
      logits[2]! += v * w[b + 2]!;
      if (token >= 0) perToken[token]! += v * (w[b + 2]! - w[b]!);
    };
    let lastContrast = -1;
    for (let i = 0; i < n; i++) if (tokens[i]!.role === ROLE_CONTRAST) lastContrast = i;
    let negLeft = 0;
    let negClause = -1;
    let prevEntry: WordEntry | undefined;
    for (let i = 0; i < n; i++) {
      const tok = tokens[i]!;
      const lex = tok.lex;
      let e: WordEntry;
      if (lex.idOf === this) e = lex.id as WordEntry;
      else {
        e = this.entry(tok.norm);
        lex.idOf = this;
        lex.id = e;
      }
      if (e.word >= 0) known[i] = 1;
      const role = tok.role;
      const v = tokenWeight(tokens, i, lastContrast, opt);
      const prev = i > 0 ? tokens[i - 1] : undefined;
      if (negClause !== tok.clause) negLeft = 0;
      const negated = negLeft > 0 && role !== ROLE_NEGATOR && role !== ROLE_CONTRAST;
      const stemmed = opt.stems && e.stemmed;
      const sv = v * opt.stemWeight;
      const silent = role === ROLE_INTENSIFIER && !opt.intensifierWords;
      if (negated) {
        if (!silent) {
          add(e.neg, i, v);
          sq += v * v;
          if (!opt.negReplace) {
            add(e.word, i, v);
            sq += v * v;
          }
          if (stemmed) {
            add(e.negStem, i, sv);
            sq += sv * sv;
          }
        }
        negLeft--;
      } else {
        if (!silent) {
          add(e.word, i, v);
          sq += v * v;
          if (stemmed) {
            add(e.stem, i, sv);
            sq += sv * sv;
          }
        }
        if (role === ROLE_CONTRAST) negLeft = 0;
      }
      if (opt.negScope > 0 && role === ROLE_NEGATOR) {
        negLeft = opt.negScope;
        negClause = tok.clause;
      }
      if (opt.bigrams && prev && prev.clause === tok.clause) {
        const pv = v * opt.pairWeight;
        add(prevEntry!.first >= 0 && e.second >= 0 ? this.pairs.get(prevEntry!.first, e.second) : -1, i, pv);
        sq += pv * pv;
      }
      prevEntry = e;
    }
    if (opt.docFeatures) {
      const doc = this.singles[F_DOC]!;
      const len = doc.get(docLengthKey(n)) ?? -1;
      add(len, -1, 1);
      sq += 1;
      if (post.exclamations > 0) {
        add(doc.get('!') ?? -1, -1, 1);
        sq += 1;
      }
      if (opt.questionMark && post.questions > 0) {
        add(doc.get('?') ?? -1, -1, 1);
        sq += 1;
      }
    }
    const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let k = 0; k < 3; k++) logits[k] = logits[k]! * scale + this.bias[k]!;
    for (let t = 0; t < n; t++) perToken[t]! *= scale;
    return { logits, perToken, known };
  }

  /** The weights a word can touch, found once and kept (bounded, like every cache here). */
  private entry(norm: string): WordEntry {
    let e = this.entries.get(norm);
    if (e === undefined) {
      const st = this.options.stems ? this.stemmer.stem(norm) : norm;
      const s = this.singles;
      e = {
        word: s[F_WORD]!.get(norm) ?? -1,
        neg: s[F_NEG]!.get(norm) ?? -1,
        stemmed: st !== norm,
        stem: st !== norm ? (s[F_STEM]!.get(st) ?? -1) : -1,
        negStem: st !== norm ? (s[F_NEG_STEM]!.get(st) ?? -1) : -1,
        first: this.firsts.get(norm) ?? -1,
        second: this.seconds.get(norm) ?? -1,
      };
      if (this.entries.size >= 200_000) this.entries.clear();
      this.entries.set(norm, e);
    }
    return e;
  }
}

interface WordEntry {
  /** Weight rows (-1: none) of the word, the negated word, its stem and its negated stem. */
  word: number;
  neg: number;
  stemmed: boolean;
  stem: number;
  negStem: number;
  /** The word's number as the first and as the second word of a pair (-1: in none). */
  first: number;
  second: number;
}

/** Pair rows by the numbers of their two words: open addressing over typed arrays. */
export class PairTable {
  private readonly mask: number;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly row: Int32Array;

  constructor(entries: ReadonlyArray<readonly [number, number, number]>) {
    let cap = 16;
    while (cap < entries.length * 2) cap *= 2;
    this.mask = cap - 1;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.row = new Int32Array(cap);
    for (const [a, b, row] of entries) {
      let at = slotOf(a, b) & this.mask;
      while (this.a[at]! >= 0 && !(this.a[at] === a && this.b[at] === b)) at = (at + 1) & this.mask;
      this.a[at] = a;
      this.b[at] = b;
      this.row[at] = row;
    }
  }

  /** The row of pair (a, b), or -1. */
  get(a: number, b: number): number {
    for (let at = slotOf(a, b) & this.mask; ; at = (at + 1) & this.mask) {
      const x = this.a[at]!;
      if (x < 0) return -1;
      if (x === a && this.b[at] === b) return this.row[at]!;
    }
  }
}

const slotOf = (a: number, b: number): number => {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  return h ^ (h >>> 16);
};
