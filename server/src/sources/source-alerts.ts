import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { SourceFailingFacts, SourceSilentFacts } from '@siaga/shared';
import { AlertsService } from '../alerts/alerts.service.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { Database } from '../database/database.js';
import { FAILING_AFTER } from './source-health.js';

/** A condition still holding bumps its alert at most this often (keeps it from auto-resolving, without an event a minute). */
const BUMP_EVERY_MS = 10 * 60_000;

export type SourceCondition = Omit<SourceSilentFacts, 'source'> | Omit<SourceFailingFacts, 'source'>;
type SourceAlertKind = SourceCondition['kind'];

const dedupKey = (sourceId: string, kind: SourceAlertKind) => `source:${sourceId}:${kind}`;

/**
 * Source-health alerts, written through the alerts service's writer (its lock, its event log,
 * `alert.event` after the commit), so they follow the same lifecycle as the detectors' alerts:
 * they name a source instead of a program.
 */
@Injectable()
export class SourceAlerts {
  constructor(
    private readonly alerts: AlertsService,
    private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Dedup keys of the unresolved source alerts (read without the writers' lock: a hint of what to clear). */
  async openKeys(): Promise<Set<string>> {
    const rows = await this.db.query<{ dedup_key: string }>(`SELECT dedup_key FROM alerts WHERE source_id IS NOT NULL AND status <> 'resolved'`);
    return new Set(rows.map((r) => r.dedup_key));
  }

  isOpen(keys: Set<string>, sourceId: string, kind: SourceAlertKind): boolean {
    return keys.has(dedupKey(sourceId, kind));
  }

  /** Opens the source's alert of this kind, or bumps the unresolved one (at most every ten minutes). */
  async raise(source: { id: string; name: string }, condition: SourceCondition): Promise<void> {
    const now = this.clock.now();
    const facts: SourceSilentFacts | SourceFailingFacts = { ...condition, source: source.name };
    const silent = facts.kind === 'source_silent';
    const observed = silent ? facts.silentMinutes : facts.failures;
    const expected = silent ? facts.thresholdMinutes : FAILING_AFTER - 1;
    const explanation = { facts, expected, band: { lower: 0, upper: expected }, observed, score: 1 };
    const key = dedupKey(source.id, facts.kind);
    await this.alerts.write(async (em) => {
      const [existing] = await em.query<Array<{ id: string; last_triggered_at: Date }>>(`SELECT id, last_triggered_at FROM alerts WHERE dedup_key = $1 AND status <> 'resolved' FOR UPDATE`, [key]);
      if (existing) {
        if (now.getTime() - new Date(existing.last_triggered_at).getTime() < BUMP_EVERY_MS) return undefined;
        await em.query(
          `UPDATE alerts SET count = count + 1, last_triggered_at = $2, peak_observed = greatest(peak_observed, $3), explanation = $4::jsonb, updated_at = $2 WHERE id = $1`,
          [existing.id, now.toISOString(), observed, JSON.stringify(explanation)],
        );
        await this.alerts.history(em, existing.id, null, 'triggered', { observed, expected });
        return { id: existing.id, type: 'updated' };
      }
      const id = randomUUID();
      await em.query(
        `INSERT INTO alerts (id, program_id, source_id, kind, severity, status, dedup_key, count, peak_score, peak_observed, explanation, opened_at, last_triggered_at, escalation_level, updated_at)
         VALUES ($1, NULL, $2, $3, 'warning', 'open', $4, 1, 1, $5, $6::jsonb, $7, $7, 0, $7)`,
        [id, source.id, facts.kind, key, observed, JSON.stringify(explanation), now.toISOString()],
      );
      await this.alerts.history(em, id, null, 'opened', { observed, expected, severity: 'warning' });
      return { id, type: 'opened' };
    });
  }

  /** Resolves the source's unresolved alert of this kind (the condition ended); answers whether there was one. */
  async clear(sourceId: string, kind: SourceAlertKind): Promise<boolean> {
    const now = this.clock.now();
    const change = await this.alerts.write(async (em) => {
      const [existing] = await em.query<Array<{ id: string }>>(`SELECT id FROM alerts WHERE dedup_key = $1 AND status <> 'resolved' FOR UPDATE`, [dedupKey(sourceId, kind)]);
      if (!existing) return undefined;
      await em.query(`UPDATE alerts SET status = 'resolved', resolved_at = $2, resolution = 'auto', updated_at = $2 WHERE id = $1`, [existing.id, now.toISOString()]);
      await this.alerts.history(em, existing.id, null, 'resolved', { reason: kind === 'source_silent' ? 'items arrive again' : 'reads succeed again' });
      return { id: existing.id, type: 'updated' };
    });
    return change !== undefined;
  }
}
