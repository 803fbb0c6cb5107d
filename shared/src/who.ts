import { z } from 'zod';
import { IsoDateTime, NoNulText, Uuid } from './common.js';
import { Post } from './posts.js';

/**
 * Who and where: accounts ranked by reach, the interaction network, places and platforms. Every query
 * takes an optional program and a `[from, to)` window (default: the last 24 hours, at most 31 days).
 */
export const WhoWhereQuery = z.object({
  programId: Uuid.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type WhoWhereQuery = z.infer<typeof WhoWhereQuery>;

/**
 * How much one interaction counts in an account's reach. Reach = the most followers the account had in
 * the window + ENGAGEMENT_WEIGHT × the likes, shares and replies its posts drew there. Followers are an
 * account's standing audience; an interaction stands for further readers. Post count is not part of it:
 * posting often widens no audience (it shows in `posts`). A convention, not a measurement.
 */
export const ENGAGEMENT_WEIGHT = 10;

export const ActorsQuery = WhoWhereQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
export type ActorsQuery = z.infer<typeof ActorsQuery>;

export const Actor = z.object({
  handle: z.string(),
  name: z.string().nullable(),
  /** The sources it posted from in the window, most posts first (an account page is per source). */
  sources: z.array(z.string()),
  followers: z.number(),
  posts: z.number().int(),
  /** Likes, shares and replies of its posts in the window. */
  engagement: z.number(),
  reach: z.number(),
  /** Negative posts over its posts (0..1). */
  negativeShare: z.number(),
  firstAt: IsoDateTime,
  lastAt: IsoDateTime,
});
export type Actor = z.infer<typeof Actor>;

export const ActorsResponse = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  /** Distinct accounts that posted in the window. */
  accounts: z.number().int(),
  engagementWeight: z.number(),
  actors: z.array(Actor),
});
export type ActorsResponse = z.infer<typeof ActorsResponse>;

/** Why an account's posting looks coordinated: each reason names its measure; never a "bot" verdict. */
export const CoordinationReason = z.object({
  kind: z.enum(['near_duplicates', 'rhythm', 'co_bursts', 'campaign_alert', 'account_age']),
  /**
   * The measure: a share (0..1) for near_duplicates and rhythm; for account_age the account's age in whole days at
   * its first post of the window (where the source gives a creation time); a count of accounts or alerts otherwise.
   */
  value: z.number(),
  /** Its part in the score (0..1). */
  weight: z.number(),
});
export type CoordinationReason = z.infer<typeof CoordinationReason>;

export const NetworkNode = z.object({
  /** `source:handle`. */
  id: z.string(),
  source: z.string(),
  handle: z.string(),
  posts: z.number().int(),
  followers: z.number(),
  reach: z.number(),
  negativeShare: z.number(),
  community: z.number().int(),
  /** Sum of its edge weights in the drawn graph. */
  degree: z.number(),
  /** 0..1; 0 with no reasons. */
  coordination: z.number(),
  reasons: z.array(CoordinationReason),
  /** Named in an open or acknowledged coordinated-campaign alert of the window. */
  inOpenCampaign: z.boolean(),
});
export type NetworkNode = z.infer<typeof NetworkNode>;

export const NetworkEdge = z.object({
  source: z.string(),
  target: z.string(),
  weight: z.number(),
  replies: z.number().int(),
  mentions: z.number().int(),
  /** Quotes of one's post by the other (where the source says a post quotes another). */
  quotes: z.number().int(),
  /** Shares (reposts, boosts) of one's post by the other (where the source gives them). */
  shares: z.number().int(),
  /** Near-duplicate clusters (and campaign alerts) both accounts are in. */
  duplicates: z.number().int(),
});
export type NetworkEdge = z.infer<typeof NetworkEdge>;

export const NetworkCommunity = z.object({
  id: z.number().int(),
  size: z.number().int(),
  posts: z.number().int(),
  reach: z.number(),
  negativeShare: z.number(),
  topTerms: z.array(z.object({ value: z.string(), count: z.number().int() })),
  /** Its accounts with the most reach, up to five handles as `source:handle`. */
  leaders: z.array(z.string()),
});
export type NetworkCommunity = z.infer<typeof NetworkCommunity>;

export const NetworkResponse = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  /** Posts of the window whose interactions were read (the newest, at most `limits.posts`). */
  postsScanned: z.number().int(),
  /** Accounts linked by those posts' interactions, and their links, before the caps. */
  accountsSeen: z.number().int(),
  edgesSeen: z.number().int(),
  /** True when the window held more posts than were read, or the graph more nodes or edges than are drawn. */
  sampled: z.boolean(),
  limits: z.object({ posts: z.number().int(), nodes: z.number().int(), edges: z.number().int() }),
  nodes: z.array(NetworkNode),
  edges: z.array(NetworkEdge),
  communities: z.array(NetworkCommunity),
});
export type NetworkResponse = z.infer<typeof NetworkResponse>;

export const PlacesResponse = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  /** Posts of the window, and those that name at least one place. */
  posts: z.number().int(),
  placed: z.number().int(),
  provinces: z.array(z.object({ code: z.string(), posts: z.number().int(), negative: z.number().int(), negativeShare: z.number() })),
  /** The regencies and cities named most, with their official names. */
  regencies: z.array(z.object({ code: z.string(), name: z.string(), posts: z.number().int(), negative: z.number().int() })),
});
export type PlacesResponse = z.infer<typeof PlacesResponse>;

export const PlatformsResponse = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  posts: z.number().int(),
  sources: z.array(z.object({ source: z.string(), posts: z.number().int(), negative: z.number().int(), share: z.number() })),
});
export type PlatformsResponse = z.infer<typeof PlatformsResponse>;

/** `GET /api/accounts/:source/:handle` path parameters. */
export const AccountSource = NoNulText.min(1).max(64);
export const AccountHandle = NoNulText.min(1).max(256);

export const AccountQuery = z.object({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type AccountQuery = z.infer<typeof AccountQuery>;

export const AccountResponse = z.object({
  source: z.string(),
  handle: z.string(),
  name: z.string().nullable(),
  followers: z.number().nullable(),
  location: z.string().nullable(),
  /** When the account was created: the newest creation time its posts of the window gave; null when the source gives none. */
  createdAt: IsoDateTime.nullable(),
  from: IsoDateTime,
  to: IsoDateTime,
  posts: z.number().int(),
  engagement: z.number(),
  reach: z.number(),
  firstAt: IsoDateTime.nullable(),
  lastAt: IsoDateTime.nullable(),
  programs: z.array(z.object({ id: Uuid, name: z.string(), slug: z.string(), posts: z.number().int() })),
  /** Posts per day (UTC) by label. */
  sentiment: z.array(z.object({ day: IsoDateTime, positive: z.number().int(), neutral: z.number().int(), negative: z.number().int() })),
  /** Coordinated-campaign alerts whose cluster named this account (any time). */
  campaigns: z.array(
    z.object({
      alertId: Uuid,
      programId: Uuid,
      status: z.string(),
      openedAt: IsoDateTime,
      posts: z.number().int(),
      accounts: z.number().int(),
      sampleText: z.string(),
    }),
  ),
  places: z.array(z.object({ code: z.string(), posts: z.number().int() })),
  /** Its newest posts of the window (at most 20); the explorer's author filter lists the rest. */
  recent: z.array(Post),
});
export type AccountResponse = z.infer<typeof AccountResponse>;
