import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';
import type { Alert, Program } from '@siaga/shared';
import { INGEST_KEY, post, startTestApp, type TestApp } from '../support/app.js';
import { ARTIFACTS, CLIENT_DIST, assertBuilt, logIn, openSession, type BrowserSession } from './support.js';

/** Read from disk: the audit never fetches anything. */
const AXE = resolve('node_modules/axe-core/axe.min.js');
let axeScript: Promise<string> | undefined;
const axeSource = () => (axeScript ??= readFile(AXE, 'utf8'));
/** What the audit fails on; moderate and minor findings are written to the report only. */
const BLOCKING = new Set(['serious', 'critical']);
const PROGRAMS = [
  { name: 'BPJS Kesehatan', slug: 'bpjs', word: 'bpjs' },
  { name: 'Kartu Prakerja', slug: 'prakerja', word: 'prakerja' },
  { name: 'Bantuan Sosial', slug: 'bansos', word: 'bansos' },
];

interface Finding {
  screen: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as it is now; returns every violation, with where it was found. */
async function audit(page: Page, screen: string): Promise<Finding[]> {
  // The dashboard's CSP (script-src 'self') refuses an injected <script> tag, rightly; evaluated
  // through the DevTools protocol, the same file runs without weakening the policy under test.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(await axeSource());
  const results = await page.evaluate<AxeResults>("axe.run(document, { resultTypes: ['violations'] })");
  return results.violations.map((v: Result) => ({
    screen,
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: `${v.help} (${v.helpUrl})`,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** Waits until the page shows no loading indicator: the audit looks at the loaded screen. */
async function settled(page: Page): Promise<void> {
  await page.locator('.loading').first().waitFor({ state: 'detached' });
}

/*
 * This project's test TypeScript has no DOM types: code run once in the page is passed as text
 * (evaluated through the DevTools protocol). Conditions are waited for with locators (`:focus`):
 * Playwright's waitForFunction evaluates text, which the page's CSP rightly refuses.
 */

/** Waits until the focused element matches `selector`. */
async function focusOn(page: Page, selector: string): Promise<void> {
  await page.locator(`${selector}:focus`).waitFor();
}

/** An expression: whether the focused element matches `selector`. */
function activeIs(selector: string): string {
  return `document.activeElement !== null && document.activeElement.matches(${JSON.stringify(selector)})`;
}

/** The focused element's tag, id and data attributes, enough to say where focus is. */
async function focused(page: Page): Promise<{ tag: string; id: string; testId: string | null; alertId: string | null; className: string }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    return { tag: el ? el.tagName.toLowerCase() : '', id: el ? el.id : '', testId: el && el.getAttribute('data-testid'), alertId: el && el.getAttribute('data-alert-id'), className: el ? String(el.className) : '' };
  })()`);
}

/** Presses Tab until `selector` has focus; returns how many presses it took. */
async function tabTo(page: Page, selector: string, max = 40): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate<boolean>(activeIs(selector))) return presses;
  }
  throw new Error(`${selector} not reached in ${max} Tab presses; focus is on ${JSON.stringify(await focused(page))}`);
}

describe('accessibility in Chromium: axe-core on every screen, and the inbox by keyboard alone', () => {
  let t: TestApp;
  let dataDir: string;
  let admin: string;
  let program: Program;
  const sessions: BrowserSession[] = [];
  const session = async () => {
    const s = await openSession();
    sessions.push(s);
    return s;
  };
  const openAlerts = async () => ((await t.http.get('/api/alerts?status=open').set('authorization', `Bearer ${admin}`)).body as { items: Alert[] }).items;

  beforeAll(async () => {
    assertBuilt();
    dataDir = await mkdtemp(join(tmpdir(), 'siaga-a11y-'));
    t = await startTestApp({ SIAGA_STATIC_DIR: CLIENT_DIST }, { dataDir });
    admin = await t.token('admin');
    const programs: Program[] = [];
    for (const p of PROGRAMS) {
      const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: p.name, slug: p.slug, query: p.word });
      programs.push(res.body as Program);
    }
    program = programs[0]!;
    // Quiet minutes past the detector's 60-minute warm-up teach it a baseline; then each program
    // bursts and opens an alert.
    const now = Date.now();
    const posts: Array<Record<string, unknown>> = [];
    for (let m = 90; m >= 2; m--) {
      for (const p of PROGRAMS) posts.push(post({ externalId: `h-${p.slug}-${m}`, text: `info ${p.word} hari ini ${m}`, createdAt: new Date(now - m * 60_000).toISOString(), author: { handle: `warga${m % 40}` } }));
    }
    for (const p of PROGRAMS) {
      for (let i = 0; i < 150; i++) posts.push(post({ externalId: `b-${p.slug}-${i}`, text: `${p.word} gangguan parah, kecewa berat ${i}`, createdAt: new Date(Date.now() - 500).toISOString(), author: { handle: `marah${i}` } }));
    }
    for (let i = 0; i < posts.length; i += 2_000) {
      const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: posts.slice(i, i + 2_000) });
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
    }
    // Detection runs after ingest commits: wait for it (bounded), do not sleep a guessed time.
    const deadline = Date.now() + 20_000;
    while ((await openAlerts()).length < PROGRAMS.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const opened = (await openAlerts()).length;
    if (opened < PROGRAMS.length) throw new Error(`${opened} alerts opened after the bursts, expected ${PROGRAMS.length} or more`);
  });

  afterAll(async () => {
    for (const s of sessions) await s.close();
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds no serious or critical violation on any screen, in Indonesian and in English', async () => {
    const { page, pageErrors } = await session();
    const alertId = (await openAlerts())[0]!.id;
    // An incident from that alert, with a note, for the incidents list and its page.
    const incident = await t.http.post('/api/incidents').set('authorization', `Bearer ${admin}`).send({ title: 'Antrian BPJS <darurat>', alertIds: [alertId], severity: 'critical' });
    if (incident.status !== 201) throw new Error(`creating an incident answered ${incident.status}`);
    const incidentId = (incident.body as { id: string }).id;
    await t.http.post(`/api/incidents/${incidentId}/notes`).set('authorization', `Bearer ${admin}`).send({ text: 'Kementerian dihubungi.' });
    const findings: Finding[] = [];
    const check = async (screen: string, path: string, ready: string) => {
      await page.goto(`${t.baseUrl}${path}`);
      await page.locator(ready).first().waitFor();
      await settled(page);
      findings.push(...(await audit(page, screen)));
    };

    await page.goto(`${t.baseUrl}/`);
    await page.getByTestId('login-form').waitFor();
    findings.push(...(await audit(page, 'login [id]')));
    await logIn(page);
    for (const lang of ['id', 'en'] as const) {
      if (lang === 'en') {
        await page.getByTestId('language-select').selectOption('en');
        await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
      }
      await check(`wall [${lang}]`, '/', '[data-testid="wall-tile"]');
      await check(`wall compared with the previous period [${lang}]`, '/?compare=1', '[data-testid="wall-compare-summary"]');
      await check(`wall mode [${lang}]`, '/?mode=wall', '[data-testid="wall-page"][data-mode="wall"] [data-testid="wall-tile"]');
      await check(`alerts inbox [${lang}]`, '/alerts', '[data-testid="alert-row"]');
      await check(`alert detail [${lang}]`, `/alerts/${alertId}`, '[data-testid="alert-detail"]');
      await check(`programs [${lang}]`, '/programs', '[data-testid="program-row"]');
      await check(`program editor [${lang}]`, `/programs/${program.id}`, '[data-testid="program-edit-page"][data-mode="edit"]');
      await check(`posts [${lang}]`, '/posts', '[data-testid="post-text"]');
      await check(`incidents [${lang}]`, '/incidents', '[data-testid="incident-row"]');
      await check(`incident detail [${lang}]`, `/incidents/${incidentId}`, '[data-testid="incident-detail"]');
      await check(`settings [${lang}]`, '/settings', '[data-testid="digest-preview-row"]');
      await check(`admin: users [${lang}]`, '/admin', '[data-testid="admin-users"]');
      for (const tab of ['keys', 'webhooks', 'audit']) {
        await page.getByTestId(`admin-tab-${tab}`).click();
        await page.getByTestId(`admin-${tab}`).waitFor();
        await settled(page);
        findings.push(...(await audit(page, `admin: ${tab} [${lang}]`)));
      }
    }
    // Signed out, the login form keeps the language chosen.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    findings.push(...(await audit(page, 'login [en]')));

    // Every finding goes to the report; the blocking ones fail the test, each on its own line.
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(join(ARTIFACTS, 'axe-violations.json'), JSON.stringify(findings, null, 2));
    const blocking = findings.filter((f) => BLOCKING.has(f.impact)).map((f) => `${f.screen}: ${f.id} (${f.impact}) at ${f.targets.join(', ')} — ${f.help}`);
    expect(blocking).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('drives the inbox by keyboard alone: skip link first, open, acknowledge and resolve, focus never lost', async () => {
    const { page, pageErrors } = await session();
    await page.goto(`${t.baseUrl}/alerts`);
    await logIn(page);
    // A full page load with the session kept: focus starts at the top, the skip link first.
    await page.reload();
    await page.getByTestId('alert-row').first().waitFor();
    expect((await focused(page)).tag).toBe('body');
    await page.keyboard.press('Tab');
    expect((await focused(page)).className).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main');

    // Tab reaches the list's one row in the tab order (the first), Enter opens it at its heading.
    await tabTo(page, '[data-testid="alert-row"]');
    const first = (await focused(page)).alertId;
    expect(first).toBe(await page.getByTestId('alert-row').first().getAttribute('data-alert-id'));
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="alert-detail"][data-alert-id="${first}"]`).waitFor();
    await focusOn(page, '#alert-detail-title');

    // Acknowledge and Resolve disappear once done: focus goes to the heading, not to <body>.
    await tabTo(page, '[data-testid="alert-ack"]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="alert-detail"][data-status="acknowledged"]').waitFor();
    await focusOn(page, '#alert-detail-title');
    await tabTo(page, '[data-testid="alert-resolve"]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="alert-detail"][data-status="resolved"]').waitFor();
    await focusOn(page, '#alert-detail-title');

    // Back to the inbox (the back link is just before the heading): its heading takes focus.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).testId).toBe('alert-detail-back');
    await page.keyboard.press('Enter');
    await focusOn(page, '[data-testid="alerts-page"] h1');
    // The cached list may show the resolved alert until the refetch lands.
    const rows = page.getByTestId('alert-row');
    await rows.first().waitFor();
    await page.locator(`[data-testid="alert-row"][data-alert-id="${first}"]`).waitFor({ state: 'detached' });

    // The documented shortcuts: j selects the first row, a and r act on the focused row, and focus
    // moves on to the next row, or to the heading after the last one.
    const ids = await Promise.all((await rows.all()).map((row) => row.getAttribute('data-alert-id')));
    expect(ids).not.toContain(first);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('j');
    expect((await focused(page)).alertId).toBe(ids[0]);
    const expectFocusAfter = async (index: number) => {
      const next = ids[index + 1];
      await focusOn(page, next ? `[data-testid="alert-row"][data-alert-id="${next}"]` : '[data-testid="alerts-page"] h1');
    };
    await page.keyboard.press('a');
    await page.locator(`[data-testid="alert-row"][data-alert-id="${ids[0]}"][data-status="acknowledged"]`).waitFor();
    await expectFocusAfter(0);
    await page.keyboard.press('r');
    await page.locator(`[data-testid="alert-row"][data-alert-id="${ids[1]}"][data-status="resolved"]`).waitFor();
    await expectFocusAfter(1);
    expect(pageErrors).toEqual([]);
  });
});
