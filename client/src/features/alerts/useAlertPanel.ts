import { useCallback, useRef, useState } from 'react';
import { actionIds, type PanelKind } from './AlertActions';

export interface OpenPanel {
  alertId: string;
  panel: PanelKind;
}

/** The one action panel (assign, snooze, note…) open under a row of the inbox, if any. */
export function useAlertPanel() {
  const [open, setOpen] = useState<OpenPanel | null>(null);

  const toggle = useCallback((alertId: string, panel: PanelKind) => {
    setOpen((old) => (old?.alertId === alertId && old.panel === panel ? null : { alertId, panel }));
  }, []);

  // Read through a ref so that `close` is one function for the life of the page.
  const openRef = useRef(open);
  openRef.current = open;
  const close = useCallback(() => {
    const old = openRef.current;
    setOpen(null);
    // Back to the button that opened it, once the panel is gone.
    if (old) setTimeout(() => document.getElementById(actionIds(`alert-${old.alertId}`).button(old.panel))?.focus(), 0);
  }, []);

  /** Closes without moving focus: for a new view, where that button may be gone. */
  const reset = useCallback(() => setOpen(null), []);

  /** The panel open under this alert's row. */
  const of = (alertId: string): PanelKind | null => (open?.alertId === alertId ? open.panel : null);

  return { open, of, toggle, close, reset };
}

export type AlertPanel = ReturnType<typeof useAlertPanel>;
