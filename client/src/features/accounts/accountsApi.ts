import { useQuery } from '@tanstack/react-query';
import type { AccountResponse, ActorsResponse } from '@siaga/shared';
import { apiRequest } from '../../api';

/** The account page of a handle on one source. */
export function accountPath(source: string, handle: string): string {
  return `/accounts/${encodeURIComponent(source)}/${encodeURIComponent(handle)}`;
}

/** `source:handle`, as campaign alerts name accounts, to the account page (null when it is not that shape). */
export function accountPathOf(id: string): string | null {
  const i = id.indexOf(':');
  return i > 0 && i < id.length - 1 ? accountPath(id.slice(0, i), id.slice(i + 1)) : null;
}

export function useAccount(source: string, handle: string) {
  return useQuery({
    queryKey: ['metrics', 'who', 'account', { source, handle }] as const,
    queryFn: ({ signal }) => apiRequest<AccountResponse>(`/api/accounts/${encodeURIComponent(source)}/${encodeURIComponent(handle)}`, { signal }),
    staleTime: 30_000,
  });
}

/** Accounts by reach over the last 24 hours (the server's default window). */
export function useActors(programId: string | null, limit = 8) {
  return useQuery({
    queryKey: ['metrics', 'who', 'actors', { programId, limit }] as const,
    queryFn: ({ signal }) => apiRequest<ActorsResponse>('/api/metrics/actors', { query: { programId, limit }, signal }),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}
