import type { IngestPost, MastodonSettings } from '@siaga/shared';
import { type CollectedBatch, type ConnectorSink, type Cursor, clip, failedResponse, htmlToText, isoDate, LoopConnector, type LoopOptions, readLimited, RetryableError, safeUrl, timedSignal } from './connector.js';

const PAGE = 40;
const MAX_PAGES = 10;
const MAX_EVENT_BYTES = 1024 * 1024;

/** Mastodon ids are numeric strings that sort by length, then by digits. */
export const newerId = (a: string, b: string): boolean => a.length > b.length || (a.length === b.length && a > b);

type Status = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

/**
 * A status (the documented JSON shape) as a post. A boost is its own post, as social-listening tools count
 * reshares: the booster's, at the time of the boost, with the boosted status's text and language, its own
 * engagement, and `sharedExternalId` naming the boosted status. Undefined when unusable.
 */
export function mastodonPost(raw: unknown, instanceHost: string, now: number): IngestPost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const outer = raw as Status;
  const boost = typeof outer.reblog === 'object' && outer.reblog !== null;
  // What was written (text, language, a quote) is the boosted status's; who, when and its engagement, the boost's.
  const s = (boost ? outer.reblog : outer) as Status;
  const uri = str(outer.uri) ?? str(outer.url);
  const shared = boost ? str(s.uri) ?? str(s.url) : undefined;
  const account = (typeof outer.account === 'object' && outer.account !== null ? outer.account : {}) as Status;
  const acct = str(account.acct);
  const text = htmlToText(str(s.content) ?? '');
  const spoiler = htmlToText(str(s.spoiler_text) ?? '');
  const full = spoiler && text ? `${spoiler}\n\n${text}` : spoiler || text;
  if (!uri || uri.length > 256 || !acct || !full) return undefined;
  // A boost whose boosted status has no usable id is no share we can link: left out rather than taken for an original.
  if (boost && (!shared || shared.length > 256)) return undefined;
  const written = isoDate(outer.created_at);
  const lang = str(s.language);
  // A boost's own url is its ActivityPub activity, or none: the boosted status's page is what a reader wants.
  const url = safeUrl(boost ? s.url : outer.url);
  const quoted = quotedUri(s.quote);
  const createdAt = written && Date.parse(written) <= now ? written : new Date(now).toISOString();
  // Mastodon gives the day the account was created (midnight UTC); for a remote account whose server sends no
  // `published`, the day this instance first saw it, which can follow the account's older posts. Such a date is
  // left out rather than the post refused for it.
  const accountCreated = isoDate(account.created_at);
  return {
    source: 'mastodon',
    externalId: uri,
    text: clip(full, 20_000),
    createdAt,
    author: {
      handle: clip(acct.includes('@') ? acct : `${acct}@${instanceHost}`, 256),
      ...(str(account.display_name) ? { name: clip(htmlToText(str(account.display_name)!), 256) } : {}),
      ...(num(account.followers_count) !== undefined ? { followers: num(account.followers_count) } : {}),
      ...(accountCreated && Date.parse(accountCreated) <= Date.parse(createdAt) ? { createdAt: accountCreated } : {}),
    },
    ...(url ? { url } : {}),
    ...(lang && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/i.test(lang) && lang.length <= 16 ? { lang: lang.toLowerCase() } : {}),
    // The boost's own counts (a boost is not liked or boosted itself): the boosted status's belong to its author, and
    // copied onto every boost they would rank each booster by someone else's audience and count them again per boost.
    engagement: { likes: num(outer.favourites_count) ?? 0, shares: num(outer.reblogs_count) ?? 0, replies: num(outer.replies_count) ?? 0 },
    ...(quoted ? { quotedExternalId: quoted } : {}),
    ...(shared ? { sharedExternalId: shared } : {}),
  };
}

/** The uri of an accepted quote's status (Mastodon 4.4+ `quote`, a Quote entity); a ShallowQuote gives only a local id, not kept. */
function quotedUri(quote: unknown): string | undefined {
  if (typeof quote !== 'object' || quote === null) return undefined;
  const q = quote as { state?: unknown; quoted_status?: unknown };
  if (q.state !== 'accepted' || typeof q.quoted_status !== 'object' || q.quoted_status === null) return undefined;
  const uri = str((q.quoted_status as Status).uri);
  return uri && uri.length <= 256 ? uri : undefined;
}

/**
 * Mastodon's hashtag or public timeline: the streaming API (server-sent `update` events), with
 * polling as the fallback when the instance does not stream to us. Each cycle first catches up
 * from the cursor with `min_id` pages (oldest first, so nothing between two ids is skipped), then
 * streams; a dropped stream is caught up the same way, so a restart leaves no gap.
 */
export class MastodonConnector extends LoopConnector {
  private readonly base: string;
  private readonly host: string;
  private streaming = true;
  /** Mastodon's own rate limit: no request before this instant. */
  private notBefore = 0;

  constructor(
    private readonly settings: MastodonSettings,
    private readonly token: string | null,
    opts: LoopOptions = {},
  ) {
    super(opts);
    this.base = settings.instanceUrl.replace(/\/+$/, '');
    this.host = new URL(this.base).host;
  }

  private headers(): Record<string, string> {
    return { accept: 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
  }

  private timelineUrl(minId: string | undefined): string {
    const { timeline, hashtag } = this.settings;
    const u = new URL(timeline === 'hashtag' ? `${this.base}/api/v1/timelines/tag/${encodeURIComponent(hashtag ?? '')}` : `${this.base}/api/v1/timelines/public`);
    if (timeline === 'public:local') u.searchParams.set('local', 'true');
    u.searchParams.set('limit', String(PAGE));
    if (minId) u.searchParams.set('min_id', minId);
    return u.toString();
  }

  private streamUrl(): string {
    const { timeline, hashtag } = this.settings;
    if (timeline === 'hashtag') return `${this.base}/api/v1/streaming/hashtag?tag=${encodeURIComponent(hashtag ?? '')}`;
    return `${this.base}/api/v1/streaming/${timeline === 'public:local' ? 'public/local' : 'public'}`;
  }

  /** Remembers Mastodon's X-RateLimit-Remaining/Reset: at 0 remaining, no call before the reset. */
  private noteRateLimit(res: Response): void {
    if (res.headers.get('x-ratelimit-remaining') === '0') {
      const reset = Date.parse(res.headers.get('x-ratelimit-reset') ?? '');
      if (Number.isFinite(reset)) this.notBefore = reset;
    }
  }

  /** One page newer than `minId` (or the newest page when there is no cursor yet), oldest first. */
  private async page(minId: string | undefined, signal: AbortSignal | undefined): Promise<{ batch: CollectedBatch; full: boolean }> {
    const res = await fetch(this.timelineUrl(minId), { headers: this.headers(), signal: timedSignal(signal, 30_000) });
    this.noteRateLimit(res);
    if (!res.ok) {
      await res.body?.cancel();
      throw failedResponse(res, 'the Mastodon timeline', this.timing.now());
    }
    let statuses: unknown;
    try {
      statuses = JSON.parse(await readLimited(res, 8 * 1024 * 1024));
    } catch (err) {
      throw new RetryableError(`the Mastodon timeline is not JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(statuses)) throw new RetryableError('the Mastodon timeline is not a list of statuses');
    const batch: CollectedBatch = { posts: [], skipped: 0, cursor: minId ? { sinceId: minId } : null };
    let newest = minId;
    // Oldest first, whatever order the instance answered in.
    const ordered = (statuses as unknown[]).map((s) => ({ s, id: str((s as Status | null)?.id) ?? '' })).sort((a, b) => (a.id === b.id ? 0 : newerId(a.id, b.id) ? 1 : -1));
    for (const { s } of ordered) {
      const id = str((s as Status | null)?.id);
      if (id && /^\d{1,30}$/.test(id) && (!newest || newerId(id, newest))) newest = id;
      const post = mastodonPost(s, this.host, this.timing.now());
      if (post) batch.posts.push(post);
      else batch.skipped++;
    }
    if (newest) batch.cursor = { sinceId: newest };
    return { batch, full: statuses.length >= PAGE };
  }

  async fetchOnce(cursor: Cursor | null): Promise<CollectedBatch> {
    return (await this.page(typeof cursor?.sinceId === 'string' ? cursor.sinceId : undefined, undefined)).batch;
  }

  private async catchUp(sink: ConnectorSink, signal: AbortSignal): Promise<void> {
    for (let i = 0; i < MAX_PAGES && !signal.aborted; i++) {
      const wait = this.notBefore - this.timing.now();
      if (wait > 0) throw new RetryableError('Mastodon rate limit reached', wait);
      const since = typeof this.cursor?.sinceId === 'string' ? this.cursor.sinceId : undefined;
      const { batch, full } = await this.page(since, signal);
      await this.commit(sink, batch);
      // Without a cursor the first page is the newest: start from there rather than reading the past.
      if (!full || !since) return;
    }
  }

  protected async cycle(sink: ConnectorSink, signal: AbortSignal): Promise<number> {
    await this.catchUp(sink, signal);
    if (signal.aborted) return 0;
    if (!this.streaming) return this.settings.pollIntervalSeconds * 1000;
    const res = await fetch(this.streamUrl(), { headers: { ...this.headers(), accept: 'text/event-stream' }, signal });
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      throw failedResponse(res, 'the Mastodon stream', this.timing.now());
    }
    if (!res.ok || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream') || !res.body) {
      // No streaming for us (disabled, needs a token, a proxy in between): poll instead.
      await res.body?.cancel();
      this.streaming = false;
      return this.settings.pollIntervalSeconds * 1000;
    }
    sink.succeeded();
    await this.consume(res.body, sink, signal);
    if (signal.aborted) return 0;
    throw new RetryableError('the Mastodon stream closed');
  }

  /** Server-sent events: `event: update` with a status as `data`; every other event and comment is ignored. */
  private async consume(body: AsyncIterable<Uint8Array>, sink: ConnectorSink, signal: AbortSignal): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = 'message';
    let data: string[] = [];
    let size = 0;
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffer.search(/\r?\n/)) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(buffer[nl] === '\r' ? nl + 2 : nl + 1);
          if (line === '') {
            if (event === 'update' && data.length) await this.onUpdate(data.join('\n'), sink);
            event = 'message';
            data = [];
            size = 0;
          } else if (line.startsWith(':')) {
            continue;
          } else {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') event = value;
            else if (field === 'data') {
              size += value.length;
              // An oversized event is dropped, not buffered.
              if (size <= MAX_EVENT_BYTES) data.push(value);
              else event = 'oversized';
            }
          }
        }
        if (buffer.length > MAX_EVENT_BYTES) buffer = '';
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    }
  }

  private async onUpdate(json: string, sink: ConnectorSink): Promise<void> {
    let status: unknown;
    try {
      status = JSON.parse(json);
    } catch {
      await this.commit(sink, { posts: [], skipped: 1, cursor: this.cursor });
      return;
    }
    const id = str((status as Status | null)?.id);
    const post = mastodonPost(status, this.host, this.timing.now());
    const cursor = id && /^\d{1,30}$/.test(id) && (typeof this.cursor?.sinceId !== 'string' || newerId(id, this.cursor.sinceId)) ? { sinceId: id } : this.cursor;
    await this.commit(sink, { posts: post ? [post] : [], skipped: post ? 0 : 1, cursor });
  }
}
