import type { BlueskySettings, IngestPost } from '@siaga/shared';
import WebSocket from 'ws';
import { type CollectedBatch, type ConnectorSink, type Cursor, clip, isoDate, LoopConnector, type LoopOptions, RetryableError } from './connector.js';

/** Keeps a post when a program's query matches it (or one of the source's own keywords is in it). */
export type PostFilter = (text: string, lang: string | undefined) => boolean;

export interface JetstreamOptions extends LoopOptions {
  /** A batch is committed at this many posts, or `flushMs` after its first post. */
  batchSize?: number;
  flushMs?: number;
}

const DID = /^did:[a-z]{1,20}:[A-Za-z0-9._:%-]{1,256}$/;
const RKEY = /^[A-Za-z0-9._~:-]{1,512}$/;

interface JetstreamEvent {
  did?: unknown;
  time_us?: unknown;
  kind?: unknown;
  commit?: { operation?: unknown; collection?: unknown; rkey?: unknown; record?: Record<string, unknown> };
}

/** One Jetstream event as a post, `null` for an event that is not a new post, or `'bad'` for a malformed one. */
export function jetstreamPost(e: JetstreamEvent, now: number): IngestPost | null | 'bad' {
  if (e.kind !== 'commit' || !e.commit || e.commit.collection !== 'app.bsky.feed.post' || e.commit.operation !== 'create') return null;
  const { rkey, record } = e.commit;
  if (typeof e.did !== 'string' || !DID.test(e.did) || typeof rkey !== 'string' || !RKEY.test(rkey) || !record || typeof record.text !== 'string') return 'bad';
  const text = record.text.replaceAll('\u0000', '').trim();
  if (!text) return 'bad';
  const written = isoDate(record.createdAt);
  const seen = typeof e.time_us === 'number' ? new Date(Math.floor(e.time_us / 1000)).toISOString() : new Date(now).toISOString();
  const createdAt = written && Date.parse(written) <= now ? written : seen;
  const langs = Array.isArray(record.langs) ? record.langs : [];
  const lang = typeof langs[0] === 'string' && /^[a-zA-Z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(langs[0]) && langs[0].length <= 16 ? langs[0].toLowerCase() : undefined;
  const reply = record.reply as { parent?: { uri?: unknown } } | undefined;
  const parent = typeof reply?.parent?.uri === 'string' && reply.parent.uri.length <= 256 ? reply.parent.uri : undefined;
  const quoted = quotedPost(record.embed);
  const uri = `at://${e.did}/app.bsky.feed.post/${rkey}`;
  return {
    source: 'bluesky',
    externalId: clip(uri, 256),
    text: clip(text, 20_000),
    createdAt,
    author: { handle: clip(e.did, 256) },
    url: `https://bsky.app/profile/${encodeURIComponent(e.did)}/post/${encodeURIComponent(rkey)}`,
    ...(lang ? { lang } : {}),
    ...(parent ? { parentExternalId: parent } : {}),
    ...(quoted ? { quotedExternalId: quoted } : {}),
  };
}

/** The post a record quotes: `app.bsky.embed.record`, or the record of `app.bsky.embed.recordWithMedia` (posts only, not feeds or lists). */
function quotedPost(embed: unknown): string | undefined {
  if (typeof embed !== 'object' || embed === null) return undefined;
  const e = embed as { $type?: unknown; record?: { uri?: unknown; record?: { uri?: unknown } } };
  const uri = e.$type === 'app.bsky.embed.record' ? e.record?.uri : e.$type === 'app.bsky.embed.recordWithMedia' ? e.record?.record?.uri : undefined;
  return typeof uri === 'string' && uri.length <= 256 && uri.startsWith('at://') && uri.includes('/app.bsky.feed.post/') ? uri : undefined;
}

/**
 * Bluesky's public Jetstream (JSON over WebSocket), posts only, kept when the programs' queries
 * match them. The cursor is the time (µs) of the last event of a committed batch; after a drop
 * the stream resumes from it (Jetstream replays from that instant, and repeats at the boundary are
 * dropped by the store's (source, externalId) key).
 */
export class JetstreamConnector extends LoopConnector {
  private readonly batchSize: number;
  private readonly flushMs: number;

  constructor(
    private readonly settings: BlueskySettings,
    private readonly keep: PostFilter,
    opts: JetstreamOptions = {},
  ) {
    super(opts);
    this.batchSize = opts.batchSize ?? 500;
    this.flushMs = opts.flushMs ?? 1_000;
  }

  private urlFor(cursor: Cursor | null): string {
    const u = new URL(this.settings.url);
    u.searchParams.set('wantedCollections', 'app.bsky.feed.post');
    if (typeof cursor?.timeUs === 'number') u.searchParams.set('cursor', String(cursor.timeUs));
    return u.toString();
  }

  /** Reads for up to two seconds (or 20 posts kept) from the cursor, or from now. */
  async fetchOnce(cursor: Cursor | null): Promise<CollectedBatch> {
    const out: CollectedBatch = { posts: [], skipped: 0, cursor };
    const ws = new WebSocket(this.urlFor(cursor), { handshakeTimeout: 10_000, maxPayload: 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => ws.close(), 2_000);
      ws.on('message', (data) => {
        const r = this.take(data, out);
        if (r && out.posts.length >= 20) ws.close();
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return out;
  }

  /** Adds one message to a batch; answers whether it kept a post. Never throws on bad input. */
  private take(data: WebSocket.RawData, batch: CollectedBatch): boolean {
    let e: JetstreamEvent;
    try {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(new Uint8Array(data)) : data;
      e = JSON.parse(bytes.toString('utf8')) as JetstreamEvent;
    } catch {
      batch.skipped++;
      return false;
    }
    if (typeof e !== 'object' || e === null) {
      batch.skipped++;
      return false;
    }
    if (typeof e.time_us === 'number' && Number.isSafeInteger(e.time_us)) batch.cursor = { timeUs: e.time_us };
    const post = jetstreamPost(e, this.timing.now());
    if (post === 'bad') {
      batch.skipped++;
      return false;
    }
    if (!post || !this.keep(post.text, post.lang)) return false;
    batch.posts.push(post);
    return true;
  }

  protected cycle(sink: ConnectorSink, signal: AbortSignal): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(this.urlFor(this.cursor), { handshakeTimeout: 10_000, maxPayload: 1024 * 1024 });
      let batch: CollectedBatch = { posts: [], skipped: 0, cursor: this.cursor };
      let timer: NodeJS.Timeout | undefined;
      let chain: Promise<void> = Promise.resolve();
      let failure: Error | undefined;
      let opened = false;
      const flush = () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        const b = batch;
        batch = { posts: [], skipped: 0, cursor: b.cursor };
        if (b.posts.length === 0 && b.skipped === 0 && b.cursor === this.cursor) return;
        chain = chain.then(() => this.commit(sink, b));
        // A store that cannot keep up pauses the socket: Jetstream holds the rest for us.
        ws.pause();
        void chain.then(() => ws.resume(), (err: unknown) => {
          failure ??= err instanceof Error ? err : new Error(String(err));
          ws.terminate();
        });
      };
      const onAbort = () => ws.close(1000);
      signal.addEventListener('abort', onAbort, { once: true });
      ws.on('open', () => {
        opened = true;
        sink.succeeded();
      });
      ws.on('message', (data) => {
        this.take(data, batch);
        if (batch.posts.length >= this.batchSize) flush();
        else timer ??= setTimeout(flush, this.flushMs);
      });
      ws.on('error', (err) => {
        failure ??= err;
      });
      ws.on('close', (code) => {
        signal.removeEventListener('abort', onAbort);
        flush();
        chain.then(
          () => {
            if (failure) reject(failure);
            else if (signal.aborted) resolve(0);
            else reject(new RetryableError(opened ? `the stream closed (${code})` : 'could not connect'));
          },
          (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
        );
      });
    });
  }
}
