import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { explanationTexts, type Alert, type NotificationPreferences, type Severity } from '@siaga/shared';
import pino from 'pino';
import { loadConfig } from '../config/config.js';
import { EventBus } from '../events/event-bus.js';
import type { DeliveriesRepository, DeliveryRow } from './deliveries.repository.js';
import type { NotificationSettingsRepository, Recipient, WebhookRow } from './notification-settings.repository.js';
import { MAX_ATTEMPTS, NotificationsService, alertEmail, backoffMs, signWebhook } from './notifications.service.js';

const SECOND = 1_000;
const T0 = Date.parse('2026-12-05T10:00:00.000Z');
const PROGRAM = '00000000-0000-4000-8000-0000000000b1';
const OTHER_PROGRAM = '00000000-0000-4000-8000-0000000000b2';
const ALERT = '00000000-0000-4000-8000-0000000000a1';
const SECRET = 'whsec_test_0123456789';

function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: ALERT,
    programId: PROGRAM,
    programName: 'BPJS Kesehatan',
    kind: 'negative_spike',
    severity: 'warning',
    status: 'open',
    dedupKey: `${PROGRAM}:negative_spike`,
    count: 1,
    peakScore: 0.97,
    peakObserved: 57,
    explanation: { facts: { kind: 'negative_spike', signal: 'spike', observed: 57, expected: 12, band: { lower: 4, upper: 20 }, windowMinutes: 10 }, expected: 12, band: { lower: 4, upper: 20 }, observed: 57, score: 0.97 },
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
    ...over,
  };
}

const recipient = (n: number, prefs: Partial<NotificationPreferences> = {}): Recipient => ({
  id: `00000000-0000-4000-8000-0000000000c${n}`,
  email: `user${n}@test.local`,
  name: `User ${n}`,
  role: 'supervisor',
  prefs: { programIds: [], minSeverity: 'warning', email: true, inApp: true, language: 'id', ...prefs },
});

const webhook = (n: number, over: Partial<WebhookRow> = {}): WebhookRow => ({
  id: `00000000-0000-4000-8000-0000000000d${n}`,
  name: `hook ${n}`,
  url: `https://hooks.test.local/${n}`,
  secret: SECRET,
  program_ids: [],
  min_severity: 'warning',
  active: true,
  created_by: null,
  created_at: new Date(T0 - 86_400_000),
  ...over,
});

/**
 * NotificationsService over fakes: the deliveries table as a map whose claim, sent and failed
 * updates do what the SQL does, settings as plain lists, the real EventBus and a clock the test moves.
 */
function newTestService(opts: { recipients?: Recipient[]; webhooks?: WebhookRow[]; env?: Record<string, string> } = {}) {
  let now = T0;
  const clock = { now: () => new Date(now) };
  const table = new Map<string, DeliveryRow>();
  const deliveries = {
    insert: jest.fn<DeliveriesRepository['insert']>((rows) => {
      for (const r of rows) {
        table.set(r.id, {
          id: r.id,
          alert_id: r.alert_id,
          channel: r.channel,
          target: r.target,
          reason: r.reason,
          status: r.status,
          attempts: 0,
          last_error: null,
          next_attempt_at: r.status === 'pending' ? r.at : null,
          created_at: r.at,
          sent_at: r.status === 'sent' ? r.at : null,
        });
      }
      return Promise.resolve();
    }),
    claimDue: jest.fn<DeliveriesRepository['claimDue']>((at, leaseMs, limit = 20) => {
      const due = [...table.values()]
        .filter((r) => r.status === 'pending' && r.next_attempt_at !== null && r.next_attempt_at.getTime() <= at.getTime())
        .sort((a, b) => a.next_attempt_at!.getTime() - b.next_attempt_at!.getTime())
        .slice(0, limit);
      for (const r of due) {
        r.attempts++;
        r.next_attempt_at = new Date(at.getTime() + leaseMs);
      }
      return Promise.resolve(due.map((r) => ({ ...r })));
    }),
    markSent: jest.fn<DeliveriesRepository['markSent']>((id, at) => {
      Object.assign(table.get(id)!, { status: 'sent', sent_at: at, next_attempt_at: null, last_error: null });
      return Promise.resolve();
    }),
    markFailed: jest.fn<DeliveriesRepository['markFailed']>((id, error, retryAt) => {
      Object.assign(table.get(id)!, { status: retryAt ? 'pending' : 'failed', last_error: error.slice(0, 1000), next_attempt_at: retryAt });
      return Promise.resolve();
    }),
    alertPayload: jest.fn<DeliveriesRepository['alertPayload']>(() => Promise.resolve(undefined)),
  };
  const settings = {
    recipients: jest.fn<NotificationSettingsRepository['recipients']>(() => Promise.resolve(opts.recipients ?? [])),
    webhooks: jest.fn<NotificationSettingsRepository['webhooks']>(() => Promise.resolve(opts.webhooks ?? [])),
  };
  const bus = new EventBus();
  const config = loadConfig({ NODE_ENV: 'test', SIAGA_PUBLIC_URL: 'https://siaga.test.local/', ...opts.env });
  const service = new NotificationsService(
    config,
    clock,
    pino({ level: 'silent' }),
    settings as unknown as NotificationSettingsRepository,
    deliveries as unknown as DeliveriesRepository,
    bus,
  );
  /** Resolves with the inserted rows once the listener has queued them and kicked the worker. */
  const queued = () =>
    new Promise<Parameters<DeliveriesRepository['insert']>[0]>((resolve) => {
      const kick = service.kick.bind(service);
      jest.spyOn(service, 'kick').mockImplementationOnce(() => {
        kick();
        resolve(deliveries.insert.mock.calls.at(-1)![0]);
      });
    });
  return { service, deliveries, settings, bus, table, queued, at: (ms: number) => (now = T0 + ms) };
}

/**
 * Webhook requests answer with these statuses in turn (the last one repeats); the calls are kept
 * as [url, {body, headers}].
 */
function fakeWebhooks(service: NotificationsService, ...statuses: number[]) {
  let i = 0;
  const posts = jest.fn((_url: string, _init: { body: string; headers: Record<string, string> }) => Promise.resolve(statuses[Math.min(i++, statuses.length - 1)]!));
  service.postWebhook = (req) => posts(req.url, { body: req.body, headers: req.headers });
  return posts;
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('NotificationsService', () => {
  describe('alertEmail', () => {
    it('writes the email in the recipient\'s language, explanation included', () => {
      const payload = { type: 'alert.escalated' as const, alert: alert(), url: `https://siaga.test.local/alerts/${ALERT}` };
      const id = alertEmail(payload, 'id');
      expect(id.subject).toBe('[Siaga WASPADA] ESKALASI: BPJS Kesehatan: lonjakan pos negatif');
      expect(id.text.split('\n')[0]).toBe('57 pos negatif dalam 10 menit terakhir, biasanya sekitar 12 (rentang 4–20) pada jam ini.');
      expect(id.text).toContain('Tingkat: WASPADA');
      const en = alertEmail(payload, 'en');
      expect(en.subject).toBe('[Siaga WARNING] ESCALATED: BPJS Kesehatan: negative spike');
      expect(en.text.split('\n')[0]).toBe('57 negative posts in the last 10 minutes, expected about 12 (band 4–20) at this hour.');
      expect(en.text).toContain(`Open it: https://siaga.test.local/alerts/${ALERT}`);
    });
  });

  describe('signWebhook', () => {
    it('is the hex HMAC-SHA256 of "<timestamp>.<body>" under the secret', () => {
      const body = '{"type":"alert.opened","deliveryId":"d1"}';
      // The literal is from `openssl dgst -sha256 -hmac`.
      expect(signWebhook(SECRET, '1764928800', body)).toBe('sha256=d23aa306008f47a22f1f453e921dd15624bd51077a5062adb1fd6e9430c30006');
      expect(signWebhook(SECRET, '1764928800', body)).toBe(`sha256=${createHmac('sha256', SECRET).update(`1764928800.${body}`).digest('hex')}`);
    });

    it('changes with the timestamp and with the secret', () => {
      const body = '{"a":1}';
      expect(signWebhook(SECRET, '1764928801', body)).not.toBe(signWebhook(SECRET, '1764928800', body));
      expect(signWebhook('another-secret', '1764928800', body)).not.toBe(signWebhook(SECRET, '1764928800', body));
    });
  });

  it('backs off 10 s, 20 s, 40 s and 80 s after the first four attempts', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(0)).toBe(10_000);
    expect(MAX_ATTEMPTS).toBe(5);
  });

  describe('queueing', () => {
    it('queues an opened alert to the users and webhooks that want it', async () => {
      const wanted = recipient(1);
      const narrow = recipient(4, { programIds: [OTHER_PROGRAM, PROGRAM], minSeverity: 'info' });
      const t = newTestService({
        recipients: [
          wanted,
          recipient(2, { minSeverity: 'critical' }),
          recipient(3, { programIds: [OTHER_PROGRAM] }),
          narrow,
          // Email only, and no SMTP server configured: nothing to record.
          recipient(5, { inApp: false }),
        ],
        webhooks: [
          webhook(1),
          webhook(2, { active: false }),
          webhook(3, { min_severity: 'critical' }),
          webhook(4, { program_ids: [OTHER_PROGRAM] }),
          webhook(5, { program_ids: [PROGRAM], min_severity: 'info' }),
        ],
      });
      fakeWebhooks(t.service, 200);
      t.service.onModuleInit();
      const inserted = t.queued();

      t.bus.emit('alert.event', { seq: 7, type: 'opened', alert: alert() });

      const at = new Date(T0);
      expect(await inserted).toEqual([
        { id: expect.any(String), alert_id: ALERT, channel: 'in_app', target: wanted.id, reason: 'opened', status: 'sent', at },
        { id: expect.any(String), alert_id: ALERT, channel: 'in_app', target: narrow.id, reason: 'opened', status: 'sent', at },
        { id: expect.any(String), alert_id: ALERT, channel: 'webhook', target: webhook(1).id, reason: 'opened', status: 'pending', at },
        { id: expect.any(String), alert_id: ALERT, channel: 'webhook', target: webhook(5).id, reason: 'opened', status: 'pending', at },
      ]);
      await t.service.flush();
      expect([...t.table.values()].map((r) => [r.channel, r.target, r.status])).toEqual([
        ['in_app', wanted.id, 'sent'],
        ['in_app', narrow.id, 'sent'],
        ['webhook', webhook(1).id, 'sent'],
        ['webhook', webhook(5).id, 'sent'],
      ]);
    });

    it('ignores an updated alert', () => {
      const t = newTestService({ recipients: [recipient(1)], webhooks: [webhook(1)] });
      t.service.onModuleInit();

      t.bus.emit('alert.event', { seq: 8, type: 'updated', alert: alert({ count: 2 }) });

      // The listener would have asked for the recipients before its first await.
      expect(t.settings.recipients).not.toHaveBeenCalled();
      expect(t.deliveries.insert).not.toHaveBeenCalled();
    });

    it('stops listening on shutdown', async () => {
      const t = newTestService({ recipients: [recipient(1)] });
      t.service.onModuleInit();
      await t.service.onApplicationShutdown();

      t.bus.emit('alert.event', { seq: 9, type: 'opened', alert: alert() });

      expect(t.settings.recipients).not.toHaveBeenCalled();
    });

    it.each<[string, Severity, string[], Severity, boolean]>([
      ['warning and up, every program', 'warning', [], 'warning', true],
      ['warning and up, every program', 'warning', [], 'info', false],
      ['critical only', 'critical', [], 'warning', false],
      ['critical only', 'critical', [], 'critical', true],
      ['info and up', 'info', [], 'info', true],
      ['this program', 'warning', [PROGRAM], 'critical', true],
      ['another program', 'info', [OTHER_PROGRAM], 'critical', false],
    ])('a user who wants %s (%s, %j) hears of a %s alert: %p', async (_what, minSeverity, programIds, severity, heard) => {
      const user = recipient(1, { minSeverity, programIds });
      const t = newTestService({ recipients: [user] });

      await t.service.alertOpened(alert({ severity }));
      await t.service.flush();

      expect(t.deliveries.insert).toHaveBeenCalledTimes(1);
      expect(t.deliveries.insert.mock.calls[0]![0].map((r) => [r.channel, r.target])).toEqual(heard ? [['in_app', user.id]] : []);
    });

    it('queues email to users who want it when an SMTP server is configured', async () => {
      const both = recipient(1);
      const mailOnly = recipient(2, { inApp: false });
      const inAppOnly = recipient(3, { email: false });
      const t = newTestService({ recipients: [both, mailOnly, inAppOnly], env: { SIAGA_SMTP_URL: 'smtp://127.0.0.1:2525' } });
      // Nothing is sent here: the worker finds nothing due.
      t.deliveries.claimDue.mockResolvedValue([]);

      await t.service.alertOpened(alert());
      await t.service.flush();
      await t.service.onApplicationShutdown();

      expect(t.deliveries.insert.mock.calls[0]![0].map((r) => [r.channel, r.target, r.status])).toEqual([
        ['in_app', both.id, 'sent'],
        ['email', both.email, 'pending'],
        ['email', mailOnly.email, 'pending'],
        ['in_app', inAppOnly.id, 'sent'],
      ]);
    });

    it('queues an escalation to the given users, whatever their preferences, and to matching webhooks', async () => {
      const picky = recipient(1, { minSeverity: 'critical', programIds: [OTHER_PROGRAM] });
      const t = newTestService({ webhooks: [webhook(1)] });
      const posts = fakeWebhooks(t.service, 200);

      await t.service.alertEscalated(alert(), [picky], 2);
      await t.service.flush();

      expect(t.deliveries.insert.mock.calls[0]![0].map((r) => [r.channel, r.target, r.reason, r.status])).toEqual([
        ['in_app', picky.id, 'escalation', 'sent'],
        ['webhook', webhook(1).id, 'escalation', 'pending'],
      ]);
      expect(t.settings.recipients).not.toHaveBeenCalled();
      const body = JSON.parse(posts.mock.calls[0]![1].body) as Record<string, unknown>;
      expect(body).toMatchObject({ type: 'alert.escalated', level: 2, alert: { id: ALERT } });
    });
  });

  describe('webhook worker', () => {
    it('posts the signed payload once and marks it sent', async () => {
      const t = newTestService({ webhooks: [webhook(1)] });
      const posts = fakeWebhooks(t.service, 200);
      const a = alert();

      await t.service.alertOpened(a);
      await t.service.flush();

      expect(posts).toHaveBeenCalledTimes(1);
      const [url, init] = posts.mock.calls[0]!;
      const [row] = [...t.table.values()];
      expect(url).toBe('https://hooks.test.local/1');
      const body = init.body;
      // The facts travel as stored, with the sentence in both languages beside them.
      const text = {
        id: '57 pos negatif dalam 10 menit terakhir, biasanya sekitar 12 (rentang 4–20) pada jam ini.',
        en: '57 negative posts in the last 10 minutes, expected about 12 (band 4–20) at this hour.',
      };
      expect(JSON.parse(body)).toEqual({ type: 'alert.opened', alert: { ...a, explanation: { ...a.explanation, text } }, url: `https://siaga.test.local/alerts/${ALERT}`, deliveryId: row!.id });
      const timestamp = String(T0 / 1000);
      expect(init.headers).toEqual({
        'content-type': 'application/json',
        'x-siaga-timestamp': timestamp,
        'x-siaga-signature': `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`,
        'x-siaga-delivery': row!.id,
      });
      expect(t.deliveries.markSent).toHaveBeenCalledWith(row!.id, new Date(T0));
      expect(t.deliveries.markFailed).not.toHaveBeenCalled();
      expect(row).toMatchObject({ status: 'sent', attempts: 1, sent_at: new Date(T0) });
    });

    it('retries a failing webhook after each backoff, not a millisecond earlier, and gives up after MAX_ATTEMPTS', async () => {
      const t = newTestService({ webhooks: [webhook(1)] });
      const posts = fakeWebhooks(t.service, 500);

      await t.service.alertOpened(alert());
      await t.service.flush();
      expect(posts).toHaveBeenCalledTimes(1);
      const [row] = [...t.table.values()];

      let due = T0 + 10 * SECOND;
      for (const [attempt, wait] of [[2, 20], [3, 40], [4, 80]] as const) {
        t.at(due - 1 - T0);
        await t.service.flush();
        expect(posts).toHaveBeenCalledTimes(attempt - 1);
        t.at(due - T0);
        await t.service.flush();
        expect(posts).toHaveBeenCalledTimes(attempt);
        due += wait * SECOND;
      }
      t.at(due - 1 - T0);
      await t.service.flush();
      expect(posts).toHaveBeenCalledTimes(4);
      t.at(due - T0);
      await t.service.flush();
      expect(posts).toHaveBeenCalledTimes(5);

      const error = 'webhook answered 500';
      expect(t.deliveries.markFailed.mock.calls).toEqual([
        [row!.id, error, new Date(T0 + 10 * SECOND)],
        [row!.id, error, new Date(T0 + 30 * SECOND)],
        [row!.id, error, new Date(T0 + 70 * SECOND)],
        [row!.id, error, new Date(T0 + 150 * SECOND)],
        [row!.id, error, null],
      ]);
      expect(t.table.get(row!.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, last_error: error, next_attempt_at: null });

      t.at(86_400_000);
      await t.service.flush();
      expect(posts).toHaveBeenCalledTimes(MAX_ATTEMPTS);
      expect(t.deliveries.markSent).not.toHaveBeenCalled();
    });

    it('marks a webhook sent when a retry succeeds, with the same signed payload', async () => {
      const t = newTestService({ webhooks: [webhook(1)] });
      const posts = fakeWebhooks(t.service, 503, 200);

      await t.service.alertOpened(alert());
      await t.service.flush();
      t.at(10 * SECOND);
      await t.service.flush();

      const [row] = [...t.table.values()];
      expect(posts).toHaveBeenCalledTimes(2);
      expect(t.deliveries.markFailed.mock.calls).toEqual([[row!.id, 'webhook answered 503', new Date(T0 + 10 * SECOND)]]);
      expect(t.deliveries.markSent).toHaveBeenCalledWith(row!.id, new Date(T0 + 10 * SECOND));
      expect(posts.mock.calls[1]![1].body).toBe(posts.mock.calls[0]![1].body);
      expect((posts.mock.calls[1]![1].headers)['x-siaga-timestamp']).toBe(String((T0 + 10 * SECOND) / 1000));
      expect(row).toMatchObject({ status: 'sent', attempts: 2 });

      t.at(3_600_000);
      await t.service.flush();
      expect(posts).toHaveBeenCalledTimes(2);
    });

    it('records a webhook deleted after queueing as a failed attempt', async () => {
      const t = newTestService({ webhooks: [webhook(1)] });
      const posts = fakeWebhooks(t.service, 200);
      t.settings.webhooks.mockResolvedValueOnce([webhook(1)]).mockResolvedValue([]);

      await t.service.alertOpened(alert());
      await t.service.flush();

      const [row] = [...t.table.values()];
      expect(posts).not.toHaveBeenCalled();
      expect(t.deliveries.markFailed.mock.calls).toEqual([[row!.id, 'the webhook was deleted', new Date(T0 + 10 * SECOND)]]);
    });

    it('rebuilds the payload of a delivery queued before a restart from the last alert event', async () => {
      const t = newTestService({ webhooks: [webhook(1)] });
      const posts = fakeWebhooks(t.service, 200);
      const stored = alert({ count: 4 });
      t.deliveries.alertPayload.mockResolvedValue(stored);
      await t.deliveries.insert([{ id: '00000000-0000-4000-8000-0000000000e1', alert_id: ALERT, channel: 'webhook', target: webhook(1).id, reason: 'opened', status: 'pending', at: new Date(T0) }]);

      await t.service.flush();

      expect(t.deliveries.alertPayload).toHaveBeenCalledWith(ALERT);
      const text = explanationTexts(stored.explanation.facts);
      expect(JSON.parse(posts.mock.calls[0]![1].body)).toEqual({ type: 'alert.opened', alert: { ...stored, explanation: { ...stored.explanation, text } }, url: `https://siaga.test.local/alerts/${ALERT}`, deliveryId: '00000000-0000-4000-8000-0000000000e1' });
      expect(t.deliveries.markSent).toHaveBeenCalledWith('00000000-0000-4000-8000-0000000000e1', new Date(T0));
    });
  });
});
