import { useQuery } from '@tanstack/react-query';
import type { NetworkResponse } from '@siaga/shared';
import { apiRequest } from '../../api';

export const NETWORK_HOURS = [1, 6, 24, 72] as const;

/** The account network of a window ending now (rounded to the minute, so the key holds for a minute). */
export function useNetwork(programId: string | null, hours: number) {
  return useQuery({
    queryKey: ['metrics', 'who', 'network', { programId, hours }] as const,
    queryFn: ({ signal }) => {
      const to = Math.ceil(Date.now() / 60_000) * 60_000;
      return apiRequest<NetworkResponse>('/api/metrics/network', {
        query: { programId, from: new Date(to - hours * 3_600_000).toISOString(), to: new Date(to).toISOString() },
        signal,
      });
    },
    staleTime: 60_000,
  });
}
