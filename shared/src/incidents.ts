import { z } from 'zod';
import { Alert, Severity } from './alerts.js';
import { IsoDateTime, NoNulText, Uuid } from './common.js';
import { Post, SentimentLabel } from './posts.js';
import { Lang } from './programs.js';

export const IncidentStatus = z.enum(['open', 'monitoring', 'closed']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** Languages a report is written in: Indonesian first. */
export const ReportLang = z.enum(['id', 'en']);
export type ReportLang = z.infer<typeof ReportLang>;

export const REPORT_FORMATS = ['pdf', 'csv', 'md', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const Title = NoNulText.trim().min(1).max(200);
const LongText = NoNulText.max(20_000);
const HttpUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const IncidentProgram = z.object({ id: Uuid, name: z.string(), slug: z.string() });
export type IncidentProgram = z.infer<typeof IncidentProgram>;

export const Incident = z.object({
  id: Uuid,
  title: z.string(),
  /** The programs it covers (deleted programs drop out). */
  programIds: z.array(Uuid),
  programs: z.array(IncidentProgram),
  severity: Severity,
  status: IncidentStatus,
  ownerId: Uuid.nullable(),
  ownerName: z.string().nullable(),
  startedAt: IsoDateTime,
  /** Null while the incident is not closed: its span runs to now. */
  endedAt: IsoDateTime.nullable(),
  summary: z.string(),
  lessons: z.string(),
  alertCount: z.number().int(),
  createdBy: Uuid.nullable(),
  createdByName: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Incident = z.infer<typeof Incident>;

export const IncidentEntryKind = z.enum(['created', 'note', 'action', 'alert', 'pin', 'status', 'edit']);
export type IncidentEntryKind = z.infer<typeof IncidentEntryKind>;

/** One line of the timeline: who did what, when. */
export const IncidentEntry = z.object({
  id: Uuid,
  /** When it happened (an action may be recorded after the fact). */
  at: IsoDateTime,
  recordedAt: IsoDateTime,
  userId: Uuid.nullable(),
  userName: z.string().nullable(),
  kind: IncidentEntryKind,
  text: z.string().nullable(),
  url: z.string().nullable(),
  alertId: Uuid.nullable(),
  postId: Uuid.nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type IncidentEntry = z.infer<typeof IncidentEntry>;

export const IncidentPin = z.object({ post: Post, pinnedAt: IsoDateTime, userName: z.string().nullable(), note: z.string().nullable() });
export type IncidentPin = z.infer<typeof IncidentPin>;

export const IncidentDetail = Incident.extend({
  alerts: z.array(Alert),
  pins: z.array(IncidentPin),
  timeline: z.array(IncidentEntry),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const IncidentsQuery = z.object({ status: IncidentStatus.optional(), programId: Uuid.optional() });
export type IncidentsQuery = z.infer<typeof IncidentsQuery>;

/**
 * `POST /api/incidents`: from alerts (their programs join the incident's, the earliest opening
 * is the start unless `startedAt` says otherwise), by hand (`programIds`), or both.
 */
export const CreateIncident = z.strictObject({
  title: Title,
  programIds: z.array(Uuid).max(50).default([]),
  alertIds: z.array(Uuid).max(100).default([]),
  severity: Severity.default('warning'),
  ownerId: Uuid.nullable().optional(),
  startedAt: IsoDateTime.optional(),
  summary: LongText.optional(),
});
export type CreateIncident = z.input<typeof CreateIncident>;

/** `PATCH /api/incidents/:id`: closing sets `endedAt` to now unless given; reopening clears it. */
export const UpdateIncident = z.strictObject({
  title: Title.optional(),
  severity: Severity.optional(),
  status: IncidentStatus.optional(),
  ownerId: Uuid.nullable().optional(),
  startedAt: IsoDateTime.optional(),
  endedAt: IsoDateTime.nullable().optional(),
  summary: LongText.optional(),
  lessons: LongText.optional(),
});
export type UpdateIncident = z.infer<typeof UpdateIncident>;

export const AddIncidentNote = z.strictObject({ text: NoNulText.trim().min(1).max(5_000) });
export type AddIncidentNote = z.infer<typeof AddIncidentNote>;

/** An action taken, e.g. "clarification published on the ministry account", with when and a link. */
export const AddIncidentAction = z.strictObject({ text: NoNulText.trim().min(1).max(2_000), url: HttpUrl.optional(), at: IsoDateTime.optional() });
export type AddIncidentAction = z.infer<typeof AddIncidentAction>;

export const LinkIncidentAlerts = z.strictObject({ alertIds: z.array(Uuid).min(1).max(100) });
export type LinkIncidentAlerts = z.infer<typeof LinkIncidentAlerts>;

export const PinIncidentPost = z.strictObject({ postId: Uuid, note: NoNulText.trim().max(1_000).optional() });
export type PinIncidentPost = z.infer<typeof PinIncidentPost>;

export const ReportQuery = z.object({ lang: ReportLang.optional() });
export type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * `report.csv` filters, as `GET /api/posts` names them, except the posts' language (`postLang`:
 * `lang` names the report's language) and the window, which is the incident's span.
 */
export const IncidentCsvQuery = ReportQuery.extend({
  programId: Uuid.optional(),
  sentiment: SentimentLabel.optional(),
  postLang: Lang.optional(),
  source: NoNulText.min(1).max(64).optional(),
  q: NoNulText.trim().min(1).max(200).optional(),
});
export type IncidentCsvQuery = z.infer<typeof IncidentCsvQuery>;

const Counted = z.object({ value: z.string(), count: z.number().int(), share: z.number() });

/** Volume of a stretch of time, and how much of it was negative. */
export const SentimentCounts = z.object({ volume: z.number().int(), negative: z.number().int(), negativeShare: z.number().nullable() });
export type SentimentCounts = z.infer<typeof SentimentCounts>;

export const ImpactPoint = z.object({
  at: IsoDateTime,
  volume: z.number().int(),
  negative: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  /** Mean of the same bucket in the previous weeks, and the lowest and highest of them. */
  baseline: z.number(),
  baselineNegative: z.number(),
  bandLower: z.number(),
  bandUpper: z.number(),
});
export type ImpactPoint = z.infer<typeof ImpactPoint>;

export const ActionEffect = z.object({
  entryId: Uuid,
  at: IsoDateTime,
  text: z.string(),
  windowMinutes: z.number().int(),
  before: SentimentCounts,
  after: SentimentCounts,
  /** True when the negative share after the action is lower than before (null without data on both sides). */
  negativeShareFell: z.boolean().nullable(),
});
export type ActionEffect = z.infer<typeof ActionEffect>;

/**
 * The government's own voice during the incident: posts of the programs' registered official
 * channels in the span, how soon the first came after the first alert, their reach against the
 * crisis conversation's, and the conversation's negative share before and after that first post.
 */
export const OfficialResponse = z.object({
  /** Official channels registered for the incident's programs. */
  channels: z.number().int(),
  /** Official posts in the span (kept out of every other figure of the impact). */
  posts: z.number().int(),
  /** When the first alert linked to the incident opened (null without alerts). */
  firstAlertAt: IsoDateTime.nullable(),
  /** The first official post of the span at or after the first alert (the span's start without alerts). */
  firstPostAt: IsoDateTime.nullable(),
  firstPostHandle: z.string().nullable(),
  /** Minutes from the first alert to the first official post (null when either is missing). */
  minutesToFirstPost: z.number().nullable(),
  /** Followers of the official accounts that posted, and the engagement of their posts. */
  reach: z.number(),
  engagement: z.number(),
  /** Official reach / (official reach + the conversation's reach); null when both are zero. */
  reachShare: z.number().nullable(),
  windowMinutes: z.number().int(),
  /** The conversation (official posts left out) in the window before and after the first official post. */
  before: SentimentCounts.nullable(),
  after: SentimentCounts.nullable(),
  negativeShareFell: z.boolean().nullable(),
});
export type OfficialResponse = z.infer<typeof OfficialResponse>;

/**
 * What the incident did to the conversation over its span, against the same hours of the
 * previous weeks. Volumes come from the per-minute rollups (a post in two of the programs counts
 * in each); authors, reach and shares are counted over the distinct posts.
 */
export const IncidentImpact = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  baselineWeeks: z.number().int(),
  bucketMinutes: z.number().int(),
  volume: z.number().int(),
  negative: z.number().int(),
  negativeShare: z.number().nullable(),
  baselineVolume: z.number(),
  baselineNegative: z.number(),
  /** volume / baselineVolume (null without a baseline). */
  volumeRatio: z.number().nullable(),
  negativeRatio: z.number().nullable(),
  peak: z.object({ at: IsoDateTime, volume: z.number().int() }).nullable(),
  sentiment: z.object({ positive: z.number().int(), neutral: z.number().int(), negative: z.number().int() }),
  posts: z.number().int(),
  uniqueAuthors: z.number().int(),
  /** Sum of the followers of the distinct authors, and the engagement of the posts. */
  reach: z.number(),
  engagement: z.object({ likes: z.number(), shares: z.number(), replies: z.number(), views: z.number(), total: z.number() }),
  bySource: z.array(Counted),
  byLanguage: z.array(Counted),
  topTerms: z.array(Counted),
  topHashtags: z.array(Counted),
  /** Terms and hashtags are counted over the newest posts only when the span held more. */
  termsSampled: z.boolean(),
  topAuthors: z.array(z.object({ handle: z.string(), name: z.string().nullable(), followers: z.number(), posts: z.number().int(), engagement: z.number() })),
  actions: z.array(ActionEffect),
  series: z.array(ImpactPoint),
  /** Absent from older servers. */
  official: OfficialResponse.optional(),
});
export type IncidentImpact = z.infer<typeof IncidentImpact>;

export const ReportPost = z.object({
  id: Uuid,
  createdAt: IsoDateTime,
  source: z.string(),
  authorHandle: z.string(),
  authorName: z.string().nullable(),
  followers: z.number().nullable(),
  text: z.string(),
  url: z.string().nullable(),
  sentiment: SentimentLabel,
  lang: Lang,
  engagement: z.number(),
  pinned: z.boolean(),
  note: z.string().nullable(),
});
export type ReportPost = z.infer<typeof ReportPost>;

/** `GET /api/incidents/:id/report.json`: what the PDF and the Markdown show, as data. */
export const IncidentReport = z.object({
  lang: ReportLang,
  generatedAt: IsoDateTime,
  generatedBy: z.string(),
  incident: Incident,
  alerts: z.array(Alert),
  impact: IncidentImpact,
  timeline: z.array(IncidentEntry),
  pinnedPosts: z.array(ReportPost),
  topPosts: z.array(ReportPost),
  actions: z.array(IncidentEntry),
});
export type IncidentReport = z.infer<typeof IncidentReport>;

/** Socket event `incident:updated` (to the rooms of the incident's programs). */
export const IncidentUpdate = z.object({ incident: Incident, change: IncidentEntryKind });
export type IncidentUpdate = z.infer<typeof IncidentUpdate>;

declare module './realtime.js' {
  interface ServerToClientEvents {
    'incident:updated': (e: IncidentUpdate) => void;
  }
}

/** Extra columns of the incident CSV after the posts export's: numbers, never text (`official` is 1 for a post of an official channel, else 0). */
export const INCIDENT_CSV_EXTRA_COLUMNS = ['author_followers', 'likes', 'shares', 'replies', 'views', 'official'] as const;
