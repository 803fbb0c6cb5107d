import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../server/src/cli/cli.js';
import { loadConfig } from '../server/src/config/config.js';
import { RetentionService } from '../server/src/retention/retention.service.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';

const DAY = 86_400_000;

describe(`retention and erasure (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIAGA_RETENTION: 'x=delete:90,y=anonymise:30,*=delete:365' });
    const created = await t.http.post('/api/programs').set('authorization', `Bearer ${await t.token('admin')}`).send({ name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' });
    if (created.status !== 201) throw new Error(`creating the program failed: ${created.status}`);
    // The pass the server starts with (nothing to do yet) is over before the test's posts arrive.
    await t.siaga.app.get(RetentionService).run();
  });
  afterAll(() => t.close());

  const ingest = async (posts: Array<Record<string, unknown>>) => {
    const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });
    expect(res.status).toBe(202);
  };
  const rows = (sql: string, params: unknown[] = []) => t.siaga.db.query<Record<string, unknown>>(sql, params);
  const rollupTotals = async () => (await rows('SELECT coalesce(sum(volume), 0)::int AS volume, coalesce(sum(negative), 0)::int AS negative FROM rollups_minute'))[0];

  it('deletes or anonymises per source after its days, in batches, keeps the rollups and audits each rule', async () => {
    const now = Date.now();
    const at = (days: number) => new Date(now - days * DAY).toISOString();
    await ingest([
      post({ source: 'x', externalId: 'x-old', createdAt: at(100), author: { handle: 'budi', name: 'Budi S', followers: 10 } }),
      post({ source: 'x', externalId: 'x-new', createdAt: at(10), author: { handle: 'budi' } }),
      post({ source: 'y', externalId: 'y-old-1', createdAt: at(40), author: { handle: 'sari', name: 'Sari', followers: 99 }, url: 'https://example.org/sari/1' }),
      post({ source: 'y', externalId: 'y-old-2', createdAt: at(45), author: { handle: 'sari' } }),
      post({ source: 'y', externalId: 'y-new', createdAt: at(5), author: { handle: 'sari' } }),
      post({ source: 'z', externalId: 'z-old', createdAt: at(400), author: { handle: 'joko' } }),
      post({ source: 'z', externalId: 'z-mid', createdAt: at(200), author: { handle: 'joko' } }),
    ]);
    const before = await rollupTotals();
    expect((await rows(`SELECT count(*)::int AS n FROM post_programs pp JOIN posts p ON p.id = pp.post_id WHERE p.external_id = 'x-old'`))[0]!.n).toBeGreaterThan(0);
    // Each post has its near-duplicate key row.
    expect((await rows(`SELECT count(*)::int AS n FROM post_interactions pi JOIN posts p ON p.id = pi.post_id WHERE p.external_id IN ('x-old', 'y-old-1', 'z-old')`))[0]!.n).toBe(3);

    const run = await t.siaga.app.get(RetentionService).run();
    expect(run.rules.map((r) => [r.source, r.posts])).toEqual([['x', 1], ['y', 2], ['*', 1]]);
    const left = await rows('SELECT external_id, author_handle, author_name, author_followers, url FROM posts ORDER BY external_id');
    expect(left.map((r) => r.external_id)).toEqual(['x-new', 'y-new', 'y-old-1', 'y-old-2', 'z-mid']);
    const anon = left.filter((r) => String(r.external_id).startsWith('y-old'));
    for (const r of anon) expect(r).toMatchObject({ author_name: null, author_followers: null, url: null });
    // Two posts of one author can no longer be linked to each other.
    expect(anon[0]!.author_handle).toMatch(/^anon-[0-9a-f]{12}$/u);
    expect(anon[0]!.author_handle).not.toBe(anon[1]!.author_handle);
    expect(left.find((r) => r.external_id === 'y-new')).toMatchObject({ author_handle: 'sari' });
    // No program or interaction rows point at deleted posts (neither has a foreign key); the counts of the past stay.
    expect((await rows('SELECT count(*)::int AS n FROM post_programs pp LEFT JOIN posts p ON p.id = pp.post_id WHERE p.id IS NULL'))[0]!.n).toBe(0);
    expect((await rows('SELECT count(*)::int AS n FROM post_interactions pi LEFT JOIN posts p ON p.id = pi.post_id WHERE p.id IS NULL'))[0]!.n).toBe(0);
    // An anonymised post's interaction rows carry its new handle: the network no longer names the author.
    const anonRows = await rows(`SELECT p.source || ':' || p.author_handle AS account, pi.from_account FROM post_interactions pi JOIN posts p ON p.id = pi.post_id WHERE p.external_id LIKE 'y-old-%'`);
    expect(anonRows).toHaveLength(2);
    for (const r of anonRows) expect(r.from_account).toBe(r.account);
    expect((await rows(`SELECT count(*)::int AS n FROM post_interactions WHERE from_account = 'y:sari'`))[0]!.n).toBe(1);
    expect(await rollupTotals()).toEqual(before);
    const audit = await rows(`SELECT target_id, details FROM audit_log WHERE action = 'retention.applied' ORDER BY target_id`);
    expect(audit.map((a) => [a.target_id, (a.details as { posts: number }).posts])).toEqual([['*', 1], ['x', 1], ['y', 2]]);

    // A second pass finds nothing more to do.
    expect((await t.siaga.app.get(RetentionService).run()).rules.map((r) => r.posts)).toEqual([0, 0, 0]);
  });

  it('forgets one author on request, all their posts across programs, and audits who asked', async () => {
    await ingest(Array.from({ length: 5 }, (_, i) => post({ source: 'w', externalId: `w-${i}`, author: { handle: 'minta_hapus' } })).concat([post({ source: 'w', externalId: 'w-other', author: { handle: 'lain' } })]));
    const deleted = await t.siaga.app.get(RetentionService).forgetAuthor('w', 'minta_hapus', 'ticket PDP-42');
    expect(deleted).toBe(5);
    expect((await rows(`SELECT count(*)::int AS n FROM posts WHERE source = 'w'`))[0]!.n).toBe(1);
    expect((await rows(`SELECT count(*)::int AS n FROM post_interactions WHERE from_account = 'w:minta_hapus'`))[0]!.n).toBe(0);
    expect((await rows(`SELECT count(*)::int AS n FROM post_interactions WHERE from_account = 'w:lain'`))[0]!.n).toBe(1);
    const [entry] = await rows(`SELECT target_type, target_id, details FROM audit_log WHERE action = 'author.forgotten'`);
    expect(entry).toMatchObject({ target_type: 'author', target_id: 'w:minta_hapus', details: { source: 'w', handle: 'minta_hapus', posts: 5, requestedBy: 'ticket PDP-42' } });
  });
});

describe('siaga forget-author and SIAGA_RETENTION (command line and config)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'siaga-forget-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes an author from the embedded database and reports how many posts went', async () => {
    const env = { PATH: process.env.PATH, LOG_LEVEL: 'silent', SIAGA_DATA_DIR: join(dir, 'data') };
    const line = (id: string, handle: string) => JSON.stringify({ source: 'x', externalId: id, text: 'bpjs', createdAt: '2026-11-20T01:00:00Z', author: { handle } });
    writeFileSync(join(dir, 'p.jsonl'), [line('a', 'budi'), line('b', 'budi'), line('c', 'sari')].join('\n'));
    const out: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s), env };
    expect(await runCli(['import', join(dir, 'p.jsonl')], io)).toBe(0);
    expect(await runCli(['forget-author', 'x', '@budi', '--requested-by', 'email of 2026-12-05'], io)).toBe(0);
    expect(out.join('')).toContain('deleted 2 posts of x/budi');
    expect(await runCli(['forget-author', 'x'], io)).toBe(1);
    expect(await runCli(['forget-author', 'x', 'a\u0000b'], io)).toBe(1);
  }, 180_000);

  it('refuses a malformed SIAGA_RETENTION with the variable named', () => {
    for (const bad of ['x=delete', 'x=archive:30', 'x=delete:0', 'x=delete:30,x=anonymise:40', 'a b=delete:3']) {
      expect(() => loadConfig({ SIAGA_RETENTION: bad })).toThrow(/SIAGA_RETENTION/u);
    }
    expect(loadConfig({ SIAGA_RETENTION: ' twitter=delete:90 , *=anonymize:30 ' }).retention).toEqual([
      { source: 'twitter', action: 'delete', days: 90 },
      { source: '*', action: 'anonymise', days: 30 },
    ]);
    expect(loadConfig({}).retention).toEqual([]);
  });
});
