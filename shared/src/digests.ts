import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';
import { ReportLang } from './incidents.js';

/** A digest covers one local day or one local week (Monday to Monday). */
export const DigestPeriod = z.enum(['day', 'week']);
export type DigestPeriod = z.infer<typeof DigestPeriod>;

export const DigestPreviewQuery = z.object({ period: DigestPeriod });
export type DigestPreviewQuery = z.infer<typeof DigestPreviewQuery>;

/** What a user receives by email: the daily digest, the weekly one, or none (the default). */
export const DigestFrequency = z.enum(['daily', 'weekly', 'none']);
export type DigestFrequency = z.infer<typeof DigestFrequency>;

export const DigestSubscription = z.object({
  frequency: DigestFrequency,
  /**
   * The user's email language: one value for digests and alert emails (the notification
   * preferences' `language` is the same); Indonesian unless chosen.
   */
  lang: ReportLang,
});
export type DigestSubscription = z.infer<typeof DigestSubscription>;

/**
 * `PUT /api/me/digest-subscription`: what is given changes, what is absent stays (the dashboard
 * saves the frequency and the email language apart); at least one of the two.
 */
export const DigestSubscriptionUpdate = z
  .object({ frequency: DigestFrequency.optional(), lang: ReportLang.optional() })
  .refine((u) => u.frequency !== undefined || u.lang !== undefined, { message: 'give frequency, lang or both' });
export type DigestSubscriptionUpdate = z.infer<typeof DigestSubscriptionUpdate>;

export const DigestRanked = z.object({ value: z.string(), count: z.number().int() });
export type DigestRanked = z.infer<typeof DigestRanked>;

export const DigestAuthor = z.object({ handle: z.string(), name: z.string().nullable(), followers: z.number(), posts: z.number().int() });
export type DigestAuthor = z.infer<typeof DigestAuthor>;

/** One program's period against the previous period of the same length. */
export const DigestProgram = z.object({
  programId: Uuid,
  name: z.string(),
  slug: z.string(),
  volume: z.number().int(),
  previousVolume: z.number().int(),
  /** Relative change of volume (0.25 = +25 %); null when the previous period had none. */
  volumeChange: z.number().nullable(),
  negative: z.number().int(),
  /** Negative posts over all posts (0–1); null without posts. */
  negativeShare: z.number().nullable(),
  previousNegativeShare: z.number().nullable(),
  /** Alerts opened in the period, and in the previous one. */
  alerts: z.number().int(),
  previousAlerts: z.number().int(),
  /** Incidents of the program open at any time in the period. */
  incidents: z.number().int(),
  /** Percent of all programs' volume, one decimal; the programs' shares sum to exactly 100 (0 each when nobody posted). */
  shareOfVoice: z.number(),
  topTerms: z.array(DigestRanked),
  topAuthors: z.array(DigestAuthor),
});
export type DigestProgram = z.infer<typeof DigestProgram>;

export const Digest = z.object({
  period: DigestPeriod,
  /** The period, `[from, to)`, local midnights of `timeZone`. */
  from: IsoDateTime,
  to: IsoDateTime,
  previousFrom: IsoDateTime,
  previousTo: IsoDateTime,
  timeZone: z.string(),
  generatedAt: IsoDateTime,
  totals: z.object({ volume: z.number().int(), previousVolume: z.number().int(), alerts: z.number().int(), incidents: z.number().int() }),
  programs: z.array(DigestProgram),
});
export type Digest = z.infer<typeof Digest>;
