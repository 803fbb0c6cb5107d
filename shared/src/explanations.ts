import { z } from 'zod';

/**
 * Why a detector fired, as facts rather than a sentence: alerts store these, and every reader
 * (dashboard, email, report, webhook) renders them in its own language with `renderExplanation`.
 * One variant per alert kind, discriminated by `kind`; a new kind adds a variant here and a case
 * in the renderer.
 */
const Band = z.object({ lower: z.number(), upper: z.number() });

const countShape = {
  /** A sudden spike in one window, or a sustained shift above the usual for the time of day. */
  signal: z.enum(['spike', 'shift']),
  /** Posts (or negative posts) in the window. */
  observed: z.number(),
  /** What the program usually has in that window at this time of day. */
  expected: z.number(),
  band: Band,
  windowMinutes: z.number(),
};

export const VolumeFacts = z.object({ kind: z.literal('volume_spike'), ...countShape });
export const NegativeFacts = z.object({ kind: z.literal('negative_spike'), ...countShape });

export const ShareFacts = z.object({
  kind: z.literal('negative_share_shift'),
  /** Shares are fractions (0..1). */
  observedShare: z.number(),
  expectedShare: z.number(),
  band: Band,
  /** Posts the share is taken over. */
  totalPosts: z.number(),
  windowMinutes: z.number(),
});

export const CampaignFacts = z.object({
  kind: z.literal('coordinated_campaign'),
  /** Distinct accounts in the burst. */
  accounts: z.number(),
  /** Near-identical posts in the burst. */
  posts: z.number(),
  /** Minutes from the burst's first post to its last (at least 1). */
  minutes: z.number(),
  /** The burst's share of the program's recent posts, and the usual share of its largest organic group (null when unknown). */
  share: z.number().nullable(),
  usualShare: z.number().nullable(),
  /** One representative text, as posted. */
  sampleText: z.string(),
});

export const HarmFacts = z.object({
  kind: z.literal('harm_reports'),
  posts: z.number(),
  windowMinutes: z.number(),
  /** Usual number of harm posts in such a window; 0 when none were seen before. */
  usual: z.number(),
  /** The words that decided it, most frequent first. */
  terms: z.array(z.string()),
  /** The latest such post, as posted. */
  sampleText: z.string(),
});

/** A source that normally yields items has yielded none for longer than its usual gap allows. */
export const SourceSilentFacts = z.object({
  kind: z.literal('source_silent'),
  /** The source's name, as the admin called it. */
  source: z.string(),
  /** Minutes since its last item. */
  silentMinutes: z.number(),
  /** The longest silence its usual gaps allow, in minutes. */
  thresholdMinutes: z.number(),
});
export type SourceSilentFacts = z.infer<typeof SourceSilentFacts>;

/** A source's reads failed this many times in a row. */
export const SourceFailingFacts = z.object({
  kind: z.literal('source_failing'),
  source: z.string(),
  failures: z.number(),
  /** The last error, as the connector reported it (secrets masked). */
  lastError: z.string(),
});
export type SourceFailingFacts = z.infer<typeof SourceFailingFacts>;

/** An alert stored before facts existed whose sentence could not be read back into facts: shown as written. */
export const LegacyFacts = z.object({ kind: z.literal('legacy'), text: z.string() });

export const ExplanationFacts = z.discriminatedUnion('kind', [VolumeFacts, NegativeFacts, ShareFacts, CampaignFacts, HarmFacts, SourceSilentFacts, SourceFailingFacts, LegacyFacts]);
export type ExplanationFacts = z.infer<typeof ExplanationFacts>;

export const ExplanationLang = z.enum(['id', 'en']);
export type ExplanationLang = z.infer<typeof ExplanationLang>;

/** What a webhook receiver gets besides the facts: the sentence in both languages. */
export const ExplanationTexts = z.object({ id: z.string(), en: z.string() });
export type ExplanationTexts = z.infer<typeof ExplanationTexts>;

const LOCALE: Record<ExplanationLang, string> = { id: 'id-ID', en: 'en-US' };
const INTEGER = { id: new Intl.NumberFormat(LOCALE.id, { maximumFractionDigits: 0 }), en: new Intl.NumberFormat(LOCALE.en, { maximumFractionDigits: 0 }) };
const DECIMAL = { id: new Intl.NumberFormat(LOCALE.id, { maximumFractionDigits: 1 }), en: new Intl.NumberFormat(LOCALE.en, { maximumFractionDigits: 1 }) };

/** How many times the usual, always with one decimal ("3.0×"). */
const RATIO = { id: new Intl.NumberFormat(LOCALE.id, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), en: new Intl.NumberFormat(LOCALE.en, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) };

const int = (n: number, lang: ExplanationLang) => INTEGER[lang].format(Math.round(n));
const dec = (n: number, lang: ExplanationLang) => DECIMAL[lang].format(n);
/** Whole percents, one decimal under 10 % (a campaign's 4.5 % is not 5 %). */
const pct = (p: number, lang: ExplanationLang) => `${p >= 0.1 || p <= 0 ? Math.round(p * 100) : dec(Math.round(p * 1000) / 10, lang)}%`;

/** A post quoted in a sentence: one line, at most 120 characters. */
function quote(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return `"${one.length > 120 ? `${one.slice(0, 117)}…` : one}"`;
}

/** "in the last 5 minutes" / "dalam 5 menit terakhir". */
function lastSpan(minutes: number, lang: ExplanationLang): string {
  if (lang === 'id') {
    if (minutes < 60) return `dalam ${int(minutes, lang)} menit terakhir`;
    const h = minutes / 60;
    return h === 1 ? 'dalam satu jam terakhir' : `dalam ${dec(h, lang)} jam terakhir`;
  }
  if (minutes < 60) return `in the last ${minutes === 1 ? 'minute' : `${int(minutes, lang)} minutes`}`;
  const h = minutes / 60;
  return h === 1 ? 'in the last hour' : `in the last ${dec(h, lang)} hours`;
}

/** "within 3 minutes" / "dalam 3 menit". */
function within(minutes: number, lang: ExplanationLang): string {
  if (lang === 'id') return minutes % 60 === 0 && minutes >= 60 ? `dalam ${int(minutes / 60, lang)} jam` : `dalam ${int(minutes, lang)} menit`;
  if (minutes % 60 === 0 && minutes >= 60) return minutes === 60 ? 'within an hour' : `within ${int(minutes / 60, lang)} hours`;
  return `within ${int(minutes, lang)} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * The sentence for an alert's facts in one language. Pure: the same facts and language always
 * give the same text, in the server (emails, reports, webhooks) and in the dashboard.
 */
export function renderExplanation(facts: ExplanationFacts, lang: ExplanationLang): string {
  switch (facts.kind) {
    case 'volume_spike':
    case 'negative_spike': {
      const negative = facts.kind === 'negative_spike';
      const band = `${int(facts.band.lower, lang)}–${int(facts.band.upper, lang)}`;
      const ratio = facts.expected > 0 ? facts.observed / facts.expected : Infinity;
      if (lang === 'id') {
        const what = negative ? 'pos negatif' : 'pos';
        if (facts.signal === 'shift') {
          const times = Number.isFinite(ratio) ? `${RATIO[lang].format(ratio)} kali` : 'jauh di atas';
          return `Kenaikan berkelanjutan: ${int(facts.observed, lang)} ${what} ${lastSpan(facts.windowMinutes, lang)}, ${times} biasanya sekitar ${int(facts.expected, lang)} (rentang ${band}) pada jam seperti ini.`;
        }
        return `${int(facts.observed, lang)} ${what} ${lastSpan(facts.windowMinutes, lang)}, biasanya sekitar ${int(facts.expected, lang)} (rentang ${band}) pada jam ini.`;
      }
      const what = negative ? 'negative posts' : 'posts';
      if (facts.signal === 'shift') {
        const times = Number.isFinite(ratio) ? `${RATIO[lang].format(ratio)}×` : 'far above';
        return `Sustained rise: ${int(facts.observed, lang)} ${what} ${lastSpan(facts.windowMinutes, lang)}, ${times} the usual ${int(facts.expected, lang)} (band ${band}) for this time of day.`;
      }
      return `${int(facts.observed, lang)} ${what} ${lastSpan(facts.windowMinutes, lang)}, expected about ${int(facts.expected, lang)} (band ${band}) at this hour.`;
    }
    case 'negative_share_shift': {
      const band = `${pct(facts.band.lower, lang)}–${pct(facts.band.upper, lang)}`;
      if (lang === 'id') {
        return `${pct(facts.observedShare, lang)} dari ${int(facts.totalPosts, lang)} pos ${lastSpan(facts.windowMinutes, lang)} bernada negatif, padahal biasanya ${pct(facts.expectedShare, lang)} (rentang ${band}).`;
      }
      return `${pct(facts.observedShare, lang)} of ${int(facts.totalPosts, lang)} posts ${lastSpan(facts.windowMinutes, lang)} are negative, against a usual ${pct(facts.expectedShare, lang)} (band ${band}).`;
    }
    case 'coordinated_campaign': {
      const known = facts.share !== null && facts.usualShare !== null;
      if (lang === 'id') {
        const share = known ? `, ${pct(facts.share!, lang)} dari pos program ini (kelompok organik terbesar biasanya ${pct(facts.usualShare!, lang)})` : '';
        return `${int(facts.accounts, lang)} akun mengunggah ${int(facts.posts, lang)} pos yang nyaris sama ${within(facts.minutes, lang)}${share}: ${quote(facts.sampleText)}`;
      }
      const share = known ? `, ${pct(facts.share!, lang)} of this program's posts (the largest organic group is usually ${pct(facts.usualShare!, lang)})` : '';
      return `${int(facts.accounts, lang)} accounts posted ${int(facts.posts, lang)} near-identical posts ${within(facts.minutes, lang)}${share}: ${quote(facts.sampleText)}`;
    }
    case 'harm_reports': {
      const terms = facts.terms.slice(0, 6).join(', ');
      if (lang === 'id') {
        const usual = facts.usual > 0 ? `biasanya ${dec(facts.usual, lang)}` : 'biasanya tidak ada';
        return `${int(facts.posts, lang)} pos melaporkan korban atau bahaya bagi warga ${within(facts.windowMinutes, lang)} (${usual}); kata penentu: ${terms}; terbaru: ${quote(facts.sampleText)}`;
      }
      const usual = facts.usual > 0 ? `usually ${dec(facts.usual, lang)}` : 'usually none';
      return `${int(facts.posts, lang)} posts reported harm to people ${within(facts.windowMinutes, lang)} (${usual}); deciding words: ${terms}; latest: ${quote(facts.sampleText)}`;
    }
    case 'source_silent': {
      const span = (m: number) => (m >= 120 ? (lang === 'id' ? `${dec(m / 60, lang)} jam` : `${dec(m / 60, lang)} hours`) : lang === 'id' ? `${int(m, lang)} menit` : `${int(m, lang)} minutes`);
      if (lang === 'id') return `Sumber "${facts.source}" tidak menghasilkan pos selama ${span(facts.silentMinutes)}, lebih lama dari jeda biasanya (paling lama ${span(facts.thresholdMinutes)}): sumber yang senyap saat krisis terlihat seperti keadaan tenang`;
      return `Source "${facts.source}" has yielded no posts for ${span(facts.silentMinutes)}, longer than its usual gaps allow (at most ${span(facts.thresholdMinutes)}): a silent source during a crisis looks like calm`;
    }
    case 'source_failing':
      if (lang === 'id') return `Sumber "${facts.source}" gagal dibaca ${int(facts.failures, lang)} kali berturut-turut; galat terakhir: ${quote(facts.lastError)}`;
      return `Source "${facts.source}" failed ${int(facts.failures, lang)} reads in a row; last error: ${quote(facts.lastError)}`;
    case 'legacy':
      return facts.text;
  }
}

/** Both sentences, as webhooks carry them. */
export function explanationTexts(facts: ExplanationFacts): ExplanationTexts {
  return { id: renderExplanation(facts, 'id'), en: renderExplanation(facts, 'en') };
}
