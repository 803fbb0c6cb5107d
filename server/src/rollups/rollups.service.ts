import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import { aggregateRollups, mergeDeltas, touchedBy, type RollupDelta, type RollupInput } from './rollup-delta.js';
import type { RollupsChangeCause } from './rollups.events.js';
import { RollupsRepository } from './rollups.repository.js';

/**
 * The only writer of the per-minute rollups. Changes are applied inside the caller's
 * transaction, and one `rollups.changed` per call is published after that transaction commits
 * (never for a rolled-back one), whatever the cause, so detection and the live wall hear of
 * ingest, backfill, relabel, rescore and retention alike.
 */
@Injectable()
export class RollupsService {
  constructor(
    private readonly db: Database,
    private readonly repo: RollupsRepository,
    private readonly events: EventBus,
  ) {}

  /** Counts posts in (sign +1) or out (sign −1) of their programs' minutes. */
  applyPosts(em: EntityManager, posts: Iterable<RollupInput>, cause: RollupsChangeCause): Promise<void> {
    return this.write(em, aggregateRollups(posts), cause);
  }

  /** Applies deltas that may repeat a (program, minute): they are added up first. */
  applyDeltas(em: EntityManager, deltas: Iterable<RollupDelta>, cause: RollupsChangeCause): Promise<void> {
    return this.write(em, mergeDeltas(deltas), cause);
  }

  private async write(em: EntityManager, deltas: RollupDelta[], cause: RollupsChangeCause): Promise<void> {
    if (deltas.length === 0) return;
    await this.repo.apply(em, deltas);
    const { programIds, minutes } = touchedBy(deltas);
    this.db.afterCommit(em, () => this.events.emit('rollups.changed', { cause, programIds, minutes, deltas }));
  }
}
