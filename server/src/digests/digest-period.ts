/**
 * Digest periods in a local time zone, with no NestJS and no database. A daily digest covers the
 * local day before the one it is sent on; a weekly one the local week (Monday to Monday) before
 * the Monday it is sent on. Both go out at the configured local time.
 */
import type { DigestPeriod } from '@siaga/shared';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A digest that could not go out at its time (the server was down) still goes out this late, no later. */
export const LATE_LIMIT_MS = 12 * 3_600_000;

export interface PeriodSpan {
  kind: DigestPeriod;
  from: Date;
  to: Date;
  previousFrom: Date;
  previousTo: Date;
  /** When its digest is due: `to`'s local date at the configured time. */
  sendAt: Date;
}

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of an instant in `tz`. */
function wallClock(at: Date, tz: string): LocalDate & { h: number; min: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, m: parts.month!, d: parts.day!, h: parts.hour!, min: parts.minute!, s: parts.second! };
}

/** How far `tz` is ahead of UTC at an instant (ms). */
function offsetAt(at: Date, tz: string): number {
  const w = wallClock(at, tz);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a local date and minute of the day names in `tz` (the earlier one across a DST fold). */
export function zonedInstant(date: LocalDate, minuteOfDay: number, tz: string): Date {
  const wall = Date.UTC(date.y, date.m - 1, date.d) + minuteOfDay * MINUTE_MS;
  let guess = wall - offsetAt(new Date(wall), tz);
  guess = wall - offsetAt(new Date(guess), tz);
  return new Date(guess);
}

/** The local calendar date of an instant, moved by `days`. */
function localDate(at: Date, tz: string, days = 0): LocalDate {
  const w = wallClock(at, tz);
  const moved = new Date(Date.UTC(w.y, w.m - 1, w.d) + days * DAY_MS);
  return { y: moved.getUTCFullYear(), m: moved.getUTCMonth() + 1, d: moved.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday. */
function isoWeekday(date: LocalDate): number {
  return (new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7;
}

function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.y, date.m - 1, date.d) + days * DAY_MS);
  return { y: moved.getUTCFullYear(), m: moved.getUTCMonth() + 1, d: moved.getUTCDate() };
}

/**
 * The latest period of this kind whose digest is due at `now` (its send time has passed): for a
 * day, the day before the latest local date whose send time has passed; for a week, the week
 * before the latest Monday whose send time has passed.
 */
export function latestPeriod(kind: DigestPeriod, now: Date, minuteOfDay: number, tz: string): PeriodSpan {
  let sendDate = localDate(now, tz);
  if (zonedInstant(sendDate, minuteOfDay, tz) > now) sendDate = addDays(sendDate, -1);
  if (kind === 'week') sendDate = addDays(sendDate, -isoWeekday(sendDate));
  const len = kind === 'day' ? 1 : 7;
  const midnight = (d: LocalDate) => zonedInstant(d, 0, tz);
  return {
    kind,
    from: midnight(addDays(sendDate, -len)),
    to: midnight(sendDate),
    previousFrom: midnight(addDays(sendDate, -2 * len)),
    previousTo: midnight(addDays(sendDate, -len)),
    sendAt: zonedInstant(sendDate, minuteOfDay, tz),
  };
}

/** Periods whose digest should go out now: due, and not later than LATE_LIMIT_MS after their time. */
export function duePeriods(now: Date, minuteOfDay: number, tz: string): PeriodSpan[] {
  return (['day', 'week'] as const)
    .map((kind) => latestPeriod(kind, now, minuteOfDay, tz))
    .filter((p) => p.sendAt <= now && now.getTime() - p.sendAt.getTime() < LATE_LIMIT_MS);
}

/**
 * Whole percentages with one decimal that sum to exactly 100: largest-remainder rounding on
 * tenths of a percent (ties to the earlier entry). All zeros when the counts are.
 */
export function sharesOfVoice(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total <= 0) return counts.map(() => 0);
  const units = 1000;
  const exact = counts.map((c) => (c * units) / total);
  const floors = exact.map(Math.floor);
  let left = units - floors.reduce((s, f) => s + f, 0);
  const order = exact.map((e, i) => ({ i, r: e - floors[i]! })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left--;
  }
  return floors.map((f) => f / 10);
}
