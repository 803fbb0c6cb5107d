import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SentimentLabel, SentimentTerm } from '@siaga/shared';
import type { Analysis, PostAnalyzer } from './analyzer.js';
import { EnglishLexicon, type TermHit } from './en-lexicon.js';
import { ID_INTENSIFIERS, ID_NEGATORS } from './id-features.js';
import { IdModel, type IdModelFile } from './id-model.js';
import { ROLE_NEGATOR } from './id-words.js';
import { LanguageDetector } from './lang-detect.js';
import { Normalizer, type NormalizedPost, type Token } from './normalize.js';

/** What the analyzer answers for one post: the pipeline's Analysis (label, score, confidence, terms). */
export type SentimentResult = Analysis;

/** Where the committed weights live: the same two levels below server/ from src/analysis and dist/analysis. */
export const ID_MODEL_URL = new URL('../../src/analysis/model/id-sentiment.json', import.meta.url);

/** Most terms an explanation lists. */
export const MAX_TERMS = 8;

// Logit units an English lexicon point is worth in an Indonesian post (code-mixing), and an emoji.
const EN_POINT_IN_ID = 0.3;
const EMOJI_IN_ID = 1.6;
// AFINN points an Indonesian word's learned push is worth in an English post, and the least push
// that counts (about the strongest tenth of the model's words).
const ID_PUSH_IN_EN = 0.3;
const ID_PUSH_MIN = 2;
// English terms are reported on the Indonesian model's scale: four AFINN points ~ one logit.
const EN_TERM_SCALE = 0.25;
// VADER's normalisation of a lexicon sum into (-1, 1), and the neutral band around zero.
const EN_ALPHA = 15;
const EN_NEUTRAL = 0.2;
const OTHER_NEUTRAL = 0.3;

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export function loadIdModel(url: URL = ID_MODEL_URL): IdModelFile {
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as IdModelFile;
}

/**
 * Language and sentiment for one post. Indonesian goes to a linear model trained on SmSA,
 * English to AFINN with rules; each borrows the other's words for code-mixed posts. Pure and
 * synchronous: the same text and language always give the same result.
 */
export class SiagaAnalyzer implements PostAnalyzer {
  private readonly id: IdModel;
  private readonly en = new EnglishLexicon();
  private readonly normalizer: Normalizer;
  private readonly detector: LanguageDetector;
  private readonly pushOf = (t: Token): number => this.idPush(t);

  constructor(model: IdModelFile) {
    this.id = new IdModel(model);
    const known = new Set(model.known);
    for (const w of this.en.keys()) if (!w.includes(' ')) known.add(w);
    this.normalizer = new Normalizer(known);
    this.detector = new LanguageDetector(model.idWords, [...this.en.keys()].filter((w) => !w.includes(' ')), model.known);
  }

  analyze(text: string, givenLang: string | undefined): SentimentResult {
    const post = this.normalizer.normalize(text);
    const lang = this.detector.detect(post, givenLang);
    if (lang === 'id') return this.scoreId(post);
    if (lang === 'en') return this.scoreEn(post);
    return this.scoreOther(post);
  }

  /** The normalizer's view of a text, for inspection (tests, the trainer). */
  normalize(text: string): NormalizedPost {
    return this.normalizer.normalize(text);
  }

  private scoreId(post: NormalizedPost): SentimentResult {
    const { logits, perToken, known } = this.id.score(post);
    const tokens = post.tokens;
    // English words the Indonesian model never saw, as in "pelayanannya bad banget".
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (known[i] || t.raw !== t.norm) continue;
      let v = this.en.tokenValence(t);
      if (v === 0) continue;
      if (negatedBefore(tokens, i)) v *= -0.74;
      const x = v * EN_POINT_IN_ID;
      logits[2]! += x / 2;
      logits[0]! -= x / 2;
      perToken[i]! += x;
    }
    const extra: TermHit[] = [];
    for (const e of post.emoji) {
      const x = e.polarity * EMOJI_IN_ID;
      logits[2]! += x / 2;
      logits[0]! -= x / 2;
      extra.push({ token: -1, surface: e.surface, weight: x });
    }
    const p = softmax(logits);
    const k = p[0]! >= p[1]! && p[0]! >= p[2]! ? 0 : p[1]! >= p[2]! ? 1 : 2;
    const by = new Map<string, number>();
    for (let i = 0; i < tokens.length; i++) {
      const w = perToken[i]!;
      if (w !== 0) {
        const s = tokens[i]!.surface;
        by.set(s, (by.get(s) ?? 0) + w);
      }
    }
    for (const h of extra) by.set(h.surface, (by.get(h.surface) ?? 0) + h.weight);
    return { lang: 'id', label: LABELS[k]!, score: clamp(p[2]! - p[0]!), confidence: round(p[k]!), terms: topTerms(by, 1) };
  }

  private scoreEn(post: NormalizedPost): SentimentResult {
    const { sum, hits } = this.en.score(post, this.pushOf);
    const c = sum / Math.sqrt(sum * sum + EN_ALPHA);
    const label: SentimentLabel = c >= EN_NEUTRAL ? 'positive' : c <= -EN_NEUTRAL ? 'negative' : 'neutral';
    return { lang: 'en', label, score: clamp(c), confidence: bandConfidence(c, EN_NEUTRAL, hits.length > 0), terms: explain(hits, EN_TERM_SCALE) };
  }

  /** Scripts and languages we cannot read: only emoji speak. */
  private scoreOther(post: NormalizedPost): SentimentResult {
    let sum = 0;
    const hits: TermHit[] = [];
    for (const e of post.emoji) {
      sum += e.polarity;
      hits.push({ token: -1, surface: e.surface, weight: e.polarity });
    }
    const c = sum / Math.sqrt(sum * sum + 1);
    const label: SentimentLabel = c >= OTHER_NEUTRAL ? 'positive' : c <= -OTHER_NEUTRAL ? 'negative' : 'neutral';
    return { lang: 'other', label, score: clamp(c), confidence: hits.length ? bandConfidence(c, OTHER_NEUTRAL, true) : 0, terms: explain(hits, 1) };
  }

  /** An Indonesian word in an English post, on AFINN's scale; memoised on the token's lexeme. */
  private idPush(t: Token): number {
    const lex = t.lex;
    if (lex.pushOf === this) return lex.push;
    const v = this.computeIdPush(t);
    lex.pushOf = this;
    lex.push = v;
    return v;
  }

  private computeIdPush(t: Token): number {
    if (t.raw.length < 3 || this.en.has(t.raw) || !this.detector.isClearlyIndonesian(t.raw, this.id.affixed) || ID_NEGATORS.has(t.norm) || ID_INTENSIFIERS.has(t.norm)) return 0;
    const p = this.id.wordPolarity(t.norm);
    return p === undefined || Math.abs(p) < ID_PUSH_MIN ? 0 : Math.max(-4, Math.min(4, p * ID_PUSH_IN_EN));
  }
}

function negatedBefore(tokens: readonly Token[], i: number): boolean {
  const clause = tokens[i]!.clause;
  for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
    const p = tokens[k]!;
    if (p.clause !== clause) return false;
    if (p.role === ROLE_NEGATOR) return true;
  }
  return false;
}

/** In place: the three logits become probabilities. */
function softmax(z: Float64Array): Float64Array {
  const max = Math.max(z[0]!, z[1]!, z[2]!);
  const e0 = Math.exp(z[0]! - max);
  const e1 = Math.exp(z[1]! - max);
  const e2 = Math.exp(z[2]! - max);
  const s = e0 + e1 + e2;
  z[0] = e0 / s;
  z[1] = e1 / s;
  z[2] = e2 / s;
  return z;
}

const clamp = (x: number) => Math.max(-1, Math.min(1, Math.round(x * 1e4) / 1e4));
const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * A rule score's confidence: how far past the neutral band it lies (0.5 at the edge, towards
 * 0.95), or how deep inside it (a neutral with no lexicon hit at all stays at 0.5). Not calibrated.
 */
function bandConfidence(c: number, band: number, anyHit: boolean): number {
  const a = Math.abs(c);
  if (a >= band) return round(0.5 + 0.45 * Math.min(1, (a - band) / (1 - band) / 0.6));
  return round(anyHit ? 0.5 + 0.3 * (1 - a / band) : 0.5);
}

/** Hits summed per written form, strongest first, at most MAX_TERMS. */
function explain(hits: readonly TermHit[], scale: number): SentimentTerm[] {
  const by = new Map<string, number>();
  for (const h of hits) by.set(h.surface, (by.get(h.surface) ?? 0) + h.weight);
  return topTerms(by, scale);
}

/** The MAX_TERMS largest by magnitude (ties by term), kept by insertion: posts have few candidates. */
function topTerms(by: ReadonlyMap<string, number>, scale: number): SentimentTerm[] {
  const top: SentimentTerm[] = [];
  for (const [term, raw] of by) {
    const weight = Math.round(raw * scale * 1000) / 1000;
    const a = Math.abs(weight);
    if (a < 0.01) continue;
    if (top.length === MAX_TERMS && a <= Math.abs(top[MAX_TERMS - 1]!.weight)) continue;
    let at = top.length;
    while (at > 0) {
      const b = Math.abs(top[at - 1]!.weight);
      if (b > a || (b === a && top[at - 1]!.term < term)) break;
      at--;
    }
    top.splice(at, 0, { term, weight });
    if (top.length > MAX_TERMS) top.pop();
  }
  return top;
}

let shared: SiagaAnalyzer | undefined;

/** The process-wide analyzer: loads the committed weights once, on first use. */
export function createAnalyzer(): SiagaAnalyzer {
  shared ??= new SiagaAnalyzer(loadIdModel());
  return shared;
}
