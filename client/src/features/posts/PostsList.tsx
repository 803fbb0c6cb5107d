import { useMemo } from 'react';
import type { Post } from '@siaga/shared';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { useProgramNames } from '../programs/useProgramsQuery';
import { PostCard, postView } from './PostCard';
import { ProgramFilter } from './ProgramFilter';
import { POSTS_PAGE_SIZE, POSTS_REFRESH_MS, usePostsQuery } from './usePostsQuery';

interface PostsListProps {
  programId: string | null;
  onProgramChange(programId: string | null): void;
}

/** Pages fetched at different moments may overlap when posts arrive in between: keep the first. */
function uniquePosts(pages: readonly { items: Post[] }[]): Post[] {
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

export function PostsList({ programId, onProgramChange }: PostsListProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const params = useMemo(() => ({ limit: POSTS_PAGE_SIZE, programId }), [programId]);
  const query = usePostsQuery(params);
  const programNames = useProgramNames();
  const posts = useMemo(() => uniquePosts(query.data?.pages ?? []), [query.data]);

  const refreshing = query.isFetching && !query.isPending && !query.isFetchingNextPage;

  return (
    <div className="posts" aria-busy={query.isPending || undefined}>
      <div className="toolbar">
        <ProgramFilter value={programId} onChange={onProgramChange} />
        <div className="toolbar__status">
          <p className="muted" data-testid="posts-refresh-status">
            {t('posts.autoRefresh', { seconds: POSTS_REFRESH_MS / 1000 })}{' '}
            {query.dataUpdatedAt > 0 && t('posts.lastUpdated', { time: f.time(query.dataUpdatedAt) })}
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void query.refetch()}
            disabled={query.isFetching}
            data-testid="posts-refresh"
          >
            {refreshing ? t('posts.refreshing') : t('posts.refreshNow')}
          </button>
        </div>
      </div>

      {query.isPending ? (
        <Loading label={t('posts.loading')} />
      ) : query.isError && posts.length === 0 ? (
        <ErrorMessage error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      ) : (
        <>
          {query.isRefetchError && (
            <p className="notice notice--warning" role="status">
              {t('posts.refreshFailed')}
            </p>
          )}
          {posts.length === 0 ? (
            <p className="empty" data-testid="posts-empty">
              {programId ? t('posts.emptyFiltered') : t('posts.empty')}
            </p>
          ) : (
            <>
              <p className="sr-only">{t('posts.count', { count: posts.length })}</p>
              <ol className="post-list" data-testid="posts-list">
                {posts.map((post) => (
                  <li key={post.id}>
                    <PostCard post={postView(post)} programNames={programNames} />
                  </li>
                ))}
              </ol>
            </>
          )}

          {query.isFetchNextPageError && <ErrorMessage error={query.error} />}

          <div className="load-more">
            {query.hasNextPage ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void query.fetchNextPage()}
                disabled={query.isFetchingNextPage}
                data-testid="posts-load-more"
              >
                {query.isFetchingNextPage ? t('posts.loadingMore') : t('posts.loadMore')}
              </button>
            ) : (
              posts.length > 0 && <p className="muted">{t('posts.end')}</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
