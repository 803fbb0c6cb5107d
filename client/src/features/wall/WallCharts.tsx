import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Alert, SeriesPoint } from '@siaga/shared';
import { TimeSeriesChart, type ChartBand, type ChartSeries } from '../../charts/TimeSeriesChart';
import { useFormat } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { alertMarkers, bandColumns, sentimentTotals, seriesColumns, type SentimentTotals } from './chartData';
import { parseCompare, previousWindow, shareChangePoints, shiftedColumns, writeCompare } from './compare';
import { CompareSummary, CompareToggle } from './CompareToggle';
import { useBand, useProgramAlerts, useRangeSeries } from './queries';
import { BAND_MAX_SPAN_MS, rangeStepMs, rangeWindow, type RangeChoice, type RangeWindow } from './range';
import { RangePicker } from './RangePicker';
import { useAlignedNow } from './useClock';
import { usePreviousSeries } from './usePreviousSeries';
import { Icon, type IconName } from '../../ui/Icon';

const NO_POINTS: readonly SeriesPoint[] = [];
const NO_ALERTS: readonly Alert[] = [];

interface WallChartsProps {
  programId: string | null;
  programName: string;
  choice: RangeChoice;
  onChoiceChange(choice: RangeChoice): void;
  wallMode: boolean;
  /** The default program is not known yet (tiles loading). */
  waiting: boolean;
}

/**
 * The selected program's main chart and sentiment mix over the chosen range. The window moves
 * with a clock that ticks once per step (a minute for live and 1 h, 5 minutes for 24 h…), so the
 * charts re-render for data, not for time.
 */
export function WallCharts({ programId, programName, choice, onChoiceChange, wallMode, waiting }: WallChartsProps) {
  const { t } = useTranslation('wall');
  const now = useAlignedNow(rangeStepMs(choice));
  const span = useMemo(() => rangeWindow(choice, now), [choice, now]);
  const live = choice.key === 'live';
  const series = useRangeSeries(programId, live, span, choice.key !== 'custom');
  const points = series.points ?? NO_POINTS;
  // `?compare=1`: this period and the previous one drawn together (the page owns the other keys).
  const [params, setParams] = useSearchParams();
  const compare = parseCompare(params);
  const setCompare = useCallback((on: boolean) => setParams((current) => writeCompare(current, on), { replace: true }), [setParams]);

  return (
    <>
      <section className="wall-panel wall-panel--chart" aria-labelledby="wall-chart-heading">
        <div className="wall-panel__head">
          <h2 id="wall-chart-heading" className="wall-panel__title">
            <bdi>{programId ? programName : t('chart.heading')}</bdi>
          </h2>
          <div className="wall-panel__tools">
            <RangePicker choice={choice} shown={span} onChange={onChoiceChange} />
            {programId !== null && <CompareToggle on={compare} onChange={setCompare} />}
          </div>
        </div>
        {programId === null ? (
          waiting ? (
            <Loading label={t('chart.loading')} />
          ) : (
            <p className="empty">{t('chart.noProgram')}</p>
          )
        ) : (
          <MainChart programId={programId} programName={programName} span={span} live={live} points={points} series={series} wallMode={wallMode} compare={compare} />
        )}
      </section>
      {programId !== null && <SentimentMix programId={programId} programName={programName} span={span} points={points} wallMode={wallMode} compare={compare} />}
    </>
  );
}

type SeriesState = ReturnType<typeof useRangeSeries>;

interface MainChartProps {
  programId: string;
  programName: string;
  span: RangeWindow;
  live: boolean;
  points: readonly SeriesPoint[];
  series: SeriesState;
  wallMode: boolean;
  /** Also draw the previous period (dashed). */
  compare: boolean;
}

function MainChart({ programId, programName, span, live, points, series, wallMode, compare }: MainChartProps) {
  const { t } = useTranslation('wall');
  const { t: tc } = useTranslation();
  const f = useFormat();
  const bandAllowed = span.to - span.from <= BAND_MAX_SPAN_MS;
  const band = useBand(programId, span, bandAllowed);
  const alerts = useProgramAlerts(programId);
  const previous = usePreviousSeries(programId, span, compare);
  const previousData = compare ? previous.data : undefined;
  const previousCols = useMemo(() => (previousData ? shiftedColumns(previousData.points, span) : null), [previousData, span]);

  const columns = useMemo(() => seriesColumns(points), [points]);
  const bandData = bandAllowed ? band.data : undefined;
  const bandCols = useMemo(() => (bandData ? bandColumns(bandData, span.bucketMs, span.from, span.to) : null), [bandData, span]);

  const chartSeries = useMemo<ChartSeries[]>(() => {
    const out: ChartSeries[] = [
      { id: 'volume', label: t('chart.volume'), kind: 'bar', tone: 'volume', points: columns.volume },
      { id: 'negative', label: t('chart.negative'), kind: 'line', tone: 'negative', points: columns.negative },
    ];
    if (bandCols && bandCols.expected.length > 0) out.push({ id: 'expected', label: t('chart.expected'), kind: 'line', tone: 'expected', points: bandCols.expected });
    if (previousCols) {
      out.push({ id: 'volume-previous', label: t('compare.volumePrevious'), kind: 'line', tone: 'volume', dashed: true, points: previousCols.volume });
      out.push({ id: 'negative-previous', label: t('compare.negativePrevious'), kind: 'line', tone: 'negative', dashed: true, points: previousCols.negative });
    }
    return out;
  }, [columns, bandCols, previousCols, t]);

  const chartBand = useMemo<ChartBand | undefined>(
    () => (bandCols && bandCols.band.length > 0 ? { label: t('chart.band'), learningLabel: t('chart.bandLearning'), points: bandCols.band } : undefined),
    [bandCols, t],
  );
  const bandLearning = chartBand?.points.some((p) => p.learning) === true;

  const alertItems = alerts.data?.items ?? NO_ALERTS;
  const markers = useMemo(
    () =>
      alertMarkers(alertItems, programId, span.from, span.to, (alert) =>
        t('chart.marker', { kind: tc(`alertKind.${alert.kind}`), severity: tc(`severity.${alert.severity}`) }),
      ),
    [alertItems, programId, span, t],
  );

  const xRange = useMemo(() => ({ min: span.from, max: span.to - span.bucketMs }), [span]);
  const bucketName = t(`chart.bucket.${span.bucket}`);
  const total = columns.volume.reduce((sum, p) => sum + p.y, 0);

  return (
    <div className="wall-chart" aria-busy={series.isFetching || undefined}>
      <p className="wall-chart__meta muted">
        <span>{t('chart.perBucket', { bucket: bucketName })}</span>
        <span>
          {f.dateTime(span.from)} – {f.dateTime(span.to)}
        </span>
        {live && (
          <span className="wall-chart__live">
            <Icon name="dot" />{' '}
            {t('chart.liveNote')}
          </span>
        )}
        {series.isFetching && !series.isPending && <span>{t('chart.refreshing')}</span>}
      </p>
      <ChartLegend hasBand={chartBand !== undefined} bandLearning={bandLearning} hasMarkers={markers.length > 0} hasPrevious={previousCols !== null} />
      <div className="wall-chart__frame">
        {/* Mounted once: updates go into the same chart.js instance, never a new one per message. */}
        <TimeSeriesChart
          ariaLabel={t('chart.ariaLabel', { bucket: bucketName, name: programName })}
          series={chartSeries}
          band={chartBand}
          markers={markers}
          height={wallMode ? 420 : 300}
          testId="wall-chart"
          xRange={xRange}
        />
        {series.isPending && (
          <div className="wall-chart__overlay">
            <Loading label={t('chart.loading')} />
          </div>
        )}
        {!series.isPending && !series.error && total === 0 && (
          <div className="wall-chart__overlay wall-chart__overlay--quiet">
            <p>{t('chart.empty')}</p>
          </div>
        )}
      </div>
      {series.error && !series.isPending && <ErrorMessage error={series.error} onRetry={() => void series.refetch()} retrying={series.isFetching} />}
      <div className="wall-chart__notes">
        {!bandAllowed && <p className="muted">{t('chart.bandTooLong')}</p>}
        {bandAllowed && band.isError && <p className="muted">{t('chart.bandError')}</p>}
        {bandAllowed && chartBand && span.bucket !== '1m' && <p className="muted">{t('chart.bandScaled')}</p>}
        {bandAllowed && bandLearning && <p className="muted">{t('chart.bandLearningNote')}</p>}
        {alerts.isError && <p className="muted">{t('chart.markersError')}</p>}
        {compare && (
          <CompareSummary
            now={total}
            before={previousCols?.total ?? 0}
            from={previousWindow(span).from}
            to={previousWindow(span).to}
            loading={previous.isPending}
            failed={previous.isError && !previousCols}
          />
        )}
      </div>
    </div>
  );
}

/** The chart's own legend is off: this one says what each mark is in words, shapes and dashes. */
function ChartLegend({ hasBand, bandLearning, hasMarkers, hasPrevious }: { hasBand: boolean; bandLearning: boolean; hasMarkers: boolean; hasPrevious: boolean }) {
  const { t } = useTranslation('wall');
  return (
    <ul className="chart-legend" aria-label={t('chart.legend')}>
      <li>
        <span className="chart-legend__swatch chart-legend__swatch--bar" aria-hidden="true" />
        {t('chart.volume')}
      </li>
      <li>
        <span className="chart-legend__swatch chart-legend__swatch--negative" aria-hidden="true" />
        {t('chart.negative')}
      </li>
      {hasBand && (
        <>
          <li>
            <span className="chart-legend__swatch chart-legend__swatch--expected" aria-hidden="true" />
            {t('chart.expected')}
          </li>
          <li>
            <span className="chart-legend__swatch chart-legend__swatch--band" aria-hidden="true" />
            {t('chart.band')}
          </li>
          {bandLearning && (
            <li>
              <span className="chart-legend__swatch chart-legend__swatch--band-learning" aria-hidden="true" />
              {t('chart.bandLearning')}
            </li>
          )}
        </>
      )}
      {hasPrevious && (
        <>
          <li>
            <span className="chart-legend__swatch chart-legend__swatch--previous-volume" aria-hidden="true" />
            {t('compare.volumePrevious')}
          </li>
          <li>
            <span className="chart-legend__swatch chart-legend__swatch--previous-negative" aria-hidden="true" />
            {t('compare.negativePrevious')}
          </li>
        </>
      )}
      {hasMarkers && (
        <li>
          <span className="chart-legend__swatch chart-legend__swatch--marker" aria-hidden="true" />
          {t('chart.alerts')}
        </li>
      )}
    </ul>
  );
}

interface SentimentMixProps {
  programId: string;
  programName: string;
  span: RangeWindow;
  points: readonly SeriesPoint[];
  wallMode: boolean;
  /** Also draw the previous period (dashed), as the main chart does under the same toggle. */
  compare: boolean;
}

const SENTIMENT_ICON: Record<(typeof SENTIMENTS)[number], IconName> = { positive: 'triangleUp', neutral: 'square', negative: 'triangleDown' };
const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
const PREVIOUS_LABEL_KEY = { positive: 'compare.positivePrevious', neutral: 'compare.neutralPrevious', negative: 'compare.negativePrevious' } as const;

/** Positive, neutral and negative posts over the same range, with totals and shares in words. */
function SentimentMix({ programId, programName, span, points, wallMode, compare }: SentimentMixProps) {
  const { t } = useTranslation('wall');
  const { t: tc } = useTranslation();
  const f = useFormat();
  const columns = useMemo(() => seriesColumns(points), [points]);
  const totals = useMemo(() => sentimentTotals(points), [points]);
  // The same query as the main chart's (same key), so the toggle costs one request for both.
  const previous = usePreviousSeries(programId, span, compare);
  const previousData = compare ? previous.data : undefined;
  const previousCols = useMemo(() => (previousData ? shiftedColumns(previousData.points, span) : null), [previousData, span]);
  const previousTotals = useMemo(() => (previousData ? sentimentTotals(previousData.points) : null), [previousData]);
  const chartSeries = useMemo<ChartSeries[]>(() => {
    const out: ChartSeries[] = SENTIMENTS.map((label): ChartSeries => ({ id: label, label: tc(`sentiment.${label}`), kind: 'line', tone: label, points: columns[label] }));
    if (previousCols) {
      for (const label of SENTIMENTS) out.push({ id: `${label}-previous`, label: t(PREVIOUS_LABEL_KEY[label]), kind: 'line', tone: label, dashed: true, points: previousCols[label] });
    }
    return out;
  }, [columns, previousCols, t, tc]);
  const xRange = useMemo(() => ({ min: span.from, max: span.to - span.bucketMs }), [span]);

  return (
    <section className="wall-panel wall-panel--sentiment" aria-labelledby="wall-sentiment-heading" data-testid="wall-sentiment">
      <h2 id="wall-sentiment-heading" className="wall-panel__title">
        {t('sentiment.heading')}
      </h2>
      {previousCols && <SentimentLegend />}
      <div className="wall-sentiment">
        <TimeSeriesChart
          ariaLabel={t('sentiment.ariaLabel', { bucket: t(`chart.bucket.${span.bucket}`), name: programName })}
          series={chartSeries}
          height={wallMode ? 220 : 180}
          testId="wall-sentiment-chart"
          xRange={xRange}
        />
        <div className="wall-sentiment__totals">
          <h3 className="wall-sentiment__totals-title">{t('sentiment.totals')}</h3>
          {totals.total === 0 && !previousTotals ? (
            <p className="muted">{t('sentiment.empty')}</p>
          ) : (
            <dl className="wall-sentiment__list">
              {SENTIMENTS.map((label) => (
                <div key={label} className={`wall-sentiment__row wall-sentiment__row--${label}`} data-testid={`wall-sentiment-${label}`}>
                  <dt>
                    <Icon name={SENTIMENT_ICON[label]} />{' '}
                    {tc(`sentiment.${label}`)}
                  </dt>
                  <dd>{totals.total === 0 ? f.number(0) : t('sentiment.share', { value: f.number(totals[label]), percent: f.percent(totals[label] / totals.total) })}</dd>
                  {previousTotals && (
                    <dd className="wall-sentiment__previous" data-testid={`wall-sentiment-${label}-previous`}>
                      {t('compare.sentimentPrevious', {
                        value: f.number(previousTotals[label]),
                        percent: previousTotals.total === 0 ? '–' : f.percent(previousTotals[label] / previousTotals.total),
                      })}
                    </dd>
                  )}
                </div>
              ))}
            </dl>
          )}
          <p className="muted">{t('sentiment.total', { total: f.number(totals.total) })}</p>
          {compare && <SentimentCompareSummary now={totals} before={previousTotals} loading={previous.isPending} failed={previous.isError && !previousTotals} />}
        </div>
      </div>
    </section>
  );
}

/** Shown while comparing: which line is which period, in words and dashes. */
function SentimentLegend() {
  const { t } = useTranslation('wall');
  const { t: tc } = useTranslation();
  return (
    <ul className="chart-legend" aria-label={t('sentiment.legend')}>
      {SENTIMENTS.map((label) => (
        <li key={label}>
          <span className={`chart-legend__swatch chart-legend__swatch--${label}`} aria-hidden="true" />
          {tc(`sentiment.${label}`)}
        </li>
      ))}
      {SENTIMENTS.map((label) => (
        <li key={`${label}-previous`}>
          <span className={`chart-legend__swatch chart-legend__swatch--previous-${label}`} aria-hidden="true" />
          {t(PREVIOUS_LABEL_KEY[label])}
        </li>
      ))}
    </ul>
  );
}

interface SentimentCompareSummaryProps {
  now: SentimentTotals;
  before: SentimentTotals | null;
  loading: boolean;
  failed: boolean;
}

/** The negative share of this period against the previous one, in percentage points. */
function SentimentCompareSummary({ now, before, loading, failed }: SentimentCompareSummaryProps) {
  const { t } = useTranslation('wall');
  const f = useFormat();
  if (failed) return <p className="muted">{t('compare.error')}</p>;
  if (!before) return loading ? <p className="muted">{t('compare.loading')}</p> : null;
  const change = shareChangePoints(now.negative, now.total, before.negative, before.total);
  const share = (s: SentimentTotals) => (s.total === 0 ? '–' : f.percent(s.negative / s.total));
  return (
    <p className="muted" data-testid="wall-sentiment-compare-summary">
      {t('compare.negativeShareSummary', {
        now: share(now),
        before: share(before),
        change: change === null ? t('compare.noShareChange') : t('compare.points', { value: `${change > 0 ? '+' : ''}${f.number(change)}` }),
      })}
    </p>
  );
}
