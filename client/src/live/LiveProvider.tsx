import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Alert, AlertDetail, AlertEvent, EscalationNotice, LivePost, OverviewResponse } from '@siaga/shared';
import { queryKeys } from '../api/keys';
import { useAuth } from '../features/auth/useAuth';
import { useProgramsQuery } from '../lib/programs';
import { LiveConnection, type LiveStatus } from './connection';
import { LIVE_POSTS_CAP, applyMetricsUpdate, applyToOverview, volumeDelta, type LiveSeries } from './liveSeries';

export type LiveEvent =
  | { type: 'alert:opened'; alert: Alert }
  | { type: 'alert:updated'; alert: Alert }
  | { type: 'escalation'; notice: EscalationNotice };

type LiveListener = (event: LiveEvent) => void;

interface LiveContextValue {
  status: LiveStatus;
  reconnect(): void;
  /** For reactions that are not cache state: sounds, browser notifications, toasts. */
  onEvent(listener: LiveListener): () => void;
}

const LiveContext = createContext<LiveContextValue | null>(null);

/** Before the connection exists (first render, signed out): not yet connected, which is not a drop. */
const NOT_CONNECTED: LiveContextValue = { status: 'connecting', reconnect: () => undefined, onEvent: () => () => undefined };

/** Writes an alert event into every cache that shows the alert. */
function applyAlert(queryClient: QueryClient, alert: Alert): void {
  queryClient.setQueryData<AlertDetail>(queryKeys.alerts.detail(alert.id), (old) => (old ? { ...old, ...alert } : old));
  // Lists are filtered and paged on the server: let the visible ones refetch rather than guess.
  void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.lists });
  void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.counts });
  void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.detail(alert.id) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.metrics.overviews });
}

/** A batch's sample on top of the stream, newest (last sent) first, each post once. */
function prependPosts(queryClient: QueryClient, posts: readonly LivePost[]): void {
  queryClient.setQueryData<LivePost[]>(queryKeys.posts.live, (old = []) => {
    const known = new Set(old.map((p) => p.id));
    const fresh: LivePost[] = [];
    for (let i = posts.length - 1; i >= 0; i--) {
      const post = posts[i]!;
      if (known.has(post.id)) continue;
      known.add(post.id);
      fresh.push(post);
    }
    if (fresh.length === 0) return old;
    const next = [...fresh, ...old];
    return next.length > LIVE_POSTS_CAP ? next.slice(0, LIVE_POSTS_CAP) : next;
  });
}

/**
 * Connects the signed-in user to `/live` and pours its events into the TanStack Query caches the
 * pages read (alerts, counts, the wall's tiles, live series and post stream), so screens update
 * without polling and charts update in place. Reconnects recover missed alerts (seq replay) and
 * refresh everything else once.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  // One connection per signed-in user: a token refresh changes the session, not the connection.
  const userId = user?.id ?? null;
  const queryClient = useQueryClient();
  const programs = useProgramsQuery();
  const [connection, setConnection] = useState<LiveConnection | null>(null);
  const listeners = useRef(new Set<LiveListener>());

  useEffect(() => {
    if (!userId) return;
    const emit = (event: LiveEvent) => {
      for (const listener of listeners.current) listener(event);
    };
    let synced = false;
    const live = new LiveConnection({
      alertOpened: (e: AlertEvent) => {
        applyAlert(queryClient, e.alert);
        emit({ type: 'alert:opened', alert: e.alert });
      },
      alertUpdated: (e: AlertEvent) => {
        applyAlert(queryClient, e.alert);
        emit({ type: 'alert:updated', alert: e.alert });
      },
      metrics: (update) => {
        const key = queryKeys.metrics.liveSeries(update.programId);
        const series = queryClient.getQueryData<LiveSeries>(key);
        const delta = volumeDelta(series, update);
        if (series) queryClient.setQueryData<LiveSeries>(key, applyMetricsUpdate(series, update));
        for (const [queryKey, overview] of queryClient.getQueriesData<OverviewResponse>({ queryKey: queryKeys.metrics.overviews })) {
          if (overview) queryClient.setQueryData(queryKey, applyToOverview(overview, update, delta));
        }
      },
      posts: (posts) => prependPosts(queryClient, posts),
      escalation: (notice) => {
        applyAlert(queryClient, notice.alert);
        emit({ type: 'escalation', notice });
      },
      // The timeline, alerts and pins are not in the event: the open views refetch.
      incident: ({ incident }) => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
        void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.detail(incident.id) });
      },
      resynced: () => {
        // The first connect needs nothing; after a drop, whatever was missed besides alerts is refetched.
        if (synced) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.metrics.all });
          void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.all });
          void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.all });
        }
        synced = true;
      },
    });
    setConnection(live);
    live.start();
    return () => {
      live.close();
      setConnection(null);
    };
  }, [userId, queryClient]);

  const programIds = useMemo(() => (programs.data?.items ?? []).map((p) => p.id), [programs.data]);
  useEffect(() => {
    connection?.setPrograms(programIds);
  }, [connection, programIds]);

  const status = useSyncExternalStore(connection?.subscribeStatus ?? noopSubscribe, connection?.getStatus ?? notConnectedStatus);

  const value = useMemo<LiveContextValue>(
    () =>
      connection
        ? {
            status,
            reconnect: () => connection.reconnect(),
            onEvent: (listener) => {
              listeners.current.add(listener);
              return () => listeners.current.delete(listener);
            },
          }
        : NOT_CONNECTED,
    [connection, status],
  );

  return <LiveContext value={value}>{children}</LiveContext>;
}

const noopSubscribe = () => () => undefined;
const notConnectedStatus = (): LiveStatus => 'connecting';

export function useLive(): LiveContextValue {
  return useContext(LiveContext) ?? NOT_CONNECTED;
}

/** Calls `listener` for each live alert/escalation event while the component is mounted. */
export function useLiveEvents(listener: LiveListener): void {
  const { onEvent } = useLive();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => onEvent((event) => latest.current(event)), [onEvent]);
}
