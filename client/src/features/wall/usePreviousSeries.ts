import { useQuery } from '@tanstack/react-query';
import type { SeriesResponse } from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';
import { previousWindow } from './compare';
import { MINUTE_MS, type RangeWindow } from './range';

/**
 * The series of the period before `span` (same length and buckets), for the comparison: a fixed
 * window in the past, under the same key a fixed range of those bounds would use.
 */
export function usePreviousSeries(programId: string | null, span: RangeWindow, enabled: boolean) {
  const previous = previousWindow(span);
  const params = { programId: programId ?? '', from: new Date(previous.from).toISOString(), to: new Date(previous.to).toISOString(), bucket: previous.bucket };
  return useQuery({
    queryKey: queryKeys.metrics.series(params),
    queryFn: ({ signal }) => apiRequest<SeriesResponse>('/api/metrics/series', { query: params, signal }),
    enabled: enabled && programId !== null,
    // The past does not change under the chart (a late post aside); sliding windows get a new key each step.
    staleTime: 5 * MINUTE_MS,
    gcTime: 2 * MINUTE_MS,
    placeholderData: (before) => (before && before.programId === programId ? before : undefined),
  });
}
