import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Lang, Page, Program, Sensitivity } from '@siaga/shared';
import { queryKeys } from '../../api/keys';
import { DEFAULT_PROGRAMS_PARAMS } from '../../lib/programs';
import { fetchProgram } from './api';

/**
 * The shared keys of `api/keys.ts`, plus the editor's checks of a draft. Those live under their
 * own prefix: they depend only on the draft's text, so a save (which invalidates `programs.all`)
 * must not re-run them, least of all the 30-day backtests. (The list itself: `lib/programs.ts`.)
 */
export const programsKeys = {
  ...queryKeys.programs,
  validate: (query: string) => ['program-drafts', 'validate-query', query] as const,
  preview: (params: { query: string; languages: readonly Lang[] }) => ['program-drafts', 'preview', params] as const,
  backtest: (params: { programId: string; sensitivity: Sensitivity; from: string; to: string }) => ['program-drafts', 'backtest', params] as const,
};

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
