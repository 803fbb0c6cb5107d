import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Post, PostsQuery } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { useProgramNames } from '../../lib/programs';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { hasRole } from '../../ui/RequireRole';
import { useAuth } from '../auth/useAuth';
import { ExportButton } from './ExportButton';
import { activeFilterCount, filtersFromSearch, searchWithFilters } from './filters';
import { PostCard, postView } from './PostCard';
import { POSTS_PAGE_SIZE } from './postsApi';
import { PostsFilterBar } from './PostsFilterBar';
import { ExplorerPlatforms } from '../places/ExplorerPlatforms';
import { RelabelControl } from './RelabelControl';
import { POSTS_POLL_MS, usePostsFeed } from './usePostsFeed';
import './posts.css';
import { Icon } from '../../ui/Icon';

/** One row; memoised on the post object, which TanStack keeps identical until that post changes. */
const PostItem = memo(function PostItem({ post, programNames, canRelabel }: { post: Post; programNames: ReadonlyMap<string, string>; canRelabel: boolean }) {
  const view = useMemo(() => postView(post), [post]);
  return (
    <li>
      <PostCard post={view} programNames={programNames} actions={canRelabel ? <RelabelControl post={post} /> : undefined} />
    </li>
  );
});

/** Calls `onVisible` whenever the sentinel comes near the viewport (re-armed after each page). */
function useSentinel(onVisible: () => void, armed: boolean, generation: number) {
  const ref = useRef<HTMLDivElement>(null);
  const callback = useRef(onVisible);
  callback.current = onVisible;
  useEffect(() => {
    const node = ref.current;
    if (!node || !armed || typeof IntersectionObserver === 'undefined') return;
    // A new observer reports the current state at once, so a short page that leaves the
    // sentinel in view still pulls the next one.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) callback.current();
    }, { rootMargin: '0px 0px 600px 0px' });
    observer.observe(node);
    return () => observer.disconnect();
  }, [armed, generation]);
  return ref;
}

/** `/posts`: every stored post, newest first, filtered through the URL (`?program=…&from=…`). */
export function PostsPage() {
  const { t } = useTranslation('posts');
  const f = useFormat();
  usePageTitle(t('title'));
  const { user } = useAuth();
  const canRelabel = hasRole(user?.role, 'analyst');
  const canExport = hasRole(user?.role, 'analyst');

  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(search)), [search]);
  const onFiltersChange = useCallback(
    (next: PostsQuery) => setSearchParams((current) => searchWithFilters(current, next), { replace: true }),
    [setSearchParams],
  );

  const { list, head, posts, newCount, showNew, refreshNow } = usePostsFeed(filters);
  const programNames = useProgramNames();
  const knownSources = useMemo(() => [...new Set(posts.map((p) => p.source))].sort(), [posts]);
  const filtered = activeFilterCount(filters) > 0;
  const listTop = useRef<HTMLHeadingElement>(null);

  // Nothing to keep in place when nothing is shown yet: the first posts simply appear.
  useEffect(() => {
    if (list.isSuccess && posts.length === 0 && newCount > 0) showNew();
  }, [list.isSuccess, posts.length, newCount, showNew]);

  const onShowNew = () => {
    showNew();
    listTop.current?.focus();
    listTop.current?.scrollIntoView?.({ block: 'start' });
  };

  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const pageCount = list.data?.pages.length ?? 0;
  const sentinel = useSentinel(loadMore, hasNextPage && !isFetchingNextPage && !isFetchNextPageError, pageCount);

  const refreshing = head.isFetching && !head.isPending;

  return (
    <section className="page posts-page" aria-labelledby="posts-heading" data-testid="posts-page">
      <header className="posts-page__header">
        <div>
          <h1 tabIndex={-1} id="posts-heading" className="page__title">
            {t('title')}
          </h1>
          <p className="muted">{t('intro')}</p>
        </div>
        {canExport && <ExportButton filters={filters} />}
      </header>

      <PostsFilterBar filters={filters} onChange={onFiltersChange} knownSources={knownSources} />
      <ExplorerPlatforms filters={filters} />

      <div className="toolbar posts-page__status">
        <p className="muted" data-testid="posts-refresh-status">
          {t('feed.autoRefresh', { seconds: POSTS_POLL_MS / 1000 })}{' '}
          {head.dataUpdatedAt > 0 && t('feed.lastChecked', { time: f.time(head.dataUpdatedAt) })}
        </p>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void refreshNow()}
          disabled={!list.isSuccess || head.isFetching}
          data-testid="posts-refresh"
        >
          {refreshing ? t('feed.refreshing') : t('feed.refreshNow')}
        </button>
      </div>

      <div className="posts-page__new" role="status">
        {posts.length > 0 && newCount > 0 && (
          <button type="button" className="button button--primary posts-page__new-button" onClick={onShowNew} data-testid="posts-show-new">
            <Icon name="arrowUp" />{' '}
            {newCount >= POSTS_PAGE_SIZE ? t('feed.manyNewPosts', { count: POSTS_PAGE_SIZE }) : t('feed.newPosts', { count: newCount })}
          </button>
        )}
      </div>
      {head.isRefetchError && (
        <p className="notice notice--warning" role="status">
          {t('feed.pollFailed')}
        </p>
      )}

      <h2 className="posts-page__list-title" id="posts-list-heading" ref={listTop} tabIndex={-1}>
        {t('feed.listLabel')}
        {posts.length > 0 && <span className="posts-page__count"> · {t('feed.count', { count: posts.length })}</span>}
      </h2>

      {list.isPending ? (
        <Loading label={t('feed.loading')} />
      ) : list.isError && posts.length === 0 ? (
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : posts.length === 0 ? (
        <div className="empty" data-testid="posts-empty">
          <p>{filtered ? t('feed.emptyFiltered') : t('feed.empty')}</p>
          {filtered && (
            <button type="button" className="button button--secondary" onClick={() => onFiltersChange({})}>
              {t('filters.reset')}
            </button>
          )}
        </div>
      ) : (
        <>
          <ol className="post-list" aria-labelledby="posts-list-heading" aria-busy={isFetchingNextPage || undefined} data-testid="posts-list">
            {posts.map((post) => (
              <PostItem key={post.id} post={post} programNames={programNames} canRelabel={canRelabel} />
            ))}
          </ol>

          {isFetchNextPageError && <ErrorMessage error={list.error} message={t('feed.loadMoreFailed')} />}

          <div className="load-more" ref={sentinel}>
            {hasNextPage ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void fetchNextPage()}
                disabled={isFetchingNextPage}
                data-testid="posts-load-more"
              >
                {isFetchingNextPage ? t('feed.loadingMore') : t('feed.loadMore')}
              </button>
            ) : (
              <p className="muted" data-testid="posts-end">
                {t('feed.end')}
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );
}
