import type { Alert, Severity } from '@siaga/shared';
import type { AlertRow } from './alerts.repository.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    programId: r.program_id,
    programName: r.program_name,
    sourceId: r.source_id ?? null,
    sourceName: r.source_name ?? null,
    kind: r.kind,
    severity: r.severity,
    status: r.status,
    dedupKey: r.dedup_key,
    count: r.count,
    peakScore: Number(r.peak_score),
    peakObserved: Number(r.peak_observed),
    explanation: r.explanation,
    openedAt: new Date(r.opened_at).toISOString(),
    lastTriggeredAt: new Date(r.last_triggered_at).toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: iso(r.resolved_at),
    resolvedBy: r.resolved_by,
    resolution: r.resolution,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    escalationLevel: r.escalation_level,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/**
 * A number as a `real` column gives it back: the shortest decimal that names the same float32.
 * Alerts built in memory then match what the REST API later reads from the database.
 */
export function asReal(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return f;
  for (let digits = 1; digits < 9; digits++) {
    const v = Number(f.toPrecision(digits));
    if (Math.fround(v) === f) return v;
  }
  return Number(f.toPrecision(9));
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
export const maxSeverity = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

/** The detector's hint, raised by the score: a near-certain anomaly is at least a warning. */
export function severityOf(score: number, hint: Severity): Severity {
  const byScore: Severity = score >= 0.995 ? 'critical' : score >= 0.95 ? 'warning' : 'info';
  return maxSeverity(hint, byScore);
}
