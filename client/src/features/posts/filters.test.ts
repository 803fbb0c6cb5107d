import { describe, expect, it } from '@jest/globals';
import { filenameFromDisposition } from './download';
import { filtersFromSearch, searchWithFilters } from './filters';
import { countNewPosts, uniquePosts } from './usePostsFeed';
import type { Post } from '@siaga/shared';

describe('filters in the URL', () => {
  it('keeps valid filters, drops the rest, and leaves other parameters alone', () => {
    const params = new URLSearchParams('program=11111111-1111-4111-8111-111111111111&sentiment=bad&lang=en&q=%20banjir%20&from=2026-11-26T10:00:00%2B07:00&to=2026-11-26T09:00:00%2B07:00&view=compact');
    expect(filtersFromSearch(params)).toEqual({ programId: '11111111-1111-4111-8111-111111111111', lang: 'en', q: 'banjir', from: '2026-11-26T10:00:00+07:00' });
    const next = searchWithFilters(params, { sentiment: 'negative' });
    expect(next.toString()).toBe('sentiment=negative&view=compact');
  });

  it('keeps the harm filter as true or false, and drops any other value', () => {
    expect(filtersFromSearch(new URLSearchParams('harm=true'))).toEqual({ harm: true });
    expect(filtersFromSearch(new URLSearchParams('harm=false'))).toEqual({ harm: false });
    expect(filtersFromSearch(new URLSearchParams('harm=yes'))).toEqual({});
    expect(searchWithFilters(new URLSearchParams('harm=true&view=compact'), { harm: false }).toString()).toBe('harm=false&view=compact');
    expect(searchWithFilters(new URLSearchParams('harm=true'), {}).toString()).toBe('');
  });
});

describe('Content-Disposition', () => {
  it('takes the file name, preferring filename*, and strips paths and control characters', () => {
    expect(filenameFromDisposition('attachment; filename="siaga-posts-20261126T080000Z.csv"')).toBe('siaga-posts-20261126T080000Z.csv');
    expect(filenameFromDisposition("attachment; filename=\"a.csv\"; filename*=UTF-8''pos%20banjir.csv")).toBe('pos banjir.csv');
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromDisposition('attachment; filename="a\u0007b.csv"')).toBe('ab.csv');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});

describe('new posts on top', () => {
  const post = (id: string, createdAt: string) => ({ id, createdAt }) as Post;

  it('counts only fresh posts newer than the newest shown', () => {
    const shown = [post('b', '2026-11-26T08:00:00Z'), post('a', '2026-11-26T07:00:00Z')];
    const head = { items: [post('d', '2026-11-26T08:02:00Z'), post('c', '2026-11-26T08:01:00Z'), post('b', '2026-11-26T08:00:00Z'), post('late', '2026-11-26T07:30:00Z')], nextCursor: null };
    expect(countNewPosts(head, shown)).toBe(2);
    expect(countNewPosts(undefined, shown)).toBe(0);
    expect(countNewPosts(head, [])).toBe(4);
  });

  it('drops a post repeated across pages', () => {
    const pages = [{ items: [post('b', 'x'), post('a', 'x')], nextCursor: 'c' }, { items: [post('a', 'x'), post('z', 'x')], nextCursor: null }];
    expect(uniquePosts(pages).map((p) => p.id)).toEqual(['b', 'a', 'z']);
  });
});
