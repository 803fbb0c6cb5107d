import type { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { POSTS_EXPORT_COLUMNS, type PostsQuery } from '@siaga/shared';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/access.decorators.js';
import type { Keyset } from '../common/cursor.js';
import { AppError } from '../common/errors.js';
import type { PostRow, PostsRepository } from './posts.repository.js';
import { POSTS_CSV_COLUMNS, PostsService, toCsvValues } from './posts.service.js';

const ACTOR: Principal = { id: '00000000-0000-4000-8000-0000000000aa', email: 'analyst@test.local', name: 'Analyst', role: 'analyst' };
const PROGRAM = '00000000-0000-4000-8000-0000000000bb';
const BASE = Date.parse('2026-11-26T10:00:00Z');

function row(i: number): PostRow {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    source: 'x',
    external_id: `e-${i}`,
    text: `post ${i}`,
    created_at: new Date(BASE - i * 1_000),
    ingested_at: new Date(BASE),
    author_handle: 'budi',
    author_name: null,
    author_followers: null,
    url: null,
    lang: 'id',
    lang_given: null,
    sentiment_label: 'negative',
    sentiment_score: -0.5,
    sentiment_confidence: 0.9,
    sentiment_terms: [],
    sentiment_corrected_at: null,
    sentiment_corrected_by: null,
    harm_flag: false,
    harm_terms: [],
    likes: 0,
    shares: 0,
    replies: 0,
    views: 0,
    parent_external_id: null,
    program_ids: [PROGRAM],
    places: [],
    author_location: null,
    author_created_at_ms: null,
  };
}

/** A service over `n` posts (newest first) with a fake repository (whose reads fail with `listFails`) and audit log that record their calls. */
function setup(n: number, listFails?: Error) {
  const all = Array.from({ length: n }, (_, i) => row(i));
  const lists: Array<{ limit: number; after: Keyset | undefined }> = [];
  const audits: Array<Record<string, unknown>> = [];
  const repo = {
    list: (_f: PostsQuery, limit: number, after: Keyset | undefined) => {
      lists.push({ limit, after });
      if (listFails) return Promise.reject(listFails);
      const start = after ? all.findIndex((r) => r.id === after.id) + 1 : 0;
      return Promise.resolve(all.slice(start, start + limit + 1));
    },
    programSlugs: () => Promise.resolve(new Map([[PROGRAM, 'bpjs']])),
    // The server engine's way (rows written here); the embedded engine's COPY has its own spec (test/posts-csv-copy.spec.ts).
    copiesCsv: false,
    csvCopyPage: () => Promise.resolve(undefined),
  } as unknown as PostsRepository;
  const audit = {
    record: (_actor: Principal, _action: string, _target: unknown, details: Record<string, unknown>) => {
      audits.push(details);
      return Promise.resolve();
    },
  } as unknown as AuditService;
  const logger = { error: () => undefined } as unknown as Logger;
  const service = new PostsService(repo, audit, { now: () => new Date('2026-11-26T10:15:30.123Z') }, logger);
  return { service, lists, audits };
}

const readAll = async (body: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

describe('PostsService', () => {
  describe('exportCsv', () => {
    it('names the file by the time and writes the BOM, the header and every row, a page at a time', async () => {
      const { service, lists, audits } = setup(7);
      const csv = await service.exportCsv(ACTOR, { max: 100 }, 3);
      expect(csv.filename).toBe('siaga-posts-20261126T101530Z.csv');
      const text = await readAll(csv.body);
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(`\uFEFF${POSTS_CSV_COLUMNS.join(',')}`);
      // The original columns keep their places; the new ones come after them.
      expect(POSTS_CSV_COLUMNS.slice(0, POSTS_EXPORT_COLUMNS.length)).toEqual([...POSTS_EXPORT_COLUMNS]);
      expect(lines.slice(1, -1).map((l) => l.split(',')[3])).toEqual(['e-0', 'e-1', 'e-2', 'e-3', 'e-4', 'e-5', 'e-6']);
      expect(lines[lines.length - 1]).toBe('');
      expect(lists.map((c) => c.limit)).toEqual([3, 3, 3]);
      expect(lists[1]!.after).toEqual({ at: row(2).created_at, id: row(2).id });
      expect(audits).toEqual([{ format: 'csv', filters: {}, max: 100, rows: 7, complete: true }]);
    });

    it('stops at max', async () => {
      const { service, lists, audits } = setup(50);
      const text = await readAll((await service.exportCsv(ACTOR, { programId: PROGRAM, max: 5 }, 3)).body);
      expect(text.split('\r\n')).toHaveLength(1 + 5 + 1);
      expect(lists.map((c) => c.limit)).toEqual([3, 2]);
      expect(audits).toEqual([{ format: 'csv', filters: { programId: PROGRAM }, max: 5, rows: 5, complete: true }]);
    });

    it('stops reading when the stream is destroyed, and audits the rows handed over', async () => {
      const { service, lists, audits } = setup(10_000);
      const { body } = await service.exportCsv(ACTOR, { max: 100_000 }, 100);
      const it = body[Symbol.asyncIterator]();
      await it.next();
      body.destroy();
      for (let i = 0; i < 100 && !audits.length; i++) await new Promise((r) => setTimeout(r, 5));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ complete: false });
      expect(audits[0]!.rows).toBeLessThan(1_000);
      expect(lists.length).toBeLessThan(10);
    });

    it('refuses a reversed window before reading anything', async () => {
      const { service, lists } = setup(1);
      await expect(service.exportCsv(ACTOR, { from: '2026-11-26T10:00:00Z', to: '2026-11-26T09:00:00Z', max: 10 })).rejects.toThrow(AppError);
      expect(lists).toHaveLength(0);
    });
  });

  it('reads the first page before answering, so a failing read is an error answer rather than a cut CSV', async () => {
    const { service, audits } = setup(1, new Error('statement failed'));
    await expect(service.exportCsv(ACTOR, { max: 10 })).rejects.toThrow('statement failed');
    expect(audits).toHaveLength(0);
  });

  describe('toCsvValues', () => {
    it('follows POSTS_CSV_COLUMNS, names programs by slug, says whether an analyst corrected the post, then followers, engagement and places', () => {
      const r = { ...row(1), program_ids: [PROGRAM, 'deleted-meanwhile'], sentiment_corrected_at: new Date(BASE), author_name: 'Budi', author_followers: 5_000_000, likes: 3, shares: 2, replies: 1, views: 90, places: ['73', '73.71'] };
      const values = toCsvValues(r, new Map([[PROGRAM, 'bpjs']]));
      expect(values).toHaveLength(POSTS_CSV_COLUMNS.length);
      expect(Object.fromEntries(POSTS_CSV_COLUMNS.map((c, i) => [c, values[i]]))).toEqual({
        id: r.id,
        created_at: '2026-11-26T09:59:59.000Z',
        source: 'x',
        external_id: 'e-1',
        author_handle: 'budi',
        author_name: 'Budi',
        lang: 'id',
        sentiment: 'negative',
        score: -0.5,
        corrected: true,
        programs: 'bpjs;deleted-meanwhile',
        url: null,
        text: 'post 1',
        author_followers: 5_000_000,
        likes: 3,
        shares: 2,
        replies: 1,
        views: 90,
        places: '73;73.71',
      });
    });
  });
});
