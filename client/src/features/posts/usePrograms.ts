import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/keys';
import { PROGRAMS_PARAMS, fetchPrograms } from './postsApi';

/** The programs for the filter and for naming the programs a post matched. */
export function usePrograms() {
  return useQuery({
    queryKey: queryKeys.programs.list(PROGRAMS_PARAMS),
    queryFn: ({ signal }) => fetchPrograms(signal),
    staleTime: 60_000,
  });
}

/** Program names by id; empty until the programs have loaded. */
export function useProgramNames(): ReadonlyMap<string, string> {
  const { data } = usePrograms();
  return useMemo(() => new Map((data?.items ?? []).map((p) => [p.id, p.name] as const)), [data]);
}
