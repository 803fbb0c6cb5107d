import { z } from 'zod';

/** Every id on the wire is a UUID string. */
export const Uuid = z.uuid();

/** Dates travel as ISO 8601 strings with an offset; never as Date objects. */
export const IsoDateTime = z.iso.datetime({ offset: true });

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(512).optional(),
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
