import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import type { Post, Role } from '@siaga/shared';
import { sessionStore } from '../../api';
import { AuthProvider } from '../auth/AuthProvider';

/**
 * Test helpers for the posts and admin component tests (jsdom). HTTP is mocked at `fetch` with
 * real `Response` objects (see `test-env.js`, which a test file must import first).
 */
function makeResponse(body: BodyInit | null, init: ResponseInit): Response {
  return new Response(body, init);
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return makeResponse(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function textResponse(body: string, status: number, headers: Record<string, string>): Response {
  return makeResponse(body, { status, headers });
}

export function errorResponse(status: number, code: string, message = code): Response {
  return jsonResponse({ error: { code, message }, requestId: 'req-test' }, status);
}

export interface RecordedCall {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type Handler = (call: RecordedCall) => Response | Promise<Response>;

/** Replaces `fetch`; every call is recorded (path, query, method, JSON body, headers). */
export function stubFetch(handler: Handler): RecordedCall[] {
  const calls: RecordedCall[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const call: RecordedCall = { method: init?.method ?? 'GET', url: new URL(raw, 'http://siaga.test'), headers: new Headers(init?.headers), body };
    calls.push(call);
    return handler(call);
  });
  return calls;
}

export const ME_ID = '00000000-0000-4000-8000-0000000000aa';

export function signIn(role: Role, accessToken = 'access-1'): void {
  sessionStore.set({
    accessToken,
    refreshToken: 'refresh-1',
    expiresAt: Date.now() + 3_600_000,
    user: { id: ME_ID, email: 'me@siaga.test', name: 'Saya Sendiri', role },
  });
}

export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** Renders `element` at `url` inside the app's providers (query cache, auth, router). */
export function renderPage(element: ReactNode, url: string, path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(
    [
      {
        path,
        element: (
          <>
            {element}
            <LocationProbe />
          </>
        ),
      },
    ],
    { initialEntries: [url] },
  );
  const result = render(
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...result, queryClient, router };
}

let postSeq = 0;

export function makePost(overrides: Partial<Post> = {}): Post {
  postSeq += 1;
  const n = String(postSeq).padStart(12, '0');
  return {
    id: `00000000-0000-4000-8000-${n}`,
    source: 'x',
    externalId: `ext-${postSeq}`,
    text: `Pos nomor ${postSeq}`,
    createdAt: new Date(Date.UTC(2026, 10, 26, 8, 0, 0) - postSeq * 60_000).toISOString(),
    ingestedAt: '2026-11-26T08:00:01.000Z',
    author: { handle: `warga${postSeq}`, name: null, followers: null },
    url: null,
    lang: 'id',
    langGiven: null,
    sentiment: { label: 'neutral', score: 0, confidence: 0.6, terms: [], correctedAt: null, correctedBy: null },
    engagement: { likes: 0, shares: 0, replies: 0, views: 0 },
    parentExternalId: null,
    programIds: [],
    ...overrides,
  };
}
