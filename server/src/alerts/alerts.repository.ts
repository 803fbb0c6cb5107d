import { Injectable } from '@nestjs/common';
import type { Alert, AlertCounts, AlertExplanation, AlertHistoryEntry, AlertKind, AlertNote, AlertsQuery, AlertStatus, Severity } from '@siaga/shared';
import type { EntityManager } from 'typeorm';
import type { Keyset } from '../common/cursor.js';
import { Database } from '../database/database.js';

export interface AlertRow {
  id: string;
  /** Null for a source-health alert, which names its source instead. */
  program_id: string | null;
  program_name: string | null;
  source_id?: string | null;
  source_name?: string | null;
  kind: AlertKind;
  severity: Severity;
  status: AlertStatus;
  dedup_key: string;
  count: number;
  peak_score: number;
  peak_observed: number;
  explanation: AlertExplanation;
  opened_at: Date;
  last_triggered_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: 'manual' | 'auto' | null;
  assignee_id: string | null;
  assignee_name: string | null;
  escalation_level: number;
  updated_at: Date;
}

/** A system-made history entry (no user). */
export interface HistoryEntry {
  id: string;
  at: Date;
  action: string;
  details: Record<string, unknown>;
}

/** `col = $n, …` for an alert patch, its values appended to `params`. */
function setClause(patch: Partial<Omit<AlertRow, 'id' | 'program_name' | 'source_name' | 'assignee_name'>>, params: unknown[]): string {
  const sets: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    params.push(v instanceof Date ? v.toISOString() : k === 'explanation' ? JSON.stringify(v) : v);
    sets.push(`${k} = $${params.length}${k === 'explanation' ? '::jsonb' : ''}`);
  }
  return sets.join(', ');
}

const SELECT = `SELECT a.*, p.name AS program_name, s.name AS source_name, u.name AS assignee_name
  FROM alerts a LEFT JOIN programs p ON p.id = a.program_id LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN users u ON u.id = a.assignee_id`;

/** Alert writers serialise on this lock so that event sequence numbers commit in order. */
const ALERT_WRITE_LOCK = 7_262_730_512;

@Injectable()
export class AlertsRepository {
  constructor(private readonly db: Database) {}

  /** The alert's row, locked for the rest of the transaction. */
  async lockById(em: EntityManager, id: string): Promise<AlertRow | undefined> {
    const rows = await em.query<AlertRow[]>(`SELECT * FROM alerts WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async lockWrites(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(${ALERT_WRITE_LOCK})`);
  }

  /**
   * What turning a decision into an alert needs, in one round trip, with the writers' lock taken:
   * the program's name, an active snooze, and the unresolved alert of the dedup key (row-locked).
   * The lookup's snapshot may predate the lock; a rival insert it missed surfaces as a unique
   * violation on the dedup index, and the caller retries.
   */
  async decisionContext(em: EntityManager, programId: string, dedupKey: string, now: Date): Promise<{ programName: string | null; snoozedUntil: Date | null; existing: AlertRow | undefined }> {
    const [r] = await em.query<Array<{ program_name: string | null; snoozed_until: Date | null; existing: AlertRow | null }>>(
      `SELECT pg_advisory_xact_lock(${ALERT_WRITE_LOCK}) AS locked,
              (SELECT name FROM programs WHERE id = $1) AS program_name,
              (SELECT max(until) FROM program_snoozes WHERE program_id = $1 AND until > $3) AS snoozed_until,
              (SELECT to_jsonb(x) FROM (${SELECT} WHERE a.dedup_key = $2 AND a.status <> 'resolved' FOR UPDATE OF a) x) AS existing`,
      [programId, dedupKey, now.toISOString()],
    );
    return { programName: r?.program_name ?? null, snoozedUntil: r?.snoozed_until ? new Date(r.snoozed_until) : null, existing: r?.existing ?? undefined };
  }

  /**
   * Inserts a new alert with its first history entry and its replay event in one statement
   * (the writers' lock must be held); answers the event's sequence number.
   */
  async insertWithEvent(em: EntityManager, a: Omit<AlertRow, 'program_name' | 'source_name' | 'assignee_name'>, h: HistoryEntry, alert: Alert): Promise<number> {
    const rows = await em.query<Array<{ seq: number }>>(
      `WITH ins AS (
         INSERT INTO alerts (id, program_id, kind, severity, status, dedup_key, count, peak_score, peak_observed, explanation, opened_at,
                             last_triggered_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, resolution, assignee_id, escalation_level, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)),
       hist AS (INSERT INTO alert_history (id, alert_id, at, user_id, user_name, action, details) VALUES ($21, $1, $22, NULL, NULL, $23, $24::jsonb))
       INSERT INTO alert_events (alert_id, program_id, type, payload) VALUES ($1, $2, 'opened', $25::jsonb) RETURNING seq`,
      [a.id, a.program_id, a.kind, a.severity, a.status, a.dedup_key, a.count, a.peak_score, a.peak_observed, JSON.stringify(a.explanation), a.opened_at.toISOString(),
        a.last_triggered_at.toISOString(), a.acknowledged_at?.toISOString() ?? null, a.acknowledged_by, a.resolved_at?.toISOString() ?? null, a.resolved_by, a.resolution, a.assignee_id, a.escalation_level, a.updated_at.toISOString(),
        h.id, h.at.toISOString(), h.action, JSON.stringify(h.details), JSON.stringify(alert)],
    );
    return Number(rows[0]!.seq);
  }

  /** Updates an alert, adds a system history entry and its replay event in one statement (lock held). */
  async updateWithEvent(em: EntityManager, id: string, patch: Partial<Omit<AlertRow, 'id' | 'program_name' | 'source_name' | 'assignee_name'>>, h: HistoryEntry, alert: Alert): Promise<number> {
    const params: unknown[] = [id, h.id, h.at.toISOString(), h.action, JSON.stringify(h.details), alert.programId, JSON.stringify(alert)];
    const sets = setClause(patch, params);
    const rows = await em.query<Array<{ seq: number }>>(
      `WITH upd AS (UPDATE alerts SET ${sets} WHERE id = $1),
       hist AS (INSERT INTO alert_history (id, alert_id, at, user_id, user_name, action, details) VALUES ($2, $1, $3, NULL, NULL, $4, $5::jsonb))
       INSERT INTO alert_events (alert_id, program_id, type, payload) VALUES ($1, $6, 'updated', $7::jsonb) RETURNING seq`,
      params,
    );
    return Number(rows[0]!.seq);
  }

  async get(id: string, em?: EntityManager): Promise<AlertRow | undefined> {
    const rows = await (em ?? this.db.dataSource.manager).query<AlertRow[]>(`${SELECT} WHERE a.id = $1`, [id]);
    return rows[0];
  }

  list(q: AlertsQuery, limit: number, after: Keyset | undefined): Promise<AlertRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (q.status) where.push(`a.status = ${p(q.status)}`);
    if (q.programId) where.push(`a.program_id = ${p(q.programId)}`);
    if (q.kind) where.push(`a.kind = ${p(q.kind)}`);
    if (q.severity) where.push(`a.severity = ${p(q.severity)}`);
    if (after) where.push(`(a.opened_at, a.id) < (${p(after.at.toISOString())}, ${p(after.id)})`);
    return this.db.query<AlertRow>(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.opened_at DESC, a.id DESC LIMIT ${p(limit + 1)}`, params);
  }

  /** Unresolved alerts by status, and the open ones by severity, in one statement. */
  async counts(): Promise<AlertCounts> {
    const [r] = await this.db.query<{ open: number; acknowledged: number; info: number; warning: number; critical: number }>(
      `SELECT count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged,
              count(*) FILTER (WHERE status = 'open' AND severity = 'info')::int AS info,
              count(*) FILTER (WHERE status = 'open' AND severity = 'warning')::int AS warning,
              count(*) FILTER (WHERE status = 'open' AND severity = 'critical')::int AS critical
       FROM alerts WHERE status IN ('open', 'acknowledged')`,
    );
    return {
      open: r?.open ?? 0,
      acknowledged: r?.acknowledged ?? 0,
      openBySeverity: { info: r?.info ?? 0, warning: r?.warning ?? 0, critical: r?.critical ?? 0 },
    };
  }

  async update(em: EntityManager, id: string, patch: Partial<Omit<AlertRow, 'id' | 'program_name' | 'source_name' | 'assignee_name'>>): Promise<void> {
    const params: unknown[] = [id];
    const sets = setClause(patch, params);
    if (sets) await em.query(`UPDATE alerts SET ${sets} WHERE id = $1`, params);
  }

  async addHistory(em: EntityManager, h: { id: string; alertId: string; at: Date; userId: string | null; userName: string | null; action: string; details: Record<string, unknown> }): Promise<void> {
    await em.query(`INSERT INTO alert_history (id, alert_id, at, user_id, user_name, action, details) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`, [
      h.id, h.alertId, h.at.toISOString(), h.userId, h.userName, h.action, JSON.stringify(h.details),
    ]);
  }

  async addNote(em: EntityManager, n: { id: string; alertId: string; at: Date; userId: string; userName: string; text: string }): Promise<void> {
    await em.query(`INSERT INTO alert_notes (id, alert_id, at, user_id, user_name, text) VALUES ($1, $2, $3, $4, $5, $6)`, [n.id, n.alertId, n.at.toISOString(), n.userId, n.userName, n.text]);
  }

  async notes(alertId: string): Promise<AlertNote[]> {
    const rows = await this.db.query<{ id: string; at: Date; user_id: string | null; user_name: string | null; text: string }>(`SELECT * FROM alert_notes WHERE alert_id = $1 ORDER BY at, id`, [alertId]);
    return rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), userId: r.user_id, userName: r.user_name, text: r.text }));
  }

  async history(alertId: string): Promise<AlertHistoryEntry[]> {
    const rows = await this.db.query<{ id: string; at: Date; user_id: string | null; user_name: string | null; action: string; details: Record<string, unknown> }>(
      `SELECT * FROM alert_history WHERE alert_id = $1 ORDER BY at, n`,
      [alertId],
    );
    return rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), userId: r.user_id, userName: r.user_name, action: r.action, details: r.details }));
  }

  /** Appends to the replay log; answers the event's sequence number. */
  async appendEvent(em: EntityManager, alert: Alert, type: 'opened' | 'updated'): Promise<number> {
    const rows = await em.query<Array<{ seq: number }>>(`INSERT INTO alert_events (alert_id, program_id, type, payload) VALUES ($1, $2, $3, $4::jsonb) RETURNING seq`, [
      alert.id, alert.programId, type, JSON.stringify(alert),
    ]);
    return Number(rows[0]!.seq);
  }

  /** Unresolved alerts whose signal has been quiet since `before`. */
  staleUnresolved(em: EntityManager, before: Date): Promise<AlertRow[]> {
    return em.query<AlertRow[]>(`${SELECT} WHERE a.status <> 'resolved' AND a.last_triggered_at < $1 ORDER BY a.opened_at FOR UPDATE OF a`, [before.toISOString()]);
  }

  openUnacknowledged(em: EntityManager): Promise<AlertRow[]> {
    return em.query<AlertRow[]>(`${SELECT} WHERE a.status = 'open' ORDER BY a.opened_at FOR UPDATE OF a`);
  }
}
