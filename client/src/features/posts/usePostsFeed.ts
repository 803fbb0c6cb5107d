import { useCallback, useMemo } from 'react';
import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { Page, Post, PostsQuery } from '@siaga/shared';
import { queryKeys } from '../../api/keys';
import { POSTS_PAGE_SIZE, fetchPostsPage, type PostsListParams } from './postsApi';

export const POSTS_POLL_MS = 15_000;

type Pages = InfiniteData<Page<Post>, string | null>;

/** Pages fetched at different moments may overlap when posts arrive in between: keep the first. */
export function uniquePosts(pages: readonly Page<Post>[]): Post[] {
  const seen = new Set<string>();
  const posts: Post[] = [];
  for (const page of pages) {
    for (const post of page.items) {
      if (seen.has(post.id)) continue;
      seen.add(post.id);
      posts.push(post);
    }
  }
  return posts;
}

/**
 * Posts of the fresh first page that are newer than anything shown. A post that arrived late
 * with an older timestamp would land mid-list, not on top, so it is not counted.
 */
export function countNewPosts(head: Page<Post> | undefined, shown: readonly Post[]): number {
  if (!head) return 0;
  const newest = shown[0];
  if (!newest) return head.items.length;
  const ids = new Set(shown.map((p) => p.id));
  const newestAt = Date.parse(newest.createdAt);
  return head.items.filter((p) => !ids.has(p.id) && Date.parse(p.createdAt) >= newestAt).length;
}

/**
 * The explorer's list: keyset pages, newest first. Refetching an infinite list would reload every
 * page and shift what the analyst is reading, so the list itself is never refetched in the
 * background; instead its first page is polled separately (`head`), and the page offers the new
 * posts ("12 new posts — show"), which `showNew` then puts on top without touching the rest.
 */
export function usePostsFeed(filters: PostsQuery) {
  const queryClient = useQueryClient();
  const params = useMemo<PostsListParams>(() => ({ ...filters, limit: POSTS_PAGE_SIZE }), [filters]);
  const listKey = useMemo(() => queryKeys.posts.list(params), [params]);
  const headKey = useMemo(() => [...listKey, 'head'] as const, [listKey]);

  const list = useInfiniteQuery({
    queryKey: listKey,
    queryFn: ({ pageParam, signal }) => fetchPostsPage(params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

  const firstPage = list.data?.pages[0];
  const head = useQuery({
    queryKey: headKey,
    queryFn: ({ signal }) => fetchPostsPage(params, null, signal),
    enabled: firstPage !== undefined,
    // Seeded with the list's own first page, so that opening the page costs one request, not two.
    initialData: firstPage,
    initialDataUpdatedAt: list.dataUpdatedAt,
    staleTime: POSTS_POLL_MS,
    refetchInterval: POSTS_POLL_MS,
    refetchIntervalInBackground: false,
  });

  const posts = useMemo(() => uniquePosts(list.data?.pages ?? []), [list.data]);
  const newCount = countNewPosts(head.data, posts);

  /** Puts the polled first page on top of the loaded ones (or in their place when it leaves a gap). */
  const showNew = useCallback(() => {
    const fresh = queryClient.getQueryData<Page<Post>>(headKey);
    if (!fresh) return;
    queryClient.setQueryData<Pages>(listKey, (old) => {
      if (!old || old.pages.length === 0) return { pages: [fresh], pageParams: [null] };
      const shown = uniquePosts(old.pages);
      const shownIds = new Set(shown.map((p) => p.id));
      // When every post of the fresh page is new, more may lie between it and the loaded ones: start over from it.
      if (fresh.items.length > 0 && fresh.items.every((p) => !shownIds.has(p.id))) return { pages: [fresh], pageParams: [null] };
      return { pages: [fresh, ...old.pages], pageParams: [null, ...old.pageParams] };
    });
  }, [queryClient, listKey, headKey]);

  /** "Refresh now": fetch the first page and show what it brings. */
  const refreshNow = useCallback(async () => {
    const result = await head.refetch();
    if (result.isSuccess) showNew();
  }, [head, showNew]);

  return { list, head, posts, newCount, showNew, refreshNow };
}
