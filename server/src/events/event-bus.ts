import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { AlertEvent, AlertKind, EscalationNotice, Severity } from '@siaga/shared';
import type { PreparedPost } from '../ingest/prepare.js';
import type { RollupDelta } from '../ingest/rollups.js';

/** What a detector decided about a program: the alerts module turns these into alerts. */
export interface DetectionDecision {
  kind: AlertKind;
  programId: string;
  /** ISO time the decision is about. */
  at: string;
  expected: number;
  band: { lower: number; upper: number };
  observed: number;
  /** In [0, 1]. */
  score: number;
  severityHint: Severity;
  explanation: string;
  details?: Record<string, unknown>;
}

/** In-process events: later stages learn of new data from these, never by polling tables. */
export interface SiagaEvents {
  /** Posts committed by one ingest batch (after the transaction). */
  /** `deltas` are what the batch added to the per-minute rollups (so listeners need not recount). */
  'posts.ingested': { posts: readonly PreparedPost[]; deltas: readonly RollupDelta[]; at: Date };
  /** Detector decisions from one evaluation (published by the detection driver). */
  'detection.decisions': { decisions: readonly DetectionDecision[] };
  /** An alert was opened or changed (committed; `seq` orders events for replay). */
  'alert.event': AlertEvent & { type: 'opened' | 'updated' };
  /** Users who must hear about an unacknowledged alert now. */
  'alert.escalated': EscalationNotice & { userIds: string[] };
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
