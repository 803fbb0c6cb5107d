import { EventEmitter } from 'node:events';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../common/logger.js';

/**
 * The typed map of in-process events. It is empty here on purpose: each producing module owns
 * its events and adds them in its own `*.events.ts` with
 * `declare module '../events/event-bus.js' { interface SiagaEvents { 'x.y': Payload } }`,
 * so the bus knows no domain type and listeners import payload types from their producer.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SiagaEvents {}

export type SiagaEventName = keyof SiagaEvents;
/** A listener may be async: its rejection is caught and logged like a throw. */
export type Listener<K extends SiagaEventName> = (payload: SiagaEvents[K]) => unknown;

/**
 * Later stages learn of new data from these events, never by polling tables. Emitting is
 * synchronous; a listener that throws or rejects is logged and never reaches the emitter, so a
 * failing listener cannot break ingestion or an alert write.
 */
@Injectable()
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor(@Optional() @Inject(LOGGER) private readonly logger?: Logger) {
    // Every module may listen; the default cap of 10 would warn about a leak that is not one.
    this.emitter.setMaxListeners(0);
  }

  emit<K extends SiagaEventName>(event: K, payload: SiagaEvents[K]): void {
    this.emitter.emit(event, payload);
  }

  /** Subscribes; answers the function that unsubscribes. */
  on<K extends SiagaEventName>(event: K, listener: Listener<K>): () => void {
    const safe = (payload: SiagaEvents[K]) => {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((err: unknown) => this.failed(event, err));
      } catch (err) {
        this.failed(event, err);
      }
    };
    this.emitter.on(event, safe);
    return () => this.emitter.off(event, safe);
  }

  private failed(event: string, err: unknown): void {
    this.logger?.error({ err, event }, 'an event listener failed');
  }
}
