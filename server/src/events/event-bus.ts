import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { PreparedPost } from '../ingest/prepare.js';

/** In-process events: later stages learn of new data from these, never by polling tables. */
export interface SiagaEvents {
  /** Posts committed by one ingest batch (after the transaction). */
  'posts.ingested': { posts: readonly PreparedPost[]; at: Date };
}

@Injectable()
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  emit<K extends keyof SiagaEvents>(event: K, payload: SiagaEvents[K]): void {
    this.emitter.emit(event, payload);
  }

  /** A failing listener must not break ingestion: listeners handle their own errors. */
  on<K extends keyof SiagaEvents>(event: K, listener: (payload: SiagaEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
