import { useQuery } from '@tanstack/react-query';
import type { Alert, BandResponse, OverviewResponse, Page, Post, SeriesPoint, SeriesResponse, TopResponse } from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';
import type { LiveSeries } from '../../live/liveSeries';
import { MINUTE_MS, rangeWindow, type RangeWindow } from './range';

/** How far back the tiles' sparklines reach. */
export const OVERVIEW_HOURS = 6;
/** The tiles are patched by the socket; the refetch is only a safety net. */
export const OVERVIEW_REFETCH_MS = 60_000;
export const TOP_REFETCH_MS = 30_000;
export const TOP_LIMIT = 10;
export const INITIAL_POSTS = 20;
/** Open alerts for the tiles: one page is enough to find the open alert of each program. */
export const OPEN_ALERTS_LIMIT = 100;
export const PROGRAM_ALERTS_LIMIT = 100;

/** Windows that slide (a new key each minute or step) would pile up in the cache: drop them soon. */
const SLIDING_GC_MS = 2 * MINUTE_MS;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

// ---------- Tiles ----------

/** Every active program's tile data, patched in place by `metrics:updated` (LiveProvider). */
export function useOverview<T = OverviewResponse>(select?: (data: OverviewResponse) => T) {
  return useQuery({
    queryKey: queryKeys.metrics.overview(OVERVIEW_HOURS),
    queryFn: ({ signal }) => apiRequest<OverviewResponse>('/api/metrics/overview', { query: { hours: OVERVIEW_HOURS }, signal }),
    refetchInterval: OVERVIEW_REFETCH_MS,
    staleTime: 30_000,
    ...(select ? { select } : {}),
  });
}

/**
 * Open alerts, newest first; every alert event invalidates the alert lists, so new ones show within
 * a second. The key extends `alerts.list({status:'open'})` rather than being it: the inbox keeps a
 * paged (infinite) cache under that exact key, and one key must never hold two shapes of data.
 */
export function useOpenAlerts<T = Page<Alert>>(select?: (data: Page<Alert>) => T) {
  return useQuery({
    queryKey: [...queryKeys.alerts.list({ status: 'open' }), { limit: OPEN_ALERTS_LIMIT }] as const,
    queryFn: ({ signal }) => apiRequest<Page<Alert>>('/api/alerts', { query: { status: 'open', limit: OPEN_ALERTS_LIMIT }, signal }),
    refetchInterval: OVERVIEW_REFETCH_MS,
    staleTime: 15_000,
    ...(select ? { select } : {}),
  });
}

// ---------- Main chart ----------

function fetchSeries(programId: string, span: Pick<RangeWindow, 'from' | 'to' | 'bucket'>, signal: AbortSignal): Promise<SeriesResponse> {
  return apiRequest<SeriesResponse>('/api/metrics/series', {
    query: { programId, from: iso(span.from), to: iso(span.to), bucket: span.bucket },
    signal,
  });
}

/**
 * The live window of one program: seeded here with the last 120 minutes, then patched in place
 * by every `metrics:updated` of that program (LiveProvider writes into this very key).
 */
export function useLiveSeries(programId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.metrics.liveSeries(programId ?? ''),
    queryFn: async ({ signal }): Promise<LiveSeries> => {
      const response = await fetchSeries(programId ?? '', rangeWindow({ key: 'live' }, Date.now()), signal);
      return { points: response.points };
    },
    enabled: enabled && programId !== null,
    // The socket keeps it current; an occasional reseed repairs anything a dropped message missed.
    staleTime: Infinity,
    refetchInterval: 5 * MINUTE_MS,
    refetchOnWindowFocus: false,
    // Once nobody shows it, stop the socket from patching it for long.
    gcTime: MINUTE_MS,
  });
}

/** A fixed window (1 h, 24 h, 7 d or custom): fetched, never patched by the socket. */
export function useFixedSeries(programId: string | null, span: RangeWindow, options: { enabled: boolean; sliding: boolean }) {
  return useQuery({
    queryKey: queryKeys.metrics.series({ programId: programId ?? '', from: iso(span.from), to: iso(span.to), bucket: span.bucket }),
    queryFn: ({ signal }) => fetchSeries(programId ?? '', span, signal),
    enabled: options.enabled && programId !== null,
    // Sliding windows get a new key each step; in between, the newest bucket is refreshed.
    refetchInterval: options.sliding ? MINUTE_MS : false,
    staleTime: 30_000,
    gcTime: SLIDING_GC_MS,
    // Moving the window keeps the old line on screen until the new one arrives; a new program does not.
    placeholderData: (previous) => (previous && previous.programId === programId ? previous : undefined),
  });
}

/** The series points the charts draw for the chosen range, from whichever of the two sources is in use. */
export function useRangeSeries(programId: string | null, live: boolean, span: RangeWindow, sliding: boolean) {
  const liveQuery = useLiveSeries(programId, live);
  const fixedQuery = useFixedSeries(programId, span, { enabled: !live, sliding });
  const query = live ? liveQuery : fixedQuery;
  const points: readonly SeriesPoint[] | undefined = query.data?.points;
  return {
    points,
    isPending: programId !== null && query.isPending,
    isFetching: query.isFetching,
    error: query.error,
    refetch: query.refetch,
  };
}

/** The detector's expected band over the window on the chart's buckets (the server caps it at 7 days). */
export function useBand(programId: string | null, span: Pick<RangeWindow, 'from' | 'to' | 'bucket'>, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.metrics.band({ programId: programId ?? '', from: iso(span.from), to: iso(span.to), bucket: span.bucket }),
    queryFn: ({ signal }) =>
      apiRequest<BandResponse>('/api/detection/band', { query: { programId, from: iso(span.from), to: iso(span.to), bucket: span.bucket }, signal }),
    enabled: enabled && programId !== null,
    staleTime: MINUTE_MS,
    gcTime: SLIDING_GC_MS,
    placeholderData: (previous) => (previous && previous.programId === programId ? previous : undefined),
  });
}

/**
 * The program's latest alerts (any status), for the chart's markers. The key extends the alerts
 * list key (so the live layer's invalidation of alert lists refreshes it too) without being the
 * inbox's own paged key.
 */
export function useProgramAlerts(programId: string | null) {
  return useQuery({
    queryKey: [...queryKeys.alerts.list({ programId: programId ?? '' }), { limit: PROGRAM_ALERTS_LIMIT }] as const,
    queryFn: ({ signal }) => apiRequest<Page<Alert>>('/api/alerts', { query: { programId, limit: PROGRAM_ALERTS_LIMIT }, signal }),
    enabled: programId !== null,
    staleTime: 30_000,
  });
}

// ---------- Side panels ----------

/** Top terms, hashtags and authors of the last hour (the server's default window). */
export function useTop(programId: string | null) {
  return useQuery({
    queryKey: queryKeys.metrics.top({ programId, from: null, to: null }),
    queryFn: ({ signal }) => apiRequest<TopResponse>('/api/metrics/top', { query: { programId, limit: TOP_LIMIT }, signal }),
    refetchInterval: TOP_REFETCH_MS,
    staleTime: 20_000,
  });
}

/** The newest stored posts, so the live stream is not empty before the socket brings any. */
export function useInitialPosts(programId: string | null) {
  return useQuery({
    queryKey: queryKeys.posts.list(programId ? { programId, limit: INITIAL_POSTS } : { limit: INITIAL_POSTS }),
    queryFn: ({ signal }) => apiRequest<Page<Post>>('/api/posts', { query: { limit: INITIAL_POSTS, programId }, signal }),
    // Only a first fill: from then on the socket feeds the stream.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    gcTime: 5 * MINUTE_MS,
  });
}
