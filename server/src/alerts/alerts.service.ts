import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ROLE_RANK, type AddAlertNote, type Alert, type AlertAction, type AlertCounts, type AlertDetail, type AlertsQuery, type Assignee, type DetectionDecision, type Page } from '@siaga/shared';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/access.decorators.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { decodeCursor, toPage } from '../common/cursor.js';
import { AppError, notFound } from '../common/errors.js';
import { isUniqueViolation } from '../database/errors.js';
import { LOGGER } from '../common/logger.js';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import type { DetectionDecisions } from '../detection/detection.events.js';
import { UsersService } from '../auth/users.service.js';
import './alerts.events.js';
import { asReal, maxSeverity, severityOf, toAlert } from './alert.mapper.js';
import { countAlertTransition, type AlertTransition } from './alert.metrics.js';
import { AlertsRepository, type AlertRow } from './alerts.repository.js';

type Actor = Pick<Principal, 'id' | 'name'> | null;
type Change = { alert: Alert; type: 'opened' | 'updated'; seq: number };

/**
 * The alert lifecycle: open → acknowledged → resolved, with dedup (a new trigger of an
 * unresolved alert bumps its count and peak), snoozes, and a history of every change.
 * Every change appends to the alert event log in the same transaction and is published after
 * the commit.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  constructor(
    private readonly db: Database,
    private readonly repo: AlertsRepository,
    private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.events.on('detection.decisions', ({ decisions }: DetectionDecisions) => {
      this.applyDecisions(decisions).catch((err: unknown) => this.logger.error({ err }, 'could not turn detector decisions into alerts'));
    });
  }

  async applyDecisions(decisions: readonly DetectionDecision[]): Promise<Alert[]> {
    const out: Alert[] = [];
    for (const d of decisions) {
      const a = await this.applyDecision(d);
      if (a) out.push(a);
    }
    return out;
  }

  /**
   * Opens an alert for a decision, or bumps the unresolved one with the same dedup key.
   * This is the hot path of alert latency, so it takes four round trips (begin, lock and
   * lookup, one write statement, commit) rather than one per row touched.
   */
  async applyDecision(d: DetectionDecision): Promise<Alert | undefined> {
    let change: Change | undefined;
    try {
      change = await this.decide(d);
    } catch (err) {
      // A rival writer opened the same dedup key after our lookup's snapshot: once more sees it.
      if (!isUniqueViolation(err)) throw err;
      change = await this.decide(d);
    }
    if (!change) return undefined;
    this.events.emit('alert.event', { seq: change.seq, type: change.type, alert: change.alert });
    countAlertTransition(change.alert, change.type === 'opened' ? 'opened' : 'bumped');
    return change.alert;
  }

  private decide(d: DetectionDecision): Promise<Change | undefined> {
    const now = this.clock.now();
    const dedupKey = `${d.programId}:${d.kind}`;
    const severity = severityOf(d.score, d.severityHint);
    const score = asReal(d.score);
    const explanation = { facts: d.facts, expected: d.expected, band: d.band, observed: d.observed, score: d.score, ...(d.details ? { details: d.details } : {}) };
    return this.db.transaction(async (em): Promise<Change | undefined> => {
      const { programName, snoozedUntil, existing } = await this.repo.decisionContext(em, d.programId, dedupKey, now);
      if (programName === null) return undefined; // the program was deleted meanwhile
      if (existing) {
        const stronger = d.score > Number(existing.peak_score) || d.observed > Number(existing.peak_observed);
        const patch = {
          count: existing.count + 1,
          last_triggered_at: now,
          peak_score: Math.max(Number(existing.peak_score), score),
          peak_observed: Math.max(Number(existing.peak_observed), d.observed),
          severity: maxSeverity(existing.severity, severity),
          ...(stronger ? { explanation } : {}),
          updated_at: now,
        };
        const alert = toAlert({ ...existing, ...patch, program_name: programName });
        const entry = { id: randomUUID(), at: now, action: 'triggered', details: { score: d.score, observed: d.observed, expected: d.expected } };
        return { alert, type: 'updated', seq: await this.repo.updateWithEvent(em, existing.id, patch, entry, alert) };
      }
      if (snoozedUntil) {
        this.logger.info({ programId: d.programId, kind: d.kind, until: snoozedUntil }, 'decision ignored: program alerts are snoozed');
        return undefined;
      }
      const row = {
        id: randomUUID(),
        program_id: d.programId,
        kind: d.kind,
        severity,
        status: 'open' as const,
        dedup_key: dedupKey,
        count: 1,
        peak_score: score,
        peak_observed: d.observed,
        explanation,
        opened_at: now,
        last_triggered_at: now,
        acknowledged_at: null,
        acknowledged_by: null,
        resolved_at: null,
        resolved_by: null,
        resolution: null,
        assignee_id: null,
        escalation_level: 0,
        updated_at: now,
      };
      const alert = toAlert({ ...row, program_name: programName, assignee_name: null });
      const entry = { id: randomUUID(), at: now, action: 'opened', details: { score: d.score, observed: d.observed, expected: d.expected, severity } };
      return { alert, type: 'opened', seq: await this.repo.insertWithEvent(em, row, entry, alert) };
    });
  }

  async list(q: AlertsQuery, limit: number, cursor?: string): Promise<Page<Alert>> {
    const rows = await this.repo.list(q, limit, decodeCursor(cursor));
    return toPage(rows, limit, toAlert, (r) => ({ at: new Date(r.opened_at), id: r.id }));
  }

  counts(): Promise<AlertCounts> {
    return this.repo.counts();
  }

  assignees(): Promise<Assignee[]> {
    return this.users.assignees();
  }

  async get(id: string): Promise<AlertDetail> {
    const row = await this.repo.get(id);
    if (!row) throw notFound('alert');
    const [notes, history] = await Promise.all([this.repo.notes(id), this.repo.history(id)]);
    return { ...toAlert(row), notes, history };
  }

  acknowledge(actor: Principal, id: string, body: AlertAction): Promise<Alert> {
    return this.act(actor, id, async (em, a, now) => {
      if (a.status !== 'open') throw new AppError('conflict', `the alert is ${a.status}: only an open alert can be acknowledged`);
      await this.repo.update(em, id, { status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.id, updated_at: now });
      await this.history(em, id, actor, 'acknowledged', body.note ? { note: body.note } : {});
    }, 'acknowledged');
  }

  resolve(actor: Principal, id: string, body: AlertAction): Promise<Alert> {
    return this.act(actor, id, async (em, a, now) => {
      if (a.status === 'resolved') throw new AppError('conflict', 'the alert is resolved already');
      await this.repo.update(em, id, { status: 'resolved', resolved_at: now, resolved_by: actor.id, resolution: 'manual', updated_at: now });
      await this.history(em, id, actor, 'resolved', body.note ? { note: body.note } : {});
    }, 'resolved');
  }

  /**
   * Supervisors and admins assign anyone; an analyst takes an alert nobody holds, or lets go of
   * their own (handing it to someone else, or taking it from them, is a lead's decision).
   */
  async assign(actor: Principal, id: string, userId: string | null): Promise<Alert> {
    const lead = ROLE_RANK[actor.role] >= ROLE_RANK.supervisor;
    if (!lead && userId !== null && userId !== actor.id) throw new AppError('forbidden', 'only supervisors and admins assign alerts to others');
    // Checked before the alert transaction: on PGlite a statement outside it would wait for it.
    if (userId && !(await this.users.isAssignable(userId))) throw new AppError('validation_failed', 'userId: no such active user who may act on alerts');
    return this.act(actor, id, async (em, a, now) => {
      if (!lead && a.assignee_id !== null && a.assignee_id !== actor.id) throw new AppError('forbidden', 'the alert is assigned to someone else: only supervisors and admins reassign it');
      await this.repo.update(em, id, { assignee_id: userId, updated_at: now });
      await this.history(em, id, actor, userId ? 'assigned' : 'unassigned', { from: a.assignee_id, to: userId });
    }, userId ? 'assigned' : 'unassigned');
  }

  addNote(actor: Principal, id: string, body: AddAlertNote): Promise<Alert> {
    return this.act(actor, id, async (em, _a, now) => {
      await this.repo.addNote(em, { id: randomUUID(), alertId: id, at: now, userId: actor.id, userName: actor.name, text: body.text });
      await this.repo.update(em, id, { updated_at: now });
      await this.history(em, id, actor, 'noted', {});
    });
  }

  /** Runs a change in the alert-writers' transaction, appends its event, publishes after commit. */
  async write(work: (em: EntityManager) => Promise<{ id: string; type: 'opened' | 'updated' } | undefined>): Promise<Change | undefined> {
    const change = await this.db.transaction(async (em) => {
      await this.repo.lockWrites(em);
      const r = await work(em);
      if (!r) return undefined;
      const row = await this.repo.get(r.id, em);
      if (!row) throw new Error(`alert ${r.id} vanished inside its own transaction`);
      const alert = toAlert(row);
      const seq = await this.repo.appendEvent(em, alert, r.type);
      return { alert, type: r.type, seq };
    });
    if (change) this.events.emit('alert.event', { seq: change.seq, type: change.type, alert: change.alert });
    return change;
  }

  private async act(actor: Principal, id: string, work: (em: EntityManager, a: AlertRow, now: Date) => Promise<void>, transition?: AlertTransition): Promise<Alert> {
    const change = await this.write(async (em) => {
      const a = await this.repo.lockById(em, id);
      if (!a) throw notFound('alert');
      await work(em, a, this.clock.now());
      return { id, type: 'updated' };
    });
    if (transition) countAlertTransition(change!.alert, transition);
    return change!.alert;
  }

  history(em: EntityManager, alertId: string, actor: Actor, action: string, details: Record<string, unknown>): Promise<void> {
    return this.repo.addHistory(em, { id: randomUUID(), alertId, at: this.clock.now(), userId: actor?.id ?? null, userName: actor?.name ?? null, action, details });
  }
}
