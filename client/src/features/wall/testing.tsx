import type { Alert, BandResponse, LivePost, OverviewProgram, OverviewResponse, Page, Program, SeriesPoint, SeriesResponse, TopResponse } from '@siaga/shared';
import { makeProgram } from '../../test-support/fixtures';
import { errorResponse, jsonResponse, stubFetch, type RecordedCall } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { WallPage } from './WallPage';

/**
 * Fixtures and a fake API for the wall's component tests (jsdom); HTTP, sign-in and rendering
 * are the shared ones of `src/test-support/`.
 */

export const PROGRAM_A = '11111111-1111-4111-8111-111111111111';
export const PROGRAM_B = '22222222-2222-4222-8222-222222222222';
export const PROGRAM_C = '33333333-3333-4333-8333-333333333333';

const MINUTE = 60_000;

export function program(id: string, name: string): Program {
  return makeProgram({ id, name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), query: name });
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
    harm: { flag: false, terms: [] },
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

/** The server's band columns: three buckets from the window's first, on the requested buckets. */
export function bandFor(url: URL): BandResponse {
  const from = Date.parse(url.searchParams.get('from') ?? '');
  const bucket = (url.searchParams.get('bucket') ?? '1m') as BandResponse['bucket'];
  const stepMinutes = { '1m': 1, '5m': 5, '1h': 60, '1d': 1440 }[bucket];
  const col = { expected: [3, 3, 3], lower: [1, 1, 1], upper: [6, 6, 6], learning: 0 };
  return {
    programId: url.searchParams.get('programId') ?? '',
    sensitivity: 'medium',
    from: new Date(from).toISOString(),
    to: url.searchParams.get('to') ?? '',
    bucket,
    windowMinutes: 1,
    stepMinutes,
    start: new Date(Math.floor(from / (stepMinutes * MINUTE)) * stepMinutes * MINUTE).toISOString(),
    volume: col,
    negative: col,
    negativeShare: { ...col, observed: [4, 4, 4] },
  };
}

export const EMPTY_TOP: TopResponse = { from: '', to: '', postsScanned: 0, sampled: false, terms: [], hashtags: [], authors: [] };

export interface FakeApi {
  programs: Program[];
  overview: OverviewResponse;
  openAlerts: Alert[];
  top?: TopResponse;
  posts?: Page<unknown>;
  /** Answers `/api/metrics/series` instead of the zero-filled `seriesFor` (e.g. another period's mix). */
  series?: (url: URL) => SeriesResponse;
}

/** Replaces `fetch` with the wall's endpoints answered from `api` (read at each call). */
export function stubApi(api: FakeApi): RecordedCall[] {
  return stubFetch(({ url }) => {
    const q = url.searchParams;
    switch (url.pathname) {
      case '/api/programs':
        return jsonResponse({ items: api.programs, nextCursor: null });
      case '/api/metrics/overview':
        return jsonResponse(api.overview);
      case '/api/alerts':
        return jsonResponse({
          items: api.openAlerts.filter((a) => (q.get('status') ? a.status === q.get('status') : true) && (q.get('programId') ? a.programId === q.get('programId') : true)),
          nextCursor: null,
        });
      case '/api/metrics/series':
        return jsonResponse(api.series ? api.series(url) : seriesFor(url));
      case '/api/detection/band':
        return jsonResponse(bandFor(url));
      case '/api/metrics/top':
        return jsonResponse(api.top ?? EMPTY_TOP);
      case '/api/posts':
        return jsonResponse(api.posts ?? { items: [], nextCursor: null });
      default:
        return errorResponse(404, 'not_found', 'no route');
    }
  });
}

/** Renders the wall at `url` with a fresh query cache; returns the cache for writing live data. */
export function renderWall(url = '/') {
  return renderRoutes([{ path: '/', element: <WallPage /> }], url);
}
