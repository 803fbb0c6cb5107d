import { useId, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PROGRAM_ALERT_KINDS, type AlertKind, type BacktestResponse, type Sensitivity } from '@siaga/shared';
import { TimeSeriesChart, type ChartBand, type ChartMarker, type ChartSeries } from '../../charts/TimeSeriesChart';
import { useFormat } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { runBacktest } from './api';
import { programsKeys } from './queries';
import { Icon } from '../../ui/Icon';

const DAYS = 30;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
// A backtest replays a program's signals: source-health kinds never appear in it.
const KINDS = PROGRAM_ALERT_KINDS;

/** One fixed window for both runs, so the saved and the chosen sensitivity judge the same minutes. */
function backtestWindow(now: number): { from: string; to: string } {
  const to = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  return { from: new Date(to - DAYS * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

function countByKind(result: BacktestResponse | undefined): Record<AlertKind, number> | null {
  if (!result) return null;
  const counts = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<AlertKind, number>;
  for (const decision of result.decisions) counts[decision.kind]++;
  return counts;
}

const total = (counts: Record<AlertKind, number> | null) => (counts ? KINDS.reduce((sum, kind) => sum + counts[kind], 0) : null);

interface BacktestPreviewProps {
  programId: string;
  /** The sensitivity picked in the form, not saved yet. */
  chosen: Sensitivity;
  saved: Sensitivity;
}

/**
 * Replays the detector over the program's last 30 days at the chosen sensitivity: the volume
 * against the expected band, where alerts would have opened, and how many of each kind compared
 * with the saved sensitivity, so a supervisor sees the effect before saving.
 */
export function BacktestPreview({ programId, chosen, saved }: BacktestPreviewProps) {
  const { t } = useTranslation('programs');
  const { t: tc } = useTranslation();
  const f = useFormat();
  const headingId = useId();
  const [range, setRange] = useState(() => backtestWindow(Date.now()));

  const run = (sensitivity: Sensitivity) => ({
    queryKey: programsKeys.backtest({ programId, sensitivity, ...range }),
    queryFn: ({ signal }: { signal: AbortSignal }) => runBacktest({ programId, sensitivity, ...range }, signal),
    staleTime: 5 * 60_000,
  });
  const chosenRun = useQuery({ ...run(chosen), placeholderData: keepPreviousData });
  const savedRun = useQuery(run(saved));

  const data = chosenRun.data;
  const showingOther = chosenRun.isPlaceholderData;
  const { series, band, markers } = useMemo(() => {
    if (!data) return { series: [] as ChartSeries[], band: undefined, markers: [] as ChartMarker[] };
    const windowMinutes = data.windowMinutes;
    const series: ChartSeries[] = [
      {
        id: 'observed',
        label: t('backtest.observed', { minutes: windowMinutes }),
        kind: 'line',
        tone: 'volume',
        points: data.points.map((p) => ({ x: Date.parse(p.at), y: p.volume.observed })),
      },
      {
        id: 'expected',
        label: t('backtest.expected'),
        kind: 'line',
        tone: 'expected',
        points: data.points.map((p) => ({ x: Date.parse(p.at), y: p.volume.expected })),
      },
    ];
    const band: ChartBand = {
      label: t('backtest.band'),
      points: data.points.map((p) => ({ x: Date.parse(p.at), lower: p.volume.band.lower, upper: p.volume.band.upper })),
    };
    const markers: ChartMarker[] = data.decisions.map((d) => ({ x: Date.parse(d.at), label: tc(`alertKind.${d.kind}`), severity: d.severityHint }));
    return { series, band, markers };
  }, [data, t, tc]);
  const xRange = useMemo(() => ({ min: Date.parse(range.from), max: Date.parse(range.to) }), [range]);

  const chosenCounts = showingOther ? null : countByKind(data);
  const savedCounts = countByKind(savedRun.data);
  const same = chosen === saved;
  const chosenTotal = total(chosenCounts);
  const savedTotal = total(savedCounts);
  const level = tc(`sensitivity.${chosen}`);
  const savedLevel = tc(`sensitivity.${saved}`);

  return (
    <section className="backtest" aria-labelledby={headingId} data-testid="backtest-preview" aria-busy={chosenRun.isFetching || undefined}>
      <div className="section__header">
        <h3 id={headingId} className="section__subtitle">
          {t('backtest.title')}
        </h3>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => setRange(backtestWindow(Date.now()))}
          disabled={chosenRun.isFetching}
          data-testid="backtest-refresh"
        >
          {t('backtest.refresh')}
        </button>
      </div>
      <p className="muted">{t('backtest.intro', { days: DAYS, from: f.dateTime(range.from), to: f.dateTime(range.to) })}</p>

      {chosenRun.isPending ? (
        <Loading label={t('backtest.loading', { level })} />
      ) : chosenRun.isError && !data ? (
        <ErrorMessage error={chosenRun.error} onRetry={() => void chosenRun.refetch()} retrying={chosenRun.isFetching} />
      ) : data ? (
        <>
          {showingOther && (
            <p className="loading" role="status">
              <span className="spinner" aria-hidden="true" />
              <span>{t('backtest.loading', { level })}</span>
            </p>
          )}
          {chosenRun.isError && <ErrorMessage error={chosenRun.error} onRetry={() => void chosenRun.refetch()} retrying={chosenRun.isFetching} />}
          {data.points.length === 0 ? (
            <p className="empty" data-testid="backtest-empty">
              {t('backtest.noHistory')}
            </p>
          ) : (
            <div className={showingOther ? 'backtest__chart backtest__chart--stale' : 'backtest__chart'}>
              <TimeSeriesChart
                ariaLabel={t('backtest.chartLabel', { level: tc(`sensitivity.${data.sensitivity}`), days: DAYS })}
                series={series}
                band={band}
                markers={markers}
                xRange={xRange}
                height={240}
                testId="backtest-chart"
              />
              <ul className="chart-legend" aria-hidden="true">
                <li className="chart-legend__item chart-legend__item--volume">{series[0]?.label}</li>
                <li className="chart-legend__item chart-legend__item--expected">{t('backtest.expected')}</li>
                <li className="chart-legend__item chart-legend__item--band">{t('backtest.band')}</li>
                <li className="chart-legend__item chart-legend__item--marker">{t('backtest.markers')}</li>
              </ul>
              {data.pointStepMinutes > 1 && <p className="muted">{t('backtest.thinned', { minutes: data.pointStepMinutes })}</p>}
            </div>
          )}

          {chosenTotal !== null && (
            <p
              className="backtest__summary"
              data-testid="backtest-count"
              data-count={chosenTotal}
              data-saved-count={savedTotal ?? ''}
              data-sensitivity={chosen}
              role="status"
            >
              {same || savedTotal === null
                ? t('backtest.summarySame', { level, alerts: f.number(chosenTotal), days: DAYS })
                : t('backtest.summaryCompare', {
                    level,
                    alerts: f.number(chosenTotal),
                    savedLevel,
                    saved: f.number(savedTotal),
                    days: DAYS,
                    delta: signed(f.number(chosenTotal - savedTotal), chosenTotal - savedTotal),
                  })}
            </p>
          )}

          <div className="table-scroll">
            <table className="table backtest__table" data-testid="backtest-table">
              <caption className="sr-only">{t('backtest.tableCaption', { days: DAYS })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('backtest.kind')}</th>
                  {!same && <th scope="col">{t('backtest.savedColumn', { level: savedLevel })}</th>}
                  <th scope="col">{same ? t('backtest.savedColumn', { level }) : t('backtest.chosenColumn', { level })}</th>
                  {!same && <th scope="col">{t('backtest.difference')}</th>}
                </tr>
              </thead>
              <tbody>
                {KINDS.map((kind) => (
                  <tr key={kind} data-testid="backtest-kind" data-kind={kind}>
                    <th scope="row">{tc(`alertKind.${kind}`)}</th>
                    {!same && <td className="num">{savedCounts ? f.number(savedCounts[kind]) : '…'}</td>}
                    <td className="num" data-testid="backtest-kind-count">
                      {chosenCounts ? f.number(chosenCounts[kind]) : '…'}
                    </td>
                    {!same && <td className="num">{chosenCounts && savedCounts ? difference(chosenCounts[kind] - savedCounts[kind], f.number) : '…'}</td>}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('backtest.total')}</th>
                  {!same && <td className="num">{savedTotal !== null ? f.number(savedTotal) : '…'}</td>}
                  <td className="num">{chosenTotal !== null ? f.number(chosenTotal) : '…'}</td>
                  {!same && <td className="num">{chosenTotal !== null && savedTotal !== null ? difference(chosenTotal - savedTotal, f.number) : '…'}</td>}
                </tr>
              </tfoot>
            </table>
          </div>
          {savedRun.isError && !same && (
            <ErrorMessage error={savedRun.error} message={t('backtest.savedFailed')} onRetry={() => void savedRun.refetch()} retrying={savedRun.isFetching} />
          )}
          <p className="muted">{t('backtest.caveat')}</p>
        </>
      ) : null}
    </section>
  );
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : text;
}

/** "▲ +3" / "▼ −2" / "=": the arrow and sign say the direction without relying on color. */
function difference(value: number, format: (n: number) => string) {
  if (value === 0) return <span className="delta delta--same">=</span>;
  return (
    <span className={value > 0 ? 'delta delta--up' : 'delta delta--down'}>
      <Icon name={value > 0 ? 'triangleUp' : 'triangleDown'} />{' '}
      {signed(format(value), value)}
    </span>
  );
}
