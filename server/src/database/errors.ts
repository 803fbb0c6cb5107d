import { QueryFailedError } from 'typeorm';

/** A statement broke a unique constraint (SQLSTATE 23505), on PostgreSQL and on PGlite alike. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';
}
