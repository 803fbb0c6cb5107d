/**
 * A fake HTTP layer for the jsdom component tests (imported only by `*.test.ts(x)` files, so the
 * app never bundles it). `fetch` is replaced and answered with real `Response` objects, which
 * `client/test/jsdom-env.js` borrows from Node's realm.
 */

/** A JSON answer; a 204 has no body. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A non-JSON answer (a CSV export, a proxy's error page…). */
export function textResponse(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

/** The API's error envelope: `{ error: { code, message, details? }, requestId }`. */
export function errorResponse(status: number, code: string, message = code, details?: unknown): Response {
  return jsonResponse({ error: details === undefined ? { code, message } : { code, message, details }, requestId: 'req-test' }, status);
}

/** One request the page made. */
export interface RecordedCall {
  method: string;
  /** `url.pathname`, for short filters. */
  path: string;
  /** Resolved against `http://siaga.test`, so `searchParams` can be read. */
  url: URL;
  headers: Headers;
  /** The JSON body, parsed (a non-JSON string body as is); undefined without a body. */
  body: unknown;
}

export type Handler = (call: RecordedCall) => Response | Promise<Response>;

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}

function parseBody(body: BodyInit | null | undefined): unknown {
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/**
 * Replaces `fetch` with `handler`; every call is recorded (in order) in the returned array. Like a
 * real fetch, an aborted request rejects with an `AbortError`, at once, even while the handler is
 * still holding its answer back.
 */
export function stubFetch(handler: Handler): RecordedCall[] {
  const calls: RecordedCall[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://siaga.test');
    const call: RecordedCall = { method: init?.method ?? 'GET', path: url.pathname, url, headers: new Headers(init?.headers), body: parseBody(init?.body) };
    calls.push(call);
    const signal = init?.signal;
    if (signal?.aborted) throw abortError();
    if (!signal) return handler(call);
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(abortError());
      signal.addEventListener('abort', onAbort, { once: true });
      void Promise.resolve()
        .then(() => handler(call))
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
  return calls;
}
