import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { LivePost, Page, Post, PostsQuery, RelabelRequest } from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';

export const POSTS_PAGE_SIZE = 50;

export type PostsListParams = PostsQuery & { limit: number };

export function fetchPostsPage(params: PostsListParams, cursor: string | null, signal?: AbortSignal): Promise<Page<Post>> {
  return apiRequest<Page<Post>>('/api/posts', { query: { ...params, cursor }, ...(signal ? { signal } : {}) });
}

export function relabelPost(id: string, body: RelabelRequest): Promise<Post> {
  return apiRequest<Post>(`/api/posts/${encodeURIComponent(id)}/sentiment`, { method: 'POST', body });
}

type PostsCache = InfiniteData<Page<Post>, string | null> | Page<Post>;

function replaceIn(page: Page<Post>, post: Post): Page<Post> {
  if (!page.items.some((p) => p.id === post.id)) return page;
  return { ...page, items: page.items.map((p) => (p.id === post.id ? post : p)) };
}

/**
 * Writes the server's answer for one post into every cached posts list (the explorer's pages and
 * its polled first page) and into the live stream, so the card shows the correction at once
 * without refetching pages the analyst has scrolled through.
 */
export function storeUpdatedPost(queryClient: QueryClient, post: Post): void {
  queryClient.setQueriesData<PostsCache>({ queryKey: [...queryKeys.posts.all, 'list'] }, (old) => {
    if (!old) return old;
    if ('pages' in old) {
      const pages = old.pages.map((page) => replaceIn(page, post));
      return pages.every((page, i) => page === old.pages[i]) ? old : { ...old, pages };
    }
    return replaceIn(old, post);
  });
  queryClient.setQueryData<LivePost[]>(queryKeys.posts.live, (old) =>
    old?.map((p) => (p.id === post.id ? { ...p, sentiment: { ...p.sentiment, label: post.sentiment.label } } : p)),
  );
}
