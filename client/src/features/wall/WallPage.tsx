import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Alert, OverviewResponse } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { useProgramNames } from '../../lib/programs';
import { isUuid } from '../../lib/url';
import { usePageTitle } from '../../ui/PageTitle';
import { WallWhereWho } from '../places/WallWhereWho';
import { LiveStream } from './LiveStream';
import { useOpenAlerts, useOverview } from './queries';
import { MINUTE_MS, parseRange, writeRange, type RangeChoice } from './range';
import { defaultProgram, rotationCandidates, tileOrder, type TileOrder } from './tiles';
import { TopLists } from './TopLists';
import { SourceStates } from '../sources/SourceStates';
import { WallAlerts } from './WallAlerts';
import { useAlignedNow } from './useClock';
import { ROTATION_MS, useRotation, useWallMode } from './useWallMode';
import { WallCharts } from './WallCharts';
import { selectOpenAlertMap, WallTiles } from './WallTiles';
import './wall.css';
import { Icon } from '../../ui/Icon';

const NO_ORDER: TileOrder = { ids: [], statuses: [] };
const NO_ALERTS: ReadonlyMap<string, Alert> = new Map();

/**
 * `/`: the live wall. Tiles for every active program (worst first), the selected program's chart
 * and sentiment mix over a chosen range, the top lists of the last hour and the live post stream.
 * The selection (`?program`), the range (`?range&from&to`) and wall mode (`?mode=wall`) live in
 * the URL, so a wall monitor can be pointed at a bookmark.
 */
export function WallPage() {
  const { t } = useTranslation('wall');
  usePageTitle(t('title'));
  const [params, setParams] = useSearchParams();
  const names = useProgramNames();

  const wallMode = params.get('mode') === 'wall';
  const rawProgram = params.get('program');
  const picked = isUuid(rawProgram) ? rawProgram : null;
  const rangeKey = params.get('range');
  const rangeFrom = params.get('from');
  const rangeTo = params.get('to');
  const choice = useMemo(() => {
    const only = new URLSearchParams();
    if (rangeKey) only.set('range', rangeKey);
    if (rangeFrom) only.set('from', rangeFrom);
    if (rangeTo) only.set('to', rangeTo);
    return parseRange(only);
  }, [rangeKey, rangeFrom, rangeTo]);

  // Only the order and statuses of the tiles: the page does not re-render for every tile update.
  const selectOrder = useCallback((data: OverviewResponse) => tileOrder(data.programs, names), [names]);
  const overview = useOverview(selectOrder);
  const order = overview.data ?? NO_ORDER;
  const openAlerts = useOpenAlerts(selectOpenAlertMap).data ?? NO_ALERTS;

  const [stickyDefault, setStickyDefault] = useState<string | null>(null);
  const fallback = defaultProgram(order, stickyDefault);
  useEffect(() => {
    if (fallback !== stickyDefault) setStickyDefault(fallback);
  }, [fallback, stickyDefault]);

  const candidates = useMemo(() => rotationCandidates(order, openAlerts), [order, openAlerts]);
  const rotating = wallMode && picked === null;
  const rotated = useRotation(rotating, candidates);
  const selected = picked ?? rotated ?? fallback;
  const programName = (selected && (names.get(selected) ?? openAlerts.get(selected)?.programName)) || t('tiles.unnamed');

  const update = useCallback(
    (change: (next: URLSearchParams) => void) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          change(next);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const selectProgram = useCallback((programId: string | null) => update((next) => (programId ? next.set('program', programId) : next.delete('program'))), [update]);
  const changeRange = useCallback((next: RangeChoice) => setParams((current) => writeRange(current, next), { replace: true }), [setParams]);
  const setWallMode = useCallback((on: boolean) => update((next) => (on ? next.set('mode', 'wall') : next.delete('mode'))), [update]);
  const { enter, exit } = useWallMode(wallMode, setWallMode);

  return (
    <section className={wallMode ? 'wall wall--mode' : 'wall'} data-testid="wall-page" data-mode={wallMode ? 'wall' : 'normal'} aria-labelledby="wall-heading">
      <header className="wall__header">
        <div className="wall__heading">
          <h1 tabIndex={-1} id="wall-heading" className="page__title">
            {t('title')}
          </h1>
          {!wallMode && <p className="muted">{t('intro')}</p>}
        </div>
        <div className="wall__tools">
          {wallMode && (
            <>
              <WallClock />
              <RotationStatus
                picked={picked !== null}
                candidates={candidates}
                shown={selected}
                onPin={() => selectProgram(selected)}
                onResume={() => selectProgram(null)}
              />
            </>
          )}
          <button
            type="button"
            className={wallMode ? 'button button--primary wall__mode-exit' : 'button button--secondary'}
            aria-pressed={wallMode}
            onClick={wallMode ? exit : enter}
            title={wallMode ? undefined : t('mode.enterHint')}
            data-testid="wall-mode-toggle"
          >
            {wallMode ? (
              <>
                <Icon name="cross" /> {t('mode.exit')} <kbd className="wall__kbd">{t('mode.exitHint')}</kbd>
              </>
            ) : (
              <>
                <Icon name="fullscreen" /> {t('mode.enter')}
              </>
            )}
          </button>
        </div>
      </header>

      <WallTiles selectedId={selected} onSelect={selectProgram} />
      <SourceStates />

      <div className="wall__grid">
        <div className="wall__main">
          <WallCharts programId={selected} programName={programName} choice={choice} onChoiceChange={changeRange} wallMode={wallMode} waiting={overview.isPending && picked === null} />
        </div>
        <div className="wall__side">
          {/* Wall mode has one screen and no scrolling: the open alerts take the top lists' place. */}
          {wallMode ? <WallAlerts /> : <TopLists programId={selected} />}
          <LiveStream programId={selected} programName={programName} />
        </div>
      </div>

      {!wallMode && <WallWhereWho programId={selected} />}
    </section>
  );
}

/** The time on the wall monitor, in the chosen zone: says at a glance that the screen is alive. */
function WallClock() {
  const { t } = useTranslation('wall');
  const f = useFormat();
  const now = useAlignedNow(MINUTE_MS);
  return (
    <p className="wall__clock">
      <span className="sr-only">{t('mode.clockLabel')}: </span>
      <time dateTime={new Date(now).toISOString()}>
        {f.shortTime(now)} {f.zoneLabel}
      </time>
    </p>
  );
}

interface RotationStatusProps {
  picked: boolean;
  candidates: readonly string[];
  shown: string | null;
  onPin(): void;
  onResume(): void;
}

function RotationStatus({ picked, candidates, shown, onPin, onResume }: RotationStatusProps) {
  const { t } = useTranslation('wall');
  if (picked) {
    return (
      <p className="wall__rotation" data-testid="wall-rotation" data-rotating="false">
        <span>{t('mode.pinned')}</span>{' '}
        <button type="button" className="button button--secondary button--small" onClick={onResume}>
          {t('mode.resumeRotation')}
        </button>
      </p>
    );
  }
  if (candidates.length === 0 || shown === null) {
    return (
      <p className="wall__rotation muted" data-testid="wall-rotation" data-rotating="false">
        {t('mode.rotationIdle')}
      </p>
    );
  }
  const position = Math.max(0, candidates.indexOf(shown)) + 1;
  return (
    <p className="wall__rotation" data-testid="wall-rotation" data-rotating="true">
      <span>{t('mode.rotating', { seconds: ROTATION_MS / 1000, position, total: candidates.length })}</span>{' '}
      <button type="button" className="button button--secondary button--small" onClick={onPin}>
        {t('mode.pin')}
      </button>
    </p>
  );
}
