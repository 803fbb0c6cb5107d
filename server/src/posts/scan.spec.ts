import { describe, expect, it } from '@jest/globals';
import type { Keyset } from '../common/cursor.js';
import type { ScanRow } from './posts.repository.js';
import { scanNewest } from './scan.js';

/** A fake repository over `n` posts one minute apart, newest first, recording its calls. */
function fakeRepo(n: number) {
  const base = Date.parse('2026-11-26T00:00:00Z');
  const all: ScanRow[] = Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(n - i).padStart(12, '0')}`,
    created_at: new Date(base - i * 60_000),
    text: `post ${i}`,
    lang: 'id',
    author_handle: 'a',
  }));
  const calls: Array<{ limit: number; after: Keyset | undefined }> = [];
  return {
    calls,
    scan: (_w: unknown, limit: number, after: Keyset | undefined) => {
      calls.push({ limit, after });
      const start = after ? all.findIndex((r) => r.created_at.getTime() < after.at.getTime() || (r.created_at.getTime() === after.at.getTime() && r.id < after.id)) : 0;
      return Promise.resolve(start < 0 ? [] : all.slice(start, start + limit));
    },
  };
}

const window = { from: new Date(0), to: new Date() };

describe('scanNewest', () => {
  it.each([
    [0, 10, 3, { scanned: 0, more: false }, 1],
    [7, 10, 3, { scanned: 7, more: false }, 3],
    [9, 10, 3, { scanned: 9, more: false }, 3],
    [10, 10, 3, { scanned: 10, more: false }, 4],
    [11, 10, 3, { scanned: 10, more: true }, 4],
    [50, 10, 5, { scanned: 10, more: true }, 2],
  ])('over %i posts with max %i in pages of %i', async (n, max, pageRows, expected, queries) => {
    const repo = fakeRepo(n);
    const seen: string[] = [];
    const r = await scanNewest(repo, window, { max, pageRows }, (rows) => seen.push(...rows.map((x) => x.text)));
    expect(r).toEqual(expected);
    // Every post once, newest first, and never more than `max`.
    expect(seen).toEqual(Array.from({ length: expected.scanned }, (_, i) => `post ${i}`));
    expect(repo.calls).toHaveLength(queries);
  });

  it('asks for one row beyond each page and continues after the last row it visited', async () => {
    const repo = fakeRepo(8);
    await scanNewest(repo, window, { max: 100, pageRows: 3 }, () => undefined);
    expect(repo.calls.map((c) => c.limit)).toEqual([4, 4, 4]);
    expect(repo.calls[1]!.after!.at.toISOString()).toBe('2026-11-25T23:58:00.000Z');
  });
});
