import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { usePreferences } from './preferences';

/**
 * Dates are shown in the zone the user picked (default: the browser's) and always say which zone:
 * a team spread over WIB, WITA and WIT must never guess. Numbers follow the UI language.
 */
const INDONESIAN_ABBREVIATIONS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function toDate(value: string | number | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

export interface Formatter {
  locale: string;
  timeZone: string;
  /** WIB / WITA / WIT for Indonesia's zones, else the locale's short zone name. */
  zoneLabel: string;
  dateTime(value: string | number | Date): string;
  /** With weekday, seconds and zone, for a `title` tooltip. */
  dateTimeFull(value: string | number | Date): string;
  time(value: string | number | Date): string;
  /** Hours and minutes only, for chart axes. */
  shortTime(value: string | number | Date): string;
  shortDate(value: string | number | Date): string;
  /** The day alone, with its year ("6 Nov 2022"). */
  date(value: string | number | Date): string;
  /** "5 min ago" style. */
  relative(value: string | number | Date, now?: number): string;
  number(value: number): string;
  compact(value: number): string;
  percent(value: number): string;
  score(value: number): string;
}

function zoneLabelOf(locale: string, timeZone: string): string {
  const known = INDONESIAN_ABBREVIATIONS[timeZone];
  if (known) return known;
  const parts = cached(`zone|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })).formatToParts(new Date());
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

export function createFormatter(locale: string, timeZone: string): Formatter {
  const zoneLabel = zoneLabelOf(locale, timeZone);
  const dtf = (key: string, options: Intl.DateTimeFormatOptions) =>
    cached(`${key}|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { ...options, timeZone }));
  const nf = (key: string, options: Intl.NumberFormatOptions) => cached(`${key}|${locale}`, () => new Intl.NumberFormat(locale, options));
  const withDate = (value: string | number | Date, format: (d: Date) => string) => {
    const date = toDate(value);
    return date ? format(date) : String(value);
  };
  return {
    locale,
    timeZone,
    zoneLabel,
    dateTime: (v) => withDate(v, (d) => `${dtf('dt', { dateStyle: 'medium', timeStyle: 'short' }).format(d)} ${zoneLabel}`),
    dateTimeFull: (v) => withDate(v, (d) => `${dtf('full', { dateStyle: 'full', timeStyle: 'medium' }).format(d)} ${zoneLabel}`),
    time: (v) => withDate(v, (d) => dtf('time', { timeStyle: 'medium' }).format(d)),
    shortTime: (v) => withDate(v, (d) => dtf('hm', { hour: '2-digit', minute: '2-digit' }).format(d)),
    shortDate: (v) => withDate(v, (d) => dtf('md', { day: 'numeric', month: 'short' }).format(d)),
    date: (v) => withDate(v, (d) => dtf('date', { dateStyle: 'medium' }).format(d)),
    relative: (v, now = Date.now()) =>
      withDate(v, (d) => {
        const t = i18n.t;
        const minutes = Math.floor((now - d.getTime()) / 60_000);
        if (minutes < 1) return t('time.justNow');
        if (minutes < 60) return t('time.minutesAgo', { count: minutes });
        const hours = Math.floor(minutes / 60);
        if (hours < 48) return t('time.hoursAgo', { count: hours });
        return t('time.daysAgo', { count: Math.floor(hours / 24) });
      }),
    number: (v) => nf('n', {}).format(v),
    compact: (v) => nf('c', { notation: 'compact', maximumFractionDigits: 1 }).format(v),
    percent: (v) => nf('p', { style: 'percent', maximumFractionDigits: 1 }).format(v),
    score: (v) => nf('s', { signDisplay: 'exceptZero', maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(v),
  };
}

/** The formatter for the current language and chosen zone; re-renders when either changes. */
export function useFormat(): Formatter {
  const { i18n: instance } = useTranslation();
  const { timeZone } = usePreferences();
  const language = instance.language;
  return useMemo(() => createFormatter(language === 'en' ? 'en-GB' : 'id-ID', timeZone ?? browserTimeZone()), [language, timeZone]);
}
