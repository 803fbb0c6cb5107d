import { z } from 'zod';
import { IsoDateTime, NoNulText, Uuid } from './common.js';
import { Lang } from './programs.js';

export const SentimentLabel = z.enum(['positive', 'neutral', 'negative']);
export type SentimentLabel = z.infer<typeof SentimentLabel>;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const IngestPost = z.strictObject({
  source: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_.:-]*$/, 'source must be lowercase letters, digits and . _ : -'),
  externalId: z.string().min(1).max(256),
  text: z.string().min(1).max(20_000),
  createdAt: IsoDateTime,
  author: z.strictObject({
    handle: z.string().min(1).max(256),
    name: z.string().max(256).optional(),
    followers: count.optional(),
    /** The author's profile location as the source gives it ("Makassar, Sulsel"): read for places when the text names none. */
    location: z.string().max(256).optional(),
    /** When the account was created, as the source gives it (Mastodon's `account.created_at`, X's user `created_at`): a coordination reason. */
    createdAt: IsoDateTime.optional(),
  }),
  url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
  lang: z.string().min(2).max(16).optional(),
  engagement: z
    .strictObject({ likes: count.optional(), shares: count.optional(), replies: count.optional(), views: count.optional() })
    .optional(),
  parentExternalId: z.string().min(1).max(256).optional(),
  /** The post it quotes (same source), where the source says so: a link in the interaction network. */
  quotedExternalId: z.string().min(1).max(256).optional(),
  /**
   * The post it reshares (same source), where the source says so: a repost, retweet or boost, posted by the account
   * that shared it at the time it shared it, with the shared post's text. A link in the interaction network, never a
   * near-copy nor a campaign post.
   */
  sharedExternalId: z.string().min(1).max(256).optional(),
})
  // An account cannot post before it exists: such a post carries a wrong date, and is refused as other bad fields are.
  .refine((p) => p.author.createdAt === undefined || Date.parse(p.author.createdAt) <= Date.parse(p.createdAt), {
    path: ['author', 'createdAt'],
    message: 'is after the post\'s createdAt',
  });
export type IngestPost = z.infer<typeof IngestPost>;

export const MAX_BATCH_POSTS = 5_000;

/** Posts are validated one by one so that one bad post never rejects the batch. */
export const IngestBatch = z.object({ posts: z.array(z.unknown()).min(1).max(MAX_BATCH_POSTS) });

export const IngestRejection = z.object({ index: z.number().int(), code: z.string(), message: z.string() });
export type IngestRejection = z.infer<typeof IngestRejection>;

export const IngestResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(IngestRejection),
});
export type IngestResult = z.infer<typeof IngestResult>;

export const Post = z.object({
  id: Uuid,
  source: z.string(),
  externalId: z.string(),
  text: z.string(),
  createdAt: IsoDateTime,
  ingestedAt: IsoDateTime,
  author: z.object({
    handle: z.string(),
    name: z.string().nullable(),
    followers: z.number().int().nullable(),
    /** The profile location the source gave (absent from older servers). */
    location: z.string().nullable().optional(),
    /** When the account was created, as the source gave it with this post; null when it did not. */
    createdAt: IsoDateTime.nullable(),
  }),
  url: z.string().nullable(),
  lang: Lang,
  /** The language the source claimed, kept as given. */
  langGiven: z.string().nullable(),
  sentiment: z.object({
    label: SentimentLabel,
    score: z.number(),
    confidence: z.number(),
    /** The words that moved the model's score (signed contributions). */
    terms: z.array(z.object({ term: z.string(), weight: z.number() })),
    /** Set when an analyst relabelled the post: their label wins over the model's. */
    correctedAt: IsoDateTime.nullable(),
    correctedBy: Uuid.nullable(),
  }),
  /** Whether the post reports harm to people, and the words that decided it (empty when not). */
  harm: z.object({ flag: z.boolean(), terms: z.array(z.string()) }),
  engagement: z.object({ likes: z.number(), shares: z.number(), replies: z.number(), views: z.number() }),
  parentExternalId: z.string().nullable(),
  /** The post this one reshares (a repost, a boost), same source; null for an original (absent from older servers). */
  sharedExternalId: z.string().nullable().optional(),
  programIds: z.array(Uuid),
  /** Places the post names: province codes ("73") and regency or city codes ("73.71"); absent from older servers. */
  places: z.array(z.string()).optional(),
  /** Written by a registered official channel of one of its programs; absent from older servers. */
  official: z.boolean().optional(),
});
export type Post = z.infer<typeof Post>;

export const PostsQuery = z.object({
  programId: Uuid.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  sentiment: SentimentLabel.optional(),
  lang: Lang.optional(),
  source: NoNulText.min(1).max(64).optional(),
  q: NoNulText.trim().min(1).max(200).optional(),
  /** `true`: only posts that report harm; `false`: only posts that do not. */
  harm: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** An author's handle, exactly as stored (with `source`, one account). */
  author: NoNulText.min(1).max(256).optional(),
  /** A province ("73") or a regency or city ("73.71"): posts that name it. */
  place: z
    .string()
    .regex(/^\d{2}(\.\d{2})?$/, 'place must be a province code such as 73 or a regency code such as 73.71')
    .optional(),
});
export type PostsQuery = z.infer<typeof PostsQuery>;
