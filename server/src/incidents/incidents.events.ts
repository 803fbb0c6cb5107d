import type { IncidentUpdate } from '@siaga/shared';

/** An incident was created or changed (committed): the realtime module relays it as `incident:updated`. */
export type IncidentChanged = IncidentUpdate;

declare module '../events/event-bus.js' {
  interface SiagaEvents {
    'incident.changed': IncidentChanged;
  }
}
