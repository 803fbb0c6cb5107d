import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PostsQuery } from '@siaga/shared';
import { csvRow } from '../server/src/posts/csv.js';
import { PostsRepository } from '../server/src/posts/posts.repository.js';
import { toCsvValues } from '../server/src/posts/posts.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { ENGINE } from './support/database.js';

const FROM = new Date('2026-11-26T00:00:00Z');

/** Texts a CSV writer gets wrong: quotes, separators, line breaks, formula starts, emoji, empty. Written for this suite. */
const TEXTS = [
  'BPJS antre lama, kecewa "sekali"',
  '=HYPERLINK("http://contoh.test","klik")',
  '+62 812 layanan BPJS',
  '-harga naik lagi BPJS',
  '@bpjs_kesehatan tolong dibalas #antre',
  '\tBPJS diawali tab',
  '\rBPJS diawali CR',
  'baris satu BPJS\nbaris dua\r\nbaris tiga',
  'BPJS 😡😡 parah langka',
  'BPJS "" kutip ganda, dan koma',
  'BPJS biasa saja',
];

describe(`posts export written by the embedded engine's COPY (${ENGINE})`, () => {
  let t: TestApp;
  let repo: PostsRepository;
  const programIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.token('admin');
    for (const [name, slug, query] of [
      ['BPJS', 'bpjs', 'bpjs'],
      ['Antre', 'antre', 'antre'],
      ['Dihapus', 'dihapus', 'dihapus'],
    ]) {
      const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name, slug, query });
      if (res.status !== 201) throw new Error(`creating program ${slug}: ${res.status}`);
      programIds.push((res.body as { id: string }).id);
    }
    repo = t.siaga.app.get(PostsRepository);
    // Every text three times, by authors with a name, with none and with a formula for one; in one program, in two, or
    // in one that is then deleted (its slug must vanish from the cell); with and without places, harm and a correction.
    let n = 0;
    for (const [k, text] of TEXTS.entries()) {
      for (const [author, name] of [
        ['@BPJS_Resmi', 'BPJS Resmi'],
        ['warga', null],
        ['warga2', '=1+1'],
      ] as const) {
        n++;
        const ids = n % 4 === 0 ? [programIds[0]!, programIds[1]!] : n % 5 === 0 ? [programIds[2]!, programIds[0]!] : [programIds[0]!];
        const at = new Date(FROM.getTime() + n * 60_000 + (n % 3) * 123);
        const label = n % 3 === 0 ? 'negative' : n % 3 === 1 ? 'neutral' : 'positive';
        const rows = await t.siaga.db.query<{ id: string }>(
          `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, author_name, author_followers, url, lang, sentiment_label, sentiment_score,
             sentiment_corrected_at, likes, shares, replies, views, program_ids, places, harm_flag)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 2, 0, 5, $14::uuid[], $15::text[], $16) RETURNING id`,
          [
            k % 2 ? 'x' : 'X',
            n % 7 === 0 ? `-ext-${n}` : `copy-${n}`,
            text,
            at.toISOString(),
            author,
            name,
            n % 5 === 0 ? null : n * 1_000,
            n % 2 ? `https://contoh.test/${n}?a=1,b=2` : null,
            k % 2 ? 'id' : 'en',
            label,
            n % 7 === 0 ? -0.3 : 0.70000005,
            n % 6 === 0 ? at.toISOString() : null,
            n,
            ids,
            n % 3 === 0 ? ['73', '73.71'] : [],
            n % 4 === 1,
          ],
        );
        for (const programId of ids) {
          await t.siaga.db.query(`INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label) VALUES ($1, $2, $3, $4)`, [programId, at.toISOString(), rows[0]!.id, label]);
        }
      }
    }
    const deleted = await t.http.delete(`/api/programs/${programIds[2]}`).set('authorization', `Bearer ${admin}`);
    if (deleted.status !== 204) throw new Error(`deleting a program: ${deleted.status}`);
  }, 120_000);
  afterAll(async () => t.close());

  /** The server engine's way: rows read page by page and written by posts/csv.ts. */
  const byRows = async (f: PostsQuery, limit: number) => {
    const slugs = await repo.programSlugs();
    let out = '';
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const page = await repo.list(f, limit, after);
      for (const r of page.slice(0, limit)) out += csvRow(toCsvValues(r, slugs));
      if (page.length <= limit) return out;
      after = { at: page[limit - 1]!.created_at, id: page[limit - 1]!.id };
    }
  };
  const byCopy = async (f: PostsQuery, limit: number) => {
    const rare = f.q ? await repo.textMatches(f.q) : undefined;
    let out = '';
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const page = await repo.csvCopyPage(f, limit, after, rare);
      if (!page) return undefined;
      out += page.csv;
      if (page.rows < limit || !page.last) return out;
      after = page.last;
    }
  };

  it('writes, byte for byte, what the rows written in JavaScript give, page after page, under every explorer filter', async () => {
    const filters: PostsQuery[] = [
      {},
      { programId: programIds[0] },
      { programId: programIds[1], sentiment: 'negative' },
      { from: new Date(FROM.getTime() + 5 * 60_000).toISOString(), to: new Date(FROM.getTime() + 20 * 60_000).toISOString() },
      { programId: programIds[0], from: new Date(FROM.getTime() + 5 * 60_000).toISOString(), lang: 'en' },
      { source: 'x' },
      { author: 'warga2' },
      { place: '73.71' },
      { q: 'langka' },
      { q: 'bpjs', programId: programIds[0] },
      { harm: true },
      { harm: false, sentiment: 'positive' },
      { q: 'tidakadasamasekali' },
      { programId: programIds[0], source: 'x' },
      { programId: programIds[0], author: 'warga2', sentiment: 'negative' },
      { programId: programIds[1], source: 'X', from: new Date(FROM.getTime() + 10 * 60_000).toISOString() },
    ];
    for (const f of filters) {
      const rows = await byRows(f, 4);
      const copy = await byCopy(f, 4);
      if (ENGINE !== 'pglite') {
        // The server engine has no COPY to a blob: it writes the rows itself.
        expect(copy).toBeUndefined();
        continue;
      }
      if (f.q !== 'tidakadasamasekali') expect(rows.length).toBeGreaterThan(0);
      expect({ f, copy }).toEqual({ f, copy: rows });
      // And in one page, as a short export reads it.
      expect(await byCopy(f, 1_000)).toBe(rows);
    }
  });

  it('reads a program with a source or an author along the posts (a walk in time order) with the same answer as the program alone', async () => {
    const all = await repo.list({ programId: programIds[0] }, 500, undefined);
    const cases: Array<[PostsQuery, (r: (typeof all)[number]) => boolean]> = [
      [{ programId: programIds[0], source: 'x' }, (r) => r.source.toLowerCase() === 'x'],
      [{ programId: programIds[0], author: 'warga2', sentiment: 'negative' }, (r) => r.author_handle === 'warga2' && r.sentiment_label === 'negative'],
      [{ programId: programIds[0], source: 'X', from: new Date(FROM.getTime() + 10 * 60_000).toISOString() }, (r) => r.source.toLowerCase() === 'x' && r.created_at.getTime() >= FROM.getTime() + 10 * 60_000],
    ];
    for (const [f, keep] of cases) {
      const expected = all.filter(keep).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(1);
      // Page by page (two at a time), the cursor of each page carried to the next.
      const ids: string[] = [];
      let after: { at: Date; id: string } | undefined;
      for (;;) {
        const page = await repo.list(f, 2, after);
        ids.push(...page.slice(0, 2).map((r) => r.id));
        if (page.length <= 2) break;
        after = { at: page[1]!.created_at, id: page[1]!.id };
      }
      expect(ids).toEqual(expected);
    }
  });

  it('answers the same file through the API on both engines: formulas neutralised, quotes doubled, deleted programs gone', async () => {
    const analyst = await t.token('analyst');
    const res = await t.http.get('/api/posts/export?max=20').set('authorization', `Bearer ${analyst}`).buffer(true);
    expect(res.status).toBe(200);
    const csv = res.text;
    // 20 of 33 rows: the cap holds across pages of either kind.
    expect(csv.slice(1).split(/\r\n(?=[0-9a-f]{8}-)/u).length).toBe(21);
    const all = (await t.http.get('/api/posts/export').set('authorization', `Bearer ${analyst}`).buffer(true)).text;
    expect(all).toBe('\uFEFF' + csvRow((await import('@siaga/shared')).POSTS_EXPORT_COLUMNS) + (await byRows({}, 500)));
    expect(all).toContain(`"'=HYPERLINK(""http://contoh.test"",""klik"")"`);
    expect(all).toContain(",'+62 812 layanan BPJS,");
    expect(all).toContain(",'=1+1,");
    expect(all).toContain(',73;73.71\r\n');
    expect(all).toContain(",'-ext-7,");
    expect(all).not.toContain('dihapus');
    expect(all).toContain(',bpjs;antre,');
  });
});
