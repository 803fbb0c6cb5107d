import type { ReactElement } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { Alert, Role, UserSummary } from '@siaga/shared';
import { sessionStore } from '../../api';
import { AuthProvider } from '../auth/AuthProvider';

/**
 * Helpers for the alerts component tests (jsdom). HTTP is faked at `fetch` with real `Response`
 * objects, which `./test-env.js` (imported first by each test file) borrows from Node's realm.
 */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function errorResponse(status: number, code: string, message = code): Response {
  return jsonResponse({ error: { code, message }, requestId: 'req-test' }, status);
}

export interface Call {
  method: string;
  url: URL;
  body: unknown;
}

export type Handler = (call: Call) => Response | Promise<Response>;

/** Replaces `fetch`; every call is recorded with its method, URL and JSON body. */
export function stubFetch(handler: Handler): Call[] {
  const calls: Call[] = [];
  const fake: typeof fetch = async (input, init) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const call: Call = { method: init?.method ?? 'GET', url: new URL(raw, 'http://siaga.test'), body };
    calls.push(call);
    return handler(call);
  };
  globalThis.fetch = fake;
  return calls;
}

export const USERS: Record<Role, UserSummary> = {
  admin: { id: '00000000-0000-4000-8000-0000000000a1', email: 'admin@siaga.test', name: 'Ayu Admin', role: 'admin' },
  supervisor: { id: '00000000-0000-4000-8000-0000000000a2', email: 'sup@siaga.test', name: 'Sari Supervisor', role: 'supervisor' },
  analyst: { id: '00000000-0000-4000-8000-0000000000a3', email: 'analis@siaga.test', name: 'Andi Analis', role: 'analyst' },
  viewer: { id: '00000000-0000-4000-8000-0000000000a4', email: 'pantau@siaga.test', name: 'Vina Pemantau', role: 'viewer' },
};

export function signIn(role: Role): UserSummary {
  const user = USERS[role];
  sessionStore.set({ accessToken: `token-${role}`, refreshToken: `refresh-${role}`, expiresAt: Date.now() + 3_600_000, user });
  return user;
}

export const PROGRAMS = [
  { id: '00000000-0000-4000-8000-00000000b001', name: 'BPJS Kesehatan', active: true },
  { id: '00000000-0000-4000-8000-00000000b002', name: 'Harga BBM', active: true },
  { id: '00000000-0000-4000-8000-00000000b003', name: 'Banjir Jakarta', active: true },
];

let alertSeq = 0;

export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  alertSeq += 1;
  const program = PROGRAMS[(alertSeq - 1) % PROGRAMS.length]!;
  const opened = new Date(Date.now() - alertSeq * 7 * 60_000).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(alertSeq).padStart(12, '0')}`,
    programId: program.id,
    programName: program.name,
    kind: 'volume_spike',
    severity: 'warning',
    status: 'open',
    dedupKey: `${program.id}:volume_spike`,
    count: 2,
    peakScore: 0.97,
    peakObserved: 312,
    explanation: { text: '312 posts in the last 5 minutes, expected about 80 (band 45–130) at this hour.', expected: 80, band: { lower: 45, upper: 130 }, observed: 312, score: 0.97, details: { windowMinutes: 5 } },
    openedAt: opened,
    lastTriggeredAt: opened,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    assigneeId: null,
    assigneeName: null,
    escalationLevel: 0,
    updatedAt: opened,
    ...overrides,
  };
}

export function renderRoutes(routes: Array<{ path: string; element: ReactElement }>, initialEntry: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [initialEntry] });
  const utils = render(
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...utils, queryClient, router };
}
