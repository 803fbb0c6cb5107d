import { useInfiniteQuery, useQuery, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type {
  AddAlertNote,
  Alert,
  AlertAction,
  AlertDetail,
  AlertsQuery,
  Assignee,
  AssignAlert,
  Delivery,
  Page,
} from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';

export const ALERTS_PAGE_SIZE = 50;

export function fetchAlerts(filters: AlertsQuery, cursor: string | null, signal?: AbortSignal): Promise<Page<Alert>> {
  return apiRequest<Page<Alert>>('/api/alerts', {
    query: { ...filters, limit: ALERTS_PAGE_SIZE, cursor },
    ...(signal ? { signal } : {}),
  });
}

/**
 * One tab of the inbox, newest first, one page per "load more". The live layer invalidates every
 * `alerts.list` on each alert event, so this refetches (all loaded pages, from fresh cursors)
 * whenever an alert opens or changes anywhere.
 */
export function useAlertsList(filters: AlertsQuery) {
  return useInfiniteQuery({
    queryKey: queryKeys.alerts.list(filters),
    queryFn: ({ pageParam, signal }) => fetchAlerts(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 15_000,
  });
}

export function useAlertDetail(alertId: string | null) {
  return useQuery({
    queryKey: queryKeys.alerts.detail(alertId ?? ''),
    queryFn: ({ signal }) => apiRequest<AlertDetail>(`/api/alerts/${encodeURIComponent(alertId ?? '')}`, { signal }),
    enabled: alertId !== null,
    staleTime: 15_000,
  });
}

export function useAlertDeliveries(alertId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.alerts.deliveries(alertId),
    queryFn: ({ signal }) => apiRequest<Delivery[]>(`/api/alerts/${encodeURIComponent(alertId)}/deliveries`, { signal }),
    enabled,
    staleTime: 30_000,
  });
}

/** Under `users.all`, so the admin screens' invalidations refresh it, but not sharing their key. */
const assignableUsersKey = [...queryKeys.users.all, 'assignable'] as const;

/** Active users who may act on alerts, for the assign picker of supervisors and admins. */
export function useAssignableUsers(enabled: boolean) {
  return useQuery({
    queryKey: assignableUsersKey,
    queryFn: ({ signal }) => apiRequest<Assignee[]>('/api/alerts/assignees', { signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export type AlertActionRequest =
  | { action: 'acknowledge'; body: AlertAction }
  | { action: 'resolve'; body: AlertAction }
  | { action: 'assign'; body: AssignAlert }
  | { action: 'notes'; body: AddAlertNote };

export function postAlertAction(alertId: string, request: AlertActionRequest): Promise<Alert> {
  return apiRequest<Alert>(`/api/alerts/${encodeURIComponent(alertId)}/${request.action}`, { method: 'POST', body: request.body });
}

type ListData = InfiniteData<Page<Alert>, unknown> | Page<Alert>;

function patchPage(page: Page<Alert>, alert: Alert): Page<Alert> {
  if (!page.items.some((a) => a.id === alert.id)) return page;
  return { ...page, items: page.items.map((a) => (a.id === alert.id ? alert : a)) };
}

/** Replaces the alert wherever a list shows it; copes with paged (infinite) and single-page list caches. */
function patchList(data: ListData | undefined, alert: Alert): ListData | undefined {
  if (!data) return data;
  if ('pages' in data) {
    const pages = data.pages.map((p) => patchPage(p, alert));
    return pages.every((p, i) => p === data.pages[i]) ? data : { ...data, pages };
  }
  if ('items' in data) return patchPage(data, alert);
  return data;
}

/**
 * Writes the server's answer to an action into the caches at once (the row and the detail update
 * without waiting), then lets the lists, counts and the detail (notes, history) refetch: a row that
 * left its tab's status disappears on that refetch.
 */
export function applyAlertAnswer(queryClient: QueryClient, alert: Alert): void {
  queryClient.setQueryData<AlertDetail>(queryKeys.alerts.detail(alert.id), (old) => (old ? { ...old, ...alert } : old));
  queryClient.setQueriesData<ListData>({ queryKey: queryKeys.alerts.lists }, (old) => patchList(old, alert));
  refreshAlertQueries(queryClient, alert.id);
}

/** After an action failed because the alert changed elsewhere (409/404): show the server's truth. */
export function refreshAlertQueries(queryClient: QueryClient, alertId: string): void {
  void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.lists });
  void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.counts });
  void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.detail(alertId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.metrics.overviews });
}
