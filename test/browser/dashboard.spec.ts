import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocketRoute } from 'playwright-core';
import type { Alert, Program } from '@siaga/shared';
import { ADMIN, INGEST_KEY, post, startTestApp, type TestApp } from '../support/app.js';
import { CLIENT_DIST, assertBuilt, logIn, openSession, screenshot, type BrowserSession } from './support.js';

/** The bound: a burst becomes a visible alert, without reload, within this. */
const ALERT_VISIBLE_MS = 5_000;
/** The app root says when its Socket.IO connection is up. */
const LIVE = '.app[data-live-status="connected"]';

describe('the dashboard in Chromium, against the real server on the embedded database', () => {
  let t: TestApp;
  let dataDir: string;
  let program: Program;
  let prakerja: Program;
  let admin: string;
  const sessions: BrowserSession[] = [];

  const ingest = async (posts: Array<Record<string, unknown>>) => {
    for (let i = 0; i < posts.length; i += 2_000) {
      const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: posts.slice(i, i + 2_000) });
      expect(res.status).toBe(202);
    }
  };
  const session = async () => {
    const s = await openSession();
    sessions.push(s);
    return s;
  };

  beforeAll(async () => {
    assertBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'siaga-browser-'));
    t = await startTestApp({ SIAGA_STATIC_DIR: CLIENT_DIST }, { dataDir });
    admin = await t.token('admin');
    await t.token('analyst');
    await t.token('viewer');
    program = (await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' })).body as Program;
    prakerja = (await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'Kartu Prakerja', slug: 'prakerja', query: 'prakerja' })).body as Program;
    // Three quiet hours arriving late: they teach the detector a baseline and raise nothing.
    const now = Date.now();
    const history: Array<Record<string, unknown>> = [];
    for (let m = 180; m >= 2; m--) {
      for (let k = 0; k < 3; k++) {
        history.push(post({ externalId: `h-${m}-${k}`, text: `info bpjs hari ini ${m} ${k}`, createdAt: new Date(now - m * 60_000).toISOString(), author: { handle: `warga${(m + k) % 40}` } }));
        history.push(post({ externalId: `hp-${m}-${k}`, text: `pelatihan prakerja dibuka ${m} ${k}`, createdAt: new Date(now - m * 60_000).toISOString(), author: { handle: `peserta${(m + k) % 40}` } }));
      }
    }
    await ingest(history);
  });

  afterAll(async () => {
    for (const s of sessions) await s.close();
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the login form at a deep link, then that page; the session survives a reload; logout ends it', async () => {
    const { page } = await session();
    await page.goto(`${t.baseUrl}/alerts`);
    await logIn(page);
    await page.getByTestId('alerts-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/alerts');
    await page.reload();
    await page.getByTestId('alerts-page').waitFor();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
  });

  it('a burst shows up as an alert in the inbox and on the wall without reload within 5 s; acknowledging it shows in a second session', async () => {
    const supervisor = await session();
    await supervisor.page.goto(`${t.baseUrl}/alerts`);
    await logIn(supervisor.page);
    await supervisor.page.getByTestId('alerts-page').waitFor();

    const analyst = await session();
    await analyst.page.goto(`${t.baseUrl}/`);
    await logIn(analyst.page, 'analyst@test.local', 'analyst-password-123');
    await analyst.page.getByTestId('wall-page').waitFor();
    await analyst.page.locator(`[data-testid="wall-tile"][data-program-id="${program.id}"]`).waitFor();
    // Both pages must be live before the burst, or "without reload" proves nothing.
    await supervisor.page.locator(LIVE).waitFor();
    await analyst.page.locator(LIVE).waitFor();
    expect(await supervisor.page.getByTestId('alert-row').count()).toBe(0);

    const burstAt = Date.now();
    await ingest(
      Array.from({ length: 150 }, (_, i) =>
        post({ externalId: `burst-${i}`, text: `bpjs gangguan parah, kecewa berat ${i}`, createdAt: new Date(burstAt - 500).toISOString(), author: { handle: `marah${i}` } }),
      ),
    );
    const row = supervisor.page.getByTestId('alert-row').first();
    await row.waitFor({ timeout: ALERT_VISIBLE_MS });
    const inboxMs = Date.now() - burstAt;
    const tileAlert = analyst.page.locator(`[data-testid="wall-tile"][data-program-id="${program.id}"] [data-testid="wall-tile-alert"]`);
    await tileAlert.waitFor({ timeout: Math.max(1, ALERT_VISIBLE_MS - (Date.now() - burstAt)) });
    const wallMs = Date.now() - burstAt;
    expect(inboxMs).toBeLessThan(ALERT_VISIBLE_MS);
    expect(wallMs).toBeLessThan(ALERT_VISIBLE_MS);
    expect(await row.textContent()).toContain('BPJS Kesehatan');

    const alertId = await row.getAttribute('data-alert-id');
    expect(alertId).toBeTruthy();
    await analyst.page.waitForTimeout(1_500); // let the live stream and charts fill for the screenshot
    await screenshot(analyst.page, 'wall');
    await screenshot(supervisor.page, 'inbox');

    // The second session watches the alert's detail while the first acknowledges it.
    await analyst.page.goto(`${t.baseUrl}/alerts/${alertId}`);
    const detail = analyst.page.getByTestId('alert-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-status')).toBe('open');
    await supervisor.page.locator(`[data-testid="alert-row"][data-alert-id="${alertId}"] [data-testid="alert-ack"]`).click();
    await analyst.page.waitForSelector('[data-testid="alert-detail"][data-status="acknowledged"]', { timeout: ALERT_VISIBLE_MS });
    await analyst.page.getByTestId('alert-chart').waitFor();
    await screenshot(analyst.page, 'alert-detail');

    const stored = (await t.http.get(`/api/alerts/${alertId}`).set('authorization', `Bearer ${admin}`)).body as Alert;
    expect(stored.status).toBe('acknowledged');
    expect(supervisor.pageErrors).toEqual([]);
    expect(analyst.pageErrors).toEqual([]);
  });

  it('shows a banner when the live connection drops, and recovers the alert it missed without a reload', async () => {
    const s = await session();
    // Every Socket.IO WebSocket of this page goes through here, so the test can cut them.
    let down = false;
    const sockets: WebSocketRoute[] = [];
    await s.page.routeWebSocket(/\/socket\.io\//, async (ws) => {
      if (down) {
        await ws.close({ code: 4000, reason: 'network down' });
        return;
      }
      ws.connectToServer();
      sockets.push(ws);
    });
    await s.page.goto(`${t.baseUrl}/alerts`);
    await logIn(s.page);
    await s.page.getByTestId('alerts-page').waitFor();
    await s.page.locator(LIVE).waitFor();
    await s.page.evaluate(() => ((globalThis as Record<string, unknown>).__sameDocument = true));
    const prakerjaRows = s.page.locator('[data-testid="alert-row"]', { hasText: 'Kartu Prakerja' });
    expect(await prakerjaRows.count()).toBe(0);

    down = true;
    for (const ws of sockets.splice(0)) await ws.close({ code: 4000, reason: 'network down' });
    await s.page.locator('[data-testid="live-banner"][data-status="reconnecting"]').waitFor();

    // While the screen is cut off, Kartu Prakerja bursts and an alert opens.
    const at = Date.now();
    await ingest(Array.from({ length: 150 }, (_, i) => post({ externalId: `pk-burst-${i}`, text: `prakerja error lagi, dana belum cair ${i}`, createdAt: new Date(at - 500).toISOString(), author: { handle: `kesal${i}` } })));
    const opened = async () => ((await t.http.get(`/api/alerts?status=open&programId=${prakerja.id}`).set('authorization', `Bearer ${admin}`)).body as { items: Alert[] }).items.length;
    for (let i = 0; i < 50 && (await opened()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await opened()).toBeGreaterThan(0);
    expect(await prakerjaRows.count()).toBe(0);

    down = false;
    await s.page.locator('[data-testid="live-banner"][data-status="restored"]').waitFor({ timeout: 20_000 });
    await prakerjaRows.first().waitFor({ timeout: 10_000 });
    expect(await s.page.evaluate(() => (globalThis as Record<string, unknown>).__sameDocument)).toBe(true);
    expect(s.pageErrors).toEqual([]);
  });

  it('renders hostile post text as text and runs nothing', async () => {
    const hostile = ['<img src=x onerror=alert(1)> bpjs', '<script>window.__pwned = true; alert(2)</script> bpjs', 'bpjs <svg onload=alert(3)>'];
    await ingest(hostile.map((text, i) => post({ externalId: `xss-${i}`, text, createdAt: new Date(Date.now() - 1_000).toISOString(), author: { handle: '<b>evil</b>', name: '<img src=y onerror=alert(4)>' } })));
    const s = await session();
    await s.page.goto(`${t.baseUrl}/posts`);
    await logIn(s.page);
    await s.page.getByTestId('posts-list').waitFor();
    for (const text of hostile) await s.page.getByTestId('post-text').filter({ hasText: text.slice(0, 20) }).first().waitFor();
    const texts = await s.page.getByTestId('post-text').allTextContents();
    for (const text of hostile) expect(texts.some((x) => x.includes(text))).toBe(true);
    expect(await s.page.locator('[data-testid="posts-list"] img, [data-testid="posts-list"] script, [data-testid="posts-list"] svg[onload]').count()).toBe(0);
    await s.page.goto(`${t.baseUrl}/`);
    await s.page.getByTestId('wall-page').waitFor();
    await s.page.waitForTimeout(1_000);
    expect(await s.page.evaluate(() => typeof (globalThis as Record<string, unknown>).__pwned)).toBe('undefined');
    expect(s.dialogs).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  it('switches between Bahasa Indonesia and English, and keeps the choice', async () => {
    const s = await session();
    await s.page.goto(`${t.baseUrl}/`);
    await logIn(s.page);
    expect(await s.page.getByTestId('nav-alerts').textContent()).toContain('Peringatan');
    expect(await s.page.getAttribute('html', 'lang')).toBe('id');
    await s.page.getByTestId('language-select').selectOption('en');
    await s.page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(await s.page.getByTestId('nav-alerts').textContent()).toContain('Alerts');
    await s.page.reload();
    await s.page.getByTestId('nav-alerts').waitFor();
    expect(await s.page.getByTestId('nav-alerts').textContent()).toContain('Alerts');
    await s.page.getByTestId('language-select').selectOption('id');
    expect(await s.page.getByTestId('nav-alerts').textContent()).toContain('Peringatan');
  });

  it('a viewer cannot see admin pages', async () => {
    const s = await session();
    await s.page.goto(`${t.baseUrl}/`);
    await logIn(s.page, 'viewer@test.local', 'viewer-password-123');
    await s.page.getByTestId('wall-page').waitFor();
    expect(await s.page.getByTestId('nav-admin').count()).toBe(0);
    await s.page.goto(`${t.baseUrl}/admin`);
    await s.page.getByTestId('forbidden').waitFor();
    expect(await s.page.getByTestId('admin-page').count()).toBe(0);
    // An admin at the same URL gets the page.
    const a = await session();
    await a.page.goto(`${t.baseUrl}/admin`);
    await logIn(a.page, ADMIN.email, ADMIN.password);
    await a.page.getByTestId('admin-page').waitFor();
  });
});
