import type { Alert, OverviewProgram, Severity } from '@siaga/shared';

export type TileStatus = Severity | 'calm';

export const STATUS_RANK: Record<TileStatus, number> = { critical: 3, warning: 2, info: 1, calm: 0 };
const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

export function tileStatus(worst: Severity | null): TileStatus {
  return worst ?? 'calm';
}

/** Share of negative posts in the last hour, 0..1; null when the hour had no posts. */
export function negativeShare(lastHour: OverviewProgram['lastHour']): number | null {
  return lastHour.volume > 0 ? lastHour.negative / lastHour.volume : null;
}

/**
 * The one open alert a tile links to per program: the most severe, then the newest. The list is
 * the first page of open alerts (newest first), which is plenty for one alert per program.
 */
export function openAlertByProgram(alerts: readonly Alert[]): Map<string, Alert> {
  const byProgram = new Map<string, Alert>();
  for (const alert of alerts) {
    if (alert.status !== 'open' || alert.programId === null) continue;
    const current = byProgram.get(alert.programId);
    if (
      !current ||
      SEVERITY_RANK[alert.severity] > SEVERITY_RANK[current.severity] ||
      (alert.severity === current.severity && Date.parse(alert.openedAt) > Date.parse(current.openedAt))
    ) {
      byProgram.set(alert.programId, alert);
    }
  }
  return byProgram;
}

/**
 * Worst first, then by last-hour volume (steadier than the current minute, so tiles do not swap
 * places every second), then by name for a stable order.
 */
export function sortTiles(programs: readonly OverviewProgram[], names: ReadonlyMap<string, string>): OverviewProgram[] {
  return [...programs].sort((a, b) => {
    const bySeverity = STATUS_RANK[tileStatus(b.worstSeverity)] - STATUS_RANK[tileStatus(a.worstSeverity)];
    if (bySeverity !== 0) return bySeverity;
    const byVolume = b.lastHour.volume - a.lastHour.volume;
    if (byVolume !== 0) return byVolume;
    return (names.get(a.programId) ?? a.programId).localeCompare(names.get(b.programId) ?? b.programId, 'id');
  });
}

/** What the page needs from the tiles besides drawing them: their order and statuses. */
export interface TileOrder {
  ids: string[];
  statuses: TileStatus[];
}

export function tileOrder(programs: readonly OverviewProgram[], names: ReadonlyMap<string, string>): TileOrder {
  const sorted = sortTiles(programs, names);
  return { ids: sorted.map((p) => p.programId), statuses: sorted.map((p) => tileStatus(p.worstSeverity)) };
}

/**
 * The program the main chart shows when the user picked none: the worst tile. It stays put while
 * it remains among the worst (same status as the top tile), so two programs of similar volume do
 * not make the chart flip back and forth.
 */
export function defaultProgram(order: TileOrder, previous: string | null): string | null {
  const top = order.ids[0];
  if (top === undefined) return null;
  if (previous !== null) {
    const index = order.ids.indexOf(previous);
    if (index >= 0 && order.statuses[index] === order.statuses[0]) return previous;
  }
  return top;
}

/** Programs with an open alert, in tile order: what wall mode rotates through. */
export function rotationCandidates(order: TileOrder, openAlerts: ReadonlyMap<string, Alert>): string[] {
  return order.ids.filter((id) => openAlerts.has(id));
}
