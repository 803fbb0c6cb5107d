import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../server/src/cli/cli.js';

// The embedded database on disk, through the command line as an operator uses it.
describe('siaga backup and restore (embedded database)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'siaga-backup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (args: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (t) => void out.push(t), err: (t) => void err.push(t), env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', SIAGA_DATA_DIR: join(dir, 'data'), ...env } });
    return { code, out: out.join(''), err: err.join('') };
  };
  const posts = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ source: 'x', externalId: `b${from + i}`, text: `bpjs antre ${from + i}`, createdAt: '2026-11-20T01:00:00Z', author: { handle: 'a' } })).join('\n');

  it('backs up, restores what was backed up, keeps the replaced data aside, and refuses a corrupt file without touching the data', async () => {
    writeFileSync(join(dir, 'first.jsonl'), posts(0, 3));
    writeFileSync(join(dir, 'more.jsonl'), posts(3, 2));
    expect((await run(['import', join(dir, 'first.jsonl')])).code).toBe(0);
    const backup = join(dir, 'siaga.tar.gz');
    const b = await run(['backup', backup]);
    expect(b).toMatchObject({ code: 0, err: '' });
    expect(b.out).toContain('backed up 3 posts');
    expect(existsSync(backup)).toBe(true);

    expect((await run(['import', join(dir, 'more.jsonl')])).code).toBe(0);
    const r = await run(['restore', backup]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('restored 3 posts');
    const aside = readdirSync(join(dir, 'data')).filter((f) => f.startsWith('pglite.before-restore-'));
    expect(aside).toHaveLength(1);
    expect(r.out).toContain(aside[0]);

    // The replaced data is whole: restoring it back brings the 5 posts.
    const again = await run(['backup', join(dir, 'now.tar.gz')]);
    expect(again.out).toContain('backed up 3 posts');

    writeFileSync(join(dir, 'corrupt.tar.gz'), 'not a backup at all');
    const bad = await run(['restore', join(dir, 'corrupt.tar.gz')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('is not a Siaga backup that can be read');
    expect((await run(['backup', join(dir, 'after.tar.gz')])).out).toContain('backed up 3 posts');
    expect(readdirSync(join(dir, 'data')).filter((f) => f.startsWith('pglite.before-restore-'))).toHaveLength(1);
    // Each step opens the embedded database on disk afresh, as the command does: seconds each.
  }, 300_000);

  it('says what to use on a PostgreSQL server, and refuses a missing file', async () => {
    const server = await run(['backup', join(dir, 'x.tar.gz')], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(server.code).toBe(1);
    expect(server.err).toContain('pg_dump');
    const missing = await run(['restore', join(dir, 'missing.tar.gz')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no such backup file');
    expect((await run(['backup'])).code).toBe(1);
  });
});
