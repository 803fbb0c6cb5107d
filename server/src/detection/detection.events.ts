import type { Decision } from './types.js';

/** Decisions of one detector evaluation (the alerts module listens). */
export interface DetectionDecisions {
  decisions: readonly Decision[];
}

declare module '../events/event-bus.js' {
  interface SiagaEvents {
    'detection.decisions': DetectionDecisions;
  }
}
