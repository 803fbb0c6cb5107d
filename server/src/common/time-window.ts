import { AppError } from './errors.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface TimeWindow {
  from: Date;
  to: Date;
}

/**
 * A `[from, to)` window from optional ISO bounds: `to` defaults to now, `from` to `defaultMs`
 * before `to`. Refuses (400) an empty or reversed window and one longer than `maxMs`.
 */
export function resolveWindow(q: { from?: string; to?: string }, now: Date, opts: { defaultMs: number; maxMs: number }): TimeWindow {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - opts.defaultMs);
  if (from >= to) throw new AppError('validation_failed', '"from" must be before "to"');
  if (to.getTime() - from.getTime() > opts.maxMs) {
    throw new AppError('validation_failed', `the window from "from" to "to" is longer than ${describeMs(opts.maxMs)}`);
  }
  return { from, to };
}

function describeMs(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS} days`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS} hours`;
  return `${ms} ms`;
}
