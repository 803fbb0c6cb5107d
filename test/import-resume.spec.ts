import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page, Post } from '@siaga/shared';
import { runCli } from '../server/src/cli/cli.js';
import { checkpointPath } from '../server/src/cli/import.command.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, startTestApp, type TestApp } from './support/app.js';

describe(`siaga import resumes an interrupted run (${ENGINE})`, () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'siaga-resume-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const out: string[] = [];
    const code = await runCli(args, { out: (s) => void out.push(s), err: (s) => void out.push(s), env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' } });
    return { code, out: out.join('') };
  };
  const lines = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ source: 'x', externalId: `${prefix}-${i + 1}`, text: `bpjs ${i}`, createdAt: '2026-11-20T01:00:00Z', author: { handle: 'a' } })).join('\n');
  const stored = async (prefix: string) => {
    const res = await t.http.get('/api/posts?limit=100').set('authorization', `Bearer ${await t.token('admin')}`);
    return (res.body as Page<Post>).items.filter((p) => p.externalId.startsWith(`${prefix}-`)).map((p) => p.externalId).sort();
  };

  it('continues after the line an interrupted run reached, and starts over on --restart or a changed file', async () => {
    const file = join(dir, 'posts.jsonl');
    writeFileSync(file, lines('r', 10));
    const { size, mtimeMs } = statSync(file);
    // What a run stopped after line 6 leaves beside the file.
    writeFileSync(checkpointPath(file), JSON.stringify({ size, mtimeMs, line: 6, summary: { read: 6, accepted: 6, duplicates: 0, rejected: [] } }));
    const resumed = await run(['import', file, '--url', t.baseUrl, '--key', INGEST_KEY, '--batch', '3']);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain('resumed after line 6');
    expect(resumed.out).toContain('read 10 records: 10 accepted');
    // Lines 1–6 were not sent again (this test never sent them at all).
    expect(await stored('r')).toEqual(['r-10', 'r-7', 'r-8', 'r-9']);
    expect(existsSync(checkpointPath(file))).toBe(false);

    writeFileSync(checkpointPath(file), JSON.stringify({ size, mtimeMs, line: 6, summary: { read: 6, accepted: 6, duplicates: 0, rejected: [] } }));
    const restarted = await run(['import', file, '--url', t.baseUrl, '--key', INGEST_KEY, '--restart']);
    expect(restarted.out).not.toContain('resumed');
    expect(restarted.out).toContain('read 10 records: 6 accepted, 4 duplicates');

    const changed = join(dir, 'changed.jsonl');
    writeFileSync(changed, lines('c', 3));
    writeFileSync(checkpointPath(changed), JSON.stringify({ size: 1, mtimeMs: 1, line: 2, summary: { read: 2, accepted: 2, duplicates: 0, rejected: [] } }));
    const fresh = await run(['import', changed, '--url', t.baseUrl, '--key', INGEST_KEY]);
    expect(fresh.out).toContain('read 3 records: 3 accepted');
  });

  it('leaves the checkpoint when the server is gone for good, and says how to continue', async () => {
    const file = join(dir, 'gone.jsonl');
    writeFileSync(file, lines('g', 4));
    // First batch goes in; then the key is wrong for the rest (a revoked key behaves the same).
    const first = await run(['import', file, '--url', t.baseUrl, '--key', INGEST_KEY, '--batch', '2']);
    expect(first.code).toBe(0);
    const { size, mtimeMs } = statSync(file);
    writeFileSync(checkpointPath(file), JSON.stringify({ size, mtimeMs, line: 2, summary: { read: 2, accepted: 2, duplicates: 0, rejected: [] } }));
    const failed = await run(['import', file, '--url', t.baseUrl, '--key', 'revoked-key', '--batch', '2']);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('401');
    expect(failed.out).toContain('lines up to 2 are in: run the same command again');
    expect(existsSync(checkpointPath(file))).toBe(true);
  });
});
