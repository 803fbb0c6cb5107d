import { AlertKind, Severity, type Alert } from '@siaga/shared';
import { Counter } from 'prom-client';

export const ALERT_TRANSITIONS = ['opened', 'bumped', 'acknowledged', 'assigned', 'unassigned', 'resolved', 'auto_resolved', 'escalated'] as const;
export type AlertTransition = (typeof ALERT_TRANSITIONS)[number];

const transitions = new Counter({
  name: 'siaga_alert_transitions_total',
  help: 'Committed alert changes by kind, severity (after the change) and transition',
  labelNames: ['kind', 'severity', 'transition'] as const,
});
// Every series exists from the start: rate() and absent-based alerting need a zero before the first event.
for (const kind of AlertKind.options) for (const severity of Severity.options) for (const transition of ALERT_TRANSITIONS) transitions.inc({ kind, severity, transition }, 0);

/** Counts a change once its transaction has committed. */
export function countAlertTransition(alert: Pick<Alert, 'kind' | 'severity'>, transition: AlertTransition): void {
  transitions.inc({ kind: alert.kind, severity: alert.severity, transition });
}
