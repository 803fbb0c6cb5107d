import type { SeriesPoint } from '@siaga/shared';
import type { XY } from './chartData';
import type { RangeWindow } from './range';

/** The URL key of the comparison toggle (`?compare=1`); the range and program keys are the page's. */
export const COMPARE_PARAM = 'compare';

export function parseCompare(params: URLSearchParams): boolean {
  return params.get(COMPARE_PARAM) === '1';
}

export function writeCompare(params: URLSearchParams, on: boolean): URLSearchParams {
  const next = new URLSearchParams(params);
  if (on) next.set(COMPARE_PARAM, '1');
  else next.delete(COMPARE_PARAM);
  return next;
}

/** The period of the same length just before `span`, with the same buckets. */
export function previousWindow(span: RangeWindow): RangeWindow {
  const length = span.to - span.from;
  return { ...span, from: span.from - length, to: span.to - length };
}

export interface PreviousColumns {
  volume: XY[];
  negative: XY[];
  positive: XY[];
  neutral: XY[];
  total: number;
}

/**
 * The previous period's columns (volume and each sentiment) moved forward by the span's length,
 * so that each of its buckets is drawn over the bucket it corresponds to in this period.
 */
export function shiftedColumns(points: readonly SeriesPoint[], span: RangeWindow): PreviousColumns {
  const length = span.to - span.from;
  const out: PreviousColumns = { volume: [], negative: [], positive: [], neutral: [], total: 0 };
  for (const p of points) {
    const x = Date.parse(p.t) + length;
    out.volume.push({ x, y: p.volume });
    out.negative.push({ x, y: p.negative });
    out.positive.push({ x, y: p.positive });
    out.neutral.push({ x, y: p.neutral });
    out.total += p.volume;
  }
  return out;
}

/**
 * Change of a share between two periods in percentage points (0.25 → 0.30 is +5); null when
 * either period had no posts to take a share of.
 */
export function shareChangePoints(now: number, nowTotal: number, before: number, beforeTotal: number): number | null {
  if (nowTotal <= 0 || beforeTotal <= 0) return null;
  return Math.round((now / nowTotal - before / beforeTotal) * 1000) / 10;
}

/** Relative change from `before` to `now`; null when there was nothing before. */
export function relativeChange(now: number, before: number): number | null {
  return before > 0 ? (now - before) / before : null;
}
