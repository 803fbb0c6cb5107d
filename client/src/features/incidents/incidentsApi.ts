import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddIncidentAction,
  AddIncidentNote,
  CreateIncident,
  Incident,
  IncidentDetail,
  IncidentsQuery,
  LinkIncidentAlerts,
  Page,
  PinIncidentPost,
  ReportFormat,
  ReportLang,
  UpdateIncident,
} from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';
import { apiDownload, saveBlob } from '../posts/download';

export const INCIDENTS_PAGE_SIZE = 50;

export function fetchIncidents(filters: IncidentsQuery, cursor: string | null, signal?: AbortSignal): Promise<Page<Incident>> {
  return apiRequest<Page<Incident>>('/api/incidents', { query: { ...filters, limit: INCIDENTS_PAGE_SIZE, cursor }, ...(signal ? { signal } : {}) });
}

export function fetchIncident(id: string, signal?: AbortSignal): Promise<IncidentDetail> {
  return apiRequest<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}`, signal ? { signal } : {});
}

/** Incidents, newest start first, one page per "load more"; `incident:updated` invalidates them. */
export function useIncidentsList(filters: IncidentsQuery) {
  return useInfiniteQuery({
    queryKey: queryKeys.incidents.list(filters),
    queryFn: ({ pageParam, signal }) => fetchIncidents(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 15_000,
  });
}

export function useIncident(id: string | null) {
  return useQuery({
    queryKey: queryKeys.incidents.detail(id ?? ''),
    queryFn: ({ signal }) => fetchIncident(id ?? '', signal),
    enabled: id !== null,
    staleTime: 15_000,
  });
}

export function createIncident(body: CreateIncident): Promise<Incident> {
  return apiRequest<Incident>('/api/incidents', { method: 'POST', body });
}

export type IncidentChange =
  | { kind: 'update'; body: UpdateIncident }
  | { kind: 'notes'; body: AddIncidentNote }
  | { kind: 'actions'; body: AddIncidentAction }
  | { kind: 'alerts'; body: LinkIncidentAlerts }
  | { kind: 'pins'; body: PinIncidentPost };

export function changeIncident(id: string, change: IncidentChange): Promise<Incident> {
  const base = `/api/incidents/${encodeURIComponent(id)}`;
  switch (change.kind) {
    case 'update':
      return apiRequest<Incident>(base, { method: 'PATCH', body: change.body });
    case 'notes':
      return apiRequest<Incident>(`${base}/notes`, { method: 'POST', body: change.body });
    case 'actions':
      return apiRequest<Incident>(`${base}/actions`, { method: 'POST', body: change.body });
    case 'alerts':
      return apiRequest<Incident>(`${base}/alerts`, { method: 'POST', body: change.body });
    case 'pins':
      return apiRequest<Incident>(`${base}/pins`, { method: 'POST', body: change.body });
  }
}

/** A change to the incident; the detail and the lists refetch when it is done (the socket tells the others). */
export function useIncidentChange(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: IncidentChange) => changeIncident(id, change),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.detail(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}

const REPORT_PATHS: Record<ReportFormat, string> = {
  pdf: '/api/incidents/{id}/report.pdf',
  md: '/api/incidents/{id}/report.md',
  json: '/api/incidents/{id}/report.json',
  csv: '/api/incidents/{id}/report.csv',
};

/** Downloads a report in the UI language and hands it to the browser as a file. */
export async function downloadReport(id: string, format: ReportFormat, lang: ReportLang): Promise<void> {
  const path = REPORT_PATHS[format].replace('{id}', encodeURIComponent(id));
  const { blob, filename } = await apiDownload(path, { lang });
  saveBlob(blob, filename ?? `siaga-incident.${format}`);
}
