import type { AlertEvent, EscalationNotice } from '@siaga/shared';

/** An alert was opened or changed (committed; `seq` orders events for replay). */
export type AlertChanged = AlertEvent & { type: 'opened' | 'updated' };

/** Users who must hear about an unacknowledged alert now. */
export type AlertEscalated = EscalationNotice & { userIds: string[] };

declare module '../events/event-bus.js' {
  interface SiagaEvents {
    'alert.event': AlertChanged;
    'alert.escalated': AlertEscalated;
  }
}
