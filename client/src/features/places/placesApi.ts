import { useQuery } from '@tanstack/react-query';
import type { Page, PlacesResponse, PlatformsResponse, Post } from '@siaga/shared';
import { apiRequest } from '../../api';

/** Per-province counts of the last 24 hours (the server's default window). */
export function usePlaces(programId: string | null) {
  return useQuery({
    queryKey: ['metrics', 'who', 'places', { programId }] as const,
    queryFn: ({ signal }) => apiRequest<PlacesResponse>('/api/metrics/places', { query: { programId }, signal }),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}

/** Per-source counts; `from`/`to` default to the last 24 hours. */
export function usePlatforms(programId: string | null, window?: { from?: string | undefined; to?: string | undefined }, enabled = true) {
  const from = window?.from ?? null;
  const to = window?.to ?? null;
  return useQuery({
    queryKey: ['metrics', 'who', 'platforms', { programId, from, to }] as const,
    queryFn: ({ signal }) => apiRequest<PlatformsResponse>('/api/metrics/platforms', { query: { programId, from, to }, signal }),
    enabled,
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}

/** The newest posts that name a place (a province code). */
export function usePlacePosts(place: string | null, programId: string | null) {
  return useQuery({
    queryKey: ['posts', 'list', { place, programId, limit: 5 }] as const,
    queryFn: ({ signal }) => apiRequest<Page<Post>>('/api/posts', { query: { place, programId, limit: 5 }, signal }),
    enabled: place !== null,
    staleTime: 30_000,
  });
}
