import { describe, expect, it } from '@jest/globals';
import { filenameFromDisposition } from './download';
import { filtersFromSearch, searchWithFilters } from './filters';
import { countNewPosts, uniquePosts } from './usePostsFeed';
import { isoToZonedInput, zonedInputToIso, zoneOffsetMinutes } from './zonedTime';
import type { Post } from '@siaga/shared';

describe('zoned time inputs', () => {
  it('reads a datetime-local value in the chosen Indonesian zone', () => {
    expect(zonedInputToIso('2026-11-26T15:00', 'Asia/Jakarta')).toBe('2026-11-26T15:00:00+07:00');
    expect(zonedInputToIso('2026-11-26T15:00', 'Asia/Makassar')).toBe('2026-11-26T15:00:00+08:00');
    expect(zonedInputToIso('2026-11-26T15:00', 'Asia/Jayapura')).toBe('2026-11-26T15:00:00+09:00');
    expect(zonedInputToIso('2026-11-26T15:00', 'UTC')).toBe('2026-11-26T15:00:00Z');
    expect(Date.parse(zonedInputToIso('2026-11-26T00:30', 'Asia/Jayapura') ?? '')).toBe(Date.parse('2026-11-25T15:30:00Z'));
  });

  it('shows an instant as the wall time of the zone', () => {
    expect(isoToZonedInput('2026-11-26T08:00:00Z', 'Asia/Jakarta')).toBe('2026-11-26T15:00');
    expect(isoToZonedInput('2026-11-26T20:00:00Z', 'Asia/Jayapura')).toBe('2026-11-27T05:00');
    expect(isoToZonedInput('not a date', 'Asia/Jakarta')).toBe('');
  });

  it('handles daylight saving where a zone has it', () => {
    // New York, 2026-03-08: 02:30 does not exist; 2026-11-01 01:30 happens twice.
    expect(zoneOffsetMinutes(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(zonedInputToIso('2026-07-01T08:00', 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(zonedInputToIso('2026-01-15T08:00', 'America/New_York')).toBe('2026-01-15T08:00:00-05:00');
    const skipped = zonedInputToIso('2026-03-08T02:30', 'America/New_York');
    expect(skipped).not.toBeNull();
    expect(isoToZonedInput(skipped ?? '', 'America/New_York')).not.toBe('2026-03-08T02:30');
  });

  it('rejects incomplete or impossible values', () => {
    expect(zonedInputToIso('', 'Asia/Jakarta')).toBeNull();
    expect(zonedInputToIso('2026-11-26', 'Asia/Jakarta')).toBeNull();
    expect(zonedInputToIso('2026-02-31T10:00', 'Asia/Jakarta')).toBeNull();
    expect(zonedInputToIso('2026-11-26T24:00', 'Asia/Jakarta')).toBeNull();
  });
});

describe('filters in the URL', () => {
  it('keeps valid filters, drops the rest, and leaves other parameters alone', () => {
    const params = new URLSearchParams('program=11111111-1111-4111-8111-111111111111&sentiment=bad&lang=en&q=%20banjir%20&from=2026-11-26T10:00:00%2B07:00&to=2026-11-26T09:00:00%2B07:00&view=compact');
    expect(filtersFromSearch(params)).toEqual({ programId: '11111111-1111-4111-8111-111111111111', lang: 'en', q: 'banjir', from: '2026-11-26T10:00:00+07:00' });
    const next = searchWithFilters(params, { sentiment: 'negative' });
    expect(next.toString()).toBe('sentiment=negative&view=compact');
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
