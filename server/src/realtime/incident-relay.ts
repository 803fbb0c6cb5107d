import { Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '../events/event-bus.js';
import type { IncidentChanged } from '../incidents/incidents.events.js';
import '../incidents/incidents.events.js';
import { countBroadcast } from './live.metrics.js';
import { LiveService } from './live.service.js';

/**
 * Relays committed incident changes to the sockets subscribed to the incident's programs as
 * `incident:updated`. Through the adapter, so that with Redis every instance's sockets hear it.
 */
@Injectable()
export class IncidentRelay implements OnModuleInit, BeforeApplicationShutdown {
  private off: (() => void) | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly live: LiveService,
  ) {}

  onModuleInit(): void {
    this.off = this.bus.on('incident.changed', (e: IncidentChanged) => {
      const to = this.live.toPrograms(e.incident.programIds);
      if (!to) return;
      to.emit('incident:updated', { incident: e.incident, change: e.change });
      countBroadcast('incident:updated');
    });
  }

  beforeApplicationShutdown(): void {
    this.off?.();
  }
}
