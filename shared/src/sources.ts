import { z } from 'zod';
import { IsoDateTime, NoNulText, Uuid } from './common.js';
import { IngestPost } from './posts.js';

/** Where a live source reads from. */
export const SourceType = z.enum(['rss', 'mastodon', 'bluesky', 'webhook', 'telegram']);
export type SourceType = z.infer<typeof SourceType>;

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const wsUrl = z.url({ protocol: /^wss?$/ }).max(2048);
/** Polls are never closer than 5 s apart (the floor), nor rarer than a day. */
const pollInterval = z.number().int().min(5).max(86_400);
const keywords = z.array(NoNulText.trim().toLowerCase().min(2).max(100)).max(200);

export const RssSettings = z.strictObject({ url: httpUrl, pollIntervalSeconds: pollInterval.default(300) });
export type RssSettings = z.infer<typeof RssSettings>;

export const MastodonSettings = z.strictObject({
  /** The instance's base URL, e.g. https://mastodon.social. */
  instanceUrl: httpUrl,
  timeline: z.enum(['hashtag', 'public', 'public:local']).default('hashtag'),
  /** Without the '#'; required for the hashtag timeline. */
  hashtag: z
    .string()
    .regex(/^[\p{L}\p{N}_]{1,100}$/u, 'a hashtag is letters, digits and _ (without #)')
    .optional(),
  /** Used when the streaming API is not available (polling `since_id`). */
  pollIntervalSeconds: pollInterval.default(60),
}).refine((s) => s.timeline !== 'hashtag' || s.hashtag !== undefined, { message: 'the hashtag timeline needs a hashtag', path: ['hashtag'] });
export type MastodonSettings = z.infer<typeof MastodonSettings>;

export const BlueskySettings = z.strictObject({
  /** Jetstream's subscribe endpoint. */
  url: wsUrl.default('wss://jetstream2.us-east.bsky.network/subscribe'),
  /** Words kept besides the programs' queries (a post is stored if a program matches it or it holds one of these). */
  keywords: keywords.default([]),
});
export type BlueskySettings = z.infer<typeof BlueskySettings>;

export const WebhookSettings = z.strictObject({
  /** The `source` given to items that name none (e.g. the reseller's network). */
  defaultSource: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_.:-]*$/, 'source must be lowercase letters, digits and . _ : -')
    .optional(),
});
export type WebhookSettings = z.infer<typeof WebhookSettings>;

export const TelegramSettings = z.strictObject({
  /** The Bot API's base URL. */
  apiUrl: httpUrl.default('https://api.telegram.org'),
  /** Channel ids or @usernames to keep; empty keeps every channel the bot is in. */
  channels: z.array(z.string().regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{3,64})$/, 'a channel is a numeric id or an @username')).max(500).default([]),
  pollIntervalSeconds: pollInterval.default(5),
});
export type TelegramSettings = z.infer<typeof TelegramSettings>;

/** Settings by type: what `settings` must hold for each. */
export const SOURCE_SETTINGS = { rss: RssSettings, mastodon: MastodonSettings, bluesky: BlueskySettings, webhook: WebhookSettings, telegram: TelegramSettings } as const;
export type SourceSettings = RssSettings | MastodonSettings | BlueskySettings | WebhookSettings | TelegramSettings;

const name = NoNulText.trim().min(1).max(200);
/** Bot token, access token or HMAC secret: write-only. */
const secret = NoNulText.min(8).max(4096);

/**
 * `POST /api/sources`. `settings` is checked against the type's schema on the server (so the
 * error names the field); `secret` is a Telegram bot token, a Mastodon access token or the
 * webhook's HMAC secret, stored encrypted and never answered.
 */
export const CreateSource = z.strictObject({
  type: SourceType,
  name,
  settings: z.record(z.string(), z.unknown()).default({}),
  enabled: z.boolean().default(true),
  secret: secret.optional(),
});
export type CreateSource = z.infer<typeof CreateSource>;

/** `PATCH /api/sources/:id`: `secret: null` removes the secret. */
export const UpdateSource = z.strictObject({
  name: name.optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
  secret: secret.nullable().optional(),
});
export type UpdateSource = z.infer<typeof UpdateSource>;

/**
 * What a source is doing: `running` (collecting), `backoff` (waiting after a failure),
 * `failing` (failed repeatedly), `silent` (yields nothing for longer than usual), `paused`.
 */
export const SourceState = z.enum(['running', 'backoff', 'failing', 'silent', 'paused']);
export type SourceState = z.infer<typeof SourceState>;

export const Source = z.object({
  id: Uuid,
  type: SourceType,
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  hasSecret: z.boolean(),
  state: SourceState,
  /** Where the connector resumes (ETag, since_id, Jetstream time, update offset…). */
  cursor: z.record(z.string(), z.unknown()).nullable(),
  lastSuccessAt: IsoDateTime.nullable(),
  lastItemAt: IsoDateTime.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: IsoDateTime.nullable(),
  consecutiveFailures: z.number().int(),
  itemsTotal: z.number().int(),
  skippedTotal: z.number().int(),
  /** Items stored in each of the last 24 hours, oldest first (the last is the current hour). */
  itemsPerHour: z.array(z.number().int()),
  /** The usual longest gap between items, learnt from this source (null until it has yielded enough). */
  usualGapSeconds: z.number().nullable(),
  /** For webhooks: where collectors POST (signed with X-Siaga-Signature: sha256=HMAC of the body). */
  webhookPath: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Source = z.infer<typeof Source>;

/** `GET /api/sources/states` (any signed-in user, for the wall): what each source is doing, no settings. */
export const SourceStatus = z.object({ id: Uuid, name: z.string(), type: SourceType, state: SourceState, lastItemAt: IsoDateTime.nullable() });
export type SourceStatus = z.infer<typeof SourceStatus>;

/** `POST /api/sources/:id/test`: one fetch, nothing stored, nothing remembered. */
export const SourceTestResult = z.object({
  ok: z.boolean(),
  /** The posts a fetch would store (at most 20 shown). */
  items: z.array(IngestPost),
  itemCount: z.number().int(),
  skipped: z.number().int(),
  error: z.string().nullable(),
});
export type SourceTestResult = z.infer<typeof SourceTestResult>;

/** What a webhook answers: the same counts as `POST /api/ingest/posts`. */
export const SourceWebhookBody = z.object({ posts: z.array(z.unknown()).min(1).max(5_000) });

