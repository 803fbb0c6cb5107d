import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN } from '../support/app.js';

export const CHROMIUM = process.env.SIAGA_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('test/artifacts');
export const CLIENT_DIST = resolve('client/dist');

/** Flags for Debian's Chromium on a closed network (no background calls home, no sandbox as root). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Script errors and dialogs seen on the page: any dialog means script from data ran. */
  pageErrors: string[];
  dialogs: string[];
  close(): Promise<void>;
}

export function assertBuilt(): void {
  if (!existsSync(join(CLIENT_DIST, 'index.html'))) {
    throw new Error(`no built dashboard in ${CLIENT_DIST}: run the suite with "npm run test:browser" (it builds the client first)`);
  }
}

/** A separate browser (own profile, own localStorage): one person at one screen. */
export async function openSession(viewport = { width: 1440, height: 900 }): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'siaga-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return {
    context,
    page,
    pageErrors,
    dialogs,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function logIn(page: Page, email = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
