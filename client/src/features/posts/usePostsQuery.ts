import { useInfiniteQuery } from '@tanstack/react-query';
import type { Page, Post } from '@siaga/shared';
import { apiRequest } from '../../api';

export interface PostsParams {
  limit: number;
  /** Only posts matched by this program; null for all. */
  programId: string | null;
}

export const POSTS_PAGE_SIZE = 50;
export const POSTS_REFRESH_MS = 15_000;

export const postsKeys = {
  all: ['posts'] as const,
  list: (params: PostsParams) => ['posts', 'list', params] as const,
};

export function fetchPosts(params: PostsParams, cursor: string | null, signal?: AbortSignal): Promise<Page<Post>> {
  return apiRequest<Page<Post>>('/api/posts', {
    query: { limit: params.limit, cursor, programId: params.programId },
    ...(signal ? { signal } : {}),
  });
}

/**
 * Newest posts first, one page per "load more". Refetched every 15 s while the tab is visible:
 * TanStack refetches the loaded pages in order from the first, so new posts appear on top and
 * the later pages follow on from the fresh cursors.
 */
export function usePostsQuery(params: PostsParams) {
  return useInfiniteQuery({
    queryKey: postsKeys.list(params),
    queryFn: ({ pageParam, signal }) => fetchPosts(params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    refetchInterval: POSTS_REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
}
