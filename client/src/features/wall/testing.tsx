import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import type { Alert, BacktestResponse, LivePost, OverviewProgram, OverviewResponse, Page, Program, SeriesPoint, SeriesResponse, TopResponse } from '@siaga/shared';
import { sessionStore } from '../../api';
import { WallPage } from './WallPage';

/**
 * Fixtures and a fake API for the wall's component tests (jsdom). HTTP is mocked at `fetch` with
 * real `Response` objects (see `test-env.js`, which a test file must import first).
 */

export const PROGRAM_A = '11111111-1111-4111-8111-111111111111';
export const PROGRAM_B = '22222222-2222-4222-8222-222222222222';
export const PROGRAM_C = '33333333-3333-4333-8333-333333333333';

const MINUTE = 60_000;

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function signIn(): void {
  sessionStore.set({
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    expiresAt: Date.now() + 3_600_000,
    user: { id: '00000000-0000-4000-8000-0000000000aa', email: 'me@siaga.test', name: 'Saya', role: 'analyst' },
  });
}

export function program(id: string, name: string): Program {
  return {
    id,
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    query: name,
    description: null,
    languages: [],
    sensitivity: 'medium',
    active: true,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
}

export function overviewProgram(programId: string, overrides: Partial<OverviewProgram> = {}): OverviewProgram {
  const now = Date.now();
  const bucket = 5 * MINUTE;
  const last = Math.floor(now / bucket) * bucket;
  return {
    programId,
    points: Array.from({ length: 72 }, (_, i) => ({ t: new Date(last - (71 - i) * bucket).toISOString(), volume: i % 7, negative: i % 3 })),
    lastHour: { volume: 0, negative: 0 },
    currentMinute: 0,
    openAlerts: 0,
    acknowledgedAlerts: 0,
    worstSeverity: null,
    ...overrides,
  };
}

export function overview(programs: OverviewProgram[]): OverviewResponse {
  const now = Date.now();
  return { from: new Date(now - 6 * 3_600_000).toISOString(), to: new Date(now).toISOString(), bucketMinutes: 5, programs };
}

let alertSeq = 0;

export function alert(programId: string, overrides: Partial<Alert> = {}): Alert {
  alertSeq += 1;
  const at = new Date(Date.now() - 5 * MINUTE).toISOString();
  return {
    id: `aaaaaaaa-0000-4000-8000-${String(alertSeq).padStart(12, '0')}`,
    programId,
    programName: 'Program',
    kind: 'volume_spike',
    severity: 'warning',
    status: 'open',
    dedupKey: `volume_spike:${programId}`,
    count: 1,
    peakScore: 0.9,
    peakObserved: 120,
    explanation: { text: 'volume naik', expected: 10, band: { lower: 2, upper: 20 }, observed: 120, score: 0.9 },
    openedAt: at,
    lastTriggeredAt: at,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    assigneeId: null,
    assigneeName: null,
    escalationLevel: 0,
    updatedAt: at,
    ...overrides,
  };
}

let postSeq = 0;

export function livePost(programIds: string[], overrides: Partial<LivePost> = {}): LivePost {
  postSeq += 1;
  return {
    id: `bbbbbbbb-0000-4000-8000-${String(postSeq).padStart(12, '0')}`,
    programIds,
    source: 'x',
    authorHandle: `warga${postSeq}`,
    text: `Pos langsung nomor ${postSeq}`,
    createdAt: new Date().toISOString(),
    lang: 'id',
    sentiment: { label: 'negative', score: -0.5, terms: [] },
    ...overrides,
  };
}

/** Zero-filled series over the requested window, like the server's answer. */
export function seriesFor(url: URL): SeriesResponse {
  const from = Date.parse(url.searchParams.get('from') ?? '');
  const to = Date.parse(url.searchParams.get('to') ?? '');
  const bucket = (url.searchParams.get('bucket') ?? '1m') as SeriesResponse['bucket'];
  const step = { '1m': MINUTE, '5m': 5 * MINUTE, '1h': 60 * MINUTE, '1d': 1440 * MINUTE }[bucket];
  const points: SeriesPoint[] = [];
  for (let t = Math.floor(from / step) * step; t < to; t += step) {
    points.push({ t: new Date(t).toISOString(), volume: 4, positive: 1, neutral: 1, negative: 2, sentimentSum: -1, authors: 3 });
  }
  return { programId: url.searchParams.get('programId') ?? '', bucket, tz: 'UTC', from: new Date(from).toISOString(), to: new Date(to).toISOString(), points };
}

export function bandFor(url: URL): BacktestResponse {
  const from = Date.parse(url.searchParams.get('from') ?? '');
  return {
    programId: url.searchParams.get('programId') ?? '',
    sensitivity: 'medium',
    from: new Date(from).toISOString(),
    to: url.searchParams.get('to') ?? '',
    windowMinutes: 1,
    pointStepMinutes: 1,
    points: [1, 2, 3].map((i) => {
      const metric = { observed: 4, expected: 3, band: { lower: 1, upper: 6 }, score: 0.1 };
      return { at: new Date(from + i * MINUTE).toISOString(), value: 4, volume: metric, negative: metric, negativeShare: metric };
    }),
    decisions: [],
  };
}

export const EMPTY_TOP: TopResponse = { from: '', to: '', postsScanned: 0, sampled: false, terms: [], hashtags: [], authors: [] };

export interface RecordedCall {
  url: URL;
}

export interface FakeApi {
  programs: Program[];
  overview: OverviewResponse;
  openAlerts: Alert[];
  top?: TopResponse;
  posts?: Page<unknown>;
}

/** Replaces `fetch` with the wall's endpoints answered from `api` (read at each call). */
export function stubApi(api: FakeApi): RecordedCall[] {
  const calls: RecordedCall[] = [];
  globalThis.fetch = (input: RequestInfo | URL) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://siaga.test');
    calls.push({ url });
    const q = url.searchParams;
    switch (url.pathname) {
      case '/api/programs':
        return Promise.resolve(jsonResponse({ items: api.programs, nextCursor: null }));
      case '/api/metrics/overview':
        return Promise.resolve(jsonResponse(api.overview));
      case '/api/alerts':
        return Promise.resolve(
          jsonResponse({
            items: api.openAlerts.filter((a) => (q.get('status') ? a.status === q.get('status') : true) && (q.get('programId') ? a.programId === q.get('programId') : true)),
            nextCursor: null,
          }),
        );
      case '/api/metrics/series':
        return Promise.resolve(jsonResponse(seriesFor(url)));
      case '/api/detection/band':
        return Promise.resolve(jsonResponse(bandFor(url)));
      case '/api/metrics/top':
        return Promise.resolve(jsonResponse(api.top ?? EMPTY_TOP));
      case '/api/posts':
        return Promise.resolve(jsonResponse(api.posts ?? { items: [], nextCursor: null }));
      default:
        return Promise.resolve(jsonResponse({ error: { code: 'not_found', message: 'no route' }, requestId: 'test' }, 404));
    }
  };
  return calls;
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** Renders the wall at `url` with a fresh query cache; returns the cache for writing live data. */
export function renderWall(url = '/') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      {
        path: '/',
        element: (
          <>
            <WallPage />
            <LocationProbe />
          </>
        ),
      },
      { path: '/alerts/:alertId', element: <LocationProbe /> },
    ],
    { initialEntries: [url] },
  );
  const result = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...result, queryClient, router };
}
