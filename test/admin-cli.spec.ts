import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../server/src/cli/cli.js';
import { ENGINE } from './support/database.js';
import { startTestApp, testDatabaseEnv } from './support/app.js';

/** Runs `siaga …` in-process; `stdin` is what is piped in. */
async function siaga(args: string[], env: Record<string, string>, stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    stdin: stdin === undefined ? undefined : Readable.from([stdin]),
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** The way back in when no admin can log in: `siaga admin create-admin` and `reset-password`. */
describe(`siaga admin (${ENGINE})`, () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof testDatabaseEnv>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaga-admin-cli-'));
    db = await testDatabaseEnv();
    env = { SIAGA_DATA_DIR: dir, ...db.env };
    const migrated = await siaga(['migrate'], env);
    if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.err}`);
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const app = () => startTestApp({}, { dataDir: ENGINE === 'pglite' ? dir : undefined, db });

  it('refuses bad usage, unknown users and weak passwords', async () => {
    expect((await siaga(['admin'], env)).err).toContain('admin takes reset-password EMAIL or create-admin EMAIL');
    expect((await siaga(['admin', 'create-admin'], env)).code).toBe(1);
    expect((await siaga(['admin', 'create-admin', 'not-an-email'], env)).err).toContain('not an email address');
    const unknown = await siaga(['admin', 'reset-password', 'nobody@test.local'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('nobody@test.local not found');
    const weak = await siaga(['admin', 'create-admin', 'ops@test.local', '--password-stdin'], env, 'aaaaaaaaaa\n');
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('too easy to guess');
  });

  it('creates an admin with a generated password that logs in, and then a disabled admin gets back in with reset-password', async () => {
    const created = await siaga(['admin', 'create-admin', 'Ops@Test.local', '--name', 'Operations'], env);
    expect(created.code).toBe(0);
    expect(created.out).toContain('created admin ops@test.local');
    const generated = /password: (\S+)/.exec(created.out)?.[1];
    expect(generated).toBeDefined();
    expect((await siaga(['admin', 'create-admin', 'ops@test.local'], env)).err).toContain('exists');

    let t = await app();
    try {
      const login = await t.http.post('/api/auth/login').send({ email: 'ops@test.local', password: generated });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ role: 'admin', name: 'Operations' });
      // The admin is then disabled behind everyone's back (the state the CLI exists for).
      await t.siaga.db.query(`UPDATE users SET active = false WHERE email = 'ops@test.local'`);
      expect((await t.http.post('/api/auth/login').send({ email: 'ops@test.local', password: generated })).status).toBe(401);
    } finally {
      await t.close();
    }

    const reset = await siaga(['admin', 'reset-password', 'ops@test.local', '--password-stdin'], env, 'a-recovered-passphrase-42\r\nignored');
    expect(reset.code).toBe(0);
    expect(reset.out).toContain('reset the password of ops@test.local');
    expect(reset.out).not.toContain('password:');
    t = await app();
    try {
      expect((await t.http.post('/api/auth/login').send({ email: 'ops@test.local', password: generated })).status).toBe(401);
      const login = await t.http.post('/api/auth/login').send({ email: 'ops@test.local', password: 'a-recovered-passphrase-42' });
      expect(login.status).toBe(200);
      expect(login.body.user.role).toBe('admin');
      const audit = await t.siaga.db.query<{ action: string; details: { via?: string } }>(`SELECT action, details FROM audit_log ORDER BY at`);
      expect(audit.filter((a) => a.details.via === 'cli').map((a) => a.action)).toEqual(['user.created', 'user.password_changed']);
    } finally {
      await t.close();
    }
  });
});
