import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Page, Program } from '@siaga/shared';
import { apiRequest } from '../../api';

export interface ProgramsParams {
  limit: number;
}

/** The one list of programs the first version needs: every screen asks for the same page. */
export const DEFAULT_PROGRAMS_PARAMS: ProgramsParams = { limit: 100 };

export const programsKeys = {
  all: ['programs'] as const,
  list: (params: ProgramsParams) => ['programs', 'list', params] as const,
};

export function fetchPrograms(params: ProgramsParams, signal?: AbortSignal): Promise<Page<Program>> {
  return apiRequest<Page<Program>>('/api/programs', { query: { limit: params.limit }, ...(signal ? { signal } : {}) });
}

export function useProgramsQuery(params: ProgramsParams = DEFAULT_PROGRAMS_PARAMS) {
  return useQuery({
    queryKey: programsKeys.list(params),
    queryFn: ({ signal }) => fetchPrograms(params, signal),
    staleTime: 60_000,
  });
}

/** Program names by id, for labelling posts; empty until the programs have loaded. */
export function useProgramNames(): ReadonlyMap<string, string> {
  const { data } = useProgramsQuery();
  return useMemo(() => new Map((data?.items ?? []).map((p) => [p.id, p.name] as const)), [data]);
}
