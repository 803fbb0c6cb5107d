import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Digest } from '@siaga/shared';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { NotificationSettingsRepository } from '../server/src/alerts/notification-settings.repository.js';
import { DigestsService } from '../server/src/digests/digests.service.js';
import { ENGINE } from './support/database.js';
import { FakeClock, INGEST_KEY, post, startTestApp, testDatabaseEnv, type TestApp } from './support/app.js';

interface Mail {
  to: Array<{ address: string }>;
  subject: string;
  text: string;
  html: string;
}

/** nodemailer's JSON transport (nothing leaves the process), recording each message it renders. */
function captureMail(t: TestApp): Mail[] {
  const sent: Mail[] = [];
  const transport = nodemailer.createTransport({ jsonTransport: true });
  const send = transport.sendMail.bind(transport);
  const digests = t.siaga.app.get(DigestsService);
  digests.mailer = Object.assign(transport, {
    sendMail: async (mail: SendMailOptions) => {
      const info = (await send(mail)) as { message: string };
      sent.push(JSON.parse(info.message) as Mail);
      return info;
    },
  });
  return sent;
}

const MINUTE = 60_000;
// Monday 30 November 2026, 06:59 WIB (UTC+7); in the past, as ingest takes no post from the future.
const MONDAY_0659 = Date.parse('2026-11-29T23:59:00Z');

describe(`scheduled digests (${ENGINE})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'siaga-digests-'));
  const clock = new FakeClock(MONDAY_0659);
  let db: Awaited<ReturnType<typeof testDatabaseEnv>>;
  let t: TestApp;
  const start = () => startTestApp({}, { dataDir: ENGINE === 'pglite' ? dir : undefined, db, clock });
  const auth = async (role: 'admin' | 'analyst' | 'viewer') => ({ authorization: `Bearer ${await t.token(role)}` });

  beforeAll(async () => {
    db = await testDatabaseEnv();
    t = await start();
    const admin = await auth('admin');
    for (const [name, slug] of [['BPJS <Kesehatan> & "Co"', 'bpjs'], ['Kartu Prakerja', 'prakerja'], ['Bantuan Sosial', 'bansos']] as const) {
      const res = await t.http.post('/api/programs').set(admin).send({ name, slug, query: slug });
      if (res.status !== 201) throw new Error(`creating ${slug} answered ${res.status}`);
    }
    // Sunday (the day the Monday digest covers): one post per program; Saturday (the day before): two BPJS posts.
    const sunday = Date.parse('2026-11-29T05:00:00Z');
    const saturday = Date.parse('2026-11-28T05:00:00Z');
    const posts = [
      post({ text: 'bpjs antrian panjang kecewa', createdAt: new Date(sunday).toISOString(), author: { handle: 'warga_besar', name: 'Warga <b>', followers: 50_000 } }),
      post({ text: 'prakerja pelatihan bagus', createdAt: new Date(sunday + MINUTE).toISOString() }),
      post({ text: 'bansos cair tepat waktu', createdAt: new Date(sunday + 2 * MINUTE).toISOString() }),
      post({ text: 'bpjs lagi', createdAt: new Date(saturday).toISOString() }),
      post({ text: 'bpjs sekali lagi', createdAt: new Date(saturday + MINUTE).toISOString() }),
    ];
    const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });
    if (res.body.accepted !== 5) throw new Error(`ingest accepted ${JSON.stringify(res.body)}`);
    // The analyst reads the daily digest in English, the viewer the weekly one in Indonesian; the admin none.
    for (const [role, frequency, lang] of [['analyst', 'daily', 'en'], ['viewer', 'weekly', 'id'], ['admin', 'none', 'id']] as const) {
      const put = await t.http.put('/api/me/digest-subscription').set(await auth(role)).send({ frequency, lang });
      if (put.status !== 200) throw new Error(`subscribing ${role} answered ${put.status}`);
    }
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the latest complete day to viewers, with shares that sum to exactly 100 %', async () => {
    const res = await t.http.get('/api/digests/preview?period=day').set(await auth('viewer'));
    expect(res.status).toBe(200);
    const d = res.body as Digest;
    // Before 07:00 on Monday the latest complete day sent is Saturday (WIB); the busiest program comes first.
    expect([d.from, d.to]).toEqual(['2026-11-27T17:00:00.000Z', '2026-11-28T17:00:00.000Z']);
    expect(d.programs.map((p) => [p.slug, p.volume, p.shareOfVoice])).toEqual([
      ['bpjs', 2, 100],
      ['bansos', 0, 0],
      ['prakerja', 0, 0],
    ]);
    const subscription = await t.http.get('/api/me/digest-subscription').set(await auth('viewer'));
    expect(subscription.body).toEqual({ frequency: 'weekly', lang: 'id' });
  });

  it('refuses a hostile period or subscription with 400 and the error body', async () => {
    const viewer = await auth('viewer');
    for (const q of ['period=month', 'period=', '', 'period[]=day', 'period=day%00', 'period=DAY', `period=${'d'.repeat(5000)}`]) {
      const res = await t.http.get(`/api/digests/preview?${q}`).set(viewer);
      expect([q, res.status, res.body.error?.code]).toEqual([q, 400, 'validation_failed']);
    }
    for (const body of [{ frequency: 'hourly', lang: 'id' }, { frequency: 'daily', lang: 'fr' }, { lang: 'EN' }, { lang: null }, {}, [], 'daily']) {
      const res = await t.http.put('/api/me/digest-subscription').set(viewer).send(body as object);
      // A body that is not JSON is refused as such (415); JSON of the wrong shape with 400.
      expect(typeof body === 'string' ? 415 : 400).toBe(res.status);
      expect(res.body.error.code).toBeDefined();
    }
    expect((await t.http.get('/api/digests/preview?period=day')).status).toBe(401);
    // Nothing refused changed the viewer's subscription or email language.
    expect((await t.http.get('/api/me/digest-subscription').set(viewer)).body).toEqual({ frequency: 'weekly', lang: 'id' });
  });

  it('sends nothing before 07:00 WIB, then one email per subscriber at 07:00 (weekly on Monday), in their language, escaped', async () => {
    const sent = captureMail(t);
    const digests = t.siaga.app.get(DigestsService);
    expect(await digests.runDue()).toBe(0);
    expect(sent).toEqual([]);

    clock.advance(MINUTE);
    expect(await digests.runDue()).toBe(2);
    const byTo = new Map(sent.map((m) => [m.to[0]!.address, m]));
    expect([...byTo.keys()].sort()).toEqual(['analyst@test.local', 'viewer@test.local']);
    const daily = byTo.get('analyst@test.local')!;
    const weekly = byTo.get('viewer@test.local')!;
    expect(daily.subject).toMatch(/^Siaga daily digest: 29 Nov 2026$/);
    expect(weekly.subject).toMatch(/^Ringkasan mingguan Siaga: 23 Nov 2026 – 29 Nov 2026$/);
    // Sunday: one post each, so a third of the voice each (33.4 + 33.3 + 33.3).
    expect(daily.text).toContain('Share of voice: 33.4 %');
    expect(daily.text).toContain('@warga_besar (50,000 followers)');
    // Text from programs and posts is escaped in the HTML part, never markup.
    expect(daily.html).toContain('BPJS &#60;Kesehatan&#62; &#38; &#34;Co&#34;');
    expect(daily.html).not.toContain('<Kesehatan>');
    expect(daily.text).toContain('BPJS <Kesehatan> & "Co"');
    expect(weekly.text).toContain('Pangsa percakapan');

    // The same minute again: nothing twice.
    expect(await digests.runDue()).toBe(0);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing twice after a restart on the same database, even when two passes race', async () => {
    clock.advance(5 * MINUTE);
    await t.close();
    t = await start();
    const sent = captureMail(t);
    const digests = t.siaga.app.get(DigestsService);
    const [a, b] = await Promise.all([digests.runDue(), digests.runDue()]);
    expect(a + b).toBe(0);
    expect(sent).toEqual([]);
  });

  it('sends the next daily digest on Tuesday at 07:00 and no weekly one', async () => {
    const digests = t.siaga.app.get(DigestsService);
    const sent = captureMail(t);
    clock.advance(24 * 60 * MINUTE - 6 * MINUTE);
    expect(await digests.runDue()).toBe(0);
    clock.advance(MINUTE);
    expect(await digests.runDue()).toBe(1);
    expect(sent.map((m) => [m.to[0]!.address, m.subject])).toEqual([['analyst@test.local', 'Siaga daily digest: 30 Nov 2026']]);
  });

  if (ENGINE === 'postgres') {
    it('a second instance on the same database never sends what the first one sent', async () => {
      const digests = t.siaga.app.get(DigestsService);
      const other = await start();
      try {
        const sentA = captureMail(t);
        const sentB = captureMail(other);
        clock.advance(24 * 60 * MINUTE);
        const [a, b] = await Promise.all([digests.runDue(), other.siaga.app.get(DigestsService).runDue()]);
        expect(a + b).toBe(1);
        expect([...sentA, ...sentB].map((m) => m.to[0]!.address)).toEqual(['analyst@test.local']);
      } finally {
        await other.close();
      }
    });
  }
  it('keeps one email language per user: both routes read and write it, and alert emails and digests both use it', async () => {
    // The app restarted above: the analyst exists already and signs in again.
    const login = await t.http.post('/api/auth/login').send({ email: 'analyst@test.local', password: 'analyst-password-123' });
    const analyst = { authorization: `Bearer ${(login.body as { accessToken: string }).accessToken}` };
    const settings = t.siaga.app.get(NotificationSettingsRepository);
    // The analyst chose English through the digest subscription: the alert side reads the same choice.
    expect((await t.http.get('/api/me/notification-preferences').set(analyst)).body).toMatchObject({ language: 'en' });
    expect(await settings.emailLanguage('analyst@test.local')).toBe('en');

    // Changed alone (as /settings saves it), the frequency stays and the alert preferences follow.
    const put = await t.http.put('/api/me/digest-subscription').set(analyst).send({ lang: 'id' });
    expect([put.status, put.body]).toEqual([200, { frequency: 'daily', lang: 'id' }]);
    expect((await t.http.get('/api/me/digest-subscription').set(analyst)).body).toEqual({ frequency: 'daily', lang: 'id' });
    expect((await t.http.get('/api/me/notification-preferences').set(analyst)).body).toMatchObject({ language: 'id' });
    expect(await settings.emailLanguage('analyst@test.local')).toBe('id');
    expect((await settings.recipients()).find((r) => r.email === 'analyst@test.local')?.prefs.language).toBe('id');

    // Saving alert preferences without a language, or the digest without one, leaves it as it is.
    const prefs = { programIds: [], minSeverity: 'critical', email: true, inApp: true };
    expect((await t.http.put('/api/me/notification-preferences').set(analyst).send(prefs)).body).toEqual({ ...prefs, language: 'id' });
    expect((await t.http.put('/api/me/digest-subscription').set(analyst).send({ frequency: 'daily' })).body).toEqual({ frequency: 'daily', lang: 'id' });
    // Older clients that name a language still set it, for both kinds of email.
    expect((await t.http.put('/api/me/notification-preferences').set(analyst).send({ ...prefs, language: 'en' })).body).toEqual({ ...prefs, language: 'en' });
    expect((await t.http.get('/api/me/digest-subscription').set(analyst)).body).toEqual({ frequency: 'daily', lang: 'en' });
    expect((await t.http.put('/api/me/digest-subscription').set(analyst).send({ frequency: 'daily', lang: 'id' })).body).toEqual({ frequency: 'daily', lang: 'id' });
    expect((await t.http.get('/api/me/notification-preferences').set(analyst)).body).toMatchObject({ language: 'id' });
    expect(await settings.emailLanguage('analyst@test.local')).toBe('id');

    // The next daily digest goes out in the language chosen last: Indonesian now.
    const sent = captureMail(t);
    clock.advance(24 * 60 * MINUTE);
    expect(await t.siaga.app.get(DigestsService).runDue()).toBe(1);
    expect(sent.map((m) => [m.to[0]!.address, m.subject.split(':')[0]])).toEqual([['analyst@test.local', 'Ringkasan harian Siaga']]);
  });
});
