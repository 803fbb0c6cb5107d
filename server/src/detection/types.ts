/**
 * Decision types of the detection core: the wire contract's own types (type-only imports, so the
 * core keeps no runtime dependency). JSON-shaped: ISO strings, plain numbers and arrays.
 */
import type { AlertKind, CampaignDetails, DecisionDetails, DetectionDecision, Sensitivity, Severity, SpikeDetails } from '@siaga/shared';

export type { CampaignDetails, DecisionDetails, Sensitivity, SpikeDetails };
export type DecisionKind = AlertKind;
export type SeverityHint = Severity;
export type DecisionBand = DetectionDecision['band'];
/** What a detector decided; `at` is when the decision was taken, never a time in the past of the data. */
export type Decision = DetectionDecision;
