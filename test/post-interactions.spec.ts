import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NetworkResponse, Program } from '@siaga/shared';
import { DetectionRepository } from '../server/src/detection/detection.repository.js';
import { BackfillService } from '../server/src/programs/backfill.service.js';
import { ENGINE } from './support/database.js';
import { FakeClock, INGEST_KEY, startTestApp, type TestApp } from './support/app.js';

const MINUTE = 60_000;
const NOW = Math.floor((Date.now() - 2 * 86_400_000) / MINUTE) * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

/** Ingest writes each post's replies, quotes, shares, mentions and near-duplicate key to post_interactions; the network reads them. */
describe(`post interactions: ingest → edge rows → network (${ENGINE})`, () => {
  const clock = new FakeClock(NOW);
  let t: TestApp;
  let viewer: string;
  let admin: string;
  let program: Program;
  let seq = 0;
  const post = (handle: string, text: string, over: Record<string, unknown> = {}) => ({
    source: 'x',
    externalId: `pi-${++seq}`,
    text,
    createdAt: iso(NOW - 30 * MINUTE + seq * 1_000),
    author: { handle, followers: 10 * seq },
    ...over,
  });
  const ingest = async (posts: unknown[]) => {
    const res = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });
    if (res.status !== 202 || res.body.accepted !== posts.length) throw new Error(`ingest: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const rows = () =>
    t.siaga.db.query<{ external_id: string; kind: string; from_account: string; target: string | null }>(
      `SELECT p.external_id, i.kind, i.from_account, i.target FROM post_interactions i JOIN posts p ON p.id = i.post_id ORDER BY p.created_at, i.kind, i.target`,
    );
  const network = async (scope = `programId=${program.id}&`) => {
    const res = await t.http.get(`/api/metrics/network?${scope}from=${iso(NOW - 60 * MINUTE)}&to=${iso(NOW)}`).set('authorization', `Bearer ${viewer}`);
    expect(res.status).toBe(200);
    return res.body as NetworkResponse;
  };
  const edge = (g: NetworkResponse, a: string, b: string) => g.edges.find((e) => [e.source, e.target].sort().join() === [`x:${a}`, `x:${b}`].sort().join());

  const slogan = 'Tolak kenaikan tarif listrik banjir bantuan sekarang juga!!';
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    viewer = await t.token('viewer');
    admin = await t.token('admin');
    const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'Banjir', slug: 'banjir', query: 'banjir' });
    if (res.status !== 201) throw new Error(`program: ${res.status}`);
    program = res.body as Program;
    await ingest([
      post('induk', 'Banjir setinggi pinggang di kampung kami'), // pi-1
      post('pembalas', 'banjir juga di sini, semoga cepat surut', { parentExternalId: 'pi-1' }), // pi-2: reply to a stored post of this batch
      post('telat', 'banjir itu memang parah, saya lihat sendiri', { parentExternalId: 'pi-later' }), // pi-3: its parent comes later
      post('pengutip', 'Ini bukti banjir sudah masuk rumah', { quotedExternalId: 'pi-1' }), // pi-4: a quote
      post('penyebut', '@induk @induk. @penyebut banjir di rumahmu sudah surut?'), // pi-5: one mention (twice), not itself
      post('salin1', slogan), // pi-6..8: the same text by three accounts
      post('salin2', `${slogan} #tolak`),
      post('salin3', slogan.toUpperCase()),
      post('lain', '@induk hujan deras di tempat lain'), // pi-9: not the program's
      post('pendek', 'banjir @induk lagi lagi hari'), // pi-10: a mention, too short for a copy
    ]);
    await t.siaga.app.get(BackfillService).idle();
  });
  afterAll(async () => t.close());

  it('writes one row per interaction at ingest, a reply or quote with the author it points at when that post is stored', async () => {
    const r = await rows();
    const copyKeys = new Set(r.filter((x) => x.kind === 'copy' && x.from_account.startsWith('x:salin')).map((x) => x.target));
    expect(copyKeys.size).toBe(1);
    expect(r.filter((x) => x.kind !== 'copy')).toEqual([
      { external_id: 'pi-2', kind: 'reply', from_account: 'x:pembalas', target: 'x:induk' },
      { external_id: 'pi-3', kind: 'reply', from_account: 'x:telat', target: null },
      { external_id: 'pi-4', kind: 'quote', from_account: 'x:pengutip', target: 'x:induk' },
      { external_id: 'pi-5', kind: 'mention', from_account: 'x:penyebut', target: 'x:induk' },
      { external_id: 'pi-9', kind: 'mention', from_account: 'x:lain', target: 'x:induk' },
      { external_id: 'pi-10', kind: 'mention', from_account: 'x:pendek', target: 'x:induk' },
    ]);
    // Posts of five normalised words or more have a near-duplicate key (mentions are not words): pi-4 has six, pi-10 four.
    expect(r.filter((x) => x.kind === 'copy').map((x) => x.external_id)).toEqual(['pi-1', 'pi-2', 'pi-3', 'pi-4', 'pi-5', 'pi-6', 'pi-7', 'pi-8', 'pi-9']);
  });

  it('draws the replies, the quote, the mention and the near-copies from those rows, within the program', async () => {
    const g = await network();
    expect(g.postsScanned).toBe(9);
    expect(edge(g, 'pembalas', 'induk')).toMatchObject({ replies: 1, mentions: 0, quotes: 0, shares: 0, duplicates: 0, weight: 1 });
    expect(edge(g, 'pengutip', 'induk')).toMatchObject({ replies: 0, quotes: 1, weight: 1 });
    expect(edge(g, 'penyebut', 'induk')).toMatchObject({ mentions: 1, weight: 1 });
    for (const [a, b] of [['salin1', 'salin2'], ['salin2', 'salin3'], ['salin1', 'salin3']]) expect(edge(g, a!, b!)).toMatchObject({ duplicates: 1 });
    // The pending reply links nobody yet, and the other program's mention is not in this one.
    expect(g.nodes.some((n) => n.handle === 'telat' || n.handle === 'lain')).toBe(false);
    const copier = g.nodes.find((n) => n.handle === 'salin1')!;
    expect(copier.reasons.find((r) => r.kind === 'near_duplicates')).toMatchObject({ value: 1 });
    const induk = g.nodes.find((n) => n.handle === 'induk')!;
    expect(induk).toMatchObject({ posts: 1, followers: 10, degree: 4 });
    expect(g.communities.flatMap((c) => c.topTerms.map((x) => x.value))).toContain('banjir');
    // Without a program: every post of the window, the other program's mention included.
    const all = await network('');
    expect(all.postsScanned).toBe(10);
    expect(edge(all, 'lain', 'induk')).toMatchObject({ mentions: 1 });
  });

  it('marks a near-duplicate key shared once a second account posts it, in the same batch or a later one, and never for one account alone', async () => {
    const shared = async (text: string) =>
      (
        await t.siaga.db.query<{ external_id: string; shared: boolean }>(
          `SELECT p.external_id, i.shared FROM post_interactions i JOIN posts p ON p.id = i.post_id WHERE i.kind = 'copy' AND i.target = (SELECT c.target FROM post_interactions c JOIN posts q ON q.id = c.post_id WHERE c.kind = 'copy' AND q.text = $1 LIMIT 1) ORDER BY p.created_at`,
          [text],
        )
      ).map((r) => `${r.external_id}:${r.shared ? 'shared' : 'own'}`);
    // The slogan of the first batch: three accounts in one batch.
    expect(await shared(slogan)).toEqual(['pi-6:shared', 'pi-7:shared', 'pi-8:shared']);
    const text = 'Harga beras naik lagi minggu ini di pasar kami';
    const first = seq + 1;
    await ingest([post('sendiri', text), post('sendiri', `${text}!`)]);
    expect(await shared(text)).toEqual([`pi-${first}:own`, `pi-${first + 1}:own`]);
    // A second account in a later batch: its row goes in shared, and the older rows become shared.
    await ingest([post('kedua', text.toUpperCase())]);
    expect(await shared(text)).toEqual([`pi-${first}:shared`, `pi-${first + 1}:shared`, `pi-${first + 2}:shared`]);
    // Once shared, a later copy goes in shared, even from one of the same accounts.
    await ingest([post('sendiri', text)]);
    expect(await shared(text)).toEqual([`pi-${first}:shared`, `pi-${first + 1}:shared`, `pi-${first + 2}:shared`, `pi-${first + 3}:shared`]);
  });

  it('links a waiting reply when the post it answers arrives, and drops the rows with their post', async () => {
    await ingest([post('penulis', 'Banjir kiriman datang lagi malam ini', { externalId: 'pi-later' })]);
    await t.siaga.app.get(BackfillService).idle();
    expect((await rows()).find((x) => x.external_id === 'pi-3' && x.kind === 'reply')!.target).toBe('x:penulis');
    expect(edge(await network(), 'telat', 'penulis')).toMatchObject({ replies: 1 });

    await t.siaga.db.query(`DELETE FROM post_programs WHERE post_id IN (SELECT id FROM posts WHERE external_id = 'pi-2')`);
    await t.siaga.db.query(`DELETE FROM posts WHERE external_id = 'pi-2'`);
    expect((await rows()).some((x) => x.external_id === 'pi-2')).toBe(false);
    expect(edge(await network(), 'pembalas', 'induk')).toBeUndefined();
  });

  it('links a share to the shared post\'s author, fills in a share that came before its post, and gives a share no near-duplicate key', async () => {
    const original = 'Banjir setinggi pinggang di kampung kami';
    const later = 'Banjir bandang menerjang desa kami tadi pagi';
    const first = seq + 1;
    await ingest([
      post('pembagi1', original, { sharedExternalId: 'pi-1' }),
      post('pembagi2', original, { sharedExternalId: 'pi-1' }),
      post('pembagi3', later, { sharedExternalId: 'pi-soon' }),
    ]);
    const mine = async () => (await rows()).filter((x) => x.from_account.startsWith('x:pembagi'));
    expect(await mine()).toEqual([
      { external_id: `pi-${first}`, kind: 'share', from_account: 'x:pembagi1', target: 'x:induk' },
      { external_id: `pi-${first + 1}`, kind: 'share', from_account: 'x:pembagi2', target: 'x:induk' },
      { external_id: `pi-${first + 2}`, kind: 'share', from_account: 'x:pembagi3', target: null },
    ]);
    // Two accounts carry the shared post's text, yet its own near-duplicate key stays its own.
    const copies = await t.siaga.db.query<{ external_id: string; shared: boolean }>(
      `SELECT p.external_id, i.shared FROM post_interactions i JOIN posts p ON p.id = i.post_id WHERE i.kind = 'copy' AND p.text = $1`,
      [original],
    );
    expect(copies).toEqual([{ external_id: 'pi-1', shared: false }]);
    const g = await network();
    expect(edge(g, 'pembagi1', 'induk')).toMatchObject({ shares: 1, replies: 0, mentions: 0, quotes: 0, duplicates: 0, weight: 1 });
    expect(edge(g, 'pembagi2', 'induk')).toMatchObject({ shares: 1, weight: 1 });
    expect(edge(g, 'pembagi1', 'pembagi2')).toBeUndefined();
    expect(g.nodes.some((n) => n.handle === 'pembagi3')).toBe(false);

    await ingest([post('asal', later, { externalId: 'pi-soon' })]);
    expect((await mine()).map((x) => x.target)).toEqual(['x:induk', 'x:induk', 'x:asal']);
    expect(edge(await network(), 'pembagi3', 'asal')).toMatchObject({ shares: 1, duplicates: 0, weight: 1 });
    // A new detection holder replays the program's stored posts to its campaign detector without the shares.
    const replayed = await t.siaga.app.get(DetectionRepository).recentPosts(program.id, new Date(NOW - 60 * MINUTE), new Date(NOW), 100);
    expect(replayed.filter((r) => r.share).map((r) => r.author_handle)).toEqual(['pembagi1', 'pembagi2', 'pembagi3']);
    expect(replayed.find((r) => r.author_handle === 'induk')).toMatchObject({ share: false });
    // The explorer tells a share from an original: it names the post it shares.
    const listed = await t.http.get(`/api/posts?programId=${program.id}&author=pembagi1`).set('authorization', `Bearer ${viewer}`);
    expect(listed.status).toBe(200);
    expect((listed.body as { items: Array<{ sharedExternalId: string | null }> }).items.map((p) => p.sharedExternalId)).toEqual(['pi-1']);
    const source = await t.http.get(`/api/posts?programId=${program.id}&author=induk`).set('authorization', `Bearer ${viewer}`);
    expect((source.body as { items: Array<{ sharedExternalId: string | null }> }).items.every((p) => p.sharedExternalId === null)).toBe(true);
  });

  it('draws a program created after the posts once its backfill has linked them (no second write of the rows)', async () => {
    // A backfill re-matches posts ingested before the program's creation: the clock moves past their ingestion.
    clock.advance(Date.now() + MINUTE - clock.now().getTime());
    const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'Hujan', slug: 'hujan', query: 'hujan' });
    expect(res.status).toBe(201);
    await t.siaga.app.get(BackfillService).idle();
    const g = await network(`programId=${(res.body as Program).id}&`);
    expect(g.postsScanned).toBe(1);
    expect(edge(g, 'lain', 'induk')).toMatchObject({ mentions: 1 });
  });
});
