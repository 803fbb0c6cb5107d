import { describe, expect, it } from '@jest/globals';
import { AlertFeed, type AlertFeedSource } from './alert-feed.js';
import type { LiveAlertEvent } from './live.types.js';

const ev = (seq: number): LiveAlertEvent => ({ seq, type: 'opened', alert: { id: `a${seq}` } as LiveAlertEvent['alert'] });

/** alert_events as a list; `reads` counts the catch-up queries. */
function table(seqs: number[], latest = 0) {
  const rows = seqs.map(ev);
  let fail = false;
  const source: AlertFeedSource & { reads: number; fail(v: boolean): void; add(seq: number): void } = {
    reads: 0,
    latest: () => Promise.resolve(latest),
    after(seq, limit) {
      source.reads++;
      if (fail) return Promise.reject(new Error('database is down'));
      return Promise.resolve(rows.filter((r) => r.seq > seq).slice(0, limit));
    },
    fail: (v) => (fail = v),
    add: (seq) => rows.push(ev(seq)),
  };
  return source;
}

async function feedOf(source: AlertFeedSource) {
  const delivered: number[] = [];
  const errors: unknown[] = [];
  const feed = new AlertFeed(source, (e) => delivered.push(e.seq), (err) => errors.push(err));
  await feed.start();
  return { feed, delivered, errors };
}

describe('AlertFeed', () => {
  it('delivers consecutive events as heard, without reading the table', async () => {
    const source = table([], 10);
    const { feed, delivered } = await feedOf(source);
    for (const seq of [11, 12, 13]) feed.hear(ev(seq));
    await feed.idle();
    expect(delivered).toEqual([11, 12, 13]);
    expect(source.reads).toBe(0);
  });

  it('drops repeats and events older than its start', async () => {
    const { feed, delivered } = await feedOf(table([], 10));
    for (const seq of [9, 10, 11, 11, 12, 11]) feed.hear(ev(seq));
    await feed.idle();
    expect(delivered).toEqual([11, 12]);
  });

  it('fills a gap from the table: an event of another instance that has not arrived yet comes first', async () => {
    const source = table([11, 12, 13], 10);
    const { feed, delivered } = await feedOf(source);
    feed.hear(ev(12));
    await feed.idle();
    expect(delivered).toEqual([11, 12, 13]);
    // The late announcements change nothing.
    feed.hear(ev(11));
    feed.hear(ev(13));
    await feed.idle();
    expect(delivered).toEqual([11, 12, 13]);
  });

  it('does not wait for a seq that was never committed (a rolled-back writer)', async () => {
    const source = table([11, 13], 10);
    const { feed, delivered } = await feedOf(source);
    feed.hear(ev(11));
    feed.hear(ev(13));
    await feed.idle();
    feed.hear(ev(14));
    await feed.idle();
    expect(delivered).toEqual([11, 13, 14]);
  });

  it('keeps order for events heard while it reads', async () => {
    const source = table([11, 12, 13, 14], 10);
    const { feed, delivered } = await feedOf(source);
    feed.hear(ev(12));
    feed.hear(ev(14));
    feed.hear(ev(13));
    source.add(15);
    feed.hear(ev(16));
    await feed.idle();
    expect(delivered).toEqual([11, 12, 13, 14, 15, 16]);
  });

  it('delivers what it heard, in order, when the table cannot be read', async () => {
    const source = table([], 10);
    const { feed, delivered, errors } = await feedOf(source);
    source.fail(true);
    feed.hear(ev(14));
    feed.hear(ev(12));
    await feed.idle();
    expect(delivered).toEqual([12, 14]);
    expect(errors).toHaveLength(1);
    source.fail(false);
    feed.hear(ev(15));
    await feed.idle();
    expect(delivered).toEqual([12, 14, 15]);
  });

  it('holds events heard before it started, then drops the ones the table already had', async () => {
    const source = table([], 12);
    const delivered: number[] = [];
    const feed = new AlertFeed(source, (e) => delivered.push(e.seq), () => undefined);
    feed.hear(ev(12));
    feed.hear(ev(13));
    await feed.start();
    await feed.idle();
    expect(delivered).toEqual([13]);
  });
});
