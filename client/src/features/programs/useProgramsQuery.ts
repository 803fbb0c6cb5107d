import { useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Lang, Page, Program, Sensitivity } from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';
import { fetchProgram } from './api';

export interface ProgramsParams {
  limit: number;
}

/** The one list of programs the first version needs: every screen asks for the same page. */
export const DEFAULT_PROGRAMS_PARAMS: ProgramsParams = { limit: 100 };

/**
 * The shared keys of `api/keys.ts`, plus the editor's checks of a draft. Those live under their
 * own prefix: they depend only on the draft's text, so a save (which invalidates `programs.all`)
 * must not re-run them, least of all the 30-day backtests.
 */
export const programsKeys = {
  ...queryKeys.programs,
  validate: (query: string) => ['program-drafts', 'validate-query', query] as const,
  preview: (params: { query: string; languages: readonly Lang[] }) => ['program-drafts', 'preview', params] as const,
  backtest: (params: { programId: string; sensitivity: Sensitivity; from: string; to: string }) => ['program-drafts', 'backtest', params] as const,
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

/** One program; the list's copy (if loaded) is shown at once while the fresh one is fetched. */
export function useProgram(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery<Program>({
    queryKey: programsKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchProgram(id ?? '', signal),
    enabled: id !== null,
    placeholderData: () =>
      queryClient.getQueryData<Page<Program>>(programsKeys.list(DEFAULT_PROGRAMS_PARAMS))?.items.find((p) => p.id === id),
  });
}

/** Program names by id, for labelling posts; empty until the programs have loaded. */
export function useProgramNames(): ReadonlyMap<string, string> {
  const { data } = useProgramsQuery();
  return useMemo(() => new Map((data?.items ?? []).map((p) => [p.id, p.name] as const)), [data]);
}
