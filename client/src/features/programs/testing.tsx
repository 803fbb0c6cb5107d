import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation, type RouteObject } from 'react-router';
import type { Post, Program, Role } from '@siaga/shared';
import { sessionStore } from '../../api';
import { AuthProvider } from '../auth/AuthProvider';

/**
 * Helpers of the programs component tests (jsdom). HTTP is answered at `fetch` with real
 * `Response` objects; a test file imports `./test-env.js` first.
 */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function errorResponse(status: number, code: string, message: string, details?: unknown): Response {
  return jsonResponse({ error: details === undefined ? { code, message } : { code, message, details }, requestId: 'req-test' }, status);
}

export interface RecordedCall {
  method: string;
  path: string;
  url: URL;
  body: unknown;
}

export type Handler = (call: RecordedCall) => Response | Promise<Response>;

/** Replaces `fetch`; every call is recorded. An aborted request rejects like the real one. */
export function stubFetch(handler: Handler): RecordedCall[] {
  const calls: RecordedCall[] = [];
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://siaga.test');
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const call: RecordedCall = { method: init?.method ?? 'GET', path: url.pathname, url, body };
    calls.push(call);
    const response = await handler(call);
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return response;
  };
  return calls;
}

export function signIn(role: Role): void {
  sessionStore.set({
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    expiresAt: Date.now() + 3_600_000,
    user: { id: '00000000-0000-4000-8000-0000000000aa', email: 'me@siaga.test', name: 'Saya Sendiri', role },
  });
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export function newQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/** Renders the routes at `url` inside the app's providers (query cache, auth, data router). */
export function renderRoutes(routes: { path: string; element: ReactNode }[], url: string) {
  const queryClient = newQueryClient();
  const objects: RouteObject[] = routes.map((route) => ({
    path: route.path,
    element: (
      <>
        {route.element}
        <LocationProbe />
      </>
    ),
  }));
  objects.push({ path: '*', element: <LocationProbe /> });
  const router = createMemoryRouter(objects, { initialEntries: [url] });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...result, queryClient, router };
}

export function makeProgram(overrides: Partial<Program> = {}): Program {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'Banjir Jakarta',
    slug: 'banjir-jakarta',
    query: 'banjir',
    description: null,
    languages: [],
    sensitivity: 'medium',
    active: true,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makePost(overrides: Partial<Post> = {}): Post {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    source: 'x',
    externalId: 'ext-1',
    text: 'Bansos belum cair di desa kami',
    createdAt: '2026-11-26T08:00:00.000Z',
    ingestedAt: '2026-11-26T08:00:01.000Z',
    author: { handle: 'warga1', name: null, followers: null },
    url: null,
    lang: 'id',
    langGiven: null,
    sentiment: { label: 'negative', score: -0.5, confidence: 0.7, terms: [], correctedAt: null, correctedBy: null },
    engagement: { likes: 0, shares: 0, replies: 0, views: 0 },
    parentExternalId: null,
    programIds: [],
    ...overrides,
  };
}
