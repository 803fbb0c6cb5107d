import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Alert, OverviewProgram, Page } from '@siaga/shared';
import { Sparkline } from '../../charts/Sparkline';
import { useFormat } from '../../lib/format';
import { useProgramNames } from '../../lib/programs';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Icon, type IconName } from '../../ui/Icon';
import { Loading } from '../../ui/Loading';
import { OVERVIEW_HOURS, useOpenAlerts, useOverview } from './queries';
import { negativeShare, openAlertByProgram, sortTiles, tileStatus, type TileStatus } from './tiles';
import { useAlignedNow } from './useClock';

/** Glyph as well as color and text: the status never rests on color alone. */
export const STATUS_ICON: Record<TileStatus, IconName> = { critical: 'exclamation', warning: 'exclamation', info: 'letterI', calm: 'check' };

/** Module-level, so TanStack memoizes the selection across renders. */
export const selectOpenAlertMap = (page: Page<Alert>) => openAlertByProgram(page.items);

const AGE_STEP_MS = 30_000;

interface WallTilesProps {
  selectedId: string | null;
  onSelect(programId: string): void;
}

/** One tile per active program, worst first; the overview is patched by the socket every second. */
export function WallTiles({ selectedId, onSelect }: WallTilesProps) {
  const { t } = useTranslation('wall');
  const overview = useOverview();
  const openAlerts = useOpenAlerts(selectOpenAlertMap);
  const names = useProgramNames();
  const tick = useAlignedNow(AGE_STEP_MS);
  const sorted = useMemo(() => (overview.data ? sortTiles(overview.data.programs, names) : []), [overview.data, names]);

  let body;
  if (overview.isPending) {
    body = <Loading label={t('tiles.loading')} />;
  } else if (overview.isError && !overview.data) {
    body = <ErrorMessage error={overview.error} onRetry={() => void overview.refetch()} retrying={overview.isFetching} />;
  } else if (sorted.length === 0) {
    body = (
      <div className="empty" data-testid="wall-tiles-empty">
        <p>{t('tiles.empty')}</p>
        <p>
          <Link to="/programs">{t('tiles.manage')}</Link>
        </p>
      </div>
    );
  } else {
    body = (
      <ul className="wall-tiles" aria-labelledby="wall-tiles-heading">
        {sorted.map((program) => (
          <WallTile
            key={program.programId}
            program={program}
            name={names.get(program.programId) ?? openAlerts.data?.get(program.programId)?.programName ?? null}
            alert={openAlerts.data?.get(program.programId) ?? null}
            selected={program.programId === selectedId}
            onSelect={onSelect}
            tick={tick}
          />
        ))}
      </ul>
    );
  }

  return (
    <section className="wall-panel wall-panel--tiles" aria-labelledby="wall-tiles-heading">
      <h2 id="wall-tiles-heading" className="wall-panel__title sr-only">
        {t('tiles.heading')}
      </h2>
      {overview.isError && overview.data && (
        <p className="notice notice--warning" role="status">
          {t('tiles.staleData')}
        </p>
      )}
      {openAlerts.isError && (
        <p className="notice notice--warning" role="status">
          {t('tiles.alertsError')}
        </p>
      )}
      {body}
    </section>
  );
}

interface WallTileProps {
  program: OverviewProgram;
  name: string | null;
  alert: Alert | null;
  selected: boolean;
  onSelect(programId: string): void;
  /** Changes every 30 s, so that alert ages move on even when the data does not. */
  tick: number;
}

/** Memoized: the socket replaces only the changed program's object, so only its tile redraws. */
export const WallTile = memo(function WallTile({ program, name, alert, selected, onSelect }: WallTileProps) {
  const { t } = useTranslation('wall');
  const { t: tc } = useTranslation();
  const f = useFormat();
  const status = tileStatus(program.worstSeverity);
  const share = negativeShare(program.lastHour);
  const displayName = name ?? t('tiles.unnamed');
  const { volumes, negatives } = useMemo(
    () => ({ volumes: program.points.map((p) => p.volume), negatives: program.points.map((p) => p.negative) }),
    [program.points],
  );
  const otherOpen = program.openAlerts - (alert ? 1 : 0);

  return (
    <li
      className={`wall-tile wall-tile--${status}${selected ? ' wall-tile--selected' : ''}`}
      data-testid="wall-tile"
      data-program-id={program.programId}
      data-status={status}
      data-selected={selected}
    >
      <button type="button" className="wall-tile__select" aria-pressed={selected} onClick={() => onSelect(program.programId)}>
        <span className="wall-tile__top">
          <span className={`wall-status wall-status--${status}`} data-testid="wall-tile-status">
            <span className="wall-status__icon" aria-hidden="true">
              <Icon name={STATUS_ICON[status]} />
            </span>
            <span className="sr-only">{t('tiles.statusLabel')}: </span>
            {t(`tiles.status.${status}`)}
          </span>
          {selected && <span className="wall-tile__selected">{t('tiles.selected')}</span>}
        </span>
        <span className="wall-tile__name" data-testid="wall-tile-name">
          <bdi>{displayName}</bdi>
        </span>
        <span className="wall-tile__stats">
          <span className="wall-tile__stat">
            <span className="wall-tile__stat-label">{t('tiles.currentMinute')}</span>{' '}
            <span className="wall-tile__stat-value" data-testid="wall-tile-current">
              {f.number(program.currentMinute)}
            </span>
          </span>
          <span className="wall-tile__stat">
            <span className="wall-tile__stat-label">{t('tiles.lastHour')}</span>{' '}
            <span className="wall-tile__stat-value" data-testid="wall-tile-hour">
              {f.number(program.lastHour.volume)}
            </span>
          </span>
          <span className="wall-tile__stat">
            <span className="wall-tile__stat-label">{t('tiles.negativeShare')}</span>{' '}
            <span className="wall-tile__stat-value" data-testid="wall-tile-negative-share">
              {share === null ? (
                // No posts, no share: a dash in the number's place, the reason in words for screen readers and on hover.
                <span title={t('tiles.noPosts')} data-testid="wall-tile-no-share">
                  <span aria-hidden="true">–</span>
                  <span className="sr-only">{t('tiles.noPosts')}</span>
                </span>
              ) : (
                f.percent(share)
              )}
            </span>
          </span>
        </span>
        <span className="wall-tile__spark">
          <Sparkline values={volumes} secondary={negatives} ariaLabel={t('tiles.sparkline', { hours: OVERVIEW_HOURS, name: displayName })} />
        </span>
      </button>
      <div className="wall-tile__alerts">
        {alert ? (
          <Link
            to={`/alerts/${alert.id}`}
            className={`wall-tile__alert wall-tile__alert--${alert.severity}`}
            data-testid="wall-tile-alert"
            data-alert-id={alert.id}
            data-severity={alert.severity}
          >
            <span className="wall-status__icon wall-status__icon--inline" aria-hidden="true">
              <Icon name={STATUS_ICON[alert.severity]} />
            </span>
            <span className="sr-only">{t('tiles.openAlert')}: </span>
            <span className="wall-tile__alert-kind">{tc(`alertKind.${alert.kind}`)}</span>{' '}
            <span className="wall-tile__alert-meta">
              {tc(`severity.${alert.severity}`)} · <time dateTime={alert.openedAt} title={f.dateTimeFull(alert.openedAt)}>{t('tiles.alertAge', { age: f.relative(alert.openedAt) })}</time>
            </span>
          </Link>
        ) : (
          <span className="wall-tile__no-alert muted">{t('tiles.noOpenAlert')}</span>
        )}
        {(otherOpen > 0 || program.acknowledgedAlerts > 0) && (
          <span className="wall-tile__counts muted">
            {otherOpen > 0 && t('tiles.moreOpen', { count: program.openAlerts })}
            {otherOpen > 0 && program.acknowledgedAlerts > 0 && ' · '}
            {program.acknowledgedAlerts > 0 && t('tiles.acknowledged', { count: program.acknowledgedAlerts })}
          </span>
        )}
      </div>
    </li>
  );
});
