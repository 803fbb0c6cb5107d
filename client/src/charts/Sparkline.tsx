import { useMemo } from 'react';

export interface SparklineProps {
  values: number[];
  ariaLabel: string;
  width?: number;
  height?: number;
  /** Values of a second series drawn dashed on the same scale (e.g. negative posts). */
  secondary?: number[] | undefined;
}

function pathOf(values: number[], max: number, width: number, height: number): string {
  if (values.length === 0) return '';
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`)
    .join(' ');
}

/**
 * A tiny inline SVG trend for the wall's tiles: dozens of them update every second, which plain
 * SVG paths do far more cheaply than one chart.js instance each.
 */
export function Sparkline({ values, ariaLabel, width = 160, height = 36, secondary }: SparklineProps) {
  const { main, second } = useMemo(() => {
    const max = Math.max(1, ...values, ...(secondary ?? []));
    return { main: pathOf(values, max, width, height), second: secondary ? pathOf(secondary, max, width, height) : '' };
  }, [values, secondary, width, height]);
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={ariaLabel} preserveAspectRatio="none">
      <path d={main} className="sparkline__main" fill="none" />
      {second && <path d={second} className="sparkline__secondary" fill="none" />}
    </svg>
  );
}
