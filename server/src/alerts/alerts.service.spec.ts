import { describe, expect, it, jest } from '@jest/globals';
import type { AlertExplanation, DetectionDecision, Severity } from '@siaga/shared';
import pino from 'pino';
import { QueryFailedError, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/access.decorators.js';
import type { UsersService } from '../auth/users.service.js';
import { AppError } from '../common/errors.js';
import type { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import type { AlertChanged } from './alerts.events.js';
import type { AlertRow, AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';

const PROGRAM = '00000000-0000-4000-8000-0000000000b1';
const ALERT = '00000000-0000-4000-8000-0000000000a1';
const OTHER_USER = '00000000-0000-4000-8000-0000000000c2';
const NOW = new Date('2026-12-05T10:00:00.000Z');
const MINUTE = 60_000;
const ACTOR: Principal = { id: '00000000-0000-4000-8000-0000000000c1', email: 'sari@test.local', name: 'Sari', role: 'analyst' };
const LEAD: Principal = { id: '00000000-0000-4000-8000-0000000000c3', email: 'budi@test.local', name: 'Budi', role: 'supervisor' };

const OLD_EXPLANATION: AlertExplanation = { facts: { kind: 'legacy', text: 'earlier: 50 negative posts against 12 expected' }, expected: 12, band: { lower: 4, upper: 20 }, observed: 50, score: 0.96 };

function decision(over: Partial<DetectionDecision> = {}): DetectionDecision {
  return {
    kind: 'negative_spike',
    programId: PROGRAM,
    at: NOW.toISOString(),
    expected: 12,
    band: { lower: 4, upper: 20 },
    observed: 57,
    score: 0.97,
    severityHint: 'info',
    facts: { kind: 'negative_spike', signal: 'spike', observed: 57, expected: 12, band: { lower: 4, upper: 20 }, windowMinutes: 10 },
    ...over,
  };
}

/** An unresolved alert of PROGRAM, opened 20 minutes ago. */
function alertRow(over: Partial<AlertRow> = {}): AlertRow {
  const opened = new Date(NOW.getTime() - 20 * MINUTE);
  return {
    id: ALERT,
    program_id: PROGRAM,
    program_name: 'BPJS Kesehatan',
    kind: 'negative_spike',
    severity: 'warning',
    status: 'open',
    dedup_key: `${PROGRAM}:negative_spike`,
    count: 2,
    peak_score: 0.96,
    peak_observed: 50,
    explanation: OLD_EXPLANATION,
    opened_at: opened,
    last_triggered_at: new Date(NOW.getTime() - 5 * MINUTE),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
    assignee_id: null,
    assignee_name: null,
    escalation_level: 0,
    updated_at: opened,
    ...over,
  };
}

const uniqueViolation = () => new QueryFailedError('INSERT INTO alerts …', [], Object.assign(new Error('duplicate key value violates unique constraint "alerts_dedup_key_unresolved"'), { code: '23505' }));

/**
 * Database's transaction semantics without a database: each transaction gets its own manager,
 * `afterCommit` callbacks run once the work has resolved, and `log` records begin/commit/rollback.
 * `holdCommit()` stops the next commit until released.
 */
function fakeDatabase(log: string[]) {
  const ems: EntityManager[] = [];
  const queues = new Map<EntityManager, Array<() => void>>();
  let gate: { reached: () => void; released: Promise<void> } | undefined;
  const db = {
    async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
      const em = { name: `tx${ems.length + 1}` } as unknown as EntityManager;
      ems.push(em);
      const committed: Array<() => void> = [];
      queues.set(em, committed);
      log.push('begin');
      let result: T;
      try {
        result = await work(em);
      } catch (err) {
        log.push('rollback');
        throw err;
      } finally {
        queues.delete(em);
      }
      const held = gate;
      gate = undefined;
      if (held) {
        held.reached();
        await held.released;
      }
      log.push('commit');
      for (const fn of committed) fn();
      return result;
    },
    afterCommit(em: EntityManager, fn: () => void): void {
      const queue = queues.get(em);
      if (queue) queue.push(fn);
      else fn();
    },
  };
  const holdCommit = () => {
    let reached!: () => void;
    let release!: () => void;
    const reachedP = new Promise<void>((r) => (reached = r));
    const released = new Promise<void>((r) => (release = r));
    gate = { reached, released };
    return { reached: reachedP, release };
  };
  return { db: db as unknown as Database, ems, holdCommit };
}

/** AlertsService over fakes: alert rows in a map, the real EventBus, a fixed clock. */
function newTestService() {
  const log: string[] = [];
  const { db, ems, holdCommit } = fakeDatabase(log);
  const rows = new Map<string, AlertRow>();
  let seq = 100;
  const repo = {
    decisionContext: jest.fn<AlertsRepository['decisionContext']>(),
    insertWithEvent: jest.fn<AlertsRepository['insertWithEvent']>(),
    updateWithEvent: jest.fn<AlertsRepository['updateWithEvent']>(),
    lockWrites: jest.fn<AlertsRepository['lockWrites']>(() => Promise.resolve()),
    lockById: jest.fn<AlertsRepository['lockById']>((_em, id) => Promise.resolve(rows.has(id) ? { ...rows.get(id)! } : undefined)),
    get: jest.fn<AlertsRepository['get']>((id) => Promise.resolve(rows.has(id) ? { ...rows.get(id)! } : undefined)),
    update: jest.fn<AlertsRepository['update']>((_em, id, patch) => {
      const r = rows.get(id);
      if (r) rows.set(id, { ...r, ...patch });
      return Promise.resolve();
    }),
    addHistory: jest.fn<AlertsRepository['addHistory']>(() => Promise.resolve()),
    addNote: jest.fn<AlertsRepository['addNote']>(() => Promise.resolve()),
    appendEvent: jest.fn<AlertsRepository['appendEvent']>(() => Promise.resolve(++seq)),
  };
  const users = { isAssignable: jest.fn<UsersService['isAssignable']>((id) => Promise.resolve(id === OTHER_USER || id === ACTOR.id)) };
  const bus = new EventBus();
  const events: AlertChanged[] = [];
  bus.on('alert.event', (e) => {
    log.push(`event:${e.type}`);
    events.push(e);
  });
  const clock = { now: () => new Date(NOW) };
  const service = new AlertsService(db, repo as unknown as AlertsRepository, bus, clock, pino({ level: 'silent' }), users as unknown as UsersService);
  return { service, repo, rows, users, bus, events, log, ems, holdCommit };
}

describe('AlertsService', () => {
  describe('applyDecision', () => {
    it('opens a new alert: row, first history entry, and the published event with the repository seq', async () => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: undefined });
      t.repo.insertWithEvent.mockResolvedValue(41);
      // Stored as a `real`: the peak is the float32's shortest decimal, the explanation keeps the exact score.
      const d = decision({ score: 0.9700000000000001, details: { windowMinutes: 10 } });

      const alert = await t.service.applyDecision(d);

      expect(t.repo.decisionContext).toHaveBeenCalledWith(t.ems[0]!, PROGRAM, `${PROGRAM}:negative_spike`, NOW);
      expect(t.repo.insertWithEvent).toHaveBeenCalledTimes(1);
      const [em, row, entry, published] = t.repo.insertWithEvent.mock.calls[0]!;
      expect(em).toBe(t.ems[0]!);
      const explanation = { facts: d.facts, expected: 12, band: { lower: 4, upper: 20 }, observed: 57, score: 0.9700000000000001, details: { windowMinutes: 10 } };
      expect(row).toEqual({
        id: expect.any(String),
        program_id: PROGRAM,
        kind: 'negative_spike',
        severity: 'warning',
        status: 'open',
        dedup_key: `${PROGRAM}:negative_spike`,
        count: 1,
        peak_score: 0.97,
        peak_observed: 57,
        explanation,
        opened_at: NOW,
        last_triggered_at: NOW,
        acknowledged_at: null,
        acknowledged_by: null,
        resolved_at: null,
        resolved_by: null,
        resolution: null,
        assignee_id: null,
        escalation_level: 0,
        updated_at: NOW,
      });
      expect(entry).toEqual({ id: expect.any(String), at: NOW, action: 'opened', details: { score: 0.9700000000000001, observed: 57, expected: 12, severity: 'warning' } });
      expect(alert).toEqual({
        id: row.id,
        programId: PROGRAM,
        programName: 'BPJS Kesehatan',
        sourceId: null,
        sourceName: null,
        kind: 'negative_spike',
        severity: 'warning',
        status: 'open',
        dedupKey: `${PROGRAM}:negative_spike`,
        count: 1,
        peakScore: 0.97,
        peakObserved: 57,
        explanation,
        openedAt: '2026-12-05T10:00:00.000Z',
        lastTriggeredAt: '2026-12-05T10:00:00.000Z',
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
        resolution: null,
        assigneeId: null,
        assigneeName: null,
        escalationLevel: 0,
        updatedAt: '2026-12-05T10:00:00.000Z',
      });
      expect(published).toEqual(alert);
      expect(t.events).toEqual([{ seq: 41, type: 'opened', alert }]);
      expect(t.log).toEqual(['begin', 'commit', 'event:opened']);
    });

    it('leaves the details out of the explanation when the decision has none', async () => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: undefined });
      t.repo.insertWithEvent.mockResolvedValue(1);
      const alert = await t.service.applyDecision(decision());
      expect(alert!.explanation).toStrictEqual({ facts: decision().facts, expected: 12, band: { lower: 4, upper: 20 }, observed: 57, score: 0.97 });
    });

    it.each<[number, Severity, Severity]>([
      [0.5, 'info', 'info'],
      [0.9499, 'info', 'info'],
      [0.95, 'info', 'warning'],
      [0.9949, 'info', 'warning'],
      [0.995, 'info', 'critical'],
      [0.2, 'warning', 'warning'],
      [0.5, 'critical', 'critical'],
      [0.999, 'warning', 'critical'],
    ])('score %p with hint %p opens a %p alert', async (score, severityHint, expected) => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: undefined });
      t.repo.insertWithEvent.mockResolvedValue(1);
      const alert = await t.service.applyDecision(decision({ score, severityHint }));
      expect(alert!.severity).toBe(expected);
      expect(t.repo.insertWithEvent.mock.calls[0]![1].severity).toBe(expected);
    });

    it('bumps the unresolved alert of the same key: count, last trigger, peaks, severity and the stronger explanation', async () => {
      const t = newTestService();
      const existing = alertRow({ program_name: 'old name' });
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing });
      t.repo.updateWithEvent.mockResolvedValue(57);
      const d = decision({ score: 0.999, observed: 64 });

      const alert = await t.service.applyDecision(d);

      expect(t.repo.insertWithEvent).not.toHaveBeenCalled();
      expect(t.repo.updateWithEvent).toHaveBeenCalledTimes(1);
      const [em, id, patch, entry, published] = t.repo.updateWithEvent.mock.calls[0]!;
      expect(em).toBe(t.ems[0]!);
      expect(id).toBe(ALERT);
      const explanation = { facts: d.facts, expected: 12, band: { lower: 4, upper: 20 }, observed: 64, score: 0.999 };
      expect(patch).toEqual({ count: 3, last_triggered_at: NOW, peak_score: 0.999, peak_observed: 64, severity: 'critical', explanation, updated_at: NOW });
      expect(entry).toEqual({ id: expect.any(String), at: NOW, action: 'triggered', details: { score: 0.999, observed: 64, expected: 12 } });
      expect(alert).toMatchObject({
        id: ALERT,
        programName: 'BPJS Kesehatan',
        status: 'open',
        count: 3,
        peakScore: 0.999,
        peakObserved: 64,
        severity: 'critical',
        explanation,
        openedAt: '2026-12-05T09:40:00.000Z',
        lastTriggeredAt: '2026-12-05T10:00:00.000Z',
        updatedAt: '2026-12-05T10:00:00.000Z',
      });
      expect(published).toEqual(alert);
      expect(t.events).toEqual([{ seq: 57, type: 'updated', alert }]);
    });

    it('keeps the peaks, the higher severity and the old explanation when the new trigger is weaker', async () => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: alertRow() });
      t.repo.updateWithEvent.mockResolvedValue(58);

      const alert = await t.service.applyDecision(decision({ score: 0.9, observed: 30 }));

      const patch = t.repo.updateWithEvent.mock.calls[0]![2];
      expect(patch).toStrictEqual({ count: 3, last_triggered_at: NOW, peak_score: 0.96, peak_observed: 50, severity: 'warning', updated_at: NOW });
      expect(alert).toMatchObject({ count: 3, peakScore: 0.96, peakObserved: 50, severity: 'warning', explanation: OLD_EXPLANATION });
      expect(t.events).toEqual([{ seq: 58, type: 'updated', alert }]);
    });

    it.each([
      ['a higher score alone', 0.97, 30, true],
      ['a higher observed value alone', 0.9, 51, true],
      ['the same score and observed value', 0.96, 50, false],
      ['a lower score and observed value', 0.9, 49, false],
    ])('%s replaces the explanation: %p', async (_what, score, observed, replaced) => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: alertRow() });
      t.repo.updateWithEvent.mockResolvedValue(1);
      const alert = await t.service.applyDecision(decision({ score, observed }));
      expect('explanation' in t.repo.updateWithEvent.mock.calls[0]![2]).toBe(replaced);
      expect(alert!.explanation.observed).toBe(replaced ? observed : 50);
    });

    it('ignores a new decision while the program is snoozed', async () => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: new Date(NOW.getTime() + 60 * MINUTE), existing: undefined });

      await expect(t.service.applyDecision(decision())).resolves.toBeUndefined();

      expect(t.repo.insertWithEvent).not.toHaveBeenCalled();
      expect(t.repo.updateWithEvent).not.toHaveBeenCalled();
      expect(t.events).toEqual([]);
    });

    it('still bumps an alert that was open before the snooze', async () => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: new Date(NOW.getTime() + 60 * MINUTE), existing: alertRow() });
      t.repo.updateWithEvent.mockResolvedValue(9);

      const alert = await t.service.applyDecision(decision());

      expect(alert).toMatchObject({ id: ALERT, count: 3 });
      expect(t.repo.insertWithEvent).not.toHaveBeenCalled();
      expect(t.events).toEqual([{ seq: 9, type: 'updated', alert }]);
    });

    it.each([
      ['no alert', undefined],
      ['an unresolved alert', alertRow()],
    ])('opens and bumps nothing for a deleted program (with %s of the key)', async (_what, existing) => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: null, snoozedUntil: null, existing });

      await expect(t.service.applyDecision(decision())).resolves.toBeUndefined();

      expect(t.repo.insertWithEvent).not.toHaveBeenCalled();
      expect(t.repo.updateWithEvent).not.toHaveBeenCalled();
      expect(t.events).toEqual([]);
    });

    it('retries once when a rival opened the same key first, and then bumps the rival alert', async () => {
      const t = newTestService();
      t.repo.decisionContext
        .mockResolvedValueOnce({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: undefined })
        .mockResolvedValueOnce({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: alertRow({ count: 1 }) });
      t.repo.insertWithEvent.mockRejectedValueOnce(uniqueViolation());
      t.repo.updateWithEvent.mockResolvedValueOnce(12);

      const alert = await t.service.applyDecision(decision());

      expect(t.repo.decisionContext).toHaveBeenCalledTimes(2);
      expect(t.repo.insertWithEvent).toHaveBeenCalledTimes(1);
      expect(t.repo.updateWithEvent).toHaveBeenCalledTimes(1);
      expect(t.log).toEqual(['begin', 'rollback', 'begin', 'commit', 'event:updated']);
      expect(alert).toMatchObject({ id: ALERT, count: 2 });
      expect(t.events).toEqual([{ seq: 12, type: 'updated', alert }]);
    });

    it('gives up after the one retry when the key is violated again', async () => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: undefined });
      const second = uniqueViolation();
      t.repo.insertWithEvent.mockRejectedValueOnce(uniqueViolation()).mockRejectedValueOnce(second);

      await expect(t.service.applyDecision(decision())).rejects.toBe(second);

      expect(t.repo.decisionContext).toHaveBeenCalledTimes(2);
      expect(t.events).toEqual([]);
    });

    it.each([
      ['a foreign-key violation', () => new QueryFailedError('INSERT …', [], Object.assign(new Error('fk'), { code: '23503' }))],
      ['a lost connection', () => new Error('Connection terminated unexpectedly')],
    ])('does not retry on %s', async (_what, makeError) => {
      const t = newTestService();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: undefined });
      const err = makeError();
      t.repo.insertWithEvent.mockRejectedValue(err);

      await expect(t.service.applyDecision(decision())).rejects.toBe(err);

      expect(t.repo.decisionContext).toHaveBeenCalledTimes(1);
      expect(t.log).toEqual(['begin', 'rollback']);
      expect(t.events).toEqual([]);
    });

    it('turns the detector decisions heard on the bus into alerts', async () => {
      const t = newTestService();
      t.service.onModuleInit();
      t.repo.decisionContext.mockResolvedValue({ programName: 'BPJS Kesehatan', snoozedUntil: null, existing: undefined });
      t.repo.insertWithEvent.mockResolvedValueOnce(1).mockResolvedValueOnce(2);
      const two = new Promise<AlertChanged[]>((resolve) => {
        const seen: AlertChanged[] = [];
        t.bus.on('alert.event', (e) => {
          seen.push(e);
          if (seen.length === 2) resolve(seen);
        });
      });

      t.bus.emit('detection.decisions', { decisions: [decision(), decision({ kind: 'volume_spike' })] });

      const seen = await two;
      expect(seen.map((e) => [e.seq, e.alert.dedupKey])).toEqual([
        [1, `${PROGRAM}:negative_spike`],
        [2, `${PROGRAM}:volume_spike`],
      ]);
    });
  });

  describe('acknowledge', () => {
    it('acknowledges an open alert under the writers lock, with history and a published event', async () => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow());

      const alert = await t.service.acknowledge(ACTOR, ALERT, { note: 'looking into it' });

      const em = t.ems[0]!;
      expect(t.repo.lockWrites).toHaveBeenCalledWith(em);
      expect(t.repo.lockById).toHaveBeenCalledWith(em, ALERT);
      expect(t.repo.lockWrites.mock.invocationCallOrder[0]).toBeLessThan(t.repo.lockById.mock.invocationCallOrder[0]!);
      expect(t.repo.update).toHaveBeenCalledWith(em, ALERT, { status: 'acknowledged', acknowledged_at: NOW, acknowledged_by: ACTOR.id, updated_at: NOW });
      expect(t.repo.addHistory).toHaveBeenCalledWith(em, { id: expect.any(String), alertId: ALERT, at: NOW, userId: ACTOR.id, userName: 'Sari', action: 'acknowledged', details: { note: 'looking into it' } });
      expect(alert).toMatchObject({ id: ALERT, status: 'acknowledged', acknowledgedAt: '2026-12-05T10:00:00.000Z', acknowledgedBy: ACTOR.id });
      expect(t.repo.appendEvent).toHaveBeenCalledWith(em, alert, 'updated');
      expect(t.events).toEqual([{ seq: 101, type: 'updated', alert }]);
    });

    it('records no note when none is given', async () => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow());
      await t.service.acknowledge(ACTOR, ALERT, {});
      expect(t.repo.addHistory.mock.calls[0]![1]).toMatchObject({ action: 'acknowledged', details: {} });
    });
  });

  describe('resolve', () => {
    it.each(['open', 'acknowledged'] as const)('resolves an %s alert by hand', async (status) => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow({ status }));

      const alert = await t.service.resolve(ACTOR, ALERT, { note: 'false alarm' });

      expect(t.repo.update).toHaveBeenCalledWith(t.ems[0]!, ALERT, { status: 'resolved', resolved_at: NOW, resolved_by: ACTOR.id, resolution: 'manual', updated_at: NOW });
      expect(t.repo.addHistory.mock.calls[0]![1]).toMatchObject({ userId: ACTOR.id, action: 'resolved', details: { note: 'false alarm' } });
      expect(alert).toMatchObject({ status: 'resolved', resolution: 'manual', resolvedBy: ACTOR.id, resolvedAt: '2026-12-05T10:00:00.000Z' });
      expect(t.events).toEqual([{ seq: 101, type: 'updated', alert }]);
    });
  });

  describe('state rules', () => {
    it.each([
      ['acknowledge', 'acknowledged', 'the alert is acknowledged: only an open alert can be acknowledged'],
      ['acknowledge', 'resolved', 'the alert is resolved: only an open alert can be acknowledged'],
      ['resolve', 'resolved', 'the alert is resolved already'],
    ] as const)('%s refuses a %s alert with a conflict and changes nothing', async (action, status, message) => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow({ status }));

      const err = await t.service[action](ACTOR, ALERT, {}).catch((e: unknown) => e);

      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'conflict', message });
      expect(t.repo.update).not.toHaveBeenCalled();
      expect(t.repo.addHistory).not.toHaveBeenCalled();
      expect(t.repo.appendEvent).not.toHaveBeenCalled();
      expect(t.log).toEqual(['begin', 'rollback']);
      expect(t.events).toEqual([]);
    });

    it.each([
      ['acknowledge', (s: AlertsService) => s.acknowledge(ACTOR, ALERT, {})],
      ['resolve', (s: AlertsService) => s.resolve(ACTOR, ALERT, {})],
      ['assign', (s: AlertsService) => s.assign(LEAD, ALERT, OTHER_USER)],
      ['addNote', (s: AlertsService) => s.addNote(ACTOR, ALERT, { text: 'hello' })],
    ])('%s answers not found for an unknown alert', async (_what, act) => {
      const t = newTestService();

      const err = await act(t.service).catch((e: unknown) => e);

      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'not_found', message: 'alert not found' });
      expect(t.repo.lockById).toHaveBeenCalledWith(t.ems[0]!, ALERT);
      expect(t.repo.update).not.toHaveBeenCalled();
      expect(t.repo.addNote).not.toHaveBeenCalled();
      expect(t.events).toEqual([]);
    });
  });

  describe('assign', () => {
    it('a supervisor assigns an active user and the history records from and to', async () => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow());

      const alert = await t.service.assign(LEAD, ALERT, OTHER_USER);

      expect(t.users.isAssignable).toHaveBeenCalledWith(OTHER_USER);
      expect(t.repo.update).toHaveBeenCalledWith(t.ems[0]!, ALERT, { assignee_id: OTHER_USER, updated_at: NOW });
      expect(t.repo.addHistory.mock.calls[0]![1]).toMatchObject({ userId: LEAD.id, action: 'assigned', details: { from: null, to: OTHER_USER } });
      expect(alert.assigneeId).toBe(OTHER_USER);
      expect(t.events).toEqual([{ seq: 101, type: 'updated', alert }]);
    });

    it('a supervisor unassigns someone else without asking who is active', async () => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow({ assignee_id: OTHER_USER }));

      const alert = await t.service.assign(LEAD, ALERT, null);

      expect(t.users.isAssignable).not.toHaveBeenCalled();
      expect(t.repo.update).toHaveBeenCalledWith(t.ems[0]!, ALERT, { assignee_id: null, updated_at: NOW });
      expect(t.repo.addHistory.mock.calls[0]![1]).toMatchObject({ action: 'unassigned', details: { from: OTHER_USER, to: null } });
      expect(alert.assigneeId).toBeNull();
    });

    it('an analyst takes a free alert and lets go of it', async () => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow());

      expect((await t.service.assign(ACTOR, ALERT, ACTOR.id)).assigneeId).toBe(ACTOR.id);
      t.rows.set(ALERT, alertRow({ assignee_id: ACTOR.id }));
      expect((await t.service.assign(ACTOR, ALERT, null)).assigneeId).toBeNull();
    });

    it('an analyst neither gives an alert to someone else nor takes it from them', async () => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow());
      const given = await t.service.assign(ACTOR, ALERT, OTHER_USER).catch((e: unknown) => e);
      expect(given).toMatchObject({ code: 'forbidden' });
      expect(t.log).toEqual([]);

      t.rows.set(ALERT, alertRow({ assignee_id: OTHER_USER }));
      for (const target of [ACTOR.id, null]) {
        const taken = await t.service.assign(ACTOR, ALERT, target).catch((e: unknown) => e);
        expect(taken).toMatchObject({ code: 'forbidden' });
      }
      expect(t.repo.update).not.toHaveBeenCalled();
      expect(t.events).toEqual([]);
    });

    it('refuses an inactive user (or a viewer) before opening any transaction', async () => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow());
      const inactive = '00000000-0000-4000-8000-0000000000c9';

      const err = await t.service.assign(LEAD, ALERT, inactive).catch((e: unknown) => e);

      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'validation_failed', message: 'userId: no such active user who may act on alerts' });
      expect(t.users.isAssignable).toHaveBeenCalledWith(inactive);
      expect(t.log).toEqual([]);
      expect(t.repo.lockById).not.toHaveBeenCalled();
      expect(t.events).toEqual([]);
    });
  });

  describe('addNote', () => {
    it('adds the note by the actor, touches the alert and records it', async () => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow());

      const alert = await t.service.addNote(ACTOR, ALERT, { text: 'called the regional office' });

      const em = t.ems[0]!;
      expect(t.repo.addNote).toHaveBeenCalledWith(em, { id: expect.any(String), alertId: ALERT, at: NOW, userId: ACTOR.id, userName: 'Sari', text: 'called the regional office' });
      expect(t.repo.update).toHaveBeenCalledWith(em, ALERT, { updated_at: NOW });
      expect(t.repo.addHistory).toHaveBeenCalledWith(em, { id: expect.any(String), alertId: ALERT, at: NOW, userId: ACTOR.id, userName: 'Sari', action: 'noted', details: {} });
      expect(alert).toMatchObject({ status: 'open', updatedAt: '2026-12-05T10:00:00.000Z' });
      expect(t.events).toEqual([{ seq: 101, type: 'updated', alert }]);
    });
  });

  describe('write', () => {
    it('publishes only once the transaction has committed', async () => {
      const t = newTestService();
      t.rows.set(ALERT, alertRow());
      const commit = t.holdCommit();

      const written = t.service.write(() => Promise.resolve({ id: ALERT, type: 'updated' }));
      await commit.reached;

      expect(t.repo.appendEvent).toHaveBeenCalledTimes(1);
      expect(t.events).toEqual([]);
      commit.release();
      const change = await written;
      expect(t.log).toEqual(['begin', 'commit', 'event:updated']);
      expect(change).toEqual({ alert: expect.objectContaining({ id: ALERT }), type: 'updated', seq: 101 });
      expect(t.events).toEqual([change]);
    });

    it('appends and publishes nothing when the work changed nothing', async () => {
      const t = newTestService();

      await expect(t.service.write(() => Promise.resolve(undefined))).resolves.toBeUndefined();

      expect(t.log).toEqual(['begin', 'commit']);
      expect(t.repo.get).not.toHaveBeenCalled();
      expect(t.repo.appendEvent).not.toHaveBeenCalled();
      expect(t.events).toEqual([]);
    });

    it('publishes nothing when the work fails', async () => {
      const t = newTestService();
      const err = new Error('boom');

      await expect(t.service.write(() => Promise.reject(err))).rejects.toBe(err);

      expect(t.log).toEqual(['begin', 'rollback']);
      expect(t.events).toEqual([]);
    });

    it('fails when the changed alert cannot be read back', async () => {
      const t = newTestService();

      await expect(t.service.write(() => Promise.resolve({ id: ALERT, type: 'opened' }))).rejects.toThrow(`alert ${ALERT} vanished inside its own transaction`);

      expect(t.repo.appendEvent).not.toHaveBeenCalled();
      expect(t.events).toEqual([]);
    });
  });
});
