import { z } from 'zod';
import { Severity } from './alerts.js';
import { IsoDateTime, NoNulText, Uuid } from './common.js';
import { Bucket } from './metrics.js';
import { Post, PostsQuery } from './posts.js';
import { Lang } from './programs.js';

/** `GET /api/metrics/overview`: one request feeds every tile of the live wall. */
export const OverviewQuery = z.object({
  /** How far back the sparklines reach. */
  hours: z.coerce.number().int().min(1).max(48).default(6),
});
export type OverviewQuery = z.infer<typeof OverviewQuery>;

export const OverviewProgram = z.object({
  programId: Uuid,
  /** 5-minute buckets over `hours`, oldest first, zero-filled. */
  points: z.array(z.object({ t: IsoDateTime, volume: z.number().int(), negative: z.number().int() })),
  /** Totals of the last 60 minutes. */
  lastHour: z.object({ volume: z.number().int(), negative: z.number().int() }),
  /** Posts in the current (unfinished) minute. */
  currentMinute: z.number().int(),
  openAlerts: z.number().int(),
  acknowledgedAlerts: z.number().int(),
  /** The worst severity among open and acknowledged alerts; null when there is none. */
  worstSeverity: Severity.nullable(),
});
export type OverviewProgram = z.infer<typeof OverviewProgram>;

export const OverviewResponse = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  bucketMinutes: z.number().int(),
  programs: z.array(OverviewProgram),
});
export type OverviewResponse = z.infer<typeof OverviewResponse>;

/** `GET /api/metrics/top`: what the talk is about in a window (default: the last hour). */
export const TopQuery = z.object({
  programId: Uuid.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type TopQuery = z.infer<typeof TopQuery>;

const Ranked = z.object({ value: z.string(), count: z.number().int() });
export const TopResponse = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  /** Posts looked at; at most `sampleLimit`, newest first, when the window holds more. */
  postsScanned: z.number().int(),
  /** True when the window held more posts than were scanned. */
  sampled: z.boolean(),
  terms: z.array(Ranked),
  hashtags: z.array(Ranked),
  authors: z.array(Ranked),
});
export type TopResponse = z.infer<typeof TopResponse>;

/** `POST /api/programs/preview`: how a draft query would match the stored posts of the last 24 h. */
export const ProgramPreviewRequest = z.strictObject({
  query: NoNulText.trim().min(1).max(10_000),
  languages: z.array(Lang).max(3).optional(),
  /** How many matching posts to send back, newest first. */
  samples: z.number().int().min(0).max(50).optional(),
});
export type ProgramPreviewRequest = z.infer<typeof ProgramPreviewRequest>;

export const ProgramPreviewResponse = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  matched: z.number().int(),
  scanned: z.number().int(),
  /** False when the 24 h held more posts than one preview may scan: `matched` then counts the newest `scanned`. */
  complete: z.boolean(),
  /** How far back the posts read reach: `from` when complete, else the time of the oldest post read. */
  scannedFrom: IsoDateTime,
  samples: z.array(Post),
});
export type ProgramPreviewResponse = z.infer<typeof ProgramPreviewResponse>;

/** `GET /api/detection/band`: the detector's expected band at the program's saved settings (viewers). */
export const BandQuery = z.object({
  programId: Uuid,
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  /** The chart's buckets: each answers the mean of its minutes (default one a minute). */
  bucket: Bucket.default('1m'),
});
export type BandQuery = z.infer<typeof BandQuery>;

/** `GET /api/alerts/counts`: for the tab title, the inbox tabs and the wall. */
export const AlertCounts = z.object({
  open: z.number().int(),
  acknowledged: z.number().int(),
  /** Open alerts nobody has acknowledged, by severity. */
  openBySeverity: z.object({ info: z.number().int(), warning: z.number().int(), critical: z.number().int() }),
});
export type AlertCounts = z.infer<typeof AlertCounts>;

/** `GET /api/posts/export`: the filters of `GET /api/posts`, answered as CSV (newest first). */
export const PostsExportQuery = PostsQuery.extend({
  /** At most this many rows (default and ceiling 100,000). */
  max: z.coerce.number().int().min(1).max(100_000).default(100_000),
});
export type PostsExportQuery = z.infer<typeof PostsExportQuery>;

/** The post's own columns, first in every CSV of posts (the explorer's export, an incident's report). */
export const POSTS_CSV_BASE_COLUMNS = [
  'id',
  'created_at',
  'source',
  'external_id',
  'author_handle',
  'author_name',
  'lang',
  'sentiment',
  'score',
  'corrected',
  'programs',
  'url',
  'text',
] as const;

/** Columns of the explorer's CSV export, in order: reach and places appended (readers by position keep working). */
export const POSTS_EXPORT_COLUMNS = [...POSTS_CSV_BASE_COLUMNS, 'author_followers', 'likes', 'shares', 'replies', 'views', 'places'] as const;
