import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert } from '@siaga/shared';

/**
 * The selected row of a list of alerts, with roving focus: rows register their element, `select`
 * can move focus there, and `focusableId` is the one row in the tab order.
 */
export function useAlertSelection(alerts: Alert[]) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  // Where the selection was, so a row that leaves can hand it to the row now in its place.
  const lastIndex = useRef(0);

  const select = useCallback(
    (id: string, focus: boolean) => {
      setSelectedId(id);
      const index = alerts.findIndex((a) => a.id === id);
      if (index >= 0) lastIndex.current = index;
      if (focus) rowRefs.current.get(id)?.focus();
    },
    [alerts],
  );

  // When the selected alert leaves the list (acknowledged out of the "open" tab, say), the selection
  // moves to the alert now in its place, and so does focus if it was on the row that left.
  useEffect(() => {
    if (selectedId === null || alerts.some((a) => a.id === selectedId)) return;
    const replacement = alerts[Math.min(lastIndex.current, alerts.length - 1)];
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    setSelectedId(replacement?.id ?? null);
    if (replacement && focusLost) rowRefs.current.get(replacement.id)?.focus();
  }, [alerts, selectedId]);

  const selected = alerts.find((a) => a.id === selectedId) ?? null;

  /** The ref callback of one row. */
  const rowRef = (id: string) => (el: HTMLTableRowElement | null) => {
    if (el) rowRefs.current.set(id, el);
    else rowRefs.current.delete(id);
  };

  const clear = useCallback(() => setSelectedId(null), []);

  return { selectedId, selected, focusableId: selected?.id ?? alerts[0]?.id ?? null, select, rowRef, clear };
}

export type AlertSelection = ReturnType<typeof useAlertSelection>;
