import type { RollupDelta } from './rollup-delta.js';

/** Why the rollups changed: every writer of them says which it is. */
export type RollupsChangeCause = 'ingest' | 'backfill' | 'relabel' | 'rescore' | 'retention' | 'official_channels';

/** Published once per committed transaction that changed the per-minute rollups. */
export interface RollupsChanged {
  cause: RollupsChangeCause;
  /** Programs whose rollups changed, sorted. */
  programIds: string[];
  /** Minutes that changed (any program), ascending. */
  minutes: Date[];
  /** What was added to each (program, minute): counts may be negative (a relabel or an unmatch). */
  deltas: readonly RollupDelta[];
}

declare module '../events/event-bus.js' {
  interface SiagaEvents {
    'rollups.changed': RollupsChanged;
  }
}
