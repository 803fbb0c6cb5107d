/**
 * Dates and numbers follow the user's own locale and time zone (the browser's), whatever the UI
 * language: a crisis team reads times as its clocks show them.
 */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeFull = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const signed = new Intl.NumberFormat(undefined, { signDisplay: 'exceptZero', maximumFractionDigits: 2, minimumFractionDigits: 2 });

function toDate(value: string | number | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value: string | number | Date): string {
  const date = toDate(value);
  return date ? dateTime.format(date) : String(value);
}

/** With weekday and time zone name, for a `title` tooltip. */
export function formatDateTimeFull(value: string | number | Date): string {
  const date = toDate(value);
  return date ? dateTimeFull.format(date) : String(value);
}

export function formatTime(value: string | number | Date): string {
  const date = toDate(value);
  return date ? timeOnly.format(date) : String(value);
}

export function formatCompact(value: number): string {
  return compact.format(value);
}

export function formatScore(value: number): string {
  return signed.format(value);
}
