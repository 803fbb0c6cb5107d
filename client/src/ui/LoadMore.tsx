import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';

interface LoadMoreProps {
  /** The paging part of an infinite query. */
  pages: {
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    isFetchNextPageError: boolean;
    error: unknown;
    fetchNextPage(): Promise<unknown>;
  };
  label: string;
  loadingLabel: string;
  /** Said once everything is loaded; nothing when absent. */
  end?: ReactNode;
  testId?: string;
}

/** "Load more" under a paged list, with the failure of the last attempt above it. */
export function LoadMore({ pages, label, loadingLabel, end, testId }: LoadMoreProps) {
  return (
    <>
      {pages.isFetchNextPageError && <ErrorMessage error={pages.error} />}
      {pages.hasNextPage ? (
        <div className="load-more">
          <button type="button" className="button button--secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage} data-testid={testId}>
            {pages.isFetchingNextPage ? loadingLabel : label}
          </button>
        </div>
      ) : (
        end !== undefined && (
          <div className="load-more">
            <p className="muted">{end}</p>
          </div>
        )
      )}
    </>
  );
}
