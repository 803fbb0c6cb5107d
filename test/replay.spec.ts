import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page, Post } from '@siaga/shared';
import { runCli } from '../server/src/cli/cli.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, startTestApp, type TestApp } from './support/app.js';

describe(`siaga replay against a running server (${ENGINE})`, () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'siaga-replay-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' } } };
  }

  it('plays a recorded hour at speed 36000 and stores every post at the moment it was sent', async () => {
    const recorded = Date.parse('2025-01-10T08:00:00Z');
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ source: 'x', externalId: `replay-${i}`, text: `antrean BPJS panjang sekali ${i}`, createdAt: new Date(recorded + i * 120_000).toISOString(), author: { handle: `warga${i % 7}` } }),
    );
    writeFileSync(join(dir, 'hour.jsonl'), `${lines.join('\n')}\n`);
    const before = Date.now();
    const a = io();
    expect(await runCli(['replay', join(dir, 'hour.jsonl'), '--url', t.baseUrl, '--key', INGEST_KEY, '--speed', '36000', '--batch', '7'], a.io)).toBe(0);
    expect(a.out.join('')).toContain('replayed 30 of 30 records (58.0 min of posts');
    expect(a.out.join('')).toContain('30 accepted, 0 duplicates, 0 rejected');
    const admin = await t.token('admin');
    const res = await t.http.get('/api/posts?limit=100').set('authorization', `Bearer ${admin}`);
    const stored = (res.body as Page<Post>).items.filter((p) => p.externalId.startsWith('replay-'));
    expect(stored).toHaveLength(30);
    for (const p of stored) {
      expect(Date.parse(p.createdAt)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(p.createdAt)).toBeLessThanOrEqual(Date.now());
    }
    // Sent again: the server already holds them all.
    const again = io();
    expect(await runCli(['replay', join(dir, 'hour.jsonl'), '--url', t.baseUrl, '--key', INGEST_KEY, '--speed', '36000', '--keep-times'], again.io)).toBe(0);
    expect(again.out.join('')).toContain('0 accepted, 30 duplicates');
  });

  it('refuses bad options with usage and a non-zero exit code', async () => {
    writeFileSync(join(dir, 'one.jsonl'), '{}\n');
    for (const args of [
      ['replay', join(dir, 'one.jsonl'), '--url', t.baseUrl],
      ['replay', join(dir, 'one.jsonl'), '--url', t.baseUrl, '--key', 'k', '--speed', '0'],
      ['replay', join(dir, 'one.jsonl'), '--url', t.baseUrl, '--key', 'k', '--speed', 'fast'],
      ['replay', join(dir, 'one.jsonl'), '--url', t.baseUrl, '--key', 'k', '--format', 'xml'],
      ['replay', join(dir, 'missing.jsonl'), '--url', t.baseUrl, '--key', 'k'],
    ]) {
      const r = io();
      expect(await runCli(args, r.io)).toBe(1);
      expect(r.err.join('')).toMatch(/^siaga: /u);
    }
    const wrongKey = io();
    writeFileSync(join(dir, 'valid.jsonl'), `${JSON.stringify({ source: 'x', externalId: 'k1', text: 'bpjs', createdAt: '2025-01-01T00:00:00Z', author: { handle: 'a' } })}\n`);
    expect(await runCli(['replay', join(dir, 'valid.jsonl'), '--url', t.baseUrl, '--key', 'wrong-key'], wrongKey.io)).toBe(1);
    expect(wrongKey.err.join('')).toContain('401');
  });
});
