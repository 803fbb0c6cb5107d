import { QueryFailedError } from 'typeorm';
import { AppError } from '../common/errors.js';

/** A statement broke a unique constraint (SQLSTATE 23505), on PostgreSQL and on PGlite alike. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';
}

/** The database failures a client can act on, as the errors the exception filter knows. */
export function translateDatabaseError(err: unknown): AppError | undefined {
  if (isUniqueViolation(err)) return new AppError('conflict', 'a record with the same unique value exists');
  return undefined;
}
