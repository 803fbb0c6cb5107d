import type { IngestPost, TelegramSettings } from '@siaga/shared';
import { type CollectedBatch, type ConnectorSink, type Cursor, clip, LoopConnector, type LoopOptions, readLimited, RetryableError, retryAfterMs, timedSignal } from './connector.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A channel post (Bot API `Message`) as a post; undefined when it has no text or caption. */
export function telegramPost(m: unknown, now: number): IngestPost | undefined {
  if (!isObj(m) || !isObj(m.chat)) return undefined;
  const chatId = m.chat.id;
  const messageId = m.message_id;
  if (typeof chatId !== 'number' || !Number.isSafeInteger(chatId) || typeof messageId !== 'number' || !Number.isSafeInteger(messageId)) return undefined;
  const raw = typeof m.text === 'string' ? m.text : typeof m.caption === 'string' ? m.caption : '';
  const text = raw.replaceAll('\u0000', '').trim();
  if (!text) return undefined;
  const username = typeof m.chat.username === 'string' && /^[A-Za-z0-9_]{3,64}$/.test(m.chat.username) ? m.chat.username : undefined;
  const title = typeof m.chat.title === 'string' ? clip(m.chat.title.replaceAll('\u0000', ''), 256) : undefined;
  const date = typeof m.date === 'number' && m.date > 946_684_800 ? Math.min(m.date * 1000, now) : now;
  const views = typeof m.views === 'number' && Number.isSafeInteger(m.views) && m.views >= 0 ? m.views : undefined;
  return {
    source: 'telegram',
    externalId: `${chatId}/${messageId}`,
    text: clip(text, 20_000),
    createdAt: new Date(date).toISOString(),
    author: { handle: username ?? String(chatId), ...(title ? { name: title } : {}) },
    ...(username ? { url: `https://t.me/${username}/${messageId}` } : {}),
    ...(views !== undefined ? { engagement: { views } } : {}),
  };
}

/**
 * Public Telegram channels through the Bot API: the bot (added to the channels) reads its
 * `channel_post` updates with `getUpdates`. The cursor is the next update offset; Telegram
 * forgets the updates below the offset we send, and we only send one after the batch committed.
 */
export class TelegramConnector extends LoopConnector {
  private readonly keep: Set<string>;

  constructor(
    private readonly settings: TelegramSettings,
    private readonly token: string,
    opts: LoopOptions = {},
  ) {
    super(opts);
    this.keep = new Set(settings.channels.map((c) => c.toLowerCase()));
  }

  fetchOnce(cursor: Cursor | null): Promise<CollectedBatch> {
    return this.read(cursor, undefined);
  }

  protected async cycle(sink: ConnectorSink, signal: AbortSignal): Promise<number> {
    const batch = await this.read(this.cursor, signal);
    await this.commit(sink, batch);
    // A full batch means more are waiting: ask again at once.
    return batch.posts.length + batch.skipped >= 100 ? 0 : this.settings.pollIntervalSeconds * 1000;
  }

  private wanted(chat: Obj): boolean {
    if (this.keep.size === 0) return true;
    return this.keep.has(String(chat.id)) || (typeof chat.username === 'string' && this.keep.has(`@${chat.username.toLowerCase()}`));
  }

  private async read(cursor: Cursor | null, signal: AbortSignal | undefined): Promise<CollectedBatch> {
    const u = new URL(`${this.settings.apiUrl.replace(/\/+$/, '')}/bot${this.token}/getUpdates`);
    if (typeof cursor?.offset === 'number') u.searchParams.set('offset', String(cursor.offset));
    u.searchParams.set('limit', '100');
    u.searchParams.set('timeout', '0');
    u.searchParams.set('allowed_updates', JSON.stringify(['channel_post']));
    const res = await fetch(u, { signal: timedSignal(signal, 30_000) });
    let body: Obj;
    try {
      const parsed: unknown = JSON.parse(await readLimited(res, 16 * 1024 * 1024));
      if (!isObj(parsed)) throw new Error('not an object');
      body = parsed;
    } catch (err) {
      // Never echo the URL: it holds the bot token.
      throw new RetryableError(`getUpdates answered ${res.status} without a Bot API body (${(err as Error).message})`, retryAfterMs(res.headers.get('retry-after'), this.timing.now()));
    }
    if (body.ok !== true) {
      const params = isObj(body.parameters) ? body.parameters : {};
      const description = typeof body.description === 'string' ? clip(body.description, 200) : `error ${res.status}`;
      if (typeof params.retry_after === 'number') throw new RetryableError(`Telegram: ${description}`, params.retry_after * 1000);
      if (res.status >= 500) throw new RetryableError(`Telegram: ${description}`);
      throw new Error(`Telegram: ${description}`);
    }
    const updates = Array.isArray(body.result) ? body.result : [];
    const batch: CollectedBatch = { posts: [], skipped: 0, cursor };
    let next = typeof cursor?.offset === 'number' ? cursor.offset : undefined;
    for (const u of updates as unknown[]) {
      if (!isObj(u) || typeof u.update_id !== 'number' || !Number.isSafeInteger(u.update_id)) {
        batch.skipped++;
        continue;
      }
      next = Math.max(next ?? 0, u.update_id + 1);
      if (!isObj(u.channel_post)) continue;
      if (isObj(u.channel_post.chat) && !this.wanted(u.channel_post.chat)) continue;
      const post = telegramPost(u.channel_post, this.timing.now());
      if (post) batch.posts.push(post);
      else batch.skipped++;
    }
    if (next !== undefined) batch.cursor = { offset: next };
    return batch;
  }
}
