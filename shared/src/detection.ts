import { z } from 'zod';
import { AlertKind, Severity } from './alerts.js';
import { IsoDateTime, Uuid } from './common.js';
import { Sensitivity } from './programs.js';

export const BacktestRequest = z.strictObject({
  programId: Uuid,
  sensitivity: Sensitivity.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type BacktestRequest = z.infer<typeof BacktestRequest>;

const Band = z.object({ lower: z.number(), upper: z.number() });
const MetricPoint = z.object({ observed: z.number(), expected: z.number(), band: Band, score: z.number() });

export const DetectionDecision = z.object({
  kind: AlertKind,
  programId: Uuid,
  at: IsoDateTime,
  expected: z.number(),
  band: Band,
  observed: z.number(),
  score: z.number(),
  severityHint: Severity,
  explanation: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
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
