import { describe, expect, it } from '@jest/globals';
import type { PostAnalyzer } from '../analysis/analyzer.js';
import { prepareBatch, prepareBatchInSlices, type PreparedBatch } from './prepare.js';

const analyzer: PostAnalyzer = {
  analyze: (text) => ({ lang: 'id', label: text.includes('parah') ? 'negative' : 'neutral', score: 0, confidence: 1, terms: [], harm: { flag: false, terms: [] } }),
};
const matcher = { match: (text: string) => (text.includes('bpjs') ? ['p1'] : []) };
const post = (i: number, externalId = `e${i}`) => ({ source: 'x', externalId, text: `bpjs ${i} parah`, createdAt: '2026-11-20T09:00:00Z', author: { handle: `a${i}` } });

/** The batch without the random ids. */
const shape = (b: PreparedBatch) => ({ ...b, posts: b.posts.map(({ id: _id, ...p }) => p) });

describe('prepareBatchInSlices', () => {
  // 25 posts in slices of 4: a repeat of a post from an earlier slice, bad posts in several slices.
  const raw: unknown[] = Array.from({ length: 25 }, (_, i) => post(i));
  raw[9] = post(9, 'e2');
  raw[14] = { source: 'x', text: 'no id' };
  raw[21] = post(21, 'e20');
  raw[23] = 'not a post';

  it('answers what one prepareBatch over the whole batch answers', async () => {
    const whole = prepareBatch(raw, analyzer, matcher, 7);
    const sliced = await prepareBatchInSlices(raw, analyzer, matcher, 7, 4);
    expect(shape(sliced)).toEqual(shape(whole));
    expect(sliced.duplicatesInBatch).toBe(2);
    expect(sliced.rejected.map((r) => r.index)).toEqual([7 + 14, 7 + 23]);
  });

  it('gives the event loop a turn between slices', async () => {
    // Each post takes 1 ms to analyse, so a timer is due at every turn.
    const slow: PostAnalyzer = {
      analyze: (text, lang) => {
        const until = performance.now() + 1;
        while (performance.now() < until);
        return analyzer.analyze(text, lang);
      },
    };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await prepareBatchInSlices(raw, slow, matcher, 0, 4);
    } finally {
      clearInterval(timer);
    }
    // Seven slices, six turns: the timer runs at most once per turn, and never without one.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });
});
