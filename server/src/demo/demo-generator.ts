import type { IngestPost } from '@siaga/shared';
import { AuthorPool, SOCIAL_SOURCES, buzzerPool, type DemoAuthor, type SocialSource } from './demo-authors.js';
import { FACEBOOK_TAILS, buzzerText, chatterText, newsText, officialText, programText, type Register, type SlotContext, type TextLang } from './demo-text.js';
import { PROGRAM_VOCAB, type CrisisTheme, type ProgramVocab, type Tone, type ToneMix } from './demo-vocab.js';
import { Rng, hash32, hashUnit } from './prng.js';

export type { Tone } from './demo-vocab.js';
export type DemoSource = SocialSource | 'news:detik' | 'news:kompas';
export const DEMO_SOURCES: readonly DemoSource[] = [...SOCIAL_SOURCES, 'news:detik', 'news:kompas'];

export interface DemoGeneratorOptions {
  /** Same seed and same calls → same posts. */
  seed?: number;
  /** Program slugs to talk about (default: all demo programs). */
  programs?: string[];
  /** Clock used when a method is called without a time. */
  now?: () => number;
  /** Posts per minute at the evening peak, outside crises (default 100). */
  baseRate?: number;
  /** Schedule a crisis every 45–90 simulated minutes (default true). */
  autoCrises?: boolean;
}

export interface CrisisOptions {
  /** Default: 10–25, derived from the seed. */
  durationMin?: number;
  /** Volume multiplier at full strength; default 5–10, derived from the seed. */
  intensity?: number;
  /** A theme key or label, e.g. "sistem-error" or "iuran naik"; default: derived from the seed. */
  theme?: string;
  /** Whether a buzzer burst joins in; default: 60% of crises. */
  coordinated?: boolean;
}

export interface DemoCrisis {
  slug: string;
  theme: string;
  label: string;
  startsAt: Date;
  endsAt: Date;
  intensity: number;
  coordinated: boolean;
  automatic: boolean;
}

/** A post with the generator's own labels, for tests and demos; never derived from the text. */
export interface DemoPostIntent {
  post: IngestPost;
  programSlug: string | null;
  tone: Tone;
  lang: TextLang;
  /** The crisis theme key when the post was driven by a crisis. */
  crisis: string | null;
  /** Part of a coordinated (buzzer) burst. */
  coordinated: boolean;
}

const MINUTE = 60_000;
/** Auto crises: one per window, starting in its first third, so consecutive starts are 45–90 minutes apart. */
const AUTO_WINDOW = 67.5 * MINUTE;
const AUTO_START_SPREAD = 22.5 * MINUTE;
const CHATTER_SHARE = 0.05;
const NEWS_SHARE = 0.08;
const OFFICIAL_SHARE = 0.015;
const REPLY_SHARE = 0.07;
const BURST_SHARE = 0.35;
const BURST_MINUTES = 5;
const JITTER_MS = 5_000;
const MAX_TICK_POSTS = 5_000;
const X_EPOCH = 1_288_834_974_657;
const CRISIS_TONES: ToneMix = { positive: 0.06, neutral: 0.14, negative: 0.8 };
const DEFAULT_SEED = 0x51a6a;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B62 = B64.slice(0, 62);

const OUTLETS = {
  'news:detik': { handle: 'detikcom', name: 'detikcom', followers: 21_400_000 },
  'news:kompas': { handle: 'kompascom', name: 'Kompas.com', followers: 9_700_000 },
} as const;

interface Crisis {
  readonly slug: string;
  readonly vocab: ProgramVocab;
  readonly theme: CrisisTheme;
  readonly start: number;
  readonly end: number;
  readonly intensity: number;
  readonly coordinated: boolean;
  readonly burstStart: number;
  readonly burstEnd: number;
  readonly buzzers: readonly DemoAuthor[];
  /** Buzzers all use the same program name, which is what makes their posts near-identical. */
  readonly alias: string;
  readonly automatic: boolean;
}

interface Recent {
  readonly externalId: string;
  readonly handle: string;
  readonly at: number;
}

/** Relative posting activity by Jakarta hour: quiet 00–05, peaks at 07–09, 12–13 and 19–22. */
function dailyShape(ms: number): number {
  let h = ((((ms / 3_600_000 + 7) % 24) + 24) % 24);
  // Shift the small hours after midnight so the evening decline and the night floor join smoothly.
  if (h < 3) h += 24;
  const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
  const bump = (centre: number, width: number): number => Math.exp(-0.5 * ((h - centre) / width) ** 2);
  const awake = sigmoid((h - 5.5) / 0.6) * sigmoid((23.3 - h) / 0.5);
  return 0.06 + 0.34 * awake + 0.55 * bump(8, 1) + 0.4 * bump(12.5, 0.7) + 0.62 * bump(20.5, 1.3);
}

const PEAK_SHAPE = ((): number => {
  let max = 0;
  for (let minute = 0; minute < 24 * 60; minute++) max = Math.max(max, dailyShape(minute * MINUTE));
  return max;
})();

function pickTone(rng: Rng, mix: ToneMix): Tone {
  const i = rng.weighted([mix.positive, mix.neutral, mix.negative]);
  return i === 0 ? 'positive' : i === 1 ? 'neutral' : 'negative';
}

function base64(n: bigint, alphabet: string, minLength: number): string {
  const radix = BigInt(alphabet.length);
  let out = '';
  while (n > 0n || out.length < minLength) {
    out = alphabet.charAt(Number(n % radix)) + out;
    n /= radix;
  }
  return out;
}

/**
 * Drops a word repeated right after itself on the same line ("naik lagi lagi", "Bantuan Bantuan Sosial"): template
 * slots that end and begin with the same word. Hyphenated reduplication ("anak-anak") is left alone.
 */
export function dedupeWords(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}_-])(\p{L}+)([ \t]+\1)+(?![\p{L}\p{N}_-])/giu, '$1');
}

function slugify(headline: string): string {
  return headline
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

export class DemoGenerator {
  readonly programs: readonly string[];
  private readonly seed: number;
  private readonly now: () => number;
  private readonly baseRate: number;
  private readonly autoCrises: boolean;
  private readonly rng: Rng;
  private readonly vocabs: readonly ProgramVocab[];
  private readonly weights: readonly number[];
  private readonly chatterWeight: number;
  private readonly authors: AuthorPool;
  private readonly buzzers: readonly DemoAuthor[];
  private readonly manual: Crisis[] = [];
  private readonly autoMemo = new Map<number, Crisis | null>();
  private readonly recent = new Map<string, Recent[]>();
  private readonly idSalt: number;
  private sequence = 0;
  private carry = 0;

  constructor(opts: DemoGeneratorOptions = {}) {
    this.seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
    this.now = opts.now ?? Date.now;
    this.baseRate = opts.baseRate ?? 100;
    if (!(this.baseRate >= 0) || !Number.isFinite(this.baseRate)) throw new RangeError(`baseRate must be a non-negative number, got ${opts.baseRate}`);
    this.autoCrises = opts.autoCrises ?? true;
    const wanted = opts.programs ?? PROGRAM_VOCAB.map((v) => v.slug);
    if (wanted.length === 0) throw new Error('DemoGenerator needs at least one program');
    this.vocabs = wanted.map((slug) => {
      const vocab = PROGRAM_VOCAB.find((v) => v.slug === slug);
      if (!vocab) throw new Error(`unknown demo program "${slug}" (known: ${PROGRAM_VOCAB.map((v) => v.slug).join(', ')})`);
      return vocab;
    });
    this.programs = this.vocabs.map((v) => v.slug);
    this.weights = this.vocabs.map((v) => v.weight);
    const total = this.weights.reduce((s, w) => s + w, 0);
    this.chatterWeight = (total * CHATTER_SHARE) / (1 - CHATTER_SHARE);
    this.rng = new Rng(this.seed);
    this.authors = new AuthorPool(this.seed);
    this.buzzers = buzzerPool(this.seed);
    this.idSalt = hash32(this.seed, 0x1d) & 0x3fffff;
  }

  /** `count` posts created in the few seconds up to `at` (never after it). */
  next(count: number, at?: Date): IngestPost[] {
    return this.generateWithIntent(count, at).map((p) => p.post);
  }

  generateWithIntent(count: number, at?: Date): DemoPostIntent[] {
    const centre = (at ?? new Date(this.now())).getTime();
    const out: DemoPostIntent[] = [];
    // Created up to a few seconds before `at`, never after it: a post cannot be written after it is ingested.
    for (let i = 0; i < count; i++) out.push(this.generateOne(centre - Math.round(this.rng.next() * JITTER_MS)));
    return out;
  }

  /**
   * The posts due in the `elapsedMs` before `at` at the current rate, oldest first. Fractions carry over, so
   * calling this every second yields `ratePerMinute` posts a minute on average.
   */
  tick(elapsedMs: number, at?: Date): IngestPost[] {
    const end = (at ?? new Date(this.now())).getTime();
    const span = Math.max(0, elapsedMs);
    const expected = (this.ratePerMinute(new Date(end)) * span) / MINUTE + this.carry;
    const count = Math.min(MAX_TICK_POSTS, Math.floor(expected));
    this.carry = count === MAX_TICK_POSTS ? 0 : expected - count;
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(Math.round(end - this.rng.next() * span));
    times.sort((a, b) => a - b);
    return times.map((t) => this.generateOne(t).post);
  }

  /**
   * Each program's usual posts per minute at `at` (the daily rhythm, no crisis) and its usual tone mix: what the
   * demo's written history is drawn from.
   */
  usualRates(at: Date): Array<{ slug: string; perMinute: number; tones: ToneMix }> {
    const overall = (this.baseRate * dailyShape(at.getTime())) / PEAK_SHAPE;
    const normal = this.weights.reduce((sum, w) => sum + w, this.chatterWeight);
    return this.vocabs.map((v, i) => ({ slug: v.slug, perMinute: (overall * (this.weights[i] as number)) / normal, tones: v.tones }));
  }

  /** Overall posts per minute at `at`: the Jakarta daily rhythm, plus any crisis volume. */
  ratePerMinute(at?: Date): number {
    const t = (at ?? new Date(this.now())).getTime();
    const multipliers = this.multipliers(t);
    let normal = this.chatterWeight;
    let current = this.chatterWeight;
    this.weights.forEach((w, i) => {
      normal += w;
      current += w * (multipliers[i]?.multiplier ?? 1);
    });
    return ((this.baseRate * dailyShape(t)) / PEAK_SHAPE) * (current / normal);
  }

  /** Starts a crisis for one program: its volume rises `intensity`-fold and its posts turn mostly negative. */
  startCrisis(slug: string, at?: Date, opts: CrisisOptions = {}): DemoCrisis {
    const index = this.programs.indexOf(slug);
    const vocab = this.vocabs[index];
    if (!vocab) throw new Error(`no demo program "${slug}" in this generator (have: ${this.programs.join(', ')})`);
    const start = (at ?? new Date(this.now())).getTime();
    if (opts.durationMin !== undefined && !(opts.durationMin > 0 && Number.isFinite(opts.durationMin))) {
      throw new RangeError(`durationMin must be a positive number, got ${opts.durationMin}`);
    }
    if (opts.intensity !== undefined && !(opts.intensity >= 1 && Number.isFinite(opts.intensity))) {
      throw new RangeError(`intensity must be at least 1, got ${opts.intensity}`);
    }
    const crisis = this.makeCrisis(vocab, start, [0x3a, index, start], false, opts);
    // A long-running demo keeps a day of history for crisesBetween, not every crisis ever started.
    const horizon = start - 24 * 60 * MINUTE;
    for (let i = this.manual.length - 1; i >= 0; i--) if ((this.manual[i] as Crisis).end < horizon) this.manual.splice(i, 1);
    this.manual.push(crisis);
    return describe(crisis);
  }

  activeCrises(at?: Date): DemoCrisis[] {
    const t = (at ?? new Date(this.now())).getTime();
    return this.allCrises(t, t + 1).map(describe);
  }

  /** Every crisis (manual or scheduled) overlapping [from, to). */
  crisesBetween(from: Date, to: Date): DemoCrisis[] {
    return this.allCrises(from.getTime(), to.getTime()).map(describe);
  }

  // ---- crises ----

  private allCrises(from: number, to: number): Crisis[] {
    const found = this.manual.filter((c) => c.start < to && c.end > from);
    if (this.autoCrises) {
      for (let k = Math.floor(from / AUTO_WINDOW) - 1; k <= Math.floor(to / AUTO_WINDOW); k++) {
        const c = this.autoCrisis(k);
        if (c && c.start < to && c.end > from) found.push(c);
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }

  private autoCrisis(window: number): Crisis | null {
    if (!this.autoCrises) return null;
    const memo = this.autoMemo.get(window);
    if (memo !== undefined) return memo;
    const index = hash32(this.seed, window, 0xc1) % this.vocabs.length;
    const vocab = this.vocabs[index] as ProgramVocab;
    const start = window * AUTO_WINDOW + Math.floor(hashUnit(this.seed, window, 0xc2) * AUTO_START_SPREAD);
    const crisis = this.makeCrisis(vocab, start, [0xc3, window], true, {});
    // Only the current and neighbouring windows are ever asked for; keep the memo small.
    if (this.autoMemo.size > 64) this.autoMemo.clear();
    this.autoMemo.set(window, crisis);
    return crisis;
  }

  private makeCrisis(vocab: ProgramVocab, start: number, key: number[], automatic: boolean, opts: CrisisOptions): Crisis {
    const u = (salt: number): number => hashUnit(this.seed, ...key, salt);
    let theme = vocab.crises[Math.floor(u(1) * vocab.crises.length)] as CrisisTheme;
    if (opts.theme !== undefined) {
      const wanted = vocab.crises.find((c) => c.key === opts.theme || c.label === opts.theme);
      if (!wanted) throw new Error(`unknown crisis theme "${opts.theme}" for ${vocab.slug} (have: ${vocab.crises.map((c) => c.key).join(', ')})`);
      theme = wanted;
    }
    const durationMin = opts.durationMin ?? 10 + u(2) * 15;
    // At least five-fold: a crisis the demo scripts must be one the detectors can call within five minutes, even on
    // its quietest program (a few posts a minute).
    const intensity = opts.intensity ?? Math.round((5 + u(3) * 5) * 10) / 10;
    const coordinated = opts.coordinated ?? u(4) < 0.6;
    const burstStart = start + (2 + u(5) * 4) * MINUTE;
    const count = 8 + Math.floor(u(6) * 13);
    const first = Math.floor(u(7) * this.buzzers.length);
    const buzzers: DemoAuthor[] = [];
    // Stepping by 7 (coprime with the pool size) picks distinct accounts.
    for (let i = 0; i < count; i++) buzzers.push(this.buzzers[(first + i * 7) % this.buzzers.length] as DemoAuthor);
    return {
      slug: vocab.slug,
      vocab,
      theme,
      start,
      end: start + durationMin * MINUTE,
      intensity,
      coordinated,
      burstStart,
      burstEnd: burstStart + BURST_MINUTES * MINUTE,
      buzzers,
      alias: vocab.aliases[Math.floor(u(8) * vocab.aliases.length)] as string,
      automatic,
    };
  }

  /** Per program, the strongest active crisis and its current volume multiplier. */
  private multipliers(t: number): Array<{ crisis: Crisis; multiplier: number } | undefined> {
    const out: Array<{ crisis: Crisis; multiplier: number } | undefined> = this.vocabs.map(() => undefined);
    const consider = (c: Crisis | null): void => {
      if (!c || t < c.start || t >= c.end) return;
      const index = this.programs.indexOf(c.slug);
      const multiplier = 1 + (c.intensity - 1) * envelope(c, t);
      const current = out[index];
      if (!current || multiplier > current.multiplier) out[index] = { crisis: c, multiplier };
    };
    for (const c of this.manual) consider(c);
    consider(this.autoCrisis(Math.floor(t / AUTO_WINDOW)));
    return out;
  }

  // ---- posts ----

  private generateOne(t: number): DemoPostIntent {
    const rng = this.rng;
    const multipliers = this.multipliers(t);
    const weights = this.weights.map((w, i) => w * (multipliers[i]?.multiplier ?? 1));
    weights.push(this.chatterWeight);
    const index = rng.weighted(weights);
    const vocab = this.vocabs[index];
    if (!vocab) return this.chatterPost(t);
    const active = multipliers[index];
    // Of a program's posts during a crisis, the extra volume is crisis-driven; the usual conversation continues.
    const crisis = active && rng.chance((active.multiplier - 1) / active.multiplier) ? active.crisis : null;
    if (crisis && crisis.coordinated && t >= crisis.burstStart && t < crisis.burstEnd && rng.chance(BURST_SHARE)) {
      return this.buzzerPost(t, crisis);
    }
    const roll = rng.next();
    if (roll < NEWS_SHARE) return this.newsPost(t, vocab, crisis);
    if (roll < NEWS_SHARE + OFFICIAL_SHARE) return this.officialPost(t, vocab, crisis);
    return this.socialPost(t, vocab, crisis);
  }

  private socialPost(t: number, vocab: ProgramVocab, crisis: Crisis | null): DemoPostIntent {
    const rng = this.rng;
    const author = this.authors.pick(rng);
    const source: SocialSource = rng.chance(0.8) ? author.home : rng.pick(SOCIAL_SOURCES);
    const lang: TextLang = rng.chance(author.english) ? 'en' : rng.chance(0.12) ? 'mixed' : 'id';
    const formalChance = source === 'facebook' ? Math.max(author.formal, 0.3) : author.formal;
    const register: Register = lang === 'id' && rng.chance(formalChance) ? 'formal' : 'casual';
    const tone = pickTone(rng, crisis ? CRISIS_TONES : vocab.tones);
    const alias = rng.pick(lang === 'en' ? vocab.aliasesEn : register === 'formal' ? vocab.formal : vocab.aliases);
    const ctx: SlotContext = { rng, vocab, tone, lang, crisis: crisis?.theme ?? null, alias };
    let text = programText(ctx, register, author.style);
    if (register === 'casual') text = this.decorate(text, source, vocab, crisis);
    if (source === 'facebook' && rng.chance(0.2)) text += `\n${rng.pick(FACEBOOK_TAILS)}`;
    const boost = crisis && tone === 'negative' ? 3 : 1;
    return this.finish(t, source, author, text, vocab.slug, tone, lang, crisis, false, boost);
  }

  private decorate(text: string, source: SocialSource, vocab: ProgramVocab, crisis: Crisis | null): string {
    const rng = this.rng;
    const tags: string[] = [];
    if (crisis && rng.chance(0.4)) tags.push(rng.pick(crisis.theme.hashtags));
    if (rng.chance(0.18)) tags.push(rng.pick(vocab.hashtags));
    if (source === 'tiktok' && rng.chance(0.35)) tags.push(rng.chance(0.5) ? '#fyp' : '#fyp #viral');
    if (source === 'instagram' && rng.chance(0.2)) tags.push('#infoterkini');
    let out = tags.length > 0 ? `${text} ${tags.join(' ')}` : text;
    if (source === 'x' && !out.includes('@') && rng.chance(0.12)) out += ` ${rng.pick(vocab.mentions)}`;
    if (source === 'x' && rng.chance(0.06)) out += ` https://t.co/${base64(BigInt(rng.int(0x7fffffff)) * 1_000n + BigInt(rng.int(1_000)), B62, 10)}`;
    if (source === 'facebook' && rng.chance(0.05)) out += ` ${vocab.site}`;
    return out;
  }

  private newsPost(t: number, vocab: ProgramVocab, crisis: Crisis | null): DemoPostIntent {
    const rng = this.rng;
    const source = rng.chance(0.5) ? 'news:detik' : 'news:kompas';
    // Newsrooms report more neutrally than the timeline talks.
    const mix = crisis ? CRISIS_TONES : { ...vocab.tones, neutral: vocab.tones.neutral * 2 };
    const tone = pickTone(rng, mix);
    const ctx: SlotContext = { rng, vocab, tone, lang: 'id', crisis: crisis?.theme ?? null, alias: rng.pick(vocab.formal) };
    const { headline, text } = newsText(ctx, source === 'news:detik' ? 'detik' : 'kompas');
    return this.finish(t, source, OUTLETS[source], text, vocab.slug, tone, 'id', crisis, false, 1, headline);
  }

  private officialPost(t: number, vocab: ProgramVocab, crisis: Crisis | null): DemoPostIntent {
    const rng = this.rng;
    const source: SocialSource = rng.pick(['x', 'x', 'x', 'instagram', 'facebook']);
    const tone: Tone = crisis || rng.chance(0.6) ? 'neutral' : 'positive';
    const ctx: SlotContext = { rng, vocab, tone, lang: 'id', crisis: crisis?.theme ?? null, alias: rng.pick(vocab.formal) };
    return this.finish(t, source, vocab.official, officialText(ctx), vocab.slug, tone, 'id', crisis, false, 1);
  }

  private buzzerPost(t: number, crisis: Crisis): DemoPostIntent {
    const rng = this.rng;
    const author = rng.pick(crisis.buzzers);
    const text = buzzerText(rng, crisis.theme, crisis.alias);
    return this.finish(t, author.home, author, text, crisis.slug, 'negative', 'id', crisis, true, 0.2);
  }

  private chatterPost(t: number): DemoPostIntent {
    const rng = this.rng;
    if (rng.chance(NEWS_SHARE)) {
      const source = rng.chance(0.5) ? 'news:detik' : 'news:kompas';
      const { text, tone } = chatterText(rng, 'id', true);
      return this.finish(t, source, OUTLETS[source], text, null, tone, 'id', null, false, 1, text);
    }
    const author = this.authors.pick(rng);
    const source: SocialSource = rng.chance(0.8) ? author.home : rng.pick(SOCIAL_SOURCES);
    const lang: TextLang = rng.chance(author.english) ? 'en' : 'id';
    const { text, tone } = chatterText(rng, lang, false);
    return this.finish(t, source, author, text, null, tone, lang, null, false, 1);
  }

  private finish(
    t: number,
    source: DemoSource,
    author: { readonly handle: string; readonly name: string | undefined; readonly followers: number; readonly userId?: string },
    text: string,
    programSlug: string | null,
    tone: Tone,
    lang: TextLang,
    crisis: Crisis | null,
    coordinated: boolean,
    engagementBoost: number,
    headline?: string,
  ): DemoPostIntent {
    const rng = this.rng;
    text = dedupeWords(text);
    if (headline !== undefined) headline = dedupeWords(headline);
    const news = source === 'news:detik' || source === 'news:kompas';
    const { externalId, url } = this.identify(source, t, author.handle, author.userId ?? accountId(author.handle), programSlug, headline);
    let parentExternalId: string | undefined;
    const bucket = `${source}|${programSlug ?? ''}`;
    const recent = this.recent.get(bucket) ?? [];
    if (!news && !coordinated && rng.chance(REPLY_SHARE)) {
      // Only reply to an earlier post by someone else.
      const parent = recent[rng.int(recent.length)];
      if (parent && parent.at < t && parent.handle !== author.handle) {
        parentExternalId = parent.externalId;
        if (source !== 'facebook') text = `@${parent.handle} ${text}`;
      }
    }
    if (!news) {
      recent.push({ externalId, handle: author.handle, at: t });
      if (recent.length > 100) recent.shift();
      this.recent.set(bucket, recent);
    }
    const post: IngestPost = {
      source,
      externalId,
      text,
      createdAt: new Date(t).toISOString(),
      author: { handle: author.handle, ...(author.name !== undefined ? { name: author.name } : {}), followers: author.followers },
    };
    if (url !== undefined && (news || rng.chance(0.8))) post.url = url;
    const langGiven = news || source === 'x' || ((source === 'tiktok' || source === 'youtube') && rng.chance(0.5)) || rng.chance(0.3);
    if (langGiven) post.lang = lang === 'en' ? 'en' : 'id';
    const engagement = this.engagement(source, author.followers, engagementBoost);
    if (engagement) post.engagement = engagement;
    if (parentExternalId !== undefined) post.parentExternalId = parentExternalId;
    return { post, programSlug, tone, lang, crisis: crisis?.theme.key ?? null, coordinated };
  }

  private engagement(source: DemoSource, followers: number, boost: number): IngestPost['engagement'] {
    const rng = this.rng;
    if (rng.chance(0.12)) return undefined;
    const likes = Math.floor((followers + 1) ** 0.55 * rng.logNormal(0.5, 1.1) * boost);
    const shares = Math.floor(likes * rng.next() * 0.25);
    const replies = Math.floor(likes * rng.next() * 0.15);
    const views = Math.floor((followers + 1) * rng.logNormal(0.5, 1) + likes * 15);
    switch (source) {
      case 'x':
      case 'tiktok':
        return { likes, shares, replies, views };
      case 'facebook':
        return { likes, shares, replies };
      case 'instagram':
      case 'youtube':
        return { likes, replies };
      case 'news:detik':
      case 'news:kompas':
        return { shares };
    }
  }

  /** Source-shaped ids: a millisecond timestamp and a per-generator sequence make them unique per source. */
  private identify(
    source: DemoSource,
    t: number,
    handle: string,
    userId: string,
    programSlug: string | null,
    headline: string | undefined,
  ): { externalId: string; url: string | undefined } {
    const sequence = BigInt((this.sequence++ + this.idSalt) % 0x400000);
    const ms = Math.max(0, t);
    const core = (BigInt(ms) << 22n) | sequence;
    switch (source) {
      case 'x': {
        const id = ((BigInt(Math.max(0, ms - X_EPOCH)) << 22n) | sequence).toString();
        return { externalId: id, url: `https://x.com/${handle}/status/${id}` };
      }
      case 'facebook':
        return { externalId: `${userId}_${core}`, url: `https://www.facebook.com/${handle}/posts/${core}` };
      case 'tiktok':
        return { externalId: core.toString(), url: `https://www.tiktok.com/@${handle}/video/${core}` };
      case 'instagram':
        return { externalId: `${core}_${userId}`, url: `https://www.instagram.com/p/${base64(core, B64, 11)}/` };
      case 'youtube': {
        const id = `Ugx${base64(core, B64, 11)}4AaABAg`;
        // Comments gather under a few videos per program per hour.
        const video = base64(BigInt(hash32(this.seed, programSlug ? this.programs.indexOf(programSlug) : -1, Math.floor(t / 3_600_000))) * 4n, B64, 11);
        return { externalId: id, url: `https://www.youtube.com/watch?v=${video}&lc=${id}` };
      }
      case 'news:detik':
        return { externalId: `d-${core}`, url: `https://news.detik.com/berita/d-${core}/${slugify(headline ?? 'berita')}` };
      case 'news:kompas': {
        const d = new Date(ms);
        const date = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
        return { externalId: core.toString(), url: `https://nasional.kompas.com/read/${date}/${core}/${slugify(headline ?? 'berita')}` };
      }
    }
  }
}

/** A stable 15-digit numeric user id for accounts outside the author pool (officials, outlets). */
function accountId(handle: string): string {
  const h = hash32(...Array.from(handle, (ch) => ch.charCodeAt(0)));
  return `1000${String(h % 100_000_000_000).padStart(11, '0')}`;
}

function envelope(c: Crisis, t: number): number {
  const duration = c.end - c.start;
  // A crisis breaks within a minute or two: the volume is at full strength well inside the first five minutes.
  const rise = Math.min(1.5 * MINUTE, duration * 0.2);
  const fall = duration * 0.25;
  if (t - c.start < rise) return (t - c.start) / rise;
  if (c.end - t < fall) return (c.end - t) / fall;
  return 1;
}

function describe(c: Crisis): DemoCrisis {
  return {
    slug: c.slug,
    theme: c.theme.key,
    label: c.theme.label,
    startsAt: new Date(c.start),
    endsAt: new Date(c.end),
    intensity: c.intensity,
    coordinated: c.coordinated,
    automatic: c.automatic,
  };
}
