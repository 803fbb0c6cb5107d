import { useQuery } from '@tanstack/react-query';
import type { AlertCounts } from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';

/** Open and acknowledged alert counts; kept fresh by the live layer (alert events invalidate it). */
export function useAlertCounts() {
  return useQuery({
    queryKey: queryKeys.alerts.counts,
    queryFn: ({ signal }) => apiRequest<AlertCounts>('/api/alerts/counts', { signal }),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
}
