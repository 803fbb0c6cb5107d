import type { MetricsUpdate, OverviewResponse, SeriesPoint } from '@siaga/shared';

/** How many minutes the wall's live chart keeps. */
export const LIVE_WINDOW_MINUTES = 120;
/** How many posts the live stream keeps. */
export const LIVE_POSTS_CAP = 200;

export interface LiveSeries {
  /** Per-minute points, oldest first, one per minute (zero-filled), ending at the newest minute seen. */
  points: SeriesPoint[];
}

const MINUTE = 60_000;

function emptyPoint(t: number): SeriesPoint {
  return { t: new Date(t).toISOString(), volume: 0, positive: 0, neutral: 0, negative: 0, sentimentSum: 0, authors: 0 };
}

/**
 * Writes one `metrics:updated` (the full totals of one minute) into the live window: replaces the
 * minute when present, else appends it after zero-filling any gap, and drops what falls out of the
 * window. Updates for minutes older than the window are ignored. Returns the same object when
 * nothing changed, so TanStack Query does not re-render for nothing.
 */
export function applyMetricsUpdate(series: LiveSeries, update: MetricsUpdate, windowMinutes = LIVE_WINDOW_MINUTES): LiveSeries {
  const minute = Date.parse(update.minute);
  if (Number.isNaN(minute)) return series;
  const points = series.points;
  const last = points.length > 0 ? Date.parse(points[points.length - 1]!.t) : null;
  const patch = (p: SeriesPoint): SeriesPoint => ({ ...p, volume: update.volume, positive: update.positive, neutral: update.neutral, negative: update.negative });

  if (last !== null && minute <= last) {
    const index = points.length - 1 - Math.round((last - minute) / MINUTE);
    if (index < 0) return series;
    const current = points[index]!;
    if (current.volume === update.volume && current.negative === update.negative && current.positive === update.positive) return series;
    const next = points.slice();
    next[index] = patch(current);
    return { points: next };
  }

  const next = points.slice();
  if (last !== null) {
    const gap = Math.min(Math.round((minute - last) / MINUTE) - 1, windowMinutes);
    for (let i = gap; i >= 1; i--) next.push(emptyPoint(minute - i * MINUTE));
  }
  next.push(patch(emptyPoint(minute)));
  const cutoff = minute - (windowMinutes - 1) * MINUTE;
  let drop = 0;
  while (drop < next.length && Date.parse(next[drop]!.t) < cutoff) drop++;
  return { points: drop > 0 ? next.slice(drop) : next };
}

/** How much a minute's totals changed since the previous update of that minute (negative when they shrank). */
export function volumeDelta(series: LiveSeries | undefined, update: MetricsUpdate): { volume: number; negative: number } {
  const minute = Date.parse(update.minute);
  const previous = series?.points.find((p) => Date.parse(p.t) === minute);
  // A known minute may also shrink (a relabel, a program's query narrowed); an unknown one only adds.
  if (previous) return { volume: update.volume - previous.volume, negative: update.negative - previous.negative };
  return { volume: Math.max(0, update.volume), negative: Math.max(0, update.negative) };
}

/** Adds a minute's change to the wall tiles (current minute, last hour, the newest sparkline bucket). */
export function applyToOverview(
  overview: OverviewResponse,
  update: MetricsUpdate,
  delta: { volume: number; negative: number },
  now = Date.now(),
): OverviewResponse {
  if (delta.volume === 0 && delta.negative === 0) return overview;
  const index = overview.programs.findIndex((p) => p.programId === update.programId);
  if (index < 0) return overview;
  const program = overview.programs[index]!;
  const minute = Date.parse(update.minute);
  const currentMinuteStart = Math.floor(now / MINUTE) * MINUTE;
  const points = program.points.slice();
  const lastBucket = points[points.length - 1];
  if (lastBucket && minute >= Date.parse(lastBucket.t)) {
    points[points.length - 1] = { ...lastBucket, volume: Math.max(0, lastBucket.volume + delta.volume), negative: Math.max(0, lastBucket.negative + delta.negative) };
  }
  const programs = overview.programs.slice();
  programs[index] = {
    ...program,
    points,
    currentMinute: minute === currentMinuteStart ? update.volume : program.currentMinute,
    lastHour:
      minute > now - 60 * MINUTE
        ? { volume: Math.max(0, program.lastHour.volume + delta.volume), negative: Math.max(0, program.lastHour.negative + delta.negative) }
        : program.lastHour,
  };
  return { ...overview, programs };
}
