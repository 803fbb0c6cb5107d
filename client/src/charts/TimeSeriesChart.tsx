import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartDataset, ChartOptions, TooltipItem } from 'chart.js';
import type { Severity } from '@siaga/shared';
import { useFormat, type Formatter } from '../lib/format';
import { dataMaximum, displayedBand, splitByLearning, type ShownBandPoint } from './bandDisplay';
import { Chart, canDraw, cssColor, type Plugin } from './chartSetup';

export type Tone = 'volume' | 'negative' | 'positive' | 'neutral' | 'expected';

export interface ChartSeries {
  id: string;
  label: string;
  kind: 'line' | 'bar';
  tone: Tone;
  /** A thinner dashed line (e.g. the previous period drawn under this one). */
  dashed?: boolean | undefined;
  points: { x: number; y: number }[];
}

export interface ChartBand {
  label: string;
  /** `learning`: the detector is still learning there (a new program), and the band is drawn as such. */
  points: { x: number; lower: number; upper: number; learning?: boolean | undefined }[];
  /** Label of the stretch still learning (default: the label). */
  learningLabel?: string | undefined;
}

export interface ChartMarker {
  x: number;
  label: string;
  severity: Severity;
}

export interface TimeSeriesChartProps {
  ariaLabel: string;
  series: ChartSeries[];
  band?: ChartBand | undefined;
  markers?: ChartMarker[] | undefined;
  height?: number;
  testId?: string;
  xRange?: { min: number; max: number } | undefined;
}

const TONE_VARS: Record<Tone, [string, string]> = {
  volume: ['--chart-volume', '#2563a8'],
  negative: ['--chart-negative', '#b42318'],
  positive: ['--chart-positive', '#18794e'],
  neutral: ['--chart-neutral', '#6b7280'],
  expected: ['--chart-expected', '#7c5c00'],
};

const SEVERITY_GLYPH: Record<Severity, string> = { info: 'i', warning: '!', critical: '!!' };

interface MarkerOptions {
  markers: ChartMarker[];
  colors: Record<Severity, string>;
}

/** Vertical dashed lines with a labelled flag where alerts opened: shape and glyph, not color alone. */
const markerPlugin: Plugin<'line' | 'bar'> = {
  id: 'siagaMarkers',
  afterDatasetsDraw(chart) {
    const options = (chart.options.plugins as { siagaMarkers?: MarkerOptions } | undefined)?.siagaMarkers;
    if (!options || options.markers.length === 0) return;
    const { ctx, chartArea } = chart;
    const x = chart.scales.x;
    if (!x) return;
    ctx.save();
    for (const marker of options.markers) {
      const px = x.getPixelForValue(marker.x);
      if (px < chartArea.left - 1 || px > chartArea.right + 1) continue;
      const color = options.colors[marker.severity];
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px + 14, chartArea.top + 6);
      ctx.lineTo(px, chartArea.top + 12);
      ctx.closePath();
      ctx.fill();
      ctx.fillStyle = '#ffffff';
      ctx.font = 'bold 9px system-ui, sans-serif';
      ctx.fillText(SEVERITY_GLYPH[marker.severity], px + 2, chartArea.top + 9);
    }
    ctx.restore();
  },
};

function xTickFormatter(f: Formatter, span: number): (value: number | string) => string {
  const days = span > 36 * 3_600_000;
  return (value) => (days ? `${f.shortDate(Number(value))} ${f.shortTime(Number(value))}` : f.shortTime(Number(value)));
}

type Dataset = ChartDataset<'line' | 'bar', { x: number; y: number }[]>;

function buildDatasets(element: Element, series: ChartSeries[], band: ChartBand | undefined): Dataset[] {
  const datasets: Dataset[] = [];
  if (band && band.points.length > 0) {
    // Capped to the data's range: the band never sets the y scale (a learning band would flatten the bars).
    const shown = displayedBand(band.points, dataMaximum(series));
    const edge = cssColor(element, '--chart-expected', '#7c5c00');
    const { learnt, learning } = splitByLearning(shown.points);
    const pair = (points: typeof learnt, label: string, fillColor: string, dash: number[]): void => {
      if (!points.some((p) => p !== null)) return;
      // Gaps (null) where the other stretch is drawn; chart.js leaves them open.
      const ys = (pick: (p: ShownBandPoint) => number) => points.map((p, i) => ({ x: p?.x ?? (shown.points[i] as ShownBandPoint).x, y: p ? pick(p) : NaN }));
      datasets.push({ type: 'line', label: `${label} (min)`, data: ys((p) => p.lower), borderColor: edge, borderWidth: 0.5, borderDash: dash, pointRadius: 0, fill: false, spanGaps: false, order: 3 });
      datasets.push({ type: 'line', label, data: ys((p) => p.upper), borderColor: edge, borderWidth: 0.5, borderDash: dash, backgroundColor: fillColor, pointRadius: 0, fill: '-1', spanGaps: false, order: 3 });
    };
    pair(learnt, band.label, cssColor(element, '--chart-band', 'rgba(124, 92, 0, 0.16)'), [3, 3]);
    // Still learning: a fainter fill and a sparser dash, so it reads as provisional, not as the usual range.
    pair(learning, band.learningLabel ?? band.label, cssColor(element, '--chart-band-learning', 'rgba(124, 92, 0, 0.07)'), [1, 4]);
  }
  for (const s of series) {
    const [name, fallback] = TONE_VARS[s.tone];
    const color = cssColor(element, name, fallback);
    datasets.push({
      type: s.kind,
      label: s.label,
      data: s.points,
      borderColor: color,
      backgroundColor: s.kind === 'bar' ? color : 'transparent',
      borderWidth: s.kind === 'bar' ? 0 : 2,
      // Dashes tell the lines apart where colors do not.
      ...(s.dashed ? { borderDash: s.tone === 'negative' ? [2, 3] : [8, 4], borderWidth: 1.5 } : s.tone === 'negative' ? { borderDash: [6, 3] } : {}),
      pointRadius: 0,
      tension: 0.2,
      order: s.kind === 'bar' ? 2 : 1,
      ...(s.kind === 'bar' ? { barPercentage: 1, categoryPercentage: 1 } : {}),
    });
  }
  return datasets;
}

function severityColors(element: Element): Record<Severity, string> {
  return {
    info: cssColor(element, '--chart-marker-info', '#2563a8'),
    warning: cssColor(element, '--chart-marker-warning', '#a15c00'),
    critical: cssColor(element, '--chart-marker-critical', '#b42318'),
  };
}

/**
 * A per-time chart (x in epoch ms) of lines and bars with an optional expected band and alert
 * markers. The chart.js instance is made once per mount; new data is written into it and drawn
 * with `update('none')`, so a live stream never re-creates it. Screen readers get a text summary.
 */
export function TimeSeriesChart({ ariaLabel, series, band, markers = [], height = 260, testId, xRange }: TimeSeriesChartProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'line' | 'bar', { x: number; y: number }[]> | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !canDraw(canvas)) return;
    const options: ChartOptions<'line' | 'bar'> = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 }, grid: { display: false } },
        y: { type: 'linear', beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { display: false }, tooltip: { enabled: true } },
    };
    chartRef.current = new Chart(canvas, { type: 'line', data: { datasets: [] }, options, plugins: [markerPlugin] });
    return () => {
      chartRef.current?.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    const canvas = canvasRef.current;
    if (!chart || !canvas) return;
    const xs = series.flatMap((s) => (s.points.length ? [s.points[0]!.x, s.points[s.points.length - 1]!.x] : []));
    const min = xRange?.min ?? (xs.length ? Math.min(...xs) : 0);
    const max = xRange?.max ?? (xs.length ? Math.max(...xs) : 1);
    chart.data.datasets = buildDatasets(canvas, series, band);
    const x = chart.options.scales?.x;
    if (x && x.type === 'linear') {
      x.min = min;
      x.max = max;
      x.ticks = { ...x.ticks, callback: xTickFormatter(f, max - min) };
    }
    const plugins = chart.options.plugins as Record<string, unknown>;
    plugins.siagaMarkers = { markers, colors: severityColors(canvas) } satisfies MarkerOptions;
    if (chart.options.plugins?.tooltip) {
      chart.options.plugins.tooltip.callbacks = {
        title: (items: TooltipItem<'line' | 'bar'>[]) => (items[0] ? f.dateTime(items[0].parsed.x ?? 0) : ''),
      };
    }
    chart.update('none');
  }, [series, band, markers, xRange, f]);

  const summary = useMemo(() => {
    const parts = series.map((s) => {
      const last = s.points[s.points.length - 1];
      const peak = s.points.reduce((m, p) => Math.max(m, p.y), 0);
      return t('chart.seriesSummary', { label: s.label, last: f.number(last?.y ?? 0), peak: f.number(peak) });
    });
    if (markers.length > 0) parts.push(t('chart.markersSummary', { count: markers.length, list: markers.map((m) => `${m.label} (${f.dateTime(m.x)})`).join('; ') }));
    if (band?.points.some((p) => p.learning)) parts.push(t('chart.bandLearningSummary'));
    return parts.join(' ');
  }, [series, markers, band, f, t]);

  return (
    <figure
      className="ts-chart"
      data-testid={testId}
      data-points={series.reduce((n, s) => n + s.points.length, 0)}
      data-markers={markers.length}
      data-band-learning={band?.points.some((p) => p.learning) ? 'true' : undefined}
    >
      <div className="ts-chart__canvas" style={{ height }}>
        <canvas ref={canvasRef} role="img" aria-label={ariaLabel} />
      </div>
      <figcaption className="sr-only">{summary}</figcaption>
    </figure>
  );
}
