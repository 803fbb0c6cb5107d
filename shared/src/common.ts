import { z } from 'zod';

/** Every id on the wire is a UUID string. */
export const Uuid = z.uuid();

/**
 * Text from a client. PostgreSQL text cannot hold a NUL (U+0000): refused here, at the edge, so
 * that it answers 400 instead of failing the statement. Chain `.trim()`, `.min()`, `.max()` on it.
 */
export const NoNulText = z.string().refine((s) => !s.includes('\u0000'), 'must not contain a NUL character (\\u0000)');

/** The years a timestamp may name: outside them it does not survive JavaScript's ISO strings and SQL both. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

/** True when the instant falls in the years 0001–9999 (UTC). */
export function inYearRange(at: string | Date): boolean {
  const y = new Date(at).getUTCFullYear();
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

/**
 * Dates travel as ISO 8601 strings with an offset; never as Date objects. The instant must fall in
 * the years 0001–9999 in UTC: year 0000 (or 0001-01-01T00:30+01:00) fails in PostgreSQL.
 */
export const IsoDateTime = z.iso.datetime({ offset: true, abort: true }).refine(inYearRange, 'year must be between 0001 and 9999 (UTC)');

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: NoNulText.min(1).max(512).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

/** Every list endpoint answers one page: `nextCursor` is null on the last page. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const ErrorCode = z.enum([
  'bad_request',
  'validation_failed',
  'invalid_json',
  'query_syntax',
  'unauthorized',
  'invalid_credentials',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
  requestId: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
