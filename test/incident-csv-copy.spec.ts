import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { csvRow } from '../server/src/posts/csv.js';
import { IncidentsRepository, type PostScope } from '../server/src/incidents/incidents.repository.js';
import { csvValues } from '../server/src/incidents/reports.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { ENGINE } from './support/database.js';

const FROM = new Date('2026-11-26T00:00:00Z');
const TO = new Date('2026-11-26T12:00:00Z');

/** Texts a CSV writer gets wrong: quotes, separators, line breaks, formula starts, emoji, empty. Written for this suite. */
const TEXTS = [
  'BPJS antre lama, kecewa "sekali"',
  '=HYPERLINK("http://contoh.test","klik")',
  '+62 812 layanan BPJS',
  '-harga naik lagi BPJS',
  '@bpjs_kesehatan tolong dibalas',
  '\tBPJS diawali tab',
  '\rBPJS diawali CR',
  'baris satu BPJS\nbaris dua\r\nbaris tiga',
  'BPJS 😡😡 parah',
  'BPJS "" kutip ganda, dan koma',
  'BPJS biasa saja',
];

describe(`incident CSV written by the embedded engine's COPY (${ENGINE})`, () => {
  let t: TestApp;
  let repo: IncidentsRepository;
  const programIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.token('admin');
    for (const [name, slug, query] of [
      ['BPJS', 'bpjs', 'bpjs'],
      ['Antre', 'antre', 'antre'],
    ]) {
      const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name, slug, query });
      if (res.status !== 201) throw new Error(`creating program ${slug}: ${res.status}`);
      programIds.push((res.body as { id: string }).id);
    }
    const channel = await t.http.post('/api/official-channels').set('authorization', `Bearer ${admin}`).send({ programId: programIds[0], source: 'x', handle: 'bpjs_resmi', label: 'BPJS', kind: 'agency' });
    if (channel.status !== 201) throw new Error(`registering the official channel: ${channel.status}`);
    repo = t.siaga.app.get(IncidentsRepository);
    // Every text three times: by an official channel (handle as posts write it, with @ and capitals), by an author
    // with no name, and by one whose name is itself a formula; some in both programs, one corrected by an analyst.
    let n = 0;
    for (const [k, text] of TEXTS.entries()) {
      for (const [author, name] of [
        ['@BPJS_Resmi', 'BPJS Resmi'],
        ['warga', null],
        ['warga2', '=1+1'],
      ] as const) {
        n++;
        const both = n % 4 === 0;
        const ids = both ? programIds : [programIds[0]!];
        const at = new Date(FROM.getTime() + n * 60_000 + (n % 3) * 123);
        const label = n % 3 === 0 ? 'negative' : n % 3 === 1 ? 'neutral' : 'positive';
        const rows = await t.siaga.db.query<{ id: string }>(
          `INSERT INTO posts (id, source, external_id, text, created_at, author_handle, author_name, author_followers, url, lang, sentiment_label, sentiment_score,
             sentiment_corrected_at, likes, shares, replies, views, program_ids)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 2, 0, 5, $14::uuid[]) RETURNING id`,
          [
            k % 2 ? 'x' : 'X',
            `copy-${n}`,
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
          ],
        );
        for (const programId of ids) {
          await t.siaga.db.query(`INSERT INTO post_programs (program_id, created_at, post_id, sentiment_label) VALUES ($1, $2, $3, $4)`, [programId, at.toISOString(), rows[0]!.id, label]);
        }
      }
    }
  }, 120_000);
  afterAll(async () => t.close());

  /** The server engine's way: rows read page by page and written by posts/csv.ts. */
  const byRows = async (scope: PostScope, limit: number) => {
    const [slugs, official] = await Promise.all([repo.programSlugs(), repo.officialKeys(scope.programIds)]);
    let out = '';
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const page = await repo.csvPage(scope, limit, after);
      for (const r of page) out += csvRow(csvValues(r, slugs, official));
      if (page.length < limit) return out;
      after = { at: page.at(-1)!.k_at, id: page.at(-1)!.id };
    }
  };
  const byCopy = async (scope: PostScope, limit: number) => {
    let out = '';
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const page = await repo.csvCopyPage(scope, limit, after);
      if (!page) return undefined;
      out += page.csv;
      if (page.rows < limit || !page.last) return out;
      after = page.last;
    }
  };

  it('writes, byte for byte, what the rows written in JavaScript give, page after page, with and without filters', async () => {
    const scopes: PostScope[] = [
      { programIds: [programIds[0]!], from: FROM, to: TO },
      { programIds, from: FROM, to: TO },
      { programIds, from: FROM, to: TO, sentiment: 'negative', lang: 'en' },
      { programIds: [programIds[0]!], from: FROM, to: TO, source: 'x', q: 'bpjs' },
      { programIds: [programIds[1]!], from: new Date(FROM.getTime() + 10 * 60_000), to: new Date(FROM.getTime() + 20 * 60_000) },
    ];
    for (const scope of scopes) {
      const rows = await byRows(scope, 4);
      const copy = await byCopy(scope, 4);
      if (ENGINE !== 'pglite') {
        // The server engine has no COPY to a blob: it writes the rows itself.
        expect(copy).toBeUndefined();
        continue;
      }
      expect(rows.length).toBeGreaterThan(0);
      expect(copy).toBe(rows);
      // And in one page, as the export reads it.
      expect(await byCopy(scope, 10_000)).toBe(rows);
    }
  });

  it('neutralises formulas, quotes what needs quotes and marks official posts, as posts/csv.ts does', async () => {
    const csv = (await byCopy({ programIds, from: FROM, to: TO }, 10_000)) ?? (await byRows({ programIds, from: FROM, to: TO }, 10_000));
    expect(csv.split('\r\n').filter(Boolean).length).toBeGreaterThanOrEqual(TEXTS.length * 3 - 1);
    expect(csv).toContain(`"'=HYPERLINK(""http://contoh.test"",""klik"")"`);
    expect(csv).toContain(",'+62 812 layanan BPJS,");
    expect(csv).toContain(",'@bpjs_kesehatan tolong dibalas,");
    expect(csv).toContain(",'\tBPJS diawali tab,");
    expect(csv).toContain(`"'\rBPJS diawali CR"`);
    expect(csv).toContain('"baris satu BPJS\nbaris dua\r\nbaris tiga"');
    expect(csv).toContain(",'=1+1,");
    expect(csv).toContain(",'-harga naik lagi BPJS,");
    // The official channel's posts end in 1, the others in 0.
    const records = csv.split(/\r\n(?=[0-9a-f]{8}-)/u);
    expect(records.filter((r) => r.includes('@BPJS_Resmi')).every((r) => r.trimEnd().endsWith(',1'))).toBe(true);
    expect(records.filter((r) => r.includes(',warga,')).every((r) => r.trimEnd().endsWith(',0'))).toBe(true);
  });
});
