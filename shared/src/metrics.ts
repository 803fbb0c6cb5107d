import { z } from 'zod';
import { IsoDateTime, NoNulText, Uuid } from './common.js';

export const Bucket = z.enum(['1m', '5m', '1h', '1d']);
export type Bucket = z.infer<typeof Bucket>;

export const SeriesQuery = z.object({
  programId: Uuid,
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  bucket: Bucket.default('1m'),
  tz: NoNulText.min(1).max(64).default('UTC'),
});
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const SeriesPoint = z.object({
  t: IsoDateTime,
  volume: z.number().int(),
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  sentimentSum: z.number(),
  /** Estimated (HyperLogLog) count of distinct authors in the bucket. */
  authors: z.number().int(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const SeriesResponse = z.object({
  programId: Uuid,
  bucket: Bucket,
  tz: z.string(),
  from: IsoDateTime,
  to: IsoDateTime,
  points: z.array(SeriesPoint),
});
export type SeriesResponse = z.infer<typeof SeriesResponse>;

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  database: z.object({ engine: z.enum(['pglite', 'postgres']), status: z.enum(['up', 'down']), latencyMs: z.number().nullable() }),
});
export type Health = z.infer<typeof Health>;
