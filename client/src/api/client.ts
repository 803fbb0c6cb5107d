import type { LoginRequest, TokenPair } from '@siaga/shared';
import { ApiError, errorFromResponse, isAbortError } from './errors';
import { sessionFromTokenPair, sessionStore, type Session } from './session';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Appended as a query string; `null`/`undefined`/'' values are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Send the access token and refresh it on 401 (default true). */
  auth?: boolean;
}

/** Builds `path?key=value…`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** One HTTP exchange, no retry: resolves with the parsed JSON body or rejects with `ApiError`. */
async function send<T>(path: string, options: RequestOptions, accessToken: string | null): Promise<T> {
  const headers = new Headers({ Accept: 'application/json' });
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`);

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError({ status: 0, code: 'network_error', message: error instanceof Error ? error.message : 'fetch failed' });
  }

  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError({ status: response.status, code: 'network_error', message: 'response body could not be read' });
  }

  let body: unknown;
  let parsed = false;
  if (text !== '') {
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch {
      // handled below
    }
  }

  if (!response.ok) throw errorFromResponse(response, body);
  if (response.status === 204) return undefined as T;
  if (!parsed) {
    throw new ApiError({
      status: response.status,
      code: 'invalid_response',
      message: 'expected a JSON body',
      requestId: response.headers.get('x-request-id'),
    });
  }
  return body as T;
}

/** Serialises refreshes across tabs (Web Locks), so two tabs never spend the same refresh token. */
async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return task();
  return locks.request('siaga.token-refresh', task);
}

let refreshing: Promise<string> | null = null;

/**
 * Gets a fresh access token after `failedToken` was refused. Concurrent callers share one refresh;
 * when another caller or tab has refreshed already, the newer token is used without a new refresh.
 * A refused refresh (4xx) ends the session, which sends the UI back to the login form.
 */
function refreshAccessToken(failedToken: string): Promise<string> {
  refreshing ??= withRefreshLock(async () => {
    const current = sessionStore.reload();
    if (!current) throw new ApiError({ status: 401, code: 'unauthorized', message: 'not signed in' });
    if (current.accessToken !== failedToken) return current.accessToken;
    try {
      const pair = await send<TokenPair>('/api/auth/refresh', { method: 'POST', body: { refreshToken: current.refreshToken } }, null);
      sessionStore.set(sessionFromTokenPair(pair));
      return pair.accessToken;
    } catch (error) {
      // Network trouble or a 5xx leaves the session alone; a refusal ends it.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.code !== 'rate_limited') {
        endSessionIfCurrent(current);
      }
      throw error;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Ends the session only if it is still the one that failed, never a newer login. */
function endSessionIfCurrent(failed: Session): void {
  const now = sessionStore.get();
  if (now && now.refreshToken === failed.refreshToken) sessionStore.clear('expired');
}

/**
 * The one way the client talks to the API. Authenticated calls carry `Authorization: Bearer …`;
 * on a 401 the token is refreshed once and the call retried once, and if that fails too the
 * session ends (the UI then shows the login form at the same URL).
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  if (options.auth === false) return send<T>(path, options, null);

  const session = sessionStore.get();
  if (!session) throw new ApiError({ status: 401, code: 'unauthorized', message: 'not signed in' });

  try {
    return await send<T>(path, options, session.accessToken);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
  }

  const token = await refreshAccessToken(session.accessToken);
  try {
    return await send<T>(path, options, token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      const now = sessionStore.get();
      if (now && now.accessToken === token) sessionStore.clear('expired');
    }
    throw error;
  }
}

export async function login(credentials: LoginRequest): Promise<Session> {
  const pair = await apiRequest<TokenPair>('/api/auth/login', { method: 'POST', body: credentials, auth: false });
  const session = sessionFromTokenPair(pair);
  sessionStore.set(session);
  return session;
}

/**
 * Signs out: the session ends here at once, and the server is told to end it too (its refresh
 * and access tokens stop working, its live sockets close). A failed request leaves the server's
 * session to expire by itself; this tab is signed out either way.
 */
export async function logout(): Promise<void> {
  const session = sessionStore.get();
  sessionStore.clear();
  if (!session) return;
  try {
    await send<void>('/api/auth/logout', { method: 'POST', body: { refreshToken: session.refreshToken } }, null);
  } catch {
    // Nothing more to do: the tokens are gone from this browser.
  }
}
