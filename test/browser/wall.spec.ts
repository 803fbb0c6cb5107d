import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Program } from '@siaga/shared';
import { AlertsService } from '../../server/src/alerts/alerts.service.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from '../support/app.js';
import { volumeSpike } from '../support/decisions.js';
import { ARTIFACTS, CLIENT_DIST, assertBuilt, logIn, openSession, type BrowserSession } from './support.js';

const WALL_SCREEN = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
/** WCAG 2.x AA for normal text. */
const AA = 4.5;

/**
 * Text contrast of every visible button and link-button in the page, against the first opaque
 * background behind it (evaluated in the page as text: the test TypeScript has no DOM types).
 */
const BUTTON_CONTRAST = `(() => {
  const rgb = (value) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(value);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let n = el; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c && c.a >= 0.99) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  return [...document.querySelectorAll('button, .button')]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.disabled)
    .map((el) => {
      const fg = rgb(getComputedStyle(el).color);
      const bg = background(el);
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return { text: (el.textContent || '').trim().slice(0, 40), ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100 };
    });
})()`;

describe('the wall in Chromium', () => {
  let t: TestApp;
  let dataDir: string;
  let programs: Program[];
  let campaignAlertId: string;
  // One browser, signed in once, for every test (each launch and login costs seconds): tests set
  // their own screen size and URL.
  let shared: BrowserSession | undefined;
  const signedIn = async (viewport = DESKTOP) => {
    if (!shared) {
      shared = await openSession(DESKTOP);
      await shared.page.goto(`${t.baseUrl}/`);
      await logIn(shared.page);
    }
    await shared.page.setViewportSize(viewport);
    return shared;
  };
  const box = async (s: BrowserSession, selector: string) => {
    const b = await s.page.locator(selector).first().boundingBox();
    if (!b) throw new Error(`${selector} is not on screen`);
    return { top: b.y, bottom: b.y + b.height, height: b.height };
  };

  beforeAll(async () => {
    assertBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'siaga-browser-wall-'));
    t = await startTestApp({ SIAGA_STATIC_DIR: CLIENT_DIST }, { dataDir });
    const admin = await t.token('admin');
    const names = ['BPJS Kesehatan', 'Kartu Prakerja', 'Bantuan Sosial', 'Subsidi BBM', 'Pupuk Bersubsidi', 'Makan Bergizi Gratis'];
    programs = [];
    for (const [i, name] of names.entries()) {
      const word = ['bpjs', 'prakerja', 'bansos', 'bbm', 'pupuk', 'mbg'][i]!;
      programs.push((await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name, slug: word, query: word })).body as Program);
    }
    // An hour of posts for all but the last program, so one tile has no posts at all.
    const now = Date.now();
    const posts: Array<Record<string, unknown>> = [];
    for (let m = 60; m >= 1; m--) {
      for (const [i, word] of ['bpjs', 'prakerja', 'bansos', 'bbm', 'pupuk'].entries()) {
        for (let k = 0; k < 1 + (i % 3); k++) {
          const negative = (m + k) % 4 === 0;
          posts.push(post({ externalId: `w-${word}-${m}-${k}`, text: negative ? `${word} kecewa berat, layanan lambat ${m}` : `info ${word} hari ini ${m} ${k}`, createdAt: new Date(now - m * 60_000).toISOString(), author: { handle: `warga${(m + k) % 30}` } }));
        }
      }
    }
    // Posts that name a place (Makassar: Sulawesi Selatan), and a burst of one text from a few accounts.
    for (let k = 0; k < 8; k++) posts.push(post({ externalId: `w-mks-${k}`, text: `antrean bpjs di Makassar mengular lagi ${k}`, createdAt: new Date(now - (k + 2) * 60_000).toISOString(), author: { handle: `warga_mks${k}` } }));
    for (let k = 0; k < 6; k++) posts.push(post({ externalId: `w-buzz-${k}`, text: 'bansos cair lancar, terima kasih pemerintah #bansosaman', createdAt: new Date(now - 3 * 60_000).toISOString(), author: { handle: `buzzer_${k}`, followers: 40 } }));
    const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
    // Open alerts of two severities, straight from decisions (the detectors are the other suite's).
    const alerts = t.siaga.app.get(AlertsService);
    await alerts.applyDecision(volumeSpike(programs[0]!.id, new Date(now - 4 * 60_000), { severityHint: 'critical', score: 0.999 }));
    await alerts.applyDecision(volumeSpike(programs[2]!.id, new Date(now - 2 * 60_000), { kind: 'negative_spike' }));
    const accounts = Array.from({ length: 6 }, (_, k) => `x:buzzer_${k}`);
    campaignAlertId = (await alerts.applyDecision(
      volumeSpike(programs[2]!.id, new Date(now - 60_000), {
        kind: 'coordinated_campaign',
        observed: 6,
        facts: { kind: 'coordinated_campaign', accounts: 6, posts: 6, minutes: 1, share: 0.5, usualShare: 0.05, sampleText: 'bansos cair lancar, terima kasih pemerintah' },
        details: { accounts, posts: 6, sampleText: 'bansos cair lancar, terima kasih pemerintah #bansosaman', sources: ['x'] },
      }),
    ))!.id;
  });

  afterAll(async () => {
    await shared?.close();
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('wall mode at 1920×1080 shows the tiles, the main chart and the open alerts without scrolling, with AA contrast', async () => {
    const s = await signedIn(WALL_SCREEN);
    await s.page.goto(`${t.baseUrl}/?mode=wall`);
    await s.page.locator('[data-testid="wall-page"][data-mode="wall"]').waitFor();
    await s.page.locator('[data-testid="wall-tile"]').nth(programs.length - 1).waitFor();
    await s.page.getByTestId('wall-alerts-item').nth(1).waitFor();
    await s.page.locator('[data-testid="wall-chart"] canvas').waitFor();
    await s.page.locator('.loading').first().waitFor({ state: 'detached' });
    await s.page.screenshot({ path: join(ARTIFACTS, 'wall-mode.png') });

    const { scrollHeight, innerHeight } = await s.page.evaluate<{ scrollHeight: number; innerHeight: number }>('({ scrollHeight: document.documentElement.scrollHeight, innerHeight: window.innerHeight })');
    expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
    const chart = await box(s, '[data-testid="wall-chart"]');
    await writeFile(join(ARTIFACTS, 'wall-mode.json'), JSON.stringify({ screen: WALL_SCREEN, scrollHeight, chart }, null, 2));
    expect(chart.top).toBeGreaterThanOrEqual(0);
    expect(chart.bottom).toBeLessThanOrEqual(WALL_SCREEN.height);
    expect(chart.height).toBeGreaterThanOrEqual(250);
    for (const selector of ['[data-testid="wall-tile"]', '[data-testid="wall-alerts"]']) expect((await box(s, selector)).bottom).toBeLessThanOrEqual(WALL_SCREEN.height);
    // Worst first: the critical alert heads the list.
    expect(await s.page.getByTestId('wall-alerts-item').first().getAttribute('data-severity')).toBe('critical');
    // The tile without posts puts a dash, not words, where its number goes.
    const quiet = s.page.locator(`[data-testid="wall-tile"][data-program-id="${programs[5]!.id}"] [data-testid="wall-tile-negative-share"]`);
    expect(await quiet.locator('[aria-hidden="true"]').innerText()).toBe('–');
    expect(await quiet.locator('.sr-only').textContent()).toBe('tidak ada pos');

    const contrast = await s.page.evaluate<Array<{ text: string; ratio: number }>>(BUTTON_CONTRAST);
    expect(contrast.length).toBeGreaterThan(0);
    expect(contrast.filter((c) => c.ratio < AA)).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  it('keeps the selected program and the range in the URL: a reload (a saved link) shows the same view', async () => {
    const s = await signedIn();
    const warnings: string[] = [];
    s.page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
    });
    await s.page.goto(`${t.baseUrl}/`);
    const target = programs[3]!;
    const tile = s.page.locator(`[data-testid="wall-tile"][data-program-id="${target.id}"]`);
    await tile.locator('.wall-tile__select').click();
    await s.page.getByTestId('range-option-24h').click();
    await s.page.waitForURL((url) => url.searchParams.get('program') === target.id && url.searchParams.get('range') === '24h');
    await s.page.reload();
    await s.page.locator(`[data-testid="wall-tile"][data-program-id="${target.id}"][data-selected="true"]`).waitFor();
    expect(await s.page.getByTestId('range-option-24h').getAttribute('aria-pressed')).toBe('true');
    await s.page.locator('.loading').first().waitFor({ state: 'detached' });
    await s.page.screenshot({ path: join(ARTIFACTS, 'wall-normal.png') });

    // A lazy page opened directly draws its fallback while its chunk loads, without React Router's warning.
    await s.page.goto(`${t.baseUrl}/alerts`);
    await s.page.getByTestId('alerts-page').waitFor();
    expect(warnings.filter((w) => w.includes('HydrateFallback'))).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });

  it('at 390 px the navigation folds behind a menu button that opens it', async () => {
    // Signed in at a desktop width (the login helper waits for the header's user), then narrowed.
    const s = await signedIn(PHONE);
    await s.page.goto(`${t.baseUrl}/`);
    await s.page.getByTestId('wall-page').waitFor();
    const links = s.page.getByTestId('nav-alerts');
    expect(await links.isVisible()).toBe(false);
    await s.page.getByTestId('nav-toggle').click();
    expect(await s.page.getByTestId('nav-toggle').getAttribute('aria-expanded')).toBe('true');
    await links.click();
    await s.page.getByTestId('alerts-page').waitFor();
    expect(await links.isVisible()).toBe(false);
    const { scrollWidth } = await s.page.evaluate<{ scrollWidth: number }>('({ scrollWidth: document.documentElement.scrollWidth })');
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
  });

  it('clicking a province filters the wall to its posts', async () => {
    const s = await signedIn();
    await s.page.goto(`${t.baseUrl}/?program=${programs[0]!.id}`);
    const tile = s.page.locator('[data-testid="province-tile"]:not([data-posts="0"])').first();
    await tile.waitFor();
    const code = await tile.getAttribute('data-code');
    await tile.click();
    await s.page.waitForURL((url) => url.searchParams.get('place') === code);
    await s.page.getByTestId('wall-place-posts').waitFor();
    expect(await s.page.getByTestId('wall-place-posts').innerText()).toContain('Makassar');
    expect(s.pageErrors).toEqual([]);
  });

  it("a campaign alert's account opens its account page", async () => {
    const s = await signedIn();
    await s.page.goto(`${t.baseUrl}/alerts/${campaignAlertId}`);
    const account = s.page.getByTestId('alert-cluster-account').first();
    await account.waitFor();
    await account.click();
    await s.page.getByTestId('account-page').waitFor();
    expect(new URL(s.page.url()).pathname).toMatch(/^\/accounts\/x\/buzzer_\d$/);
    await s.page.getByTestId('account-figures').waitFor();
    await s.page.locator('.loading').first().waitFor({ state: 'detached' });
    await s.page.screenshot({ path: join(ARTIFACTS, 'account.png') });
    await s.page.goto(`${t.baseUrl}/network?program=${programs[2]!.id}`);
    await s.page.locator('.loading').first().waitFor({ state: 'detached' });
    await s.page.waitForTimeout(1_000);
    await s.page.screenshot({ path: join(ARTIFACTS, 'network.png') });
    expect(s.pageErrors).toEqual([]);
  });
});
