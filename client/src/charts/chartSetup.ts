import {
  BarController,
  BarElement,
  Chart,
  Filler,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';

// Only the pieces we draw with: keeps chart.js's share of the first-load bundle small.
Chart.register(LineController, BarController, LineElement, BarElement, PointElement, LinearScale, Filler, Tooltip);

export { Chart };
export type { Plugin };

/** Reads the theme's CSS variables, so the wall's dark mode recolors the charts too. */
export function cssColor(element: Element, name: string, fallback: string): string {
  const value = getComputedStyle(element).getPropertyValue(name).trim();
  return value || fallback;
}

/** Whether a canvas can be drawn on (jsdom and some locked-down browsers cannot). */
export function canDraw(canvas: HTMLCanvasElement): boolean {
  try {
    return canvas.getContext('2d') !== null;
  } catch {
    return false;
  }
}
