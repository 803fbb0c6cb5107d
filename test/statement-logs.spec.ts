import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../server/src/common/logger.js';
import { createTestDatabase, ENGINE, type TestDatabase } from './support/database.js';

/**
 * A failed statement is logged by its name and its error, never with its parameters: they held
 * password hashes and whole ingest batches (a 257 KB line), and the driver's `detail` quotes values.
 */
describe(`logs of a failed statement (${ENGINE})`, () => {
  let t: TestDatabase;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ logLevel: 'info' }, sink);

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('keeps the statement name and the SQLSTATE, and drops the parameters and the detail', async () => {
    const hash = `$argon2id$v=19$m=19456,t=2,p=1$${randomUUID()}`;
    const email = `leak-${randomUUID()}@test.local`;
    const insert = `INSERT INTO users (id, email, name, role, password_hash, active, created_at, updated_at)
      VALUES ($1, $2, 'Leak', 'viewer', $3, true, now(), now())`;
    await t.db.query(insert, [randomUUID(), email, hash]);
    const err = await t.db.query(insert, [randomUUID(), email, hash]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    logger.error({ err }, 'request failed');
    await new Promise((r) => setImmediate(r));

    const line = lines.join('');
    expect(line).not.toContain(hash);
    expect(line).not.toContain(email);
    const logged = JSON.parse(line) as { err: Record<string, unknown> };
    expect(logged.err).toMatchObject({ type: 'QueryFailedError', code: '23505', statement: expect.stringMatching(/^INSERT INTO users \(id, email/) });
    expect(logged.err).not.toHaveProperty('parameters');
    expect(logged.err).not.toHaveProperty('detail');
  });
});
