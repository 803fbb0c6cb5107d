import { useCallback, useRef } from 'react';
import type { Alert } from '@siaga/shared';

export interface FocusAfterActionOptions {
  /** Whether `active` belongs to the alert acted on (its row, its action buttons). */
  owns(active: Element, alert: Alert): boolean;
  /** Puts focus where the work goes on after `alert` (the next row, a heading). */
  moveFocus(alert: Alert): void;
}

/**
 * Acknowledge and Resolve remove the button that was pressed, and focus would fall to `<body>`
 * (WCAG 2.4.3). Wrapping an action's promise with the returned function moves focus on once the
 * server accepted it, if focus was still on that alert or already lost; focus the user put elsewhere
 * meanwhile stays, and a failed action keeps its button, next to its error.
 */
export function useFocusAfterAction(options: FocusAfterActionOptions): (alert: Alert, action: Promise<boolean>) => Promise<void> {
  // The answer arrives renders later: use the options of the latest render (the latest rows).
  const latest = useRef(options);
  latest.current = options;
  return useCallback(async (alert: Alert, action: Promise<boolean>) => {
    if (!(await action)) return;
    const active = document.activeElement;
    const lost = active === null || active === document.body || !active.isConnected;
    if (lost || latest.current.owns(active, alert)) latest.current.moveFocus(alert);
  }, []);
}

/** Whether `active` is in one of the inbox rows of `alert` (its row or the row under it). */
export function inAlertRow(active: Element, alert: Alert): boolean {
  return active.closest('tr[data-alert-id]')?.getAttribute('data-alert-id') === alert.id;
}
