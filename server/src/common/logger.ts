import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../config/config.js';

export const LOGGER = Symbol('LOGGER');

/** The words of a statement that say which it is, never its values (those travel as parameters). */
const STATEMENT_NAME_CHARS = 120;

/** A SQL statement's name for the logs: its first words, whitespace folded. */
export function statementName(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > STATEMENT_NAME_CHARS ? `${flat.slice(0, STATEMENT_NAME_CHARS)}…` : flat;
}

/** What a failed statement's driver error may show: its code and where it failed, not `detail` (which quotes values). */
const DRIVER_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'routine'] as const;

/**
 * pino's `err` serializer, minus what must not reach the logs. A failed TypeORM statement carries
 * its parameters (password hashes, a whole ingest batch) and the driver's `detail` quotes values:
 * only the statement's name and the error are kept.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return pino.stdSerializers.err(err as Error);
  const e = err as Error & { query?: unknown; parameters?: unknown; driverError?: unknown };
  if (typeof e.query !== 'string' && !Array.isArray(e.parameters) && e.driverError === undefined) return pino.stdSerializers.err(err);
  const out: Record<string, unknown> = { type: err.constructor.name, message: err.message, stack: err.stack };
  if (typeof e.query === 'string') out.statement = statementName(e.query);
  const driver = e.driverError as Record<string, unknown> | undefined;
  if (driver && typeof driver === 'object') {
    for (const f of DRIVER_FIELDS) if (typeof driver[f] === 'string') out[f] = driver[f];
  }
  return out;
}

export const LOG_SERIALIZERS = { err: serializeError };

/**
 * JSON logs on stdout (pino); the CLI logs to stderr so that its stdout stays data. Tests may pass a
 * stream to read what would be logged.
 */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, destination: 1 | 2 | DestinationStream = 1): Logger {
  const dest = typeof destination === 'number' ? pino.destination({ fd: destination, sync: false }) : destination;
  return pino({ level: config.logLevel, base: { service: 'siaga' }, serializers: LOG_SERIALIZERS }, dest);
}
