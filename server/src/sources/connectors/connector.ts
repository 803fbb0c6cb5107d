import type { IngestPost } from '@siaga/shared';

/** What a connector read in one go: posts in our format, items it had to skip, where to resume. */
export interface CollectedBatch {
  posts: IngestPost[];
  /** Items that could not become posts (no id, no text, malformed): counted, never fatal. */
  skipped: number;
  /** The cursor once this batch is stored; persisted only after the batch commits. */
  cursor: Cursor | null;
}

export type Cursor = Record<string, unknown>;

/** Where a connector hands its batches: the runner stores them and persists the cursor after the commit. */
export interface ConnectorSink {
  commit(batch: CollectedBatch): Promise<void>;
  /** A read succeeded (even with nothing new): resets the failure count. */
  succeeded(): void;
  /** A read failed: the connector waits `retryInMs` (backoff or the service's own rate-limit hint). */
  failed(err: Error, retryInMs: number): void;
}

/** Injected so that tests decide how long waits take and how random the jitter is. */
export interface ConnectorTiming {
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
  now(): number;
}

export const realTiming: ConnectorTiming = {
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
  random: Math.random,
  now: Date.now,
};

/** One small class per service, behind one interface: start from a cursor, stop, and fetch once for the test button. */
export interface Connector {
  /** Runs until `stop()`; every committed batch hands the runner its cursor. */
  start(cursor: Cursor | null, sink: ConnectorSink): void;
  stop(): Promise<void>;
  /** One read from `cursor`, nothing stored (the admin screen's "fetch once now"). */
  fetchOnce(cursor: Cursor | null): Promise<CollectedBatch>;
}

/** A failure that says when to come back (429 with Retry-After, Telegram's retry_after, Mastodon's rate-limit reset). */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{1,7}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Exponential backoff with jitter: the n-th failure in a row waits between half and all of
 * min(max, base·2ⁿ) ("equal jitter"), so many sources failing together do not retry in step.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly random: () => number,
    private readonly baseMs = 1_000,
    private readonly maxMs = 5 * 60_000,
  ) {}

  next(): number {
    const cap = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}

export interface LoopOptions {
  timing?: ConnectorTiming;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/**
 * The run loop every connector shares: call `cycle` until stopped; a failure waits its backoff
 * (or the service's Retry-After, whichever is longer) and tries again from the last committed
 * cursor. `cycle` answers how long to wait before the next one (a poll interval; 0 to go on).
 */
export abstract class LoopConnector implements Connector {
  protected readonly timing: ConnectorTiming;
  protected cursor: Cursor | null = null;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly backoff: Backoff;

  constructor(opts: LoopOptions = {}) {
    this.timing = opts.timing ?? realTiming;
    const timing = this.timing;
    this.backoff = new Backoff(() => timing.random(), opts.backoffBaseMs, opts.backoffMaxMs);
  }

  abstract fetchOnce(cursor: Cursor | null): Promise<CollectedBatch>;

  /** One unit of work: a poll, or a stream until it ends. Answers the wait before the next. */
  protected abstract cycle(sink: ConnectorSink, signal: AbortSignal): Promise<number>;

  start(cursor: Cursor | null, sink: ConnectorSink): void {
    if (this.loop) throw new Error('connector already started');
    this.cursor = cursor;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(sink, controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
  }

  /** Commits a batch and only then moves the cursor: a crash in between re-reads it (and the store drops the repeats). */
  protected async commit(sink: ConnectorSink, batch: CollectedBatch): Promise<void> {
    await sink.commit(batch);
    if (batch.cursor) this.cursor = batch.cursor;
  }

  private async run(sink: ConnectorSink, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let wait: number;
      try {
        wait = await this.cycle(sink, signal);
        if (signal.aborted) break;
        this.backoff.reset();
        sink.succeeded();
      } catch (err) {
        if (signal.aborted) break;
        const e = err instanceof Error ? err : new Error(String(err));
        const backoff = this.backoff.next();
        wait = e instanceof RetryableError && e.retryAfterMs !== undefined ? Math.max(e.retryAfterMs, backoff / 4) : backoff;
        sink.failed(e, wait);
      }
      if (wait > 0) await this.timing.sleep(wait, signal);
    }
  }
}

/** Reads a response body up to `max` bytes; a larger one is refused rather than buffered. */
export async function readLimited(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > max) throw new Error(`response is larger than ${max} bytes`);
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > max) throw new Error(`response is larger than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A fetch that gives up after `timeoutMs` or when the connector stops. */
export function timedSignal(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** Throws the right error for a non-2xx answer: retryable with its wait for 429 and 5xx. */
export function failedResponse(res: Response, what: string, now: number): Error {
  const wait = retryAfterMs(res.headers.get('retry-after'), now);
  if (res.status === 429 || res.status >= 500) return new RetryableError(`${what} answered ${res.status}`, wait);
  return new Error(`${what} answered ${res.status}`);
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the five XML entities, &nbsp; and numeric references (nothing else expands). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff && code !== 0 ? String.fromCodePoint(code) : '';
    }
    return ENTITY[e.toLowerCase()] ?? m;
  });
}

/** HTML to plain text: block ends become newlines, tags go, entities decode, whitespace folds. Never markup. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/<[^>]*$/, '');
  return decodeEntities(text)
    .replaceAll('\u0000', '')
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Shortens to the ingest limit of a field. */
export const clip = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);

/** An http(s) URL or undefined: links from feeds are hostile input too. */
export function safeUrl(u: unknown): string | undefined {
  if (typeof u !== 'string' || u.length > 2048) return undefined;
  try {
    const url = new URL(u.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** An ISO date from whatever the service wrote, or undefined. */
export function isoDate(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const t = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(t)) return undefined;
  const d = new Date(t);
  const y = d.getUTCFullYear();
  return y >= 2000 && y <= 9999 ? d.toISOString() : undefined;
}
