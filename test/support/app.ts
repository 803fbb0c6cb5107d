import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import type { Role, TokenPair } from '@siaga/shared';
import { createApp, type SiagaApp } from '../../server/src/app/create-app.js';
import { pgliteSeed } from './pglite-seed.js';
import type { Clock } from '../../server/src/common/clock.js';
import { loadConfig, type AppConfig } from '../../server/src/config/config.js';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };
export const INGEST_KEY = 'test-ingest-key-0123456789abcdef';

export interface TestApp {
  siaga: SiagaApp;
  config: AppConfig;
  http: ReturnType<typeof request>;
  baseUrl: string;
  /** Logs in as a user of that role (created on first use). */
  token(role: Role): Promise<string>;
  close(): Promise<void>;
}

/** A database for one suite: in-memory PGlite, or a throwaway database on DATABASE_URL's server. */
export async function testDatabaseEnv(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { env: { DATABASE_URL: '' }, drop: () => Promise.resolve() };
  const name = `siaga_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: u.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Boots the real app on a random port. `dataDir` keeps PGlite on disk (restart tests). */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { dataDir?: string; db?: { env: Record<string, string>; drop: () => Promise<void> }; clock?: Clock } = {},
): Promise<TestApp> {
  const db = opts.db ?? (await testDatabaseEnv());
  const config = loadConfig({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SIAGA_ADMIN_EMAIL: ADMIN.email,
    SIAGA_ADMIN_PASSWORD: ADMIN.password,
    SIAGA_INGEST_KEY: INGEST_KEY,
    SIAGA_DATA_DIR: opts.dataDir ?? '/nonexistent-siaga-test',
    SIAGA_STATIC_DIR: '/nonexistent-siaga-static',
    PORT: '0',
    HOST: '127.0.0.1',
    ...db.env,
    ...env,
  });
  const inMemory = !opts.dataDir;
  const seed = inMemory && config.database.engine === 'pglite' ? await pgliteSeed() : undefined;
  const siaga = await createApp(config, { logger: pino({ level: 'silent' }), inMemory, clock: opts.clock, ...(seed ? { seed } : {}) });
  const server = await siaga.app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = request(baseUrl);
  const tokens = new Map<Role, string>();
  let adminToken: string | undefined;
  const login = async (email: string, password: string) => {
    const res = await http.post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as TokenPair).accessToken;
  };
  return {
    siaga,
    config,
    http,
    baseUrl,
    async token(role) {
      const have = tokens.get(role);
      if (have) return have;
      adminToken ??= await login(ADMIN.email, ADMIN.password);
      if (role === 'admin') {
        tokens.set(role, adminToken);
        return adminToken;
      }
      const email = `${role}@test.local`;
      const password = `${role}-password-123`;
      const res = await http.post('/api/users').set('authorization', `Bearer ${adminToken}`).send({ email, name: role, role, password });
      if (res.status !== 201) throw new Error(`creating ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
      const t = await login(email, password);
      tokens.set(role, t);
      return t;
    },
    async close() {
      await siaga.close();
      if (!opts.db) await db.drop();
    },
  };
}

let seq = 0;
/** A valid post; `over` replaces fields. */
export function post(over: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    source: 'x',
    externalId: `p-${Date.now()}-${seq}`,
    text: `BPJS Kesehatan antrian lama sekali hari ini ${seq}`,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    author: { handle: `user${seq % 17}`, name: 'Budi', followers: 120 },
    ...over,
  };
}

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private t = Date.parse('2026-11-26T01:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
