import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SentimentLabel, SentimentTerm } from '@siaga/shared';
import type { Analysis, PostAnalyzer } from './analyzer.js';
import { EnglishLexicon, type TermHit } from './en-lexicon.js';
import { detectHarm, HARM_OPTIONS, type HarmResult } from './harm.js';
import { ID_INTENSIFIERS, ID_NEGATORS } from './id-features.js';
import { ID_PROGRAM_LEXICON } from './id-program-lexicon.js';
import { IdModel, RULE_KEYS, type IdModelFile, type SentimentRules } from './id-model.js';
import { ROLE_NEGATOR } from './id-words.js';
import { LanguageDetector } from './lang-detect.js';
import { Normalizer, type NormalizedPost, type Token } from './normalize.js';
import { withoutNoPolarityWords } from './topic-words.js';

/** What the analyzer answers for one post: the pipeline's Analysis (label, score, confidence, terms). */
export type SentimentResult = Analysis;

/** Where the committed weights live: the same two levels below server/ from src/analysis and dist/analysis. */
export const ID_MODEL_URL = new URL('../../src/analysis/model/id-sentiment.json', import.meta.url);

/** Most terms an explanation lists. */
export const MAX_TERMS = 8;

// Logit units an English lexicon point is worth in an Indonesian post (code-mixing).
const EN_POINT_IN_ID = 0.3;
// AFINN points an Indonesian word's learned push is worth in an English post, and the least push
// that counts (about the strongest tenth of the model's words).
const ID_PUSH_IN_EN = 0.3;
const ID_PUSH_MIN = 2;
// English terms are reported on the Indonesian model's scale: four AFINN points ~ one logit.
const EN_TERM_SCALE = 0.25;
// VADER's normalisation of a lexicon sum into (-1, 1), and the neutral band around zero.
const EN_ALPHA = 15;
const OTHER_NEUTRAL = 0.3;

// Crisis-post rules on top of the learned weights. Their settings (SentimentRules, in the model
// file) were chosen on the sentences we wrote for choosing (fixtures/sentiment-choose-*.tsv),
// never on the pinned sentences or a validation file: train/README.md.

/** Words that open a question or a request for information. */
const QUESTION_WORDS: ReadonlySet<string> = new Set(
  `apa apakah bagaimana kapan dimana mana kemana berapa kenapa mengapa siapa bisakah bolehkah gimana cara caranya tanya nanya
   mohon tolong info informasi syarat syaratnya how when where what which who why can could does do is are`.split(/\s+/u).filter(Boolean),
);
/** Praise that a complaint about waiting turns into sarcasm: "mantap, cair kapan". */
const PRAISE: ReadonlySet<string> = new Set(`mantap hebat keren bagus top salut luar biasa terima kasih makasih sukses prestasi great`.split(/\s+/u));
/** Waiting for something promised: with praise, the praise is sarcastic. */
const WAITING: ReadonlySet<string> = new Set(`kapan belum nunggu menunggu ditunggu nungguin php janji`.split(/\s+/u));
/** Words that make a question a complaint whatever SmSA learned of them. */
const COMPLAINT: ReadonlySet<string> = new Set(
  `belum nunggu menunggu nungguin ditolak gagal error susah sulit ribet lama lambat telat terlambat lelet dipersulit dipotong pungli
   kecewa parah mahal hilang php janji`.split(/\s+/u).filter(Boolean),
);

// What the rules ask of a word, as bits: one lookup a token on the common path.
const F_PRAISE = 1;
const F_WAITING = 2;
const F_COMPLAINT = 4;
const F_LEXICON = 8;
const ID_FACTS: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  const mark = (words: Iterable<string>, bit: number) => {
    for (const w of words) m.set(w, (m.get(w) ?? 0) | bit);
  };
  mark(PRAISE, F_PRAISE);
  mark(WAITING, F_WAITING);
  mark(COMPLAINT, F_COMPLAINT);
  mark(ID_PROGRAM_LEXICON.keys(), F_LEXICON);
  return m;
})();

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
  private readonly en: EnglishLexicon;
  private readonly rules: SentimentRules;
  private readonly normalizer: Normalizer;
  private readonly detector: LanguageDetector;
  private readonly pushOf = (t: Token): number => this.idPush(t);

  constructor(model: IdModelFile) {
    for (const key of RULE_KEYS) if (model.rules?.[key] === undefined) throw new Error(`model file lacks rule setting ${key}: retrain it`);
    this.rules = model.rules;
    this.en = new EnglishLexicon({ tweetEvalFitted: model.rules.enTweetEvalFitted });
    this.id = new IdModel(model);
    const known = new Set(model.known);
    for (const w of this.en.keys()) if (!w.includes(' ')) known.add(w);
    this.normalizer = new Normalizer(known);
    this.detector = new LanguageDetector(model.idWords, [...this.en.keys()].filter((w) => !w.includes(' ')), model.known);
  }

  analyze(text: string, givenLang: string | undefined): SentimentResult {
    const full = this.normalizer.normalize(text);
    // Sentiment reads the post without program names, topic nouns and pronouns, so that naming a
    // program moves neither language nor score; harm reads the whole post ("dilarikan ke puskesmas").
    const post = withoutNoPolarityWords(full);
    const lang = this.detector.detect(post.tokens.length > 0 ? post : full, givenLang);
    const harm = detectHarm(full, lang === 'en' ? HARM_OPTIONS.en : HARM_OPTIONS.id);
    if (lang === 'id') return this.scoreId(post, harm);
    if (lang === 'en') return this.scoreEn(post, harm);
    return this.scoreOther(post, harm);
  }

  /**
   * The same analyzer with other rules, sharing the model, normalizer and detector (the trainer tries
   * many settings; building each from the file would cost a second).
   */
  withRules(rules: SentimentRules): SiagaAnalyzer {
    const copy = Object.create(SiagaAnalyzer.prototype) as SiagaAnalyzer;
    Object.assign(copy, this, { rules, en: new EnglishLexicon({ tweetEvalFitted: rules.enTweetEvalFitted }) });
    return copy;
  }

  /** The normalizer's view of a text, for inspection (tests, the trainer). */
  normalize(text: string): NormalizedPost {
    return this.normalizer.normalize(text);
  }

  private scoreId(post: NormalizedPost, harm: HarmResult): SentimentResult {
    const { logits, perToken, known } = this.id.score(post);
    const tokens = post.tokens;
    let facts = 0;
    for (let i = 0; i < tokens.length; i++) facts |= ID_FACTS.get(tokens[i]!.norm) ?? 0;
    // Praise beside a complaint about waiting ("mantap, cair kapan"; "hebat, udah 3 bulan belum cair").
    const sarcastic = (facts & F_PRAISE) !== 0 && (facts & F_WAITING) !== 0;
    if (sarcastic) {
      // The praise means its opposite: its push turns around.
      for (let i = 0; i < tokens.length; i++) {
        const x = perToken[i]!;
        if (x > 0 && PRAISE.has(tokens[i]!.norm)) {
          logits[2]! -= x;
          logits[0]! += x;
          perToken[i] = -x;
        }
      }
    } else if (this.rules.questionKeeps !== 1 && isQuestion(post) && !this.complains(tokens, perToken)) {
      const keep = this.rules.questionKeeps;
      for (let k = 0; k < 3; k++) logits[k] = this.id.biasOf(k) + keep * (logits[k]! - this.id.biasOf(k));
      for (let i = 0; i < tokens.length; i++) perToken[i]! *= keep;
    }
    // English words the Indonesian model never saw, as in "pelayanannya bad banget".
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (known[i] || t.raw !== t.norm) continue;
      let v = this.en.tokenValence(t);
      if (v === 0) continue;
      if (negatedBefore(tokens, i)) v *= -0.74;
      // Evidence for its own class, against neutral as much as against the opposite (as emoji).
      const x = v * EN_POINT_IN_ID;
      if (x > 0) logits[2]! += x;
      else logits[0]! -= x;
      perToken[i]! += x;
    }
    // How programs served people (id-program-lexicon.ts): words SmSA's reviews barely have.
    const lw = this.rules.lexiconWeight;
    if (lw > 0 && (facts & F_LEXICON) !== 0) {
      for (let i = 0; i < tokens.length; i++) {
        let v = ID_PROGRAM_LEXICON.get(tokens[i]!.norm);
        if (v === undefined) continue;
        if (negatedBefore(tokens, i)) v *= -0.74;
        const x = v * lw;
        if (x > 0) logits[2]! += x;
        else logits[0]! -= x;
        perToken[i]! += x;
      }
    }
    const extra: TermHit[] = [];
    // An emoji is evidence for its own class, against neutral as much as against the opposite.
    for (const e of post.emoji) {
      const x = e.polarity * this.rules.emojiWeight;
      if (x > 0) logits[2]! += x;
      else logits[0]! -= x;
      extra.push({ token: -1, surface: e.surface, weight: x });
    }
    const harmPush = this.rules.harmPush;
    if (harm.flag && harmPush > 0) {
      // A report of harm to people is bad news for the program, whatever else the words say.
      logits[0]! += harmPush;
      for (const term of harm.terms) extra.push({ token: -1, surface: term, weight: -harmPush / harm.terms.length });
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
    return { lang: 'id', label: LABELS[k]!, score: clamp(p[2]! - p[0]!), confidence: round(p[k]!), terms: topTerms(by, 1), harm };
  }

  /** A question that complains: a negator, or a word (not a question word) the model reads as strongly negative. */
  private complains(tokens: readonly Token[], perToken: Float64Array): boolean {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.role === ROLE_NEGATOR || COMPLAINT.has(t.norm)) return true;
      if (perToken[i]! >= 0 || QUESTION_WORDS.has(t.norm)) continue;
      const p = this.id.wordPolarity(t.norm);
      if (p !== undefined && p <= this.rules.complaintPush) return true;
    }
    return false;
  }

  private scoreEn(post: NormalizedPost, harm: HarmResult): SentimentResult {
    const scored = this.en.score(post, this.pushOf);
    let sum = scored.sum;
    const hits = scored.hits;
    // Asking is not complaining: a question with no strongly negative word keeps a share of its push.
    const keep = this.rules.enQuestionKeeps;
    if (keep !== 1 && isQuestion(post) && !hits.some((h) => h.weight <= -2)) {
      sum *= keep;
      for (const h of hits) h.weight *= keep;
    }
    if (harm.flag && this.rules.harmPush > 0) {
      // On the lexicon's scale: a logit is four AFINN points (EN_TERM_SCALE).
      const x = this.rules.harmPush / EN_TERM_SCALE;
      sum -= x;
      for (const term of harm.terms) hits.push({ token: -1, surface: term, weight: -x / harm.terms.length });
    }
    const c = sum / Math.sqrt(sum * sum + EN_ALPHA);
    const band = this.rules.enNeutral;
    const label: SentimentLabel = c >= band ? 'positive' : c <= -band ? 'negative' : 'neutral';
    return { lang: 'en', label, score: clamp(c), confidence: bandConfidence(c, band, hits.length > 0), terms: explain(hits, EN_TERM_SCALE), harm };
  }

  /** Scripts and languages we cannot read: only emoji speak. */
  private scoreOther(post: NormalizedPost, harm: HarmResult): SentimentResult {
    let sum = 0;
    const hits: TermHit[] = [];
    for (const e of post.emoji) {
      sum += e.polarity;
      hits.push({ token: -1, surface: e.surface, weight: e.polarity });
    }
    const c = sum / Math.sqrt(sum * sum + 1);
    const label: SentimentLabel = c >= OTHER_NEUTRAL ? 'positive' : c <= -OTHER_NEUTRAL ? 'negative' : 'neutral';
    return { lang: 'other', label, score: clamp(c), confidence: hits.length ? bandConfidence(c, OTHER_NEUTRAL, true) : 0, terms: explain(hits, 1), harm };
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

/** A question mark, or a question or request word opening the post. */
function isQuestion(post: NormalizedPost): boolean {
  if (post.questions > 0) return true;
  const first = post.tokens[0];
  return first !== undefined && (QUESTION_WORDS.has(first.norm) || QUESTION_WORDS.has(first.raw));
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
