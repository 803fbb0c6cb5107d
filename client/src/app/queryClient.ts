import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api';

/** Retries only what may pass on a second try: no answer at all, or a 5xx / 429. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(error)) return false;
  return error.status === 0 || error.status >= 500 || error.code === 'rate_limited';
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: shouldRetry,
        retryDelay: (attempt, error) =>
          isApiError(error) && error.retryAfterSeconds !== null
            ? Math.min(error.retryAfterSeconds * 1000, 30_000)
            : Math.min(1000 * 2 ** attempt, 10_000),
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
