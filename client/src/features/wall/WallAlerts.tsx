import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Alert, Page } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Icon } from '../../ui/Icon';
import { Loading } from '../../ui/Loading';
import { useOpenAlerts } from './queries';
import { STATUS_ICON } from './WallTiles';
import { useAlignedNow } from './useClock';

/** As many as a 1080-pixel wall shows beside the chart; the rest are counted and linked. */
export const WALL_ALERTS_SHOWN = 6;

const SEVERITY_RANK = { critical: 3, warning: 2, info: 1 } as const;

/** Open alerts, worst first, then newest. Module-level, so TanStack memoizes the selection. */
export const selectWallAlerts = (page: Page<Alert>): Alert[] =>
  page.items
    .filter((a) => a.status === 'open')
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || Date.parse(b.openedAt) - Date.parse(a.openedAt));

/** Wall mode's alert list: what is open now, worst first, each a link to its alert. */
export function WallAlerts() {
  const { t } = useTranslation('wall');
  const { t: tc } = useTranslation();
  const f = useFormat();
  const alerts = useOpenAlerts(selectWallAlerts);
  // Ages move on every 30 s even when no alert changes.
  useAlignedNow(30_000);
  const shown = useMemo(() => (alerts.data ?? []).slice(0, WALL_ALERTS_SHOWN), [alerts.data]);
  const more = (alerts.data?.length ?? 0) - shown.length;

  let body;
  if (alerts.isPending) body = <Loading label={t('alerts.loading')} />;
  else if (alerts.isError && !alerts.data) body = <ErrorMessage error={alerts.error} onRetry={() => void alerts.refetch()} retrying={alerts.isFetching} />;
  else if (shown.length === 0)
    body = (
      <p className="wall-alerts__empty" data-testid="wall-alerts-empty">
        <Icon name="check" /> {t('alerts.empty')}
      </p>
    );
  else
    body = (
      <ol className="wall-alerts__list">
        {shown.map((alert) => (
          <li key={alert.id} className={`wall-alerts__item wall-tile__alert--${alert.severity}`} data-testid="wall-alerts-item" data-severity={alert.severity}>
            <Link to={`/alerts/${alert.id}`} className="wall-alerts__link">
              <span className="wall-status__icon wall-status__icon--inline" aria-hidden="true">
                <Icon name={STATUS_ICON[alert.severity]} />
              </span>
              <span className="wall-alerts__text">
                <span className="wall-alerts__what">
                  <bdi>{alert.programName}</bdi> · {tc(`alertKind.${alert.kind}`)}
                </span>
                <span className="wall-alerts__meta">
                  {tc(`severity.${alert.severity}`)} ·{' '}
                  <time dateTime={alert.openedAt} title={f.dateTimeFull(alert.openedAt)}>
                    {t('tiles.alertAge', { age: f.relative(alert.openedAt) })}
                  </time>
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ol>
    );

  return (
    <section className="wall-panel wall-panel--alerts" aria-labelledby="wall-alerts-heading" data-testid="wall-alerts">
      <div className="wall-panel__head">
        <h2 id="wall-alerts-heading" className="wall-panel__title">
          {t('alerts.heading')}
        </h2>
        {more > 0 && (
          <Link to="/alerts" className="wall-alerts__more">
            {t('alerts.more', { count: more })}
          </Link>
        )}
      </div>
      {body}
    </section>
  );
}
