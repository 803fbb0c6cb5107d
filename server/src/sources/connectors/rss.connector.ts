import type { RssSettings } from '@siaga/shared';
import { type CollectedBatch, type ConnectorSink, type Cursor, failedResponse, LoopConnector, type LoopOptions, readLimited, timedSignal } from './connector.js';
import { parseFeed } from './feed-parser.js';

const MAX_FEED_BYTES = 10 * 1024 * 1024;
const USER_AGENT = 'Siaga/0.1 (+https://github.com/siaga; news monitoring)';

/**
 * RSS and Atom news feeds, polled with a conditional GET: the cursor keeps the ETag and
 * Last-Modified the feed answered, so an unchanged feed costs one 304 and no parsing.
 */
export class RssConnector extends LoopConnector {
  constructor(
    private readonly settings: RssSettings,
    opts: LoopOptions = {},
  ) {
    super(opts);
  }

  fetchOnce(cursor: Cursor | null): Promise<CollectedBatch> {
    return this.read(cursor, undefined);
  }

  protected async cycle(sink: ConnectorSink, signal: AbortSignal): Promise<number> {
    const batch = await this.read(this.cursor, signal);
    await this.commit(sink, batch);
    return this.settings.pollIntervalSeconds * 1000;
  }

  private async read(cursor: Cursor | null, signal: AbortSignal | undefined): Promise<CollectedBatch> {
    const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1', 'user-agent': USER_AGENT };
    if (typeof cursor?.etag === 'string') headers['if-none-match'] = cursor.etag;
    if (typeof cursor?.lastModified === 'string') headers['if-modified-since'] = cursor.lastModified;
    const res = await fetch(this.settings.url, { headers, signal: timedSignal(signal, 30_000), redirect: 'follow' });
    if (res.status === 304) {
      await res.body?.cancel();
      return { posts: [], skipped: 0, cursor };
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw failedResponse(res, 'the feed', this.timing.now());
    }
    const xml = await readLimited(res, MAX_FEED_BYTES);
    const parsed = parseFeed(xml, new Date(this.timing.now()), this.settings.url);
    const etag = res.headers.get('etag');
    const lastModified = res.headers.get('last-modified');
    return { posts: parsed.posts, skipped: parsed.skipped, cursor: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) } };
  }
}
