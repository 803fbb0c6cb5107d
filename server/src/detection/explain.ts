import type { Band, CountEvaluation, WindowCheck } from './count-detector.js';
import type { ShareEvaluation } from './share-detector.js';
import type { Decision, DecisionKind, Sensitivity, SeverityHint } from './types.js';

const num = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (p: number): string => `${Math.round(p * 100)}%`;

function span(minutes: number): string {
  if (minutes < 60) return `${minutes} minutes`;
  const h = minutes / 60;
  return h === 1 ? 'hour' : `${Number.isInteger(h) ? h : h.toFixed(1)} hours`;
}

/** Strength ≥ 3 with at least a tripling is critical; any other alert a warning. */
export function severityOf(strength: number, observed: number, expected: number): SeverityHint {
  if (strength >= 3 && observed >= 3 * Math.max(expected, 1)) return 'critical';
  return strength >= 1 ? 'warning' : 'info';
}

/** "312 posts in the last 5 minutes, expected about 80 (band 45–130) at this hour." */
export function explainCount(kind: 'volume_spike' | 'negative_spike', check: WindowCheck, band: Band): string {
  const what = kind === 'negative_spike' ? 'negative posts' : 'posts';
  const range = `(band ${num(band.lower)}–${num(band.upper)})`;
  if (check.kind === 'shift') {
    const ratio = check.expected > 0 ? check.observed / check.expected : Infinity;
    const times = Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : 'far above';
    return `Sustained rise: ${num(check.observed)} ${what} in the last ${span(check.minutes)}, ${times} the usual ${num(check.expected)} ${range} for this time of day.`;
  }
  return `${num(check.observed)} ${what} in the last ${span(check.minutes)}, expected about ${num(check.expected)} ${range} at this hour.`;
}

export function countDecision(
  kind: Extract<DecisionKind, 'volume_spike' | 'negative_spike'>,
  programId: string,
  e: CountEvaluation,
  band: Band,
  sensitivity: Sensitivity,
): Decision {
  const c = e.best;
  return {
    kind,
    programId,
    at: new Date(e.at).toISOString(),
    expected: round(c.expected),
    band,
    observed: c.observed,
    score: round(e.score, 3),
    severityHint: severityOf(c.strength, c.observed, c.expected),
    explanation: explainCount(kind, c, band),
    details: {
      windowMinutes: c.minutes,
      sensitivity,
      surprise: round(c.surprise, 2),
      dispersion: round(c.dispersion, 4),
      ...(c.z !== undefined ? { z: round(c.z, 2) } : {}),
      signal: c.kind,
    },
  };
}

export function shareDecision(programId: string, e: ShareEvaluation, windowMinutes: number, sensitivity: Sensitivity, strength: number): Decision {
  return {
    kind: 'negative_share_shift',
    programId,
    at: new Date(e.at).toISOString(),
    expected: round(e.expectedShare, 4),
    band: { lower: round(e.band.lower, 4), upper: round(e.band.upper, 4) },
    observed: round(e.observedShare, 4),
    score: round(e.score, 3),
    severityHint: e.observedShare >= 0.8 && strength >= 2 ? 'critical' : 'warning',
    explanation: `${pct(e.observedShare)} of ${num(e.total)} posts in the last ${span(windowMinutes)} are negative, against a usual ${pct(e.expectedShare)} (band ${pct(e.band.lower)}–${pct(e.band.upper)}).`,
    details: { windowMinutes, sensitivity, surprise: round(e.surprise, 2), totalPosts: e.total },
  };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
