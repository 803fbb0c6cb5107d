/**
 * Decision types of the detection core. Pure data: the wire contract mirrors these, so keep them JSON-shaped
 * (ISO strings, plain numbers and arrays).
 */

/** Same union as the shared `Sensitivity` (kept local so the core has no runtime dependencies). */
export type Sensitivity = 'low' | 'medium' | 'high';

export type DecisionKind = 'volume_spike' | 'negative_spike' | 'negative_share_shift' | 'coordinated_campaign';

export type SeverityHint = 'info' | 'warning' | 'critical';

export interface DecisionBand {
  lower: number;
  upper: number;
}

export interface CampaignDetails {
  /** Distinct accounts in the cluster, as `source:handle`, most active first. */
  accounts: string[];
  /** One representative post text (as posted). */
  sampleText: string;
  /** Post ids in the cluster (at most 200). */
  postIds: string[];
  /** Posts in the cluster. */
  posts: number;
  /** Estimated mean Jaccard similarity of the cluster's texts to the sample (0..1). */
  similarity: number;
  /** First and last post time of the cluster (ISO). */
  firstAt: string;
  lastAt: string;
  sources: string[];
}

export interface SpikeDetails {
  /** The window (minutes) the numbers describe. */
  windowMinutes: number;
  /** Sensitivity the decision was taken at. */
  sensitivity: Sensitivity;
  /** −log10 of the tail probability (after the multi-window correction). */
  surprise: number;
  /** Negative binomial dispersion (1/size) used for the tail. */
  dispersion: number;
  /** For negative_share_shift: posts in the window the share is taken over. */
  totalPosts?: number;
  /** Which signal spoke: a sudden spike, or a sustained shift above the usual for the time of day. */
  signal?: 'spike' | 'shift';
  /** For a shift: how many robust standard deviations above the program's usual. */
  z?: number;
}

export interface Decision {
  kind: DecisionKind;
  programId: string;
  /** When the decision was taken (ISO), never a time in the past of the data. */
  at: string;
  /** Expected value over the window (a count, or a share 0..1 for negative_share_shift). */
  expected: number;
  band: DecisionBand;
  observed: number;
  /** 0..1 strength of the evidence; alerts start at 0.5. */
  score: number;
  severityHint: SeverityHint;
  /** One human sentence with the numbers behind the decision. */
  explanation: string;
  details?: Partial<SpikeDetails & CampaignDetails>;
}
