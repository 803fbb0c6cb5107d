import { ROLE_CONTRAST, ROLE_INTENSIFIER, ROLE_NEGATOR } from './id-words.js';
import type { NormalizedPost, Token } from './normalize.js';

export { ID_CONTRAST, ID_INTENSIFIERS, ID_NEGATORS } from './id-words.js';

// Shared by training and scoring, so that both see exactly the same features.

export interface IdFeatureOptions {
  /** Word pairs as features. */
  bigrams: boolean;
  /** How many words after a negator are marked (0: no marking). */
  negScope: number;
  /** Marked words give only the marked feature (true), or both plain and marked (false). */
  negReplace: boolean;
  /** Weight of words before and after a contrast word. */
  beforeContrast: number;
  afterContrast: number;
  /** Weight of a word next to an intensifier. */
  intensified: number;
  /** The word's stem (natural's Indonesian stemmer) as an extra feature, when it differs. */
  stems: boolean;
  /** Length bucket and exclamation marks as features: short posts lean differently. */
  docFeatures: boolean;
  /**
   * A question mark as a feature. SmSA's questions are rhetorical complaints ("bagaimana ini?"), so
   * it learns a strong lean to negative; a crisis center's questions mostly ask for information,
   * so it stays off and the analyzer's question rule decides instead.
   */
  questionMark: boolean;
  /** Weight of word pairs and of stems, relative to words: a per-kind regularisation. */
  pairWeight: number;
  stemWeight: number;
  /** Weight of a stretched or shouted word (the training text has none: it only acts on posts). */
  emphasis: number;
  /**
   * Intensifiers (sangat, banget) as words of their own. SmSA's reviewers write "sangat" mostly in
   * praise, so alone it learns to push positive and "sangat lambat" came out positive: off, they
   * only strengthen their neighbour (and still form pairs with it).
   */
  intensifierWords: boolean;
}

/**
 * Chosen by cross-validation on SmSA train. Tried and left out for no gain: word triples, pairs one
 * word apart, the last clause marked, character n-grams (alone, in an ensemble, and as extra
 * features beside the words), pairs of stems, word prefixes, idf weighting, NB scaling (and
 * NB-SVM), class weights, per-class bias offsets tuned on out-of-fold scores, bagging (averaged
 * weights of models fitted on subsamples), a linear SVM instead of the logistic regression, and
 * naive Bayes in an ensemble. A small MLP in an ensemble gained ~0.003 macro-F1: not worth it.
 * Negation marks two words, not three (4-fold CV macro-F1 at l2 5e-6: scope 1 0.8738, 2 0.8764,
 * 3 0.8751). Scored lower: with scope 3, pair weights 0.7 and 1.4, stem weight 0.7, words seen
 * once; with scope 2, a heavier clause after a contrast (2) or a heavier intensified word (2).
 */
export const DEFAULT_ID_FEATURES: IdFeatureOptions = {
  bigrams: true,
  negScope: 2,
  negReplace: true,
  beforeContrast: 0.7,
  afterContrast: 1.5,
  intensified: 1.5,
  stems: true,
  docFeatures: true,
  questionMark: false,
  pairWeight: 1,
  stemWeight: 1,
  emphasis: 1.25,
  intensifierWords: false,
};

/** Kinds of feature. Keys in the model file: word, "¬word", "~stem", "¬~stem", "a b", "$doc". */
export const F_WORD = 0;
export const F_NEG = 1;
export const F_STEM = 2;
export const F_NEG_STEM = 3;
export const F_PAIR = 4;
export const F_DOC = 5;

/**
 * One feature occurrence: its kind, its words (`b` only for pairs), the token it belongs to (-1:
 * the post's), and its value. Scoring looks the words up without building key strings.
 */
export type FeatureSink = (kind: number, a: string, b: string, token: number, value: number) => void;

const PREFIX = ['', '¬', '~', '¬~', '', '$'];

/** The model file's key for a feature. */
export function featureKey(kind: number, a: string, b: string): string {
  return kind === F_PAIR ? `${a} ${b}` : PREFIX[kind]! + a;
}

/** Kind and words of a model file key (the inverse of featureKey). */
export function parseFeatureKey(key: string): { kind: number; a: string; b: string } {
  if (key.startsWith('¬~')) return { kind: F_NEG_STEM, a: key.slice(2), b: '' };
  if (key.startsWith('¬')) return { kind: F_NEG, a: key.slice(1), b: '' };
  if (key.startsWith('~')) return { kind: F_STEM, a: key.slice(1), b: '' };
  if (key.startsWith('$')) return { kind: F_DOC, a: key.slice(1), b: '' };
  const space = key.indexOf(' ');
  if (space >= 0) return { kind: F_PAIR, a: key.slice(0, space), b: key.slice(space + 1) };
  return { kind: F_WORD, a: key, b: '' };
}

export type FeatureDoc = Pick<NormalizedPost, 'tokens' | 'exclamations' | 'questions'>;

const LEN_KEYS = ['len0', 'len1', 'len2', 'len3', 'len4', 'len5', 'len6'];

/** The length bucket feature of a post with this many tokens. */
export const docLengthKey = (tokens: number): string => LEN_KEYS[Math.min(6, Math.floor(Math.log2(tokens + 1)))]!;

/** All features of a post: its words' and its own. */
export function emitPostFeatures(post: FeatureDoc, opt: IdFeatureOptions, sink: FeatureSink, stem?: (word: string) => string): void {
  emitWordFeatures(post.tokens, opt, sink, stem);
  if (opt.docFeatures) {
    sink(F_DOC, docLengthKey(post.tokens.length), '', -1, 1);
    if (post.exclamations > 0) sink(F_DOC, '!', '', -1, 1);
    if (opt.questionMark && post.questions > 0) sink(F_DOC, '?', '', -1, 1);
  }
}

/**
 * How much token `i` counts: the clause after a contrast word ("tapi") more than the one before,
 * a word next to an intensifier in its clause more, an emphasised (stretched) word more. Training
 * and scoring share it so the model sees the weights it was trained with.
 */
export function tokenWeight(tokens: readonly Token[], i: number, lastContrast: number, opt: IdFeatureOptions): number {
  const tok = tokens[i]!;
  let v = lastContrast < 0 ? 1 : i < lastContrast ? opt.beforeContrast : i > lastContrast ? opt.afterContrast : 1;
  const prev = i > 0 ? tokens[i - 1] : undefined;
  const next = i + 1 < tokens.length ? tokens[i + 1] : undefined;
  if ((prev && prev.role === ROLE_INTENSIFIER && prev.clause === tok.clause) || (next && next.role === ROLE_INTENSIFIER && next.clause === tok.clause)) {
    v *= opt.intensified;
  }
  if (tok.emph) v *= opt.emphasis;
  return v;
}

/**
 * The features of a post's words. A word within `negScope` words after a negator (same clause,
 * no contrast word between) is marked as negated; a pair's value goes to its second word.
 */
export function emitWordFeatures(tokens: readonly Token[], opt: IdFeatureOptions, sink: FeatureSink, stem?: (word: string) => string): void {
  const n = tokens.length;
  let lastContrast = -1;
  for (let i = 0; i < n; i++) if (tokens[i]!.role === ROLE_CONTRAST) lastContrast = i;
  let negLeft = 0;
  let negClause = -1;
  for (let i = 0; i < n; i++) {
    const tok = tokens[i]!;
    const w = tok.norm;
    const role = tok.role;
    const v = tokenWeight(tokens, i, lastContrast, opt);
    const prev = i > 0 ? tokens[i - 1] : undefined;
    if (negClause !== tok.clause) negLeft = 0;
    const negated = negLeft > 0 && role !== ROLE_NEGATOR && role !== ROLE_CONTRAST;
    const st = opt.stems && stem ? stem(w) : w;
    const silent = role === ROLE_INTENSIFIER && !opt.intensifierWords;
    if (negated) {
      if (!silent) {
        sink(F_NEG, w, '', i, v);
        if (!opt.negReplace) sink(F_WORD, w, '', i, v);
        if (st !== w) sink(F_NEG_STEM, st, '', i, v * opt.stemWeight);
      }
      negLeft--;
    } else {
      if (!silent) {
        sink(F_WORD, w, '', i, v);
        if (st !== w) sink(F_STEM, st, '', i, v * opt.stemWeight);
      }
      if (role === ROLE_CONTRAST) negLeft = 0;
    }
    if (opt.negScope > 0 && role === ROLE_NEGATOR) {
      negLeft = opt.negScope;
      negClause = tok.clause;
    }
    if (opt.bigrams && prev && prev.clause === tok.clause) sink(F_PAIR, prev.norm, w, i, v * opt.pairWeight);
  }
}
