import { CannotExecuteNotConnectedError, ConnectionIsNotSetError, QueryFailedError } from 'typeorm';
import { AppError, DEFAULT_RETRY_AFTER_SECONDS } from '../common/errors.js';

/** A statement broke a unique constraint (SQLSTATE 23505), on PostgreSQL and on PGlite alike. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';
}

/** Socket errors of a connection that could not be opened or was lost. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs that say the server is out of reach or shedding load, not that the statement is wrong:
 * class 08 (connection exception), 53300 (too many connections), 57014 (statement timeout or
 * cancel), 57P01–57P03 (shutdown, crash, starting up).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57014|57P0[123])$/;

/** Messages of node-postgres, pg-pool, PGlite and TypeORM (a destroyed data source) that carry no code. */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|PGlite is closed|Client has encountered a connection error|Client was closed|Driver not Connected)/;

function isUnavailableCause(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  if (err instanceof CannotExecuteNotConnectedError || err instanceof ConnectionIsNotSetError) return true;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  // Connecting to a name with several addresses fails with an AggregateError of each attempt.
  if (Array.isArray(e.errors) && e.errors.some((x) => isUnavailableCause(x, depth + 1))) return true;
  return isUnavailableCause(e.driverError, depth + 1) || isUnavailableCause(e.cause, depth + 1);
}

/** The database could not be reached, lost the connection, or timed the statement out. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return isUnavailableCause(err);
}

/** The database failures a client can act on, as the errors the exception filter knows. */
export function translateDatabaseError(err: unknown): AppError | undefined {
  if (isUniqueViolation(err)) return new AppError('conflict', 'a record with the same unique value exists');
  if (isDatabaseUnavailable(err)) {
    return new AppError('unavailable', 'the database is unavailable: retry later', { retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS });
  }
  return undefined;
}
