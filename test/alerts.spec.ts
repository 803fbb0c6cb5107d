import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Alert, AlertDetail, Delivery, EscalationNotice, Program } from '@siaga/shared';
import { SMTPServer } from 'smtp-server';
import { AlertsService } from '../server/src/alerts/alerts.service.js';
import { LifecycleService } from '../server/src/alerts/lifecycle.service.js';
import { NotificationsService } from '../server/src/alerts/notifications.service.js';
import type { DetectionDecision } from '@siaga/shared';
import { EventBus } from '../server/src/events/event-bus.js';
import { ENGINE } from './support/database.js';
import { FakeClock, startTestApp, type TestApp } from './support/app.js';
import { volumeSpike } from './support/decisions.js';

interface Mail {
  to: string[];
  body: string;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe(`alerts (${ENGINE})`, () => {
  const clock = new FakeClock();
  const mails: Mail[] = [];
  const hooks: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  let hookFailuresLeft = 1;
  let smtp: SMTPServer;
  let hookServer: Server;
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let program: Program;
  let supervisorId: string;
  let supervisor: string;
  const escalations: Array<EscalationNotice & { userIds: string[] }> = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, cb) {
        cb(address.address.startsWith('bounce') ? new Error('mailbox unavailable') : undefined);
      },
      onData(stream, session, cb) {
        let body = '';
        stream.on('data', (c: Buffer) => (body += c.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
          cb();
        });
      },
      logger: false,
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    hookServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body });
        res.statusCode = hookFailuresLeft-- > 0 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    // The webhook receiver listens on loopback, which only an admin's SIAGA_WEBHOOK_ALLOW_PRIVATE allows.
    t = await startTestApp({ SIAGA_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SIAGA_ALERT_AUTO_RESOLVE_MINUTES: '30', SIAGA_WEBHOOK_ALLOW_PRIVATE: '1' }, { clock });
    admin = await t.token('admin');
    analyst = await t.token('analyst');
    supervisor = await t.token('supervisor');
    const users = await t.http.get('/api/users').set('authorization', `Bearer ${admin}`);
    supervisorId = (users.body.items as Array<{ id: string; role: string }>).find((u) => u.role === 'supervisor')!.id;
    program = (await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' })).body as Program;
    t.siaga.app.get(EventBus).on('alert.escalated', (e) => escalations.push(e));
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((r) => smtp.close(() => r()));
    await new Promise<void>((r) => hookServer.close(() => r()));
  });

  const decision = (over: Partial<DetectionDecision> = {}): DetectionDecision => volumeSpike(program.id, clock.now(), over);
  const alerts = () => t.siaga.app.get(AlertsService);
  const api = (token: string) => ({
    get: (p: string) => t.http.get(p).set('authorization', `Bearer ${token}`),
    post: (p: string, body: object = {}) => t.http.post(p).set('authorization', `Bearer ${token}`).send(body),
    put: (p: string, body: object = {}) => t.http.put(p).set('authorization', `Bearer ${token}`).send(body),
    patch: (p: string, body: object = {}) => t.http.patch(p).set('authorization', `Bearer ${token}`).send(body),
  });

  it('opens an alert from a decision, and a new trigger bumps it instead of opening another', async () => {
    const opened = (await alerts().applyDecision(decision()))!;
    expect(opened).toMatchObject({ status: 'open', kind: 'volume_spike', severity: 'warning', count: 1, programId: program.id, programName: 'BPJS Kesehatan' });
    expect(opened.explanation).toMatchObject({ expected: 80, observed: 312, band: { lower: 45, upper: 130 } });
    clock.advance(60_000);
    const bumped = (await alerts().applyDecision(decision({ observed: 500, score: 0.999, severityHint: 'critical' })))!;
    expect(bumped.id).toBe(opened.id);
    expect(bumped).toMatchObject({ count: 2, peakObserved: 500, severity: 'critical' });
    const list = await api(analyst).get(`/api/alerts?status=open&programId=${program.id}`);
    expect(list.body.items).toHaveLength(1);
    // What the live event carries (built in memory) is what the REST API reads back.
    const { notes: _notes, history: _history, ...stored } = (await api(analyst).get(`/api/alerts/${opened.id}`)).body as AlertDetail;
    expect(stored).toEqual(bumped);
  });

  it('turns simultaneous triggers of one dedup key into one alert counting them all', async () => {
    const fired = await Promise.all(Array.from({ length: 6 }, (_, i) => alerts().applyDecision(decision({ kind: 'negative_spike', score: 0.9 + i / 100 }))));
    const ids = new Set(fired.map((a) => a!.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const stored = (await api(analyst).get(`/api/alerts/${id!}`)).body as AlertDetail;
    expect(stored).toMatchObject({ count: 6, peakScore: 0.95 });
    expect(stored.history.map((h) => h.action)).toEqual(['opened', 'triggered', 'triggered', 'triggered', 'triggered', 'triggered']);
    await api(analyst).post(`/api/alerts/${id!}/resolve`);
  });

  it('acknowledges, assigns, notes and resolves, keeping a full history', async () => {
    const [a] = (await api(analyst).get('/api/alerts?status=open')).body.items as Alert[];
    expect((await api(analyst).post(`/api/alerts/${a!.id}/acknowledge`, { note: 'looking' })).body.status).toBe('acknowledged');
    expect((await api(analyst).post(`/api/alerts/${a!.id}/acknowledge`)).status).toBe(409);
    // Handing an alert to someone else is a lead's call: the analyst is refused, the supervisor is not.
    expect((await api(analyst).post(`/api/alerts/${a!.id}/assign`, { userId: supervisorId })).status).toBe(403);
    expect((await api(supervisor).post(`/api/alerts/${a!.id}/assign`, { userId: supervisorId })).body.assigneeName).toBe('supervisor');
    expect((await api(supervisor).post(`/api/alerts/${a!.id}/assign`, { userId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    expect((await api(analyst).post(`/api/alerts/${a!.id}/assign`, { userId: null })).status).toBe(403);
    expect((await api(analyst).post(`/api/alerts/${a!.id}/notes`, { text: 'Hoaks tentang iuran naik' })).status).toBe(200);
    expect((await api(analyst).post(`/api/alerts/${a!.id}/resolve`)).body).toMatchObject({ status: 'resolved', resolution: 'manual' });
    const detail = (await api(analyst).get(`/api/alerts/${a!.id}`)).body as AlertDetail;
    expect(detail.history.map((h) => h.action)).toEqual(['opened', 'triggered', 'acknowledged', 'assigned', 'noted', 'resolved']);
    expect(detail.notes.map((n) => n.text)).toEqual(['Hoaks tentang iuran naik']);
    const viewer = await t.token('viewer');
    expect((await api(viewer).post(`/api/alerts/${a!.id}/resolve`)).status).toBe(403);
    // A resolved alert no longer dedups: the next trigger opens a new one.
    const next = (await alerts().applyDecision(decision()))!;
    expect(next.id).not.toBe(a!.id);
    await api(analyst).post(`/api/alerts/${next.id}/resolve`);
  });

  it('snoozes a program: its decisions open nothing until the snooze ends', async () => {
    const until = new Date(clock.now().getTime() + 3_600_000).toISOString();
    expect((await api(analyst).put(`/api/programs/${program.id}/snooze`, { until, reason: 'announced tariff change' })).status).toBe(200);
    expect(await alerts().applyDecision(decision({ kind: 'negative_spike' }))).toBeUndefined();
    expect((await api(analyst).put(`/api/programs/${program.id}/snooze`, { until: '2020-01-01T00:00:00Z' })).status).toBe(400);
    clock.advance(3_600_001);
    const opened = await alerts().applyDecision(decision({ kind: 'negative_spike' }));
    expect(opened?.status).toBe('open');
  });

  it('auto-resolves an alert whose signal stayed normal for the configured time', async () => {
    const [a] = (await api(analyst).get('/api/alerts?status=open&kind=negative_spike')).body.items as Alert[];
    clock.advance(29 * 60_000);
    await t.siaga.app.get(LifecycleService).tick();
    expect((await api(analyst).get(`/api/alerts/${a!.id}`)).body.status).toBe('open');
    clock.advance(2 * 60_000);
    await t.siaga.app.get(LifecycleService).tick();
    const after = (await api(analyst).get(`/api/alerts/${a!.id}`)).body as AlertDetail;
    expect(after).toMatchObject({ status: 'resolved', resolution: 'auto' });
    expect(after.history.at(-1)!.action).toBe('auto_resolved');
  });

  it('escalates an unacknowledged alert to supervisors by email and in-app, once per step', async () => {
    const opened = (await alerts().applyDecision(decision({ kind: 'negative_share_shift', severityHint: 'warning', score: 0.96 })))!;
    const notifications = t.siaga.app.get(NotificationsService);
    await notifications.flush();
    clock.advance(14 * 60_000);
    expect((await t.siaga.app.get(LifecycleService).tick()).escalated).toBe(0);
    clock.advance(2 * 60_000);
    expect((await t.siaga.app.get(LifecycleService).tick()).escalated).toBe(1);
    expect((await t.siaga.app.get(LifecycleService).tick()).escalated).toBe(0);
    await notifications.flush();
    const escalation = escalations.find((e) => e.alert.id === opened.id)!;
    expect(escalation).toMatchObject({ level: 1, userIds: [supervisorId] });
    // In the recipient's language: Indonesian unless they chose English.
    expect(mails.some((m) => m.to.includes('supervisor@test.local') && m.body.includes('ESKALASI'))).toBe(true);
    const detail = (await api(analyst).get(`/api/alerts/${opened.id}`)).body as AlertDetail;
    expect(detail.escalationLevel).toBe(1);
    // The admin step is for critical alerts only: this warning goes no further.
    clock.advance(60 * 60_000);
    expect((await t.siaga.app.get(LifecycleService).tick()).escalated).toBe(0);
    await api(analyst).post(`/api/alerts/${opened.id}/resolve`);
  });

  it('signs webhooks with HMAC-SHA256 and retries with backoff; a failing channel blocks nothing', async () => {
    const created = await api(admin).post('/api/webhooks', { name: 'Slack gateway', url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`, minSeverity: 'warning' });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(JSON.stringify((await api(admin).get('/api/webhooks')).body)).not.toContain(secret);
    // This user's mailbox bounces: their delivery fails alone.
    await api(admin).post('/api/users', { email: 'bounce@test.local', name: 'Bounce', role: 'supervisor', password: 'bounce-password-1' });
    const opened = (await alerts().applyDecision(decision({ kind: 'coordinated_campaign', severityHint: 'critical', score: 0.999 })))!;
    const deliveries = async () => (await api(analyst).get(`/api/alerts/${opened.id}/deliveries`)).body as Delivery[];
    await until('deliveries to be queued', async () => ((await deliveries()).some((d) => d.channel === 'webhook') ? true : undefined));
    const notifications = t.siaga.app.get(NotificationsService);
    await notifications.flush();
    let ds = await deliveries();
    expect(ds.find((d) => d.channel === 'webhook')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'webhook answered 500', targetName: 'Slack gateway' });
    expect(ds.find((d) => d.channel === 'in_app' && d.target === supervisorId)?.targetName).toBe('supervisor');
    expect(ds.find((d) => d.channel === 'email' && d.target === 'supervisor@test.local')?.status).toBe('sent');
    expect(ds.find((d) => d.channel === 'email' && d.target === 'bounce@test.local')?.status).toBe('pending');
    clock.advance(11_000);
    await notifications.flush();
    ds = await deliveries();
    expect(ds.find((d) => d.channel === 'webhook')).toMatchObject({ status: 'sent', attempts: 2 });
    const last = hooks.at(-1)!;
    const expected = `sha256=${createHmac('sha256', secret).update(`${String(last.headers['x-siaga-timestamp'])}.${last.body}`).digest('hex')}`;
    expect(last.headers['x-siaga-signature']).toBe(expected);
    expect(JSON.parse(last.body)).toMatchObject({ type: 'alert.opened', alert: { id: opened.id } });
    // The bounce keeps retrying on its own schedule until it gives up.
    for (let i = 0; i < 6; i++) {
      clock.advance(200_000);
      await notifications.flush();
    }
    expect((await deliveries()).find((d) => d.target === 'bounce@test.local')).toMatchObject({ status: 'failed', attempts: 5 });
  });

  it('lets users choose which programs and severities reach them', async () => {
    const prefs = { programIds: [], minSeverity: 'critical', email: true, inApp: true, language: 'en' };
    expect((await api(analyst).put('/api/me/notification-preferences', prefs)).body).toEqual(prefs);
    expect((await api(analyst).get('/api/me/notification-preferences')).body).toEqual(prefs);
    expect((await api(analyst).put('/api/me/notification-preferences', { ...prefs, minSeverity: 'loud' })).status).toBe(400);
    expect((await api(analyst).put('/api/me/notification-preferences', { ...prefs, language: 'fr' })).status).toBe(400);
    // Without a language the user's email language (set on /settings, shared with digests) stays as it is.
    const { language: _language, ...withoutLanguage } = prefs;
    expect((await api(analyst).put('/api/me/notification-preferences', withoutLanguage)).body).toEqual(prefs);
    expect((await api(analyst).get('/api/me/digest-subscription')).body).toEqual({ frequency: 'none', lang: 'en' });
    const policy = { steps: [{ afterMinutes: 5, role: 'supervisor', minSeverity: 'info' }] };
    expect((await api(analyst).put(`/api/programs/${program.id}/escalation-policy`, policy)).status).toBe(403);
    expect((await api(admin).put(`/api/programs/${program.id}/escalation-policy`, policy)).body).toEqual(policy);
  });

  it('lists assignees for supervisors only: active users who may act on alerts, viewers left out', async () => {
    await t.token('viewer');
    const res = await api(supervisor).get('/api/alerts/assignees');
    expect(res.status).toBe(200);
    const roles = (res.body as Array<{ role: string; name: string }>).map((u) => u.role);
    expect(roles).toEqual(expect.arrayContaining(['admin', 'supervisor', 'analyst']));
    expect(roles).not.toContain('viewer');
    expect((await api(analyst).get('/api/alerts/assignees')).status).toBe(403);
  });

  it('edits a webhook and sends it a signed test event', async () => {
    const url = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/edited`;
    const created = await api(admin).post('/api/webhooks', { name: 'Telegram gateway', url: 'https://hooks.example.org/x' });
    const id = created.body.id as string;
    const secret = created.body.secret as string;
    const edited = await api(admin).patch(`/api/webhooks/${id}`, { url, minSeverity: 'critical', name: 'Telegram (on call)' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id, url, minSeverity: 'critical', name: 'Telegram (on call)', active: true });
    expect(edited.body).not.toHaveProperty('secret');
    expect((await api(admin).patch(`/api/webhooks/${id}`, {})).status).toBe(400);
    expect((await api(admin).patch(`/api/webhooks/${id}`, { minSeverity: 'loud' })).status).toBe(400);
    expect((await api(admin).patch(`/api/webhooks/${id}`, { secret: 'mine' })).status).toBe(400);
    expect((await api(admin).patch('/api/webhooks/00000000-0000-4000-8000-000000000000', { active: false })).status).toBe(404);
    expect((await api(supervisor).patch(`/api/webhooks/${id}`, { active: false })).status).toBe(403);

    hookFailuresLeft = 0;
    const before = hooks.length;
    const tested = await api(admin).post(`/api/webhooks/${id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, status: 204, error: null });
    expect(hooks.length).toBe(before + 1);
    const sent = hooks.at(-1)!;
    // Signed with the secret given at creation, as real deliveries are: editing keeps it.
    const expected = `sha256=${createHmac('sha256', secret).update(`${String(sent.headers['x-siaga-timestamp'])}.${sent.body}`).digest('hex')}`;
    expect(sent.headers['x-siaga-signature']).toBe(expected);
    expect(sent.headers['x-siaga-delivery']).toBe(tested.body.deliveryId);
    expect(JSON.parse(sent.body)).toMatchObject({ type: 'webhook.test', webhook: { id, name: 'Telegram (on call)' } });

    hookFailuresLeft = 1;
    expect((await api(admin).post(`/api/webhooks/${id}/test`)).body).toMatchObject({ ok: false, status: 500, error: 'webhook answered 500' });
    expect((await api(analyst).post(`/api/webhooks/${id}/test`)).status).toBe(403);

    // The audit log names the webhook and who acted, and records the sign-ins.
    const audit = (await api(admin).get('/api/audit?targetType=webhook')).body.items as Array<{ action: string; actorName: string | null; targetName: string | null; targetId: string }>;
    // The fake clock stands still, so entries of one instant come in id order: compare them sorted.
    const mine = audit.filter((e) => e.targetId === id).map((e) => [e.action, e.actorName, e.targetName].join(' | '));
    expect(mine.sort()).toEqual([
      'webhook.created | Administrator | Telegram (on call)',
      'webhook.tested | Administrator | Telegram (on call)',
      'webhook.tested | Administrator | Telegram (on call)',
      'webhook.updated | Administrator | Telegram (on call)',
    ]);
    const logins = (await api(admin).get('/api/audit?action=auth.login')).body.items as Array<{ actorName: string | null; targetName: string | null; targetId: string }>;
    expect(logins.map((e) => e.targetName)).toEqual(expect.arrayContaining(['Administrator', 'analyst', 'supervisor']));
  });
  it('writes alert emails in the one email language chosen with the digest (the /settings control)', async () => {
    // Set through the digest subscription, read by the alert emails: one language for both.
    expect((await api(supervisor).put('/api/me/digest-subscription', { lang: 'en' })).body).toEqual({ frequency: 'none', lang: 'en' });
    const opened = (await alerts().applyDecision(decision({ kind: 'negative_share_shift', severityHint: 'warning', score: 0.97 })))!;
    const notifications = t.siaga.app.get(NotificationsService);
    await notifications.flush();
    const before = mails.length;
    clock.advance(16 * 60_000);
    expect((await t.siaga.app.get(LifecycleService).tick()).escalated).toBe(1);
    await notifications.flush();
    const escalated = mails.slice(before).filter((m) => m.to.includes('supervisor@test.local'));
    expect(escalated.length).toBeGreaterThan(0);
    // Every email the supervisor got for it (the opening one and the escalation) is in English.
    expect(escalated.some((m) => m.body.includes('ESCALATED: BPJS Kesehatan: negative share shift'))).toBe(true);
    expect(escalated.every((m) => m.body.includes('Severity: WARNING') && !m.body.includes('Tingkat:'))).toBe(true);
    expect((await api(supervisor).put('/api/me/digest-subscription', { lang: 'id' })).status).toBe(200);
    await api(supervisor).post(`/api/alerts/${opened.id}/resolve`);
  });
});
