import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ENGINE } from './support/database.js';
import { startTestApp, type TestApp } from './support/app.js';

const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

describe(`answers at the edges of the HTTP surface (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  let staticDir: string;

  beforeAll(async () => {
    // A built dashboard: the single-page fallback is only mounted when index.html exists.
    staticDir = mkdtempSync(join(tmpdir(), 'siaga-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Siaga</title>');
    t = await startTestApp({ SIAGA_STATIC_DIR: staticDir });
    admin = await t.token('admin');
  });
  afterAll(async () => {
    await t.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  // Uptime checkers send HEAD: the dashboard, its deep links and health answer it like GET, without a body.
  it.each(['/', '/alerts', '/programs/bpjs'])('HEAD %s answers 200 like GET', async (path) => {
    const get = await t.http.get(path).set('accept', 'text/html');
    const head = await t.http.head(path).set('accept', 'text/html');
    expect([get.status, head.status]).toEqual([200, 200]);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.text ?? '').toBe('');
  });

  it('HEAD /api/health answers 200', async () => {
    expect((await t.http.head('/api/health')).status).toBe(200);
  });

  it('HEAD of an unknown API route stays 404', async () => {
    expect((await t.http.head('/api/nothing-here')).status).toBe(404);
  });

  it('DELETE /api/webhooks/<unknown> answers 404', async () => {
    const res = await t.http.delete(`/api/webhooks/${UNKNOWN}`).set('authorization', `Bearer ${admin}`);
    expect([res.status, res.body.error?.code]).toEqual([404, 'not_found']);
  });

  it('deleting a webhook twice answers 204 then 404', async () => {
    const created = await t.http.post('/api/webhooks').set('authorization', `Bearer ${admin}`).send({ name: 'Twice', url: 'https://hooks.example.org/siaga' });
    const del = () => t.http.delete(`/api/webhooks/${created.body.id as string}`).set('authorization', `Bearer ${admin}`);
    expect((await del()).status).toBe(204);
    expect((await del()).status).toBe(404);
  });

  it('GET /api/alerts/<unknown>/deliveries answers 404', async () => {
    const res = await t.http.get(`/api/alerts/${UNKNOWN}/deliveries`).set('authorization', `Bearer ${admin}`);
    expect([res.status, res.body.error?.code]).toEqual([404, 'not_found']);
  });
});
