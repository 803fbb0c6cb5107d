import type { SourceState } from '@siaga/shared';

/** Gaps a source must have shown before its silence means anything. */
export const MIN_GAPS = 8;
/** Gaps remembered per source (the newest). */
export const MAX_GAPS = 50;
/** Failures in a row that make a source `failing` (and raise `source_failing`). */
export const FAILING_AFTER = 5;
/** A silence shorter than this is never an alert, however busy the source. */
export const MIN_SILENCE_SECONDS = 10 * 60;

/** The usual longest gap between a source's items: the 95th percentile of its recent gaps (seconds). */
export function usualGapSeconds(gaps: readonly number[]): number | null {
  if (gaps.length < MIN_GAPS) return null;
  const sorted = [...gaps].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

/**
 * How long a source may yield nothing before it is `silent`: three times its usual longest gap,
 * never less than two polls nor ten minutes. Null while the source has not shown its rhythm yet
 * (a source that never yielded, or yielded too few times, cannot fall silent).
 */
export function silenceThresholdSeconds(gaps: readonly number[], pollSeconds: number): number | null {
  const usual = usualGapSeconds(gaps);
  if (usual === null) return null;
  return Math.max(usual * 3, pollSeconds * 2, MIN_SILENCE_SECONDS);
}

export interface HealthInput {
  enabled: boolean;
  consecutiveFailures: number;
  lastItemAt: Date | null;
  gaps: readonly number[];
  pollSeconds: number;
}

export interface Health {
  state: SourceState;
  silent: boolean;
  failing: boolean;
  /** Seconds since the last item, when the source is silent. */
  silentForSeconds: number | null;
  thresholdSeconds: number | null;
}

export function healthOf(s: HealthInput, now: Date): Health {
  const thresholdSeconds = silenceThresholdSeconds(s.gaps, s.pollSeconds);
  const quiet = s.lastItemAt ? (now.getTime() - s.lastItemAt.getTime()) / 1000 : null;
  const silent = s.enabled && thresholdSeconds !== null && quiet !== null && quiet > thresholdSeconds;
  const failing = s.enabled && s.consecutiveFailures >= FAILING_AFTER;
  const state: SourceState = !s.enabled ? 'paused' : failing ? 'failing' : s.consecutiveFailures > 0 ? 'backoff' : silent ? 'silent' : 'running';
  return { state, silent, failing, silentForSeconds: silent ? quiet : null, thresholdSeconds };
}
