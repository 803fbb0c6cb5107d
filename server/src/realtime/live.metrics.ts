import type { ServerToClientEvents } from '@siaga/shared';
import { Counter } from 'prom-client';

type LiveEvent = keyof ServerToClientEvents;
const LIVE_EVENTS: readonly LiveEvent[] = ['alert:opened', 'alert:updated', 'metrics:updated', 'posts:created', 'escalation'] satisfies readonly LiveEvent[];

const broadcasts = new Counter({
  name: 'siaga_live_broadcasts_total',
  help: 'Events this instance sent on /live: once per room broadcast, once per socket for alert events (live or replayed)',
  labelNames: ['event'] as const,
});
for (const event of LIVE_EVENTS) broadcasts.inc({ event }, 0);

export function countBroadcast(event: LiveEvent, sockets = 1): void {
  broadcasts.inc({ event }, sockets);
}
