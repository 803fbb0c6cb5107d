import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../server/src/cli/cli.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, startTestApp, testDatabaseEnv, type TestApp } from './support/app.js';

function io(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env } } };
}

const csv = `source,externalId,text,createdAt,author_handle,author_followers,likes
x,c1,"BPJS antre lama, kecewa",2026-11-20T01:00:00Z,budi,10,3
x,c2,Prakerja cair alhamdulillah,2026-11-20T01:01:00Z,sari,,
x,c3,,2026-11-20T01:02:00Z,sari,,
x,c4,no date here,,joko,,
`;
const jsonl = [
  JSON.stringify({ source: 'x', externalId: 'j1', text: 'bpjs ok', createdAt: '2026-11-20T02:00:00Z', author: { handle: 'a' } }),
  '{broken',
  JSON.stringify({ source: 'x', externalId: 'j2', text: 'bpjs lagi', createdAt: '2026-11-20T02:01:00Z', author: { handle: 'b' } }),
].join('\n');

describe(`siaga CLI (${ENGINE})`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'siaga-cli-'));
    writeFileSync(join(dir, 'posts.csv'), csv);
    writeFileSync(join(dir, 'posts.jsonl'), jsonl);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints usage and fails on unknown commands and options', async () => {
    const a = io({ SIAGA_DATA_DIR: dir });
    expect(await runCli(['frobnicate'], a.io)).toBe(1);
    expect(a.err.join('')).toContain('unknown command frobnicate');
    const b = io({ SIAGA_DATA_DIR: dir });
    expect(await runCli(['import', join(dir, 'posts.csv'), '--bogus'], b.io)).toBe(1);
    expect(b.err.join('')).toContain('--bogus');
    const c = io({ SIAGA_DATA_DIR: dir });
    expect(await runCli(['import', join(dir, 'missing.csv')], c.io)).toBe(1);
    expect(c.err.join('')).toContain('no such file');
    const d = io({ SIAGA_DATA_DIR: dir, PORT: 'eighty' });
    expect(await runCli(['migrate'], d.io)).toBe(1);
    expect(d.err.join('')).toContain('PORT');
  });

  it('imports CSV and JSONL into the database, reporting bad lines and failing the exit code', async () => {
    const db = await testDatabaseEnv();
    try {
      const env = { SIAGA_DATA_DIR: join(dir, 'direct'), ...db.env };
      const m = io(env);
      expect(await runCli(['migrate'], m.io)).toBe(0);
      expect(m.out.join('')).toMatch(/applied 20261126120000_foundation|nothing to apply/);
      const a = io(env);
      expect(await runCli(['import', join(dir, 'posts.csv')], a.io)).toBe(2);
      const out = a.out.join('');
      expect(out).toContain('read 4 records: 2 accepted, 0 duplicates, 2 rejected');
      expect(out).toContain('line 3: text');
      expect(out).toContain('line 4: createdAt');
      const again = io(env);
      expect(await runCli(['import', join(dir, 'posts.csv')], again.io)).toBe(2);
      expect(again.out.join('')).toContain('0 accepted, 2 duplicates');
      const j = io(env);
      expect(await runCli(['import', join(dir, 'posts.jsonl')], j.io)).toBe(2);
      expect(j.out.join('')).toContain('2 accepted, 0 duplicates, 1 rejected');
      expect(j.out.join('')).toContain('line 2: not valid JSON');
    } finally {
      await db.drop();
    }
  });

  it('imports through a running server with --url and --key', async () => {
    const t: TestApp = await startTestApp();
    try {
      const a = io({ SIAGA_DATA_DIR: join(dir, 'unused') });
      expect(await runCli(['import', join(dir, 'posts.jsonl'), '--url', t.baseUrl, '--key', INGEST_KEY], a.io)).toBe(2);
      expect(a.out.join('')).toContain('2 accepted');
      const bad = io({ SIAGA_DATA_DIR: join(dir, 'unused') });
      expect(await runCli(['import', join(dir, 'posts.jsonl'), '--url', t.baseUrl, '--key', 'wrong-key'], bad.io)).toBe(1);
      expect(bad.err.join('')).toContain('401');
    } finally {
      await t.close();
    }
  });

  it('refuses to open the embedded database while another process holds it', async () => {
    const dataDir = join(dir, 'locked');
    // Another process takes the lock the way the server does, and holds it.
    const holder = spawn(process.execPath, [
      '-e',
      `const fs=require('fs');fs.mkdirSync(${JSON.stringify(dataDir)},{recursive:true});fs.writeFileSync(${JSON.stringify(join(dataDir, 'siaga.lock'))},JSON.stringify({pid:process.pid}));console.log('ready');setTimeout(()=>{},60000)`,
    ]);
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const a = io({ SIAGA_DATA_DIR: dataDir, DATABASE_URL: '' });
      expect(await runCli(['migrate'], a.io)).toBe(1);
      expect(a.err.join('')).toMatch(/in use by another Siaga process \(pid \d+\)/);
    } finally {
      holder.kill();
    }
    await new Promise((r) => holder.once('exit', r));
    // Once the holder is gone its lock is stale and is taken over.
    const b = io({ SIAGA_DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(await runCli(['migrate'], b.io)).toBe(0);
  });
});
