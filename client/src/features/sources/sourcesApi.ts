import { useQuery } from '@tanstack/react-query';
import type { CreateSource, Source, SourceStatus, SourceTestResult, UpdateSource } from '@siaga/shared';
import { apiRequest } from '../../api';

export const SOURCES_KEY = ['sources'] as const;

export const sourcesApi = {
  list: (signal?: AbortSignal) => apiRequest<Source[]>('/api/sources', { signal }),
  states: (signal?: AbortSignal) => apiRequest<SourceStatus[]>('/api/sources/states', { signal }),
  create: (body: CreateSource) => apiRequest<Source>('/api/sources', { method: 'POST', body }),
  update: (id: string, body: UpdateSource) => apiRequest<Source>(`/api/sources/${id}`, { method: 'PATCH', body }),
  remove: (id: string) => apiRequest<void>(`/api/sources/${id}`, { method: 'DELETE' }),
  test: (id: string) => apiRequest<SourceTestResult>(`/api/sources/${id}/test`, { method: 'POST' }),
};

/** The sources with their state; refreshed every 30 s (health changes slowly, and nothing pushes it). */
export function useSources() {
  return useQuery({ queryKey: SOURCES_KEY, queryFn: ({ signal }) => sourcesApi.list(signal), refetchInterval: 30_000 });
}

/** Every source's state for the wall (any role), refreshed each minute. */
export function useSourceStates() {
  return useQuery({ queryKey: [...SOURCES_KEY, 'states'], queryFn: ({ signal }) => sourcesApi.states(signal), refetchInterval: 60_000 });
}
