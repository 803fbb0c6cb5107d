import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Alert, BandResponse, Bucket, SeriesResponse } from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';
import { bandPoints } from '../../charts/bandPoints';
import { TimeSeriesChart, type ChartBand, type ChartMarker, type ChartSeries, type Tone } from '../../charts/TimeSeriesChart';
import type { ProgramAlert } from './programAlert';
import { useFormat } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BEFORE_MS = 90 * MINUTE;
const AFTER_MS = 60 * MINUTE;
/** Per-minute points up to a day; the band (per minute too) only then. */
const MINUTE_BUCKETS_MAX_MS = 24 * HOUR;

export interface ChartRange {
  from: number;
  to: number;
  bucket: Bucket;
  withBand: boolean;
}

/**
 * From 90 minutes before the alert opened to an hour after it last fired, or to now (rounded up to
 * the minute, so the query key changes at most once a minute while the alert is recent).
 */
export function chartRange(alert: Pick<Alert, 'openedAt' | 'lastTriggeredAt'>, now: number): ChartRange {
  const opened = Date.parse(alert.openedAt);
  const last = Math.max(opened, Date.parse(alert.lastTriggeredAt));
  const from = Math.floor((opened - BEFORE_MS) / MINUTE) * MINUTE;
  const to = Math.ceil(Math.min(last + AFTER_MS, now) / MINUTE) * MINUTE;
  const span = to - from;
  const bucket: Bucket = span <= MINUTE_BUCKETS_MAX_MS ? '1m' : span <= 14 * 24 * HOUR ? '5m' : '1h';
  return { from, to: Math.max(to, from + MINUTE), bucket, withBand: bucket === '1m' };
}

const iso = (ms: number) => new Date(ms).toISOString();

interface Built {
  metric: string;
  series: ChartSeries[];
  band: ChartBand | undefined;
}

const TONE_VAR: Record<Tone, string> = {
  volume: '--chart-volume',
  negative: '--chart-negative',
  positive: '--chart-positive',
  neutral: '--chart-neutral',
  expected: '--chart-expected',
};

/**
 * The metric that fired, per minute, with the detector's expected band for the same minutes and a
 * marker where the alert opened. The band is the detector's own (`/api/detection/band` at the
 * program's saved sensitivity), so it is the band this alert was judged against.
 */
export function AlertChart({ alert }: { alert: ProgramAlert }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const now = useNow(MINUTE);
  const range = useMemo(() => chartRange(alert, now), [alert, now]);
  const from = iso(range.from);
  const to = iso(range.to);

  const series = useQuery({
    queryKey: queryKeys.metrics.series({ programId: alert.programId, from, to, bucket: range.bucket }),
    queryFn: ({ signal }) =>
      apiRequest<SeriesResponse>('/api/metrics/series', { query: { programId: alert.programId, from, to, bucket: range.bucket }, signal }),
    placeholderData: keepPreviousData,
    staleTime: MINUTE,
  });
  const band = useQuery({
    queryKey: queryKeys.metrics.band({ programId: alert.programId, from, to, bucket: '1m' }),
    queryFn: ({ signal }) => apiRequest<BandResponse>('/api/detection/band', { query: { programId: alert.programId, from, to, bucket: '1m' }, signal }),
    enabled: range.withBand,
    placeholderData: keepPreviousData,
    staleTime: MINUTE,
  });

  const built = useMemo<Built>(() => {
    const points = series.data?.points ?? [];
    const bandData = range.withBand ? band.data : undefined;
    // Band points are placed at the start of the minute judged, as series points are.
    const volumeBand = bandData ? bandPoints(bandData, 'volume') : [];
    const negativeBand = bandData ? bandPoints(bandData, 'negative') : [];
    const shareBand = bandData ? bandPoints(bandData, 'negativeShare') : [];
    const volume: ChartSeries = { id: 'volume', label: t('chart.volume'), kind: 'bar', tone: 'volume', points: points.map((p) => ({ x: Date.parse(p.t), y: p.volume })) };
    const negative: ChartSeries = { id: 'negative', label: t('chart.negative'), kind: 'line', tone: 'negative', points: points.map((p) => ({ x: Date.parse(p.t), y: p.negative })) };
    switch (alert.kind) {
      case 'negative_share_shift': {
        // The share is judged over a window: plot the detector's windowed share, in percent.
        const share: ChartSeries = shareBand.length
          ? { id: 'share', label: t('chart.share'), kind: 'line', tone: 'negative', points: shareBand.map((p) => ({ x: p.x, y: round1(p.observed * 100) })) }
          : {
              id: 'share',
              label: t('chart.share'),
              kind: 'line',
              tone: 'negative',
              points: points.filter((p) => p.volume > 0).map((p) => ({ x: Date.parse(p.t), y: round1((p.negative / p.volume) * 100) })),
            };
        const expected: ChartSeries = { id: 'expected', label: t('chart.expected'), kind: 'line', tone: 'expected', points: shareBand.map((p) => ({ x: p.x, y: round1(p.expected * 100) })) };
        return {
          metric: t('chart.share'),
          series: expected.points.length ? [share, expected] : [share],
          band: shareBand.length ? { label: t('chart.band'), points: shareBand.map((p) => ({ x: p.x, lower: round1(p.lower * 100), upper: round1(p.upper * 100) })) } : undefined,
        };
      }
      case 'negative_spike': {
        const expected: ChartSeries = { id: 'expected', label: t('chart.expected'), kind: 'line', tone: 'expected', points: negativeBand.map((p) => ({ x: p.x, y: p.expected })) };
        return {
          metric: t('chart.negative'),
          series: expected.points.length ? [volume, negative, expected] : [volume, negative],
          band: negativeBand.length ? { label: t('chart.band'), points: negativeBand.map((p) => ({ x: p.x, lower: p.lower, upper: p.upper })) } : undefined,
        };
      }
      // Harm reports are a few posts among the program's volume: the volume chart shows their context.
      // A source alert has no program to chart (the page does not show this chart for it).
      case 'volume_spike':
      case 'coordinated_campaign':
      case 'harm_reports':
      case 'source_silent':
      case 'source_failing': {
        const expected: ChartSeries = { id: 'expected', label: t('chart.expected'), kind: 'line', tone: 'expected', points: volumeBand.map((p) => ({ x: p.x, y: p.expected })) };
        return {
          metric: t('chart.volume'),
          series: expected.points.length ? [volume, negative, expected] : [volume, negative],
          band: volumeBand.length ? { label: t('chart.band'), points: volumeBand.map((p) => ({ x: p.x, lower: p.lower, upper: p.upper })) } : undefined,
        };
      }
    }
  }, [series.data, band.data, range.withBand, alert.kind, t]);

  const markers = useMemo<ChartMarker[]>(() => {
    const out: ChartMarker[] = [{ x: Date.parse(alert.openedAt), label: t('chart.opened'), severity: alert.severity }];
    if (alert.resolvedAt) {
      const resolved = Date.parse(alert.resolvedAt);
      if (resolved <= range.to) out.push({ x: resolved, label: t('chart.resolvedMarker'), severity: 'info' });
    }
    return out;
  }, [alert.openedAt, alert.resolvedAt, alert.severity, range.to, t]);

  const xRange = useMemo(() => ({ min: range.from, max: range.to }), [range.from, range.to]);
  const hasData = (series.data?.points.length ?? 0) > 0;

  return (
    <section className="alert-section" aria-labelledby="alert-chart-heading" data-testid="alert-chart" data-bucket={range.bucket} data-band={built.band ? 'yes' : 'no'}>
      <h2 id="alert-chart-heading" className="alert-section__title">
        {t('chart.heading')}
      </h2>
      {series.isPending ? (
        <Loading label={t('chart.loading')} />
      ) : series.isError && !series.data ? (
        <ErrorMessage error={series.error} onRetry={() => void series.refetch()} retrying={series.isFetching} />
      ) : !hasData ? (
        <p className="empty">{t('chart.noData')}</p>
      ) : (
        <>
          <TimeSeriesChart
            ariaLabel={t('chart.aria', { metric: built.metric, from: f.dateTime(range.from), to: f.dateTime(range.to) })}
            series={built.series}
            band={built.band}
            markers={markers}
            xRange={xRange}
            height={280}
            testId="alert-chart-canvas"
          />
          <ul className="chart-legend" aria-label={t('chart.legend')}>
            {built.series.map((s) => (
              <li key={s.id} className="chart-legend__item">
                <span
                  className={`chart-legend__swatch chart-legend__swatch--${s.kind}${s.tone === 'negative' ? ' chart-legend__swatch--dashed' : ''}`}
                  style={{ ['--swatch' as string]: `var(${TONE_VAR[s.tone]})` }}
                  aria-hidden="true"
                />
                {s.label}
              </li>
            ))}
            {built.band && (
              <li className="chart-legend__item">
                <span className="chart-legend__swatch chart-legend__swatch--band" aria-hidden="true" />
                {built.band.label}
              </li>
            )}
            <li className="chart-legend__item">
              <span className="chart-legend__swatch chart-legend__swatch--marker" aria-hidden="true" />
              {t('chart.opened')}
            </li>
          </ul>
        </>
      )}
      {range.bucket === '5m' && <p className="muted">{t('chart.coarse5m')}</p>}
      {range.bucket === '1h' && <p className="muted">{t('chart.coarse1h')}</p>}
      {range.withBand && band.isError && <p className="muted">{t('chart.bandFailed')}</p>}
    </section>
  );
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
