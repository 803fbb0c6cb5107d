import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Page, Program, SnoozeProgram } from '@siaga/shared';
import { apiRequest } from '../api';
import { queryKeys } from '../api/keys';

/**
 * The programs' data several screens share. The list (filters, names of the programs a post or an
 * alert belongs to, the programs page, the live layer): all ask for the same page, so one cache
 * entry serves them all. A program's snooze: set from its alerts and from the program's page.
 */
export interface ProgramsParams {
  limit: number;
}

/** The one page of programs the first version needs. */
export const DEFAULT_PROGRAMS_PARAMS: ProgramsParams = { limit: 100 };

export function fetchPrograms(params: ProgramsParams, signal?: AbortSignal): Promise<Page<Program>> {
  return apiRequest<Page<Program>>('/api/programs', { query: { limit: params.limit }, ...(signal ? { signal } : {}) });
}

export function useProgramsQuery(params: ProgramsParams = DEFAULT_PROGRAMS_PARAMS) {
  return useQuery({
    queryKey: queryKeys.programs.list(params),
    queryFn: ({ signal }) => fetchPrograms(params, signal),
    staleTime: 60_000,
  });
}

/** Program names by id, for labelling posts and alerts; empty until the programs have loaded. */
export function useProgramNames(): ReadonlyMap<string, string> {
  const { data } = useProgramsQuery();
  return useMemo(() => new Map((data?.items ?? []).map((p) => [p.id, p.name] as const)), [data]);
}

/** `GET /api/programs/:id/snooze`: `until` is null when the program is not snoozed. */
export interface ProgramSnooze {
  programId: string;
  until: string | null;
  reason: string | null;
}

const snoozePath = (programId: string) => `/api/programs/${encodeURIComponent(programId)}/snooze`;

export function fetchProgramSnooze(programId: string, signal?: AbortSignal): Promise<ProgramSnooze> {
  return apiRequest<ProgramSnooze>(snoozePath(programId), signal ? { signal } : {});
}

export function saveProgramSnooze(programId: string, body: SnoozeProgram): Promise<ProgramSnooze> {
  return apiRequest<ProgramSnooze>(snoozePath(programId), { method: 'PUT', body });
}

export function endProgramSnooze(programId: string): Promise<void> {
  return apiRequest<void>(snoozePath(programId), { method: 'DELETE' });
}

/** A program's snooze; `null` (a source-health alert has no program) asks nothing. */
export function useProgramSnooze(programId: string | null) {
  return useQuery({
    queryKey: queryKeys.programs.snooze(programId ?? ''),
    queryFn: ({ signal }) => fetchProgramSnooze(programId!, signal),
    enabled: programId !== null,
    staleTime: 30_000,
  });
}
