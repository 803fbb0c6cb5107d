import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { createApp, type SiagaApp } from '../server/src/app/create-app.js';
import { createLogger } from '../server/src/common/logger.js';
import { loadConfig } from '../server/src/config/config.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, testDatabaseEnv } from './support/app.js';
import { CuttableProxy } from './support/cuttable-proxy.js';

/**
 * A database outage is not a bug: while the database cannot be reached, ingestion answers 503
 * `unavailable` with Retry-After (it answered 500 before), the logs hold no batch, and posts that
 * were answered 202 are stored exactly once after clients retry what was refused.
 */

const MARKER = 'outage-marker-kalimat-unik';
const BATCH = 20;

/** Every log line the app writes, as text. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

interface Outcome {
  batch: Array<Record<string, unknown>>;
  status: number;
  body: { error?: { code: string; details?: { retryAfterSeconds?: number } } };
  retryAfter: string | undefined;
}

describe(`a database outage (${ENGINE})`, () => {
  const logs = new LogCapture();
  let siaga: SiagaApp;
  let http: ReturnType<typeof request>;
  let db: Awaited<ReturnType<typeof testDatabaseEnv>>;
  let proxy: CuttableProxy | undefined;
  let directUrl: string | undefined;
  let seq = 0;

  const batch = () => Array.from({ length: BATCH }, () => post({ text: `${MARKER} BPJS antrian panjang ${++seq}` }));
  const ingest = async (posts: Array<Record<string, unknown>>): Promise<Outcome> => {
    const res = await http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });
    return { batch: posts, status: res.status, body: res.body as Outcome['body'], retryAfter: res.headers['retry-after'] };
  };

  beforeAll(async () => {
    db = await testDatabaseEnv();
    let env = db.env;
    if (ENGINE === 'postgres') {
      directUrl = db.env.DATABASE_URL!;
      const u = new URL(directUrl);
      proxy = new CuttableProxy(u.hostname, Number(u.port || 5432));
      await proxy.start();
      u.hostname = '127.0.0.1';
      u.port = String(proxy.port);
      env = { DATABASE_URL: u.toString() };
    }
    const config = loadConfig({
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      SIAGA_ADMIN_EMAIL: 'admin@test.local',
      SIAGA_ADMIN_PASSWORD: 'admin-password-123',
      SIAGA_INGEST_KEY: INGEST_KEY,
      SIAGA_DATA_DIR: '/nonexistent-siaga-test',
      SIAGA_STATIC_DIR: '/nonexistent-siaga-static',
      ...env,
    });
    siaga = await createApp(config, { logger: createLogger(config, logs), inMemory: true });
    const server = await siaga.app.listen(0, '127.0.0.1');
    http = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await siaga.close();
    await proxy?.cut();
    await db.drop();
  });

  it('answers 503 unavailable with Retry-After while the database is out of reach, and stores every accepted post exactly once', async () => {
    const before = await Promise.all([batch(), batch(), batch()].map(ingest));
    expect(before.map((o) => o.status)).toEqual([202, 202, 202]);

    // Batches in flight when the database goes away, then batches sent while it is away.
    const inFlight = Array.from({ length: 6 }, () => ingest(batch()));
    if (proxy) await proxy.cut();
    else await siaga.db.close();
    const during = [...(await Promise.all(inFlight)), ...(await Promise.all(Array.from({ length: 6 }, () => ingest(batch()))))];

    expect(during.filter((o) => o.status !== 202 && o.status !== 503).map((o) => [o.status, o.body])).toEqual([]);
    const refused = during.filter((o) => o.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    for (const o of refused) {
      expect(o.body.error?.code).toBe('unavailable');
      expect(Number(o.retryAfter)).toBeGreaterThan(0);
      expect(o.body.error?.details?.retryAfterSeconds).toBe(Number(o.retryAfter));
    }

    // No log line carries a batch (the parameters of a failed statement), and none is huge.
    expect(logs.lines.filter((l) => l.includes(MARKER))).toEqual([]);
    expect(Math.max(...logs.lines.map((l) => l.length))).toBeLessThan(10_000);

    if (!proxy || !directUrl) return;
    // The database is back: clients retry what was refused; everything answered 202 is stored once.
    await proxy.start();
    const retried: Outcome[] = [];
    for (const o of refused) {
      let again = await ingest(o.batch);
      // The pool drops the connections the cut broke one by one: a retry may still meet one.
      for (let i = 0; again.status === 503 && i < 20; i++) again = await ingest(o.batch);
      retried.push(again);
    }
    expect(retried.map((o) => o.status)).toEqual(refused.map(() => 202));
    const accepted = [...before, ...during.filter((o) => o.status === 202), ...retried].flatMap((o) => o.batch.map((p) => p.externalId as string));
    const direct = new pg.Client({ connectionString: directUrl });
    await direct.connect();
    try {
      const rows = (await direct.query<{ external_id: string; n: number }>(`SELECT external_id, count(*)::int AS n FROM posts WHERE source = 'x' GROUP BY external_id`)).rows;
      const stored = new Map(rows.map((r) => [r.external_id, r.n]));
      expect(accepted.filter((id) => stored.get(id) !== 1)).toEqual([]);
      expect(stored.size).toBe(new Set(accepted).size);
    } finally {
      await direct.end();
    }
  });
});
