import type { Bucket } from '@siaga/shared';
import { LIVE_WINDOW_MINUTES } from '../../live/liveSeries';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const BUCKET_MS: Record<Bucket, number> = { '1m': MINUTE_MS, '5m': 5 * MINUTE_MS, '1h': HOUR_MS, '1d': DAY_MS };

/** The choices of the range picker, in the order it shows them. */
export const RANGE_KEYS = ['live', '1h', '24h', '7d', 'custom'] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];

export type PresetKey = Exclude<RangeKey, 'live' | 'custom'>;

/** What the URL asks for: a sliding window (live or a preset) or a fixed custom window. */
export type RangeChoice = { key: 'live' } | { key: PresetKey } | { key: 'custom'; from: number; to: number };

/** The concrete window a choice covers at one moment. */
export interface RangeWindow {
  from: number;
  /** Exclusive. */
  to: number;
  bucket: Bucket;
  bucketMs: number;
}

const PRESETS: Record<PresetKey, { durationMs: number; bucket: Bucket }> = {
  '1h': { durationMs: HOUR_MS, bucket: '1m' },
  '24h': { durationMs: DAY_MS, bucket: '5m' },
  '7d': { durationMs: 7 * DAY_MS, bucket: '1h' },
};

/** The series endpoint answers at most 10,000 buckets: at hourly buckets that is ~416 days. */
export const MAX_CUSTOM_SPAN_MS = 10_000 * HOUR_MS;
/** The band endpoint covers at most 7 days; longer custom windows are drawn without it. */
export const BAND_MAX_SPAN_MS = 7 * DAY_MS;

function isPreset(value: string | null): value is PresetKey {
  return value === '1h' || value === '24h' || value === '7d';
}

/** Reads `?range=…&from=…&to=…`; anything unreadable falls back to live. */
export function parseRange(params: URLSearchParams): RangeChoice {
  const key = params.get('range');
  if (isPreset(key)) return { key };
  if (key === 'custom') {
    const from = Date.parse(params.get('from') ?? '');
    const to = Date.parse(params.get('to') ?? '');
    if (validateCustom(from, to) === null) return { key: 'custom', from, to };
  }
  return { key: 'live' };
}

/** Writes a choice into URL parameters (live is the default and leaves them out). */
export function writeRange(params: URLSearchParams, choice: RangeChoice): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('range');
  next.delete('from');
  next.delete('to');
  if (choice.key === 'custom') {
    next.set('range', 'custom');
    next.set('from', new Date(choice.from).toISOString());
    next.set('to', new Date(choice.to).toISOString());
  } else if (choice.key !== 'live') {
    next.set('range', choice.key);
  }
  return next;
}

export type CustomRangeProblem = 'invalid' | 'order' | 'tooLong';

export function validateCustom(from: number, to: number): CustomRangeProblem | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'invalid';
  if (from >= to) return 'order';
  if (to - from > MAX_CUSTOM_SPAN_MS) return 'tooLong';
  return null;
}

/** Per-minute buckets up to 3 hours, 5-minute ones up to 3 days, hourly beyond. */
export function bucketForSpan(spanMs: number): Bucket {
  if (spanMs <= 3 * HOUR_MS) return '1m';
  if (spanMs <= 3 * DAY_MS) return '5m';
  return '1h';
}

/**
 * The window a choice covers at `now`. Sliding windows end with the bucket under way, so the
 * newest bucket is always on the chart; the series endpoint counts buckets in `[from, to)`.
 */
export function rangeWindow(choice: RangeChoice, now: number): RangeWindow {
  switch (choice.key) {
    case 'live': {
      const to = Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      return { from: to - LIVE_WINDOW_MINUTES * MINUTE_MS, to, bucket: '1m', bucketMs: MINUTE_MS };
    }
    case 'custom': {
      const bucket = bucketForSpan(choice.to - choice.from);
      return { from: choice.from, to: choice.to, bucket, bucketMs: BUCKET_MS[bucket] };
    }
    case '1h':
    case '24h':
    case '7d': {
      const { durationMs, bucket } = PRESETS[choice.key];
      const bucketMs = BUCKET_MS[bucket];
      const to = Math.floor(now / bucketMs) * bucketMs + bucketMs;
      return { from: to - durationMs, to, bucket, bucketMs };
    }
  }
}

/** How often a sliding window moves forward (ms); 0 for a fixed window. */
export function rangeStepMs(choice: RangeChoice): number {
  switch (choice.key) {
    case 'live':
    case '1h':
      return MINUTE_MS;
    case '24h':
      return 5 * MINUTE_MS;
    case '7d':
      return HOUR_MS;
    case 'custom':
      return 0;
  }
}
