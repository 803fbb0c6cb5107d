import type { DetectionDecision } from '@siaga/shared';

/** A volume-spike decision as the detectors publish it: the alerts' input in suites that open alerts. */
export function volumeSpike(programId: string, at: Date, over: Partial<DetectionDecision> = {}): DetectionDecision {
  return {
    kind: 'volume_spike',
    programId,
    at: at.toISOString(),
    expected: 80,
    band: { lower: 45, upper: 130 },
    observed: 312,
    score: 0.97,
    severityHint: 'warning',
    facts: { kind: 'volume_spike', signal: 'spike', observed: 312, expected: 80, band: { lower: 45, upper: 130 }, windowMinutes: 5 },
    ...over,
  };
}
