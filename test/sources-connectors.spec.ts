import { afterEach, describe, expect, it } from '@jest/globals';
import type { IngestPost } from '@siaga/shared';
import { BlueskySettings, MastodonSettings, RssSettings, TelegramSettings } from '@siaga/shared';
import { Backoff, type CollectedBatch, type ConnectorSink, type ConnectorTiming, type Cursor, htmlToText, retryAfterMs } from '../server/src/sources/connectors/connector.js';
import { parseFeed } from '../server/src/sources/connectors/feed-parser.js';
import { JetstreamConnector } from '../server/src/sources/connectors/jetstream.connector.js';
import { MastodonConnector } from '../server/src/sources/connectors/mastodon.connector.js';
import { RssConnector } from '../server/src/sources/connectors/rss.connector.js';
import { TelegramConnector } from '../server/src/sources/connectors/telegram.connector.js';
import { verifyWebhook, webhookSignature } from '../server/src/sources/connectors/webhook.connector.js';
import { ATOM, ENTITY_BOMB, rss2 } from './support/fakes/feeds.js';
import { startHttpFake, type HttpFake } from './support/fakes/http-fake.js';
import { jetstreamCommit, startJetstreamFake, type JetstreamFake } from './support/fakes/jetstream-fake.js';
import { mastodonStatus, telegramUpdate } from './support/fakes/shapes.js';

/** A sink that keeps posts the way the store does: once per (source, externalId). */
class StoreSink implements ConnectorSink {
  readonly stored = new Map<string, IngestPost>();
  duplicates = 0;
  skipped = 0;
  cursor: Cursor | null = null;
  commits = 0;
  readonly failures: Array<{ message: string; retryInMs: number }> = [];
  successes = 0;
  commit(batch: CollectedBatch): Promise<void> {
    for (const p of batch.posts) {
      const key = `${p.source}|${p.externalId}`;
      if (this.stored.has(key)) this.duplicates++;
      else this.stored.set(key, p);
    }
    this.skipped += batch.skipped;
    if (batch.cursor) this.cursor = batch.cursor;
    this.commits++;
    return Promise.resolve();
  }
  succeeded(): void {
    this.successes++;
  }
  failed(err: Error, retryInMs: number): void {
    this.failures.push({ message: err.message, retryInMs });
  }
}

/** Waits are recorded and shortened to a few milliseconds: the spec sees what the connector asked for, without sleeping it. */
function fastTiming(): ConnectorTiming & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        waits.push(ms);
        const t = setTimeout(resolve, Math.min(ms, 5));
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        }, { once: true });
      }),
    random: () => 0.5,
    now: Date.now,
  };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const NOW = Date.parse('2026-11-26T01:00:00Z');

describe('RSS and Atom', () => {
  let fake: HttpFake | undefined;
  afterEach(async () => fake?.close());

  it('turns RSS 2.0 items into posts, deduplicated by GUID else link, skipping items with neither or with no text', () => {
    const xml = rss2([
      { guid: 'antara-1', link: 'https://www.antaranews.com/berita/1', title: 'Antrean BPJS mengular di Bandung', description: '&lt;p&gt;Warga menunggu sejak pagi &amp;amp; mengeluh.&lt;/p&gt;', pubDate: 'Wed, 25 Nov 2026 23:10:00 +0700' },
      { link: 'https://www.antaranews.com/berita/2', title: 'Banjir di Bekasi surut' },
      { title: 'Tanpa GUID dan tautan' },
      { guid: 'antara-4', title: '', description: '' },
      { guid: 'antara-5', link: 'javascript:alert(1)', title: 'Tautan berbahaya', pubDate: 'Thu, 01 Jan 2099 00:00:00 +0000' },
    ]);
    const { posts, skipped } = parseFeed(xml, new Date(NOW), 'https://www.antaranews.com/rss/terkini.xml');
    expect(skipped).toBe(2);
    expect(posts.map((p) => p.externalId)).toEqual(['antara-1', 'https://www.antaranews.com/berita/2', 'antara-5']);
    expect(posts[0]).toMatchObject({
      source: 'rss',
      text: 'Antrean BPJS mengular di Bandung\n\nWarga menunggu sejak pagi & mengeluh.',
      createdAt: '2026-11-25T16:10:00.000Z',
      author: { handle: 'www.antaranews.com', name: 'Antara News - Terkini' },
      url: 'https://www.antaranews.com/berita/1',
      lang: 'id',
    });
    // A hostile link is dropped; a date in the future becomes the time it was read.
    expect(posts[2]!.url).toBeUndefined();
    expect(posts[2]!.createdAt).toBe(new Date(NOW).toISOString());
  });

  it('reads Atom entries with their alternate link, HTML summary as text, and skips an entry without text', () => {
    const { posts, skipped } = parseFeed(ATOM, new Date(NOW), 'https://kemkes.go.id/feed.atom');
    expect(skipped).toBe(1);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      externalId: 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a',
      text: 'Layanan BPJS Kesehatan tetap berjalan saat libur panjang\n\nFasilitas kesehatan tetap melayani peserta & keluarga.',
      url: 'https://kemkes.go.id/id/rilis/bpjs-libur',
      author: { handle: 'kemkes.go.id', name: 'Biro Komunikasi' },
      lang: 'id',
    });
  });

  it('refuses a feed that declares entities (no expansion bomb) and a document that is not a feed', () => {
    expect(() => parseFeed(ENTITY_BOMB, new Date(NOW), 'https://x.test/')).toThrow(/entities/);
    expect(() => parseFeed('<html><body>hello</body></html>', new Date(NOW), 'https://x.test/')).toThrow(/neither RSS nor Atom/);
  });

  it('polls with a conditional GET, and waits out a 429 for its Retry-After before polling again', async () => {
    let calls = 0;
    fake = await startHttpFake((req, res) => {
      calls++;
      if (calls === 2) {
        res.writeHead(429, { 'retry-after': '7' }).end();
        return;
      }
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Wed, 25 Nov 2026 23:00:00 GMT' });
      res.end(rss2([{ guid: 'g1', title: 'Satu' }, { guid: 'g2', title: 'Dua' }]));
    });
    const timing = fastTiming();
    const c = new RssConnector(RssSettings.parse({ url: `${fake.url}/feed.xml`, pollIntervalSeconds: 30 }), { timing });
    const sink = new StoreSink();
    c.start(null, sink);
    await until(() => calls >= 4, 'four polls');
    await c.stop();
    expect(sink.stored.size).toBe(2);
    expect(sink.duplicates).toBe(0);
    expect(sink.cursor).toEqual({ etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 23:00:00 GMT' });
    expect(sink.failures[0]).toEqual({ message: 'the feed answered 429', retryInMs: 7000 });
    // First poll, then its interval; the 429's wait; then 304s from the cursor's ETag.
    expect(timing.waits.slice(0, 2)).toEqual([30_000, 7_000]);
    expect(fake.requests[2]!.headers['if-none-match']).toBe('"v1"');
    expect(fake.requests[2]!.headers['if-modified-since']).toBe('Wed, 25 Nov 2026 23:00:00 GMT');
  });

  it('backs off exponentially with jitter while the feed fails, and recovers', async () => {
    let calls = 0;
    fake = await startHttpFake((_req, res) => {
      calls++;
      if (calls <= 4) res.writeHead(503).end('down');
      else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss2([{ guid: 'g1', title: 'Kembali' }]));
    });
    const timing = fastTiming();
    timing.random = () => 1;
    const c = new RssConnector(RssSettings.parse({ url: fake.url, pollIntervalSeconds: 60 }), { timing, backoffBaseMs: 1000 });
    const sink = new StoreSink();
    c.start(null, sink);
    await until(() => sink.stored.size === 1, 'the feed to come back');
    await c.stop();
    expect(sink.failures.map((f) => f.retryInMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(sink.successes).toBeGreaterThanOrEqual(1);
  });
});

describe('Mastodon', () => {
  let fake: HttpFake | undefined;
  afterEach(async () => fake?.close());

  it('streams `update` events, skips malformed ones, and after a dropped stream catches up from since_id with no gap and no duplicate', async () => {
    const timeline: Array<Record<string, unknown>> = [];
    for (let i = 1; i <= 3; i++) timeline.push(mastodonStatus(String(100 + i), `<p>Antrean <a href="https://mastodon.example/tags/bpjs">#bpjs</a> hari ${i}</p>`));
    let streams = 0;
    fake = await startHttpFake((req, res, url) => {
      if (url.pathname === '/api/v1/timelines/tag/bpjs') {
        const minId = url.searchParams.get('min_id');
        const page = timeline.filter((s) => !minId || BigInt(s.id as string) > BigInt(minId));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page.reverse()));
        return;
      }
      if (url.pathname === '/api/v1/streaming/hashtag' && url.searchParams.get('tag') === 'bpjs') {
        streams++;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(':thump\n\n');
        if (streams === 1) {
          const s104 = mastodonStatus('104', '<p>Layanan #bpjs lambat</p>');
          timeline.push(s104);
          res.write(`event: update\ndata: ${JSON.stringify(s104)}\n\n`);
          res.write('event: update\ndata: {not json\n\n');
          res.write(`event: delete\ndata: 104\n\n`);
          // Posted while the stream is down: only the catch-up can bring it.
          timeline.push(mastodonStatus('105', '<p>Masih #bpjs antre</p>'));
          setTimeout(() => res.destroy(), 30);
        }
        return;
      }
      res.writeHead(404).end();
    });
    const timing = fastTiming();
    const c = new MastodonConnector(MastodonSettings.parse({ instanceUrl: fake.url, timeline: 'hashtag', hashtag: 'bpjs' }), 'token-abc', { timing });
    const sink = new StoreSink();
    c.start({ sinceId: '101' }, sink);
    await until(() => streams >= 2, 'the stream to be reopened');
    await c.stop();
    expect([...sink.stored.values()].map((p) => p.externalId.split('/').pop())).toEqual(['102', '103', '104', '105']);
    expect(sink.duplicates).toBe(0);
    expect(sink.skipped).toBe(1);
    expect(sink.cursor).toEqual({ sinceId: '105' });
    expect(sink.stored.get('mastodon|https://mastodon.example/users/warga/statuses/104')).toMatchObject({
      text: 'Layanan #bpjs lambat',
      author: { handle: 'warga@127.0.0.1:' + new URL(fake.url).port, name: 'Warga Bandung', followers: 120, createdAt: '2022-11-06T00:00:00.000Z' },
      engagement: { likes: 3, shares: 2, replies: 1 },
      lang: 'id',
    });
    expect(fake.requests.every((r) => r.headers.authorization === 'Bearer token-abc')).toBe(true);
    expect(fake.requests.find((r) => r.url.pathname.startsWith('/api/v1/timelines'))!.url.searchParams.get('min_id')).toBe('101');
  });

  it('falls back to polling when the instance does not stream, honouring its rate-limit reset', async () => {
    fake = await startHttpFake((_req, res, url) => {
      if (url.pathname.startsWith('/api/v1/streaming')) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"This method requires an authenticated user"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(Date.now() + 90_000).toISOString() });
      const boost = mastodonStatus('8', '', { uri: 'https://mastodon.example/users/pembagi/statuses/8/activity', url: null, language: null, reblog: mastodonStatus('7', '<p>Publik</p>') });
      boost.account = { ...(boost.account as object), acct: 'pembagi', created_at: '2026-11-20T00:00:00.000Z' };
      res.end(JSON.stringify([boost, mastodonStatus('7', '<p>Publik</p>')]));
    });
    const timing = fastTiming();
    const c = new MastodonConnector(MastodonSettings.parse({ instanceUrl: fake.url, timeline: 'public', pollIntervalSeconds: 45 }), null, { timing });
    const sink = new StoreSink();
    c.start(null, sink);
    await until(() => sink.failures.length >= 1, 'the rate limit to be honoured');
    await c.stop();
    // The boost is the booster's own post, sharing the boosted status.
    expect(sink.stored.size).toBe(2);
    expect(sink.stored.get('mastodon|https://mastodon.example/users/pembagi/statuses/8/activity')).toMatchObject({
      text: 'Publik',
      author: { handle: `pembagi@127.0.0.1:${new URL(fake.url).port}`, createdAt: '2026-11-20T00:00:00.000Z' },
      url: 'https://mastodon.example/@warga/7',
      lang: 'id',
      sharedExternalId: 'https://mastodon.example/users/warga/statuses/7',
    });
    expect(fake.requests.filter((r) => r.url.pathname.startsWith('/api/v1/streaming'))).toHaveLength(1);
    expect(timing.waits[0]).toBe(45_000);
    expect(sink.failures[0]!.message).toBe('Mastodon rate limit reached');
    expect(sink.failures[0]!.retryInMs).toBeGreaterThan(60_000);
  });
});

describe('Bluesky Jetstream', () => {
  let fake: JetstreamFake | undefined;
  afterEach(async () => fake?.close());

  it('keeps posts the filter wants, survives malformed frames, and resumes from its cursor after a drop and a restart with no gap and no duplicate', async () => {
    fake = await startJetstreamFake();
    const base = NOW * 1000;
    for (let i = 0; i < 40; i++) fake.events.push(jetstreamCommit(i, i % 2 === 0 ? `banjir di kampung ${i}` : `cuaca cerah ${i}`, base + i * 1000));
    fake.events.splice(10, 0, { did: 'did:plc:x', time_us: base + 9500, kind: 'identity', identity: { did: 'did:plc:x', handle: 'x.bsky.social' } });
    fake.junk.set(5, '{"kind":"commit","commit":');
    fake.junk.set(12, JSON.stringify({ did: 'not a did', time_us: base + 11_500, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: 'r', record: { text: 'banjir' } } }));
    fake.dropAfter = 15;
    const timing = fastTiming();
    const keep = (text: string) => text.includes('banjir');
    const settings = BlueskySettings.parse({ url: fake.url });
    const sink = new StoreSink();
    const first = new JetstreamConnector(settings, keep, { timing, batchSize: 4, flushMs: 20 });
    first.start(null, sink);
    await until(() => fake!.connections.length >= 2, 'a reconnect after the drop');
    await first.stop();
    // A restart: a new connector from the cursor the sink persisted.
    const resumeFrom = sink.cursor as { timeUs: number };
    const restartAt = fake.connections.length;
    const second = new JetstreamConnector(settings, keep, { timing, batchSize: 4, flushMs: 20 });
    second.start(sink.cursor, sink);
    await until(() => sink.stored.size === 20, 'every kept post');
    await second.stop();
    expect([...sink.stored.values()].map((p) => Number(/kampung (\d+)/.exec(p.text)![1])).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(sink.skipped).toBeGreaterThanOrEqual(2);
    expect(sink.failures.some((f) => /stream closed|socket hang up|closed/.test(f.message))).toBe(true);
    expect(fake.connections[1]!.cursor).not.toBeNull();
    expect(fake.connections[restartAt]!.cursor).toBe(String(resumeFrom.timeUs));
    expect(sink.cursor).toEqual({ timeUs: base + 39_000 });
    const post = [...sink.stored.values()][0]!;
    expect(post).toMatchObject({ source: 'bluesky', lang: 'id' });
    expect(post.externalId).toMatch(/^at:\/\/did:plc:fake\d+\/app\.bsky\.feed\.post\/3l3qo2vutsw\d{4}$/);
    expect(post.url).toMatch(/^https:\/\/bsky\.app\/profile\//);
  });
});

describe('Telegram channels', () => {
  let fake: HttpFake | undefined;
  afterEach(async () => fake?.close());

  it('reads channel posts with getUpdates, moves the offset only after a commit, skips posts without text, and waits out retry_after', async () => {
    const updates = [telegramUpdate(500, 1, 'Banjir setinggi 1 meter di Kampung Melayu'), telegramUpdate(501, 2, undefined), telegramUpdate(502, 3, 'Evakuasi warga berlanjut'), telegramUpdate(503, 9, 'Saluran lain', { id: -100999, username: 'lain', title: 'Lain' })];
    let calls = 0;
    fake = await startHttpFake((_req, res, url) => {
      calls++;
      if (url.pathname !== '/botTOKEN:123/getUpdates') {
        res.writeHead(404).end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
        return;
      }
      if (calls === 2) {
        res.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }));
        return;
      }
      const offset = Number(url.searchParams.get('offset') ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: updates.filter((u) => (u.update_id as number) >= offset) }));
    });
    const timing = fastTiming();
    const c = new TelegramConnector(TelegramSettings.parse({ apiUrl: fake.url, channels: ['@infobencana'] }), 'TOKEN:123', { timing });
    const sink = new StoreSink();
    c.start({ offset: 500 }, sink);
    await until(() => calls >= 3, 'three reads');
    await c.stop();
    expect([...sink.stored.keys()]).toEqual(['telegram|-1001234567890/1', 'telegram|-1001234567890/3']);
    expect(sink.stored.get('telegram|-1001234567890/1')).toMatchObject({ author: { handle: 'infobencana', name: 'Info Bencana' }, url: 'https://t.me/infobencana/1' });
    expect(sink.skipped).toBe(1);
    expect(sink.cursor).toEqual({ offset: 504 });
    expect(sink.failures[0]).toEqual({ message: 'Telegram: Too Many Requests: retry after 3', retryInMs: 3000 });
    expect(fake.requests[0]!.url.searchParams.get('offset')).toBe('500');
    expect(fake.requests[2]!.url.searchParams.get('offset')).toBe('504');
  });

  it('never puts the bot token in an error', async () => {
    fake = await startHttpFake((_req, res) => res.writeHead(401).end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' })));
    const c = new TelegramConnector(TelegramSettings.parse({ apiUrl: fake.url }), 'SECRET:TOKEN', { timing: fastTiming() });
    await expect(c.fetchOnce(null)).rejects.toThrow('Telegram: Unauthorized');
  });
});

describe('webhook signatures, backoff and helpers', () => {
  it('accepts the HMAC of the exact body within five minutes, and nothing else', () => {
    const body = Buffer.from('{"posts":[]}');
    const now = 1_795_000_000_000;
    const ts = String(now / 1000);
    const sig = webhookSignature('rahasia-sekali', ts, body);
    expect(verifyWebhook('rahasia-sekali', ts, sig, body, now)).toEqual({ ok: true });
    expect(verifyWebhook('rahasia-sekali', ts, sig, Buffer.from('{"posts":[1]}'), now).ok).toBe(false);
    expect(verifyWebhook('lain', ts, sig, body, now).ok).toBe(false);
    expect(verifyWebhook('rahasia-sekali', ts, sig, body, now + 301_000).ok).toBe(false);
    expect(verifyWebhook('rahasia-sekali', undefined, sig, body, now).ok).toBe(false);
    expect(verifyWebhook('rahasia-sekali', ts, 'sha256=00', body, now).ok).toBe(false);
  });

  it('jitters each wait between half and all of the doubled step, capped', () => {
    const draws = [0, 1, 0.5, 0, 1];
    const b = new Backoff(() => draws.shift() ?? 0, 1000, 5000);
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([500, 2000, 3000, 2500, 5000]);
    b.reset();
    expect(b.next()).toBe(500);
  });

  it('reads Retry-After as seconds or as a date, and HTML as plain text', () => {
    expect(retryAfterMs('120', 0)).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(htmlToText('<p>Satu<br>dua &amp; <script>alert(1)</script>tiga &#x1F600;</p><p>empat</p>')).toBe('Satu\ndua & tiga \u{1F600}\nempat');
  });
});
