import type { AlertsQuery, IncidentsQuery, PostsQuery } from '@siaga/shared';

/**
 * Every TanStack Query key of the client, in one place: the live layer writes socket events into
 * the same caches the pages read, so both sides must agree on the keys.
 */
export const queryKeys = {
  me: ['me'] as const,
  programs: {
    all: ['programs'] as const,
    list: (params: { limit: number }) => ['programs', 'list', params] as const,
    detail: (id: string) => ['programs', 'detail', id] as const,
    escalation: (id: string) => ['programs', 'escalation', id] as const,
    snooze: (id: string) => ['programs', 'snooze', id] as const,
  },
  alerts: {
    all: ['alerts'] as const,
    lists: ['alerts', 'list'] as const,
    list: (filters: AlertsQuery) => ['alerts', 'list', filters] as const,
    detail: (id: string) => ['alerts', 'detail', id] as const,
    deliveries: (id: string) => ['alerts', 'deliveries', id] as const,
    counts: ['alerts', 'counts'] as const,
  },
  metrics: {
    all: ['metrics'] as const,
    overview: (hours: number) => ['metrics', 'overview', hours] as const,
    overviews: ['metrics', 'overview'] as const,
    /** A fixed range: fetched, never patched by the socket. */
    series: (params: { programId: string; from: string; to: string; bucket: string }) => ['metrics', 'series', params] as const,
    /** The sliding per-minute window of the live wall: patched in place by `metrics:updated`. */
    liveSeries: (programId: string) => ['metrics', 'live-series', programId] as const,
    band: (params: { programId: string; from: string; to: string; bucket: string }) => ['metrics', 'band', params] as const,
    top: (params: { programId: string | null; from: string | null; to: string | null }) => ['metrics', 'top', params] as const,
  },
  posts: {
    all: ['posts'] as const,
    list: (filters: PostsQuery & { limit: number }) => ['posts', 'list', filters] as const,
    /** Newest-first sample of `posts:created`, capped: the wall's live stream. */
    live: ['posts', 'live'] as const,
  },
  incidents: {
    all: ['incidents'] as const,
    lists: ['incidents', 'list'] as const,
    list: (filters: IncidentsQuery) => ['incidents', 'list', filters] as const,
    detail: (id: string) => ['incidents', 'detail', id] as const,
  },
  users: { all: ['users'] as const },
  ingestKeys: { all: ['ingest-keys'] as const },
  audit: { all: ['audit'] as const },
  preferences: ['me', 'notification-preferences'] as const,
};
