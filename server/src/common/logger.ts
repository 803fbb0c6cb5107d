import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/config.js';

export const LOGGER = Symbol('LOGGER');

/** JSON logs on stdout (pino); the CLI logs to stderr so that its stdout stays data. */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, destination: 1 | 2 = 1): Logger {
  return pino({ level: config.logLevel, base: { service: 'siaga' } }, pino.destination({ fd: destination, sync: false }));
}
