import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Delivery, Program } from '@siaga/shared';
import { AlertsService } from '../server/src/alerts/alerts.service.js';
import { NotificationsService } from '../server/src/alerts/notifications.service.js';
import { isPrivateAddress } from '../server/src/alerts/webhook-target.js';
import { ENGINE } from './support/database.js';
import { FakeClock, startTestApp, type TestApp } from './support/app.js';
import { volumeSpike } from './support/decisions.js';

/** Polls until `fn` answers something (the notifications listener queues deliveries after the alert commits). */
async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Literal hosts that must not be webhook targets unless an admin allows private ones. */
const PRIVATE_URLS = [
  'http://127.0.0.1:9/hook',
  'http://127.1.2.3/hook',
  'http://2130706433/hook', // 127.0.0.1 written as one number
  'http://localhost:8080/hook',
  'http://localhost./hook',
  'http://api.localhost/hook',
  'http://[::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:a9fe:a9fe]/latest/meta-data', // 169.254.169.254, IPv4-mapped
  'http://0.0.0.0/hook',
  'http://10.1.2.3/hook',
  'http://172.16.0.1/hook',
  'http://192.168.1.1/hook',
  'http://100.64.0.1/hook',
  'http://169.254.169.254/latest/meta-data',
  'http://[fd00::1]/hook',
  'http://[fe80::1]/hook',
  'http://224.0.0.1/hook',
];

describe(`webhook targets (${ENGINE})`, () => {
  const clock = new FakeClock();
  let receiver: Server;
  let received = 0;
  let t: TestApp;
  let admin: string;
  let program: Program;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      received++;
      req.resume();
      res.end('ok');
    });
    // On every interface, so that the machine's own name reaches it.
    await new Promise<void>((r) => receiver.listen(0, r));
    t = await startTestApp({}, { clock });
    admin = await t.token('admin');
    program = (await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'Targets', slug: 'targets', query: 'bpjs' })).body as Program;
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  const createHook = (url: string) => t.http.post('/api/webhooks').set('authorization', `Bearer ${admin}`).send({ name: 'Target', url });

  it.each(PRIVATE_URLS)('refuses %s without SIAGA_WEBHOOK_ALLOW_PRIVATE', async (url) => {
    const res = await createHook(url);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain('SIAGA_WEBHOOK_ALLOW_PRIVATE');
  });

  it('takes a public address', async () => {
    const res = await createHook('https://hooks.example.org/siaga');
    expect(res.status).toBe(201);
    const del = await t.http.delete(`/api/webhooks/${res.body.id as string}`).set('authorization', `Bearer ${admin}`);
    expect(del.status).toBe(204);
  });

  it('checks the addresses a name resolves to when it delivers, not just the name', async () => {
    // The machine's own name passes the literal check but resolves to this host (loopback or a private address).
    const name = hostname();
    const addresses = await lookup(name, { all: true });
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((a) => !isPrivateAddress(a.address))).toEqual([]);
    const hook = await createHook(`http://${name}:${(receiver.address() as AddressInfo).port}/hook`);
    expect(hook.status).toBe(201);
    const alert = (await t.siaga.app.get(AlertsService).applyDecision(volumeSpike(program.id, clock.now())))!;
    const deliveries = async () => (await t.http.get(`/api/alerts/${alert.id}/deliveries`).set('authorization', `Bearer ${admin}`)).body as Delivery[];
    await until('the webhook delivery to be queued', async () => ((await deliveries()).some((d) => d.channel === 'webhook') ? true : undefined));
    await t.siaga.app.get(NotificationsService).flush();
    const webhook = (await deliveries()).find((d) => d.channel === 'webhook');
    expect(webhook).toMatchObject({ status: 'pending', attempts: 1 });
    expect(webhook?.lastError).toContain('SIAGA_WEBHOOK_ALLOW_PRIVATE');
    expect(received).toBe(0);
  });
});

describe(`webhook targets with SIAGA_WEBHOOK_ALLOW_PRIVATE (${ENGINE})`, () => {
  const clock = new FakeClock();
  let receiver: Server;
  let received = 0;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      received++;
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    t = await startTestApp({ SIAGA_WEBHOOK_ALLOW_PRIVATE: 'true' }, { clock });
    admin = await t.token('admin');
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('takes and delivers to a loopback receiver an admin allowed', async () => {
    const api = (path: string) => t.http.post(path).set('authorization', `Bearer ${admin}`);
    const program = (await api('/api/programs').send({ name: 'Local', slug: 'local', query: 'bpjs' })).body as Program;
    expect((await api('/api/webhooks').send({ name: 'Local', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` })).status).toBe(201);
    const alert = (await t.siaga.app.get(AlertsService).applyDecision(volumeSpike(program.id, clock.now())))!;
    const deliveries = async () => (await t.http.get(`/api/alerts/${alert.id}/deliveries`).set('authorization', `Bearer ${admin}`)).body as Delivery[];
    await until('the webhook delivery to be queued', async () => ((await deliveries()).some((d) => d.channel === 'webhook') ? true : undefined));
    await t.siaga.app.get(NotificationsService).flush();
    expect((await deliveries()).find((d) => d.channel === 'webhook')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(received).toBe(1);
  });
});
