import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IngestResult } from '@siaga/shared';
import { retryDelay } from './import.command.js';
import { tweetIdTime } from './import-source.js';
import { runReplay, type ReplayClock } from './replay.command.js';

const T0 = Date.parse('2026-11-20T01:00:00Z');

/** A clock that only moves when the replay sleeps. */
function fakeClock(start: number): ReplayClock & { t: number } {
  const c = { t: start, now: () => c.t, sleep: (ms: number) => ((c.t += ms), Promise.resolve()) };
  return c;
}

function recorder(clock: { now(): number }) {
  const sends: Array<{ at: number; posts: Array<{ externalId: string; createdAt: string }> }> = [];
  const send = (posts: unknown[]): Promise<IngestResult> => {
    sends.push({ at: clock.now(), posts: posts as Array<{ externalId: string; createdAt: string }> });
    return Promise.resolve({ accepted: posts.length, duplicates: 0, rejected: [] } as unknown as IngestResult);
  };
  return { sends, send };
}

const line = (id: string, offsetMs: number) => JSON.stringify({ source: 'x', externalId: id, text: `bpjs ${id}`, createdAt: new Date(T0 + offsetMs).toISOString(), author: { handle: 'a' } });

describe('siaga replay', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'siaga-replay-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends each post when its time comes, sped up, gathering posts due within 100 ms', async () => {
    const file = join(dir, 'paced.jsonl');
    // At speed 10: 0 s, 1 s → 100 ms (gathered with the first), 2 s → 200 ms, 60 s → 6 s; the post at
    // 30 s comes after the one at 60 s in the file and goes out at once.
    writeFileSync(file, [line('a', 0), line('b', 1_000), line('c', 2_000), line('d', 60_000), line('e', 30_000), 'not json'].join('\n'));
    const start = Date.parse('2026-12-01T00:00:00Z');
    const clock = fakeClock(start);
    const { sends, send } = recorder(clock);
    const s = await runReplay({ file, url: 'http://unused', key: 'k', speed: 10, batch: 500, keepTimes: false }, { clock, send, progress: () => undefined });
    expect(sends.map((x) => [x.at - start, x.posts.map((p) => p.externalId)])).toEqual([
      [0, ['a', 'b']],
      [200, ['c']],
      [6_000, ['d', 'e']],
    ]);
    // Moved to the moment of sending, spacing kept, never ahead of the clock.
    expect(sends.flatMap((x) => x.posts.map((p) => Date.parse(p.createdAt) - start))).toEqual([0, 0, 200, 6_000, 3_000]);
    expect(s).toMatchObject({ read: 6, sent: 5, accepted: 5, spanMs: 60_000, elapsedMs: 6_000 });
    expect(s.rejected).toEqual([{ line: 6, message: expect.stringContaining('not valid JSON') as unknown as string }]);
  });

  it('keeps the recorded times with keepTimes, and splits by batch size', async () => {
    const file = join(dir, 'batch.jsonl');
    writeFileSync(file, [line('a', 0), line('b', 10), line('c', 20)].join('\n'));
    const clock = fakeClock(T0 + 86_400_000);
    const { sends, send } = recorder(clock);
    await runReplay({ file, url: 'http://unused', key: 'k', speed: 1, batch: 2, keepTimes: true }, { clock, send, progress: () => undefined });
    expect(sends.map((x) => x.posts.map((p) => [p.externalId, p.createdAt]))).toEqual([
      [['a', new Date(T0).toISOString()], ['b', new Date(T0 + 10).toISOString()]],
      [['c', new Date(T0 + 20).toISOString()]],
    ]);
  });

  it('reads a CrisisLex T26 file in time order, unescaping its text', async () => {
    const file = join(dir, 'event-tweets_labeled.csv');
    // Two real-format ids, later one first; a row with a broken id.
    writeFileSync(file, 'Tweet ID, Tweet Text, Information Source, Information Type, Informativeness\n"211111710294163457","Road closed &gt; use 5th &amp; Main",Media,Infrastructure,Related\n"211040709124440064","Fire near the school",Eyewitness,Affected individuals,Related\n"x1","bad id",Media,Other,Related\n');
    const clock = fakeClock(T0);
    const { sends, send } = recorder(clock);
    const s = await runReplay({ file, format: 'crisislex', url: 'http://unused', key: 'k', speed: 1_000_000, batch: 500, keepTimes: true }, { clock, send, progress: () => undefined });
    const posts = sends.flatMap((x) => x.posts) as Array<Record<string, unknown>>;
    expect(posts.map((p) => p.externalId)).toEqual(['211040709124440064', '211111710294163457']);
    expect(posts[1]).toMatchObject({ source: 'twitter', text: 'Road closed > use 5th & Main', lang: 'en', createdAt: new Date(tweetIdTime('211111710294163457')!).toISOString() });
    // (id >> 22) + Twitter's epoch, as the data README gives it.
    expect(tweetIdTime('211040709124440064')).toBe(Date.parse('2012-06-08T10:23:20.659Z'));
    expect(tweetIdTime('12a')).toBeUndefined();
    expect(s.rejected).toEqual([{ line: 3, message: 'not a tweet id: x1' }]);
  });

  it('refuses a speed that is not a positive number', async () => {
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, line('a', 0));
    await expect(runReplay({ file, url: 'http://unused', key: 'k', speed: 0, batch: 1, keepTimes: false }, { send: () => Promise.reject(new Error('not reached')) })).rejects.toThrow('--speed');
  });
});

describe('import and replay retries', () => {
  it('waits what Retry-After says, else doubles from a second, never more than 30 s', () => {
    expect(retryDelay(1, '3')).toBe(3_000);
    expect(retryDelay(1, '0')).toBe(0);
    expect(retryDelay(1, '9999')).toBe(30_000);
    expect([1, 2, 3, 6, 7].map((a) => retryDelay(a, null))).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
    expect(retryDelay(2, 'soon')).toBe(2_000);
  });
});
