import type { ExplanationFacts } from '@siaga/shared';
import type { Band, CountEvaluation, WindowCheck } from './count-detector.js';
import type { ShareEvaluation } from './share-detector.js';
import type { Decision, DecisionKind, Sensitivity, SeverityHint } from './types.js';

/** Strength ≥ 3 with at least a tripling is critical; any other alert a warning. */
export function severityOf(strength: number, observed: number, expected: number): SeverityHint {
  if (strength >= 3 && observed >= 3 * Math.max(expected, 1)) return 'critical';
  return strength >= 1 ? 'warning' : 'info';
}

/** The facts a count decision's sentence is rendered from (`renderExplanation` in the shared contract). */
export function countFacts(kind: 'volume_spike' | 'negative_spike', check: WindowCheck, band: Band): ExplanationFacts {
  return { kind, signal: check.kind, observed: check.observed, expected: round(check.expected), band, windowMinutes: check.minutes };
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
    facts: countFacts(kind, c, band),
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
    facts: {
      kind: 'negative_share_shift',
      observedShare: round(e.observedShare, 4),
      expectedShare: round(e.expectedShare, 4),
      band: { lower: round(e.band.lower, 4), upper: round(e.band.upper, 4) },
      totalPosts: e.total,
      windowMinutes,
    },
    details: { windowMinutes, sensitivity, surprise: round(e.surprise, 2), totalPosts: e.total },
  };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
