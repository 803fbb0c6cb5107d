import { z } from 'zod';
import { AlertKind, Severity } from './alerts.js';
import { IsoDateTime, Uuid } from './common.js';
import { ExplanationFacts } from './explanations.js';
import { Bucket } from './metrics.js';
import { Sensitivity } from './programs.js';

export const BacktestRequest = z.strictObject({
  programId: Uuid,
  sensitivity: Sensitivity.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type BacktestRequest = z.infer<typeof BacktestRequest>;

const Band = z.object({ lower: z.number(), upper: z.number() });
const MetricPoint = z.object({
  observed: z.number(),
  expected: z.number(),
  band: Band,
  score: z.number(),
  /**
   * The detector is still learning this program (its first day without a backfill): the band leans on priors and
   * is wider than it will be; charts draw it as such. Absent from older servers: read as false.
   */
  learning: z.boolean().optional(),
});

/** The numbers behind a volume, negative or share decision. */
export const SpikeDetails = z.object({
  /** The window (minutes) the numbers describe. */
  windowMinutes: z.number(),
  /** Sensitivity the decision was taken at. */
  sensitivity: Sensitivity,
  /** −log10 of the tail probability (after the multi-window correction). */
  surprise: z.number(),
  /** Negative binomial dispersion (1/size) used for the tail. */
  dispersion: z.number(),
  /** For negative_share_shift: posts in the window the share is taken over. */
  totalPosts: z.number().optional(),
  /** Which signal spoke: a sudden spike, or a sustained shift above the usual for the time of day. */
  signal: z.enum(['spike', 'shift']).optional(),
  /** For a shift: how many robust standard deviations above the program's usual. */
  z: z.number().optional(),
});
export type SpikeDetails = z.infer<typeof SpikeDetails>;

/** A cluster of near-identical posts from several accounts. */
export const CampaignDetails = z.object({
  /** Distinct accounts in the cluster, as `source:handle`, most active first. */
  accounts: z.array(z.string()),
  /** One representative post text (as posted). */
  sampleText: z.string(),
  /** Post ids in the cluster (at most 200). */
  postIds: z.array(z.string()),
  /** Posts in the cluster. */
  posts: z.number(),
  /** Estimated mean Jaccard similarity of the cluster's texts to the sample (0..1). */
  similarity: z.number(),
  /** First and last post time of the cluster (ISO). */
  firstAt: IsoDateTime,
  lastAt: IsoDateTime,
  sources: z.array(z.string()),
});
export type CampaignDetails = z.infer<typeof CampaignDetails>;

export const DecisionDetails = SpikeDetails.partial().extend(CampaignDetails.partial().shape);
export type DecisionDetails = z.infer<typeof DecisionDetails>;

/** What a detector decided about a program; the alerts module turns these into alerts. */
export const DetectionDecision = z.object({
  kind: AlertKind,
  programId: Uuid,
  at: IsoDateTime,
  expected: z.number(),
  band: Band,
  observed: z.number(),
  score: z.number(),
  severityHint: Severity,
  /** The numbers and words behind the decision, rendered in the reader's language by `renderExplanation`. */
  facts: ExplanationFacts,
  details: DecisionDetails.optional(),
});
export type DetectionDecision = z.infer<typeof DetectionDecision>;

export const BacktestResponse = z.object({
  programId: Uuid,
  sensitivity: Sensitivity,
  from: IsoDateTime,
  to: IsoDateTime,
  windowMinutes: z.number().int(),
  /** Long ranges are thinned to at most 5,000 points: one every this many minutes. */
  pointStepMinutes: z.number().int(),
  points: z.array(
    z.object({
      at: IsoDateTime,
      value: z.number(),
      volume: MetricPoint,
      negative: MetricPoint,
      negativeShare: MetricPoint,
    }),
  ),
  decisions: z.array(DetectionDecision),
});
export type BacktestResponse = z.infer<typeof BacktestResponse>;

/** A count's band on the chart's buckets: arrays as long as the answer has buckets. */
const BandColumns = z.object({
  /** Expected count over the detector's window (`windowMinutes`), the mean of the bucket's minutes. */
  expected: z.array(z.number()),
  lower: z.array(z.number()),
  upper: z.array(z.number()),
  /**
   * The first this many buckets are judged while the detector was still learning the program (its first day): drawn
   * as provisional. Learning only ever ends, so the flags are a prefix.
   */
  learning: z.number().int(),
});

/**
 * `GET /api/detection/band`: what the dashboard's charts draw of the detector's band, in columns. Bucket `i` starts at
 * `start + i × stepMinutes`; its values are the means over its minutes of what the detectors expected of each minute
 * judged complete (counts rounded to 0.01, shares to 0.0001). Buckets start at the first minute with data at or after
 * `from`; a window without data has empty columns.
 */
export const BandResponse = z.object({
  programId: Uuid,
  sensitivity: Sensitivity,
  from: IsoDateTime,
  to: IsoDateTime,
  bucket: Bucket,
  /** The count detectors' window: `expected`, `lower` and `upper` are counts over this many minutes. */
  windowMinutes: z.number().int(),
  stepMinutes: z.number().int(),
  /** Start of the first bucket. */
  start: IsoDateTime,
  volume: BandColumns,
  negative: BandColumns,
  /** The negative share (0..1) over the share detector's window: what was seen, and what was expected. */
  negativeShare: BandColumns.extend({ observed: z.array(z.number()) }),
});
export type BandResponse = z.infer<typeof BandResponse>;
