import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertStatus } from '@siaga/shared';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import type { LiveAlertList } from './useLiveAlertList';

interface AlertListProps {
  live: LiveAlertList;
  status: AlertStatus;
  filtered: boolean;
  onResetFilters(): void;
  /** The table of `live.alerts`, shown once there is at least one. */
  children: ReactNode;
}

/**
 * The states around the inbox table: loading, error, empty (per tab, or "nothing matches"), the
 * rows that moved out of this view, a failed refresh over rows still shown, and "load more".
 */
export function AlertList({ live, status, filtered, onResetFilters, children }: AlertListProps) {
  const { t } = useTranslation(['alerts', 'common']);
  const { list, alerts, moved } = live;

  if (list.isPending) return <Loading label={t('inbox.loading')} />;
  if (list.isError && alerts.length === 0) return <ErrorMessage error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  if (alerts.length === 0) {
    return (
      <div className="empty" data-testid="alerts-empty">
        <p>{filtered ? t('inbox.emptyFiltered') : t(`inbox.empty.${status}`)}</p>
        {filtered && (
          <button type="button" className="button button--secondary button--small" onClick={onResetFilters}>
            {t('inbox.filters.reset')}
          </button>
        )}
      </div>
    );
  }
  return (
    <>
      {moved.length > 0 && (
        <div className="alerts-moved" data-testid="alerts-moved">
          <p className="muted">{t('inbox.movedSummary', { count: moved.length, status: t(`common:alertStatus.${status}`) })}</p>
          <button type="button" className="button button--secondary button--small" onClick={live.forgetChanges} data-testid="alerts-hide-moved">
            {t('inbox.hideMoved', { count: moved.length })}
          </button>
        </div>
      )}
      {list.isRefetchError && (
        <div className="notice notice--warning" role="status">
          {t('inbox.refreshFailed')}
        </div>
      )}
      {children}
      <div className="load-more">
        {list.hasNextPage ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
            data-testid="alerts-load-more"
          >
            {list.isFetchingNextPage ? t('inbox.loadingMore') : t('inbox.loadMore')}
          </button>
        ) : (
          <p className="muted">{t('inbox.end')}</p>
        )}
      </div>
      {list.isFetchNextPageError && <ErrorMessage error={list.error} onRetry={() => void list.fetchNextPage()} />}
    </>
  );
}
