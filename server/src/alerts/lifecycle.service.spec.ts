import { describe, expect, it, jest } from '@jest/globals';
import type { EscalationStep } from '@siaga/shared';
import pino from 'pino';
import type { EntityManager } from 'typeorm';
import type { UsersService } from '../auth/users.service.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import type { AlertChanged, AlertEscalated } from './alerts.events.js';
import type { AlertRow, AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { LifecycleService } from './lifecycle.service.js';
import type { NotificationSettingsRepository, Recipient } from './notification-settings.repository.js';
import type { NotificationsService } from './notifications.service.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-05T08:00:00.000Z');
const QUIET_MINUTES = 30;
const PROGRAM = '00000000-0000-4000-8000-0000000000b1';
const A1 = '00000000-0000-4000-8000-0000000000a1';
const A2 = '00000000-0000-4000-8000-0000000000a2';

const POLICY: EscalationStep[] = [
  { afterMinutes: 15, role: 'supervisor', minSeverity: 'warning' },
  { afterMinutes: 45, role: 'admin', minSeverity: 'critical' },
];

const user = (n: number, role: Recipient['role'], inApp: boolean): Recipient => ({
  id: `00000000-0000-4000-8000-0000000000c${n}`,
  email: `${role}${n}@test.local`,
  name: `${role} ${n}`,
  role,
  prefs: { programIds: [], minSeverity: 'warning', email: true, inApp, language: 'id' },
});
const SUP_IN_APP = user(1, 'supervisor', true);
const SUP_MAIL_ONLY = user(2, 'supervisor', false);
const ADMIN = user(3, 'admin', true);
const ANALYST = user(4, 'analyst', true);
const RECIPIENTS = [ANALYST, SUP_IN_APP, SUP_MAIL_ONLY, ADMIN];

function alertRow(id: string, over: Partial<AlertRow> = {}): AlertRow {
  return {
    id,
    program_id: PROGRAM,
    program_name: 'BPJS Kesehatan',
    kind: 'negative_spike',
    severity: 'critical',
    status: 'open',
    dedup_key: `${PROGRAM}:negative_spike`,
    count: 1,
    peak_score: 0.999,
    peak_observed: 80,
    explanation: { facts: { kind: 'negative_spike', signal: 'spike', observed: 80, expected: 12, band: { lower: 4, upper: 20 }, windowMinutes: 10 }, expected: 12, band: { lower: 4, upper: 20 }, observed: 80, score: 0.999 },
    opened_at: new Date(T0),
    last_triggered_at: new Date(T0),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
    assignee_id: null,
    assignee_name: null,
    escalation_level: 0,
    updated_at: new Date(T0),
    ...over,
  };
}

/**
 * LifecycleService with the real AlertsService over one fake: alert rows in a map whose reads
 * filter as the SQL does, a transaction that just runs its work, the real EventBus and a clock
 * the test moves.
 */
function newTestService(policy: EscalationStep[] = POLICY) {
  let now = T0;
  const clock = { now: () => new Date(now) };
  const rows = new Map<string, AlertRow>();
  const copy = (r: AlertRow | undefined) => (r ? { ...r } : undefined);
  let seq = 0;
  const em = { name: 'tx' } as unknown as EntityManager;
  const db = { transaction: <T>(work: (em: EntityManager) => Promise<T>) => work(em) } as unknown as Database;
  const repo = {
    staleUnresolved: jest.fn<AlertsRepository['staleUnresolved']>((_em, before) =>
      Promise.resolve([...rows.values()].filter((r) => r.status !== 'resolved' && r.last_triggered_at < before).map((r) => ({ ...r }))),
    ),
    openUnacknowledged: jest.fn<AlertsRepository['openUnacknowledged']>(() => Promise.resolve([...rows.values()].filter((r) => r.status === 'open').map((r) => ({ ...r })))),
    lockWrites: jest.fn<AlertsRepository['lockWrites']>(() => Promise.resolve()),
    lockById: jest.fn<AlertsRepository['lockById']>((_em, id) => Promise.resolve(copy(rows.get(id)))),
    get: jest.fn<AlertsRepository['get']>((id) => Promise.resolve(copy(rows.get(id)))),
    update: jest.fn<AlertsRepository['update']>((_em, id, patch) => {
      rows.set(id, { ...rows.get(id)!, ...patch });
      return Promise.resolve();
    }),
    addHistory: jest.fn<AlertsRepository['addHistory']>(() => Promise.resolve()),
    appendEvent: jest.fn<AlertsRepository['appendEvent']>(() => Promise.resolve(++seq)),
  };
  const settings = {
    policy: jest.fn<NotificationSettingsRepository['policy']>(() => Promise.resolve(policy)),
    recipients: jest.fn<NotificationSettingsRepository['recipients']>(() => Promise.resolve(RECIPIENTS)),
  };
  const notifications = { alertEscalated: jest.fn<NotificationsService['alertEscalated']>(() => Promise.resolve()) };
  const bus = new EventBus();
  const changed: AlertChanged[] = [];
  const escalated: AlertEscalated[] = [];
  bus.on('alert.event', (e) => changed.push(e));
  bus.on('alert.escalated', (e) => escalated.push(e));
  const logger = pino({ level: 'silent' });
  const fakeRepo = repo as unknown as AlertsRepository;
  const alerts = new AlertsService(db, fakeRepo, bus, clock, logger, {} as UsersService);
  const config = loadConfig({ NODE_ENV: 'test', SIAGA_ALERT_AUTO_RESOLVE_MINUTES: String(QUIET_MINUTES) });
  const service = new LifecycleService(config, clock, logger, db, fakeRepo, alerts, settings as unknown as NotificationSettingsRepository, notifications as unknown as NotificationsService, bus);
  return {
    service,
    repo,
    rows,
    settings,
    notifications,
    changed,
    escalated,
    em,
    /** Sets the clock to T0 plus `ms`. */
    at: (ms: number) => (now = T0 + ms),
  };
}

describe('LifecycleService', () => {
  describe('auto-resolve', () => {
    it('asks for alerts last triggered before now minus the quiet window', async () => {
      const t = newTestService();
      t.at(2 * 60 * MINUTE);
      await t.service.tick();
      expect(t.repo.staleUnresolved).toHaveBeenCalledWith(t.em, new Date(T0 + 2 * 60 * MINUTE - QUIET_MINUTES * MINUTE));
    });

    it('resolves an alert once its last trigger is older than the window, not a millisecond earlier', async () => {
      const t = newTestService();
      // Acknowledged, so that escalation stays out of it.
      t.rows.set(A1, alertRow(A1, { status: 'acknowledged', last_triggered_at: new Date(T0) }));

      t.at(QUIET_MINUTES * MINUTE);
      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 0 });
      expect(t.rows.get(A1)!.status).toBe('acknowledged');
      expect(t.changed).toEqual([]);

      t.at(QUIET_MINUTES * MINUTE + 1);
      await expect(t.service.tick()).resolves.toEqual({ resolved: 1, escalated: 0 });

      const now = new Date(T0 + QUIET_MINUTES * MINUTE + 1);
      expect(t.repo.update).toHaveBeenCalledWith(t.em, A1, { status: 'resolved', resolved_at: now, resolution: 'auto', updated_at: now });
      expect(t.repo.addHistory).toHaveBeenCalledWith(t.em, { id: expect.any(String), alertId: A1, at: now, userId: null, userName: null, action: 'auto_resolved', details: { quietMinutes: 30 } });
      expect(t.changed).toHaveLength(1);
      expect(t.changed[0]).toMatchObject({ seq: 1, type: 'updated', alert: { id: A1, status: 'resolved', resolution: 'auto', resolvedAt: now.toISOString(), resolvedBy: null } });
    });

    it('resolves only the quiet alerts of a batch', async () => {
      const t = newTestService();
      t.at(3 * 60 * MINUTE);
      t.rows.set(A1, alertRow(A1, { status: 'acknowledged', last_triggered_at: new Date(T0 + 2 * 60 * MINUTE) }));
      t.rows.set(A2, alertRow(A2, { status: 'acknowledged', last_triggered_at: new Date(T0 + 3 * 60 * MINUTE - QUIET_MINUTES * MINUTE + 1) }));

      await expect(t.service.tick()).resolves.toEqual({ resolved: 1, escalated: 0 });

      expect(t.rows.get(A1)!.status).toBe('resolved');
      expect(t.rows.get(A2)!.status).toBe('acknowledged');
    });

    it('leaves an alert that triggered again between the read and the row lock', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { status: 'acknowledged' }));
      t.at(2 * 60 * MINUTE);
      // The detector bumps it while the lifecycle waits for the lock.
      t.repo.lockById.mockImplementationOnce((_em, id) => Promise.resolve({ ...t.rows.get(id)!, last_triggered_at: new Date(T0 + 2 * 60 * MINUTE - MINUTE) }));

      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 0 });

      expect(t.repo.lockById).toHaveBeenCalledWith(t.em, A1);
      expect(t.repo.update).not.toHaveBeenCalled();
      expect(t.repo.appendEvent).not.toHaveBeenCalled();
      expect(t.changed).toEqual([]);
    });

    it('leaves an alert someone resolved between the read and the row lock', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { status: 'acknowledged' }));
      t.at(2 * 60 * MINUTE);
      t.repo.lockById.mockImplementationOnce((_em, id) => Promise.resolve({ ...t.rows.get(id)!, status: 'resolved' }));

      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 0 });
      expect(t.repo.update).not.toHaveBeenCalled();
      expect(t.changed).toEqual([]);
    });
  });

  describe('escalation', () => {
    it('escalates nothing 1 ms before the first step, and to the step role at it', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { last_triggered_at: new Date(T0 + 10 * MINUTE) }));

      t.at(15 * MINUTE - 1);
      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 0 });
      expect(t.rows.get(A1)!.escalation_level).toBe(0);
      expect(t.escalated).toEqual([]);
      expect(t.notifications.alertEscalated).not.toHaveBeenCalled();

      t.at(15 * MINUTE);
      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 1 });

      const now = new Date(T0 + 15 * MINUTE);
      expect(t.settings.policy).toHaveBeenCalledWith(PROGRAM);
      expect(t.repo.update).toHaveBeenCalledWith(t.em, A1, { escalation_level: 1, updated_at: now });
      expect(t.repo.addHistory).toHaveBeenCalledWith(t.em, {
        id: expect.any(String),
        alertId: A1,
        at: now,
        userId: null,
        userName: null,
        action: 'escalated',
        details: { level: 1, role: 'supervisor', afterMinutes: 15, notified: ['supervisor1@test.local', 'supervisor2@test.local'] },
      });
      expect(t.changed).toHaveLength(1);
      const alert = t.changed[0]!.alert;
      expect(alert).toMatchObject({ id: A1, escalationLevel: 1, status: 'open' });
      expect(t.escalated).toEqual([{ alert, level: 1, reason: 'not acknowledged within 15 minutes: escalated to supervisors', userIds: [SUP_IN_APP.id] }]);
      expect(t.notifications.alertEscalated).toHaveBeenCalledTimes(1);
      expect(t.notifications.alertEscalated).toHaveBeenCalledWith(alert, [SUP_IN_APP, SUP_MAIL_ONLY], 1);
    });

    it('takes the next step only at its own afterMinutes, to its role', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { escalation_level: 1, last_triggered_at: new Date(T0 + 40 * MINUTE) }));

      t.at(45 * MINUTE - 1);
      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 0 });
      expect(t.escalated).toEqual([]);

      t.at(45 * MINUTE);
      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 1 });
      expect(t.rows.get(A1)!.escalation_level).toBe(2);
      expect(t.escalated).toEqual([{ alert: expect.objectContaining({ id: A1, escalationLevel: 2 }), level: 2, reason: 'not acknowledged within 45 minutes: escalated to admins', userIds: [ADMIN.id] }]);
      expect(t.notifications.alertEscalated).toHaveBeenCalledWith(expect.objectContaining({ id: A1 }), [ADMIN], 2);
    });

    it('escalates one step a tick and stops when the policy has no more steps', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { last_triggered_at: new Date(T0 + 10 * 60 * MINUTE) }));
      t.at(10 * 60 * MINUTE);

      const levels: number[] = [];
      for (let i = 0; i < 3; i++) {
        await t.service.tick();
        levels.push(t.rows.get(A1)!.escalation_level);
      }

      expect(levels).toEqual([1, 2, 2]);
      expect(t.escalated.map((e) => e.level)).toEqual([1, 2]);
      expect(t.notifications.alertEscalated).toHaveBeenCalledTimes(2);
    });

    it('does not escalate below a step minSeverity', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { severity: 'info', last_triggered_at: new Date(T0 + 10 * 60 * MINUTE) }));
      t.rows.set(A2, alertRow(A2, { severity: 'warning', escalation_level: 1, last_triggered_at: new Date(T0 + 10 * 60 * MINUTE) }));
      t.at(10 * 60 * MINUTE);

      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 0 });

      expect(t.rows.get(A1)!.escalation_level).toBe(0);
      expect(t.rows.get(A2)!.escalation_level).toBe(1);
      expect(t.escalated).toEqual([]);
      expect(t.notifications.alertEscalated).not.toHaveBeenCalled();
    });

    it('escalates a warning at a step whose minSeverity is warning', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { severity: 'warning', last_triggered_at: new Date(T0 + 10 * 60 * MINUTE) }));
      t.at(10 * 60 * MINUTE);

      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 1 });
      expect(t.escalated.map((e) => [e.level, e.alert.id])).toEqual([[1, A1]]);
    });

    it('does not escalate an alert acknowledged between the read and the row lock', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { last_triggered_at: new Date(T0 + 10 * 60 * MINUTE) }));
      t.at(10 * 60 * MINUTE);
      t.repo.lockById.mockImplementationOnce((_em, id) => Promise.resolve({ ...t.rows.get(id)!, status: 'acknowledged' }));

      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 0 });

      expect(t.repo.update).not.toHaveBeenCalled();
      expect(t.changed).toEqual([]);
      expect(t.escalated).toEqual([]);
      expect(t.notifications.alertEscalated).not.toHaveBeenCalled();
    });

    it('does not escalate an alert another instance escalated between the read and the row lock', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { last_triggered_at: new Date(T0 + 20 * MINUTE) }));
      t.at(20 * MINUTE);
      t.repo.lockById.mockImplementationOnce((_em, id) => Promise.resolve({ ...t.rows.get(id)!, escalation_level: 1 }));

      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 0 });
      expect(t.escalated).toEqual([]);
    });

    it('follows the program own policy', async () => {
      const t = newTestService([{ afterMinutes: 5, role: 'analyst', minSeverity: 'info' }]);
      t.rows.set(A1, alertRow(A1, { severity: 'info', last_triggered_at: new Date(T0 + 5 * MINUTE) }));
      t.at(5 * MINUTE);

      await expect(t.service.tick()).resolves.toEqual({ resolved: 0, escalated: 1 });
      expect(t.escalated).toEqual([{ alert: expect.objectContaining({ id: A1 }), level: 1, reason: 'not acknowledged within 5 minutes: escalated to analysts', userIds: [ANALYST.id] }]);
      expect(t.notifications.alertEscalated).toHaveBeenCalledWith(expect.objectContaining({ id: A1 }), [ANALYST], 1);
    });

    it('does not read the recipients when no alert is open', async () => {
      const t = newTestService();
      t.rows.set(A1, alertRow(A1, { status: 'acknowledged', last_triggered_at: new Date(T0 + 10 * 60 * MINUTE) }));
      t.at(10 * 60 * MINUTE);
      await t.service.tick();
      expect(t.settings.recipients).not.toHaveBeenCalled();
    });
  });
});
