import { useCallback, useMemo, useRef, useState } from 'react';
import type { Alert, AlertsQuery } from '@siaga/shared';
import { useLiveEvents } from '../../live/LiveProvider';
import { useAlertsList } from './alertsApi';
import { matchesFilters } from './useAlertFilters';

/** The server's list, with the newer of two versions of an alert, plus changed alerts it no longer has, in its order. */
export function mergeChanged(server: Alert[], changed: ReadonlyMap<string, Alert>): Alert[] {
  if (changed.size === 0) return server;
  const newer = (a: Alert) => {
    const c = changed.get(a.id);
    return c && Date.parse(c.updatedAt) > Date.parse(a.updatedAt) ? c : a;
  };
  const ids = new Set(server.map((a) => a.id));
  const kept = [...changed.values()].filter((a) => !ids.has(a.id));
  const merged = server.map(newer);
  if (kept.length === 0) return merged;
  // Same order as the server: newest opened first, then by id.
  return [...merged, ...kept].sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/**
 * One inbox view's alerts: the loaded pages (without the duplicates that shifting cursors can
 * bring), merged with the alerts shown here that changed since, by this user (`remember` is fed the
 * action answers) or by anyone (live events). One that no longer belongs in this view stays in place
 * with its new state until `forgetChanges`: rows do not jump away under the cursor, and a colleague's
 * acknowledgement is seen as such rather than as a vanishing row.
 */
export function useLiveAlertList(query: AlertsQuery) {
  const list = useAlertsList(query);
  const serverAlerts = useMemo(() => {
    const seen = new Set<string>();
    const out: Alert[] = [];
    for (const page of list.data?.pages ?? []) {
      for (const alert of page.items) {
        if (seen.has(alert.id)) continue;
        seen.add(alert.id);
        out.push(alert);
      }
    }
    return out;
  }, [list.data]);

  const [changed, setChanged] = useState<ReadonlyMap<string, Alert>>(new Map());
  const alerts = useMemo(() => mergeChanged(serverAlerts, changed), [serverAlerts, changed]);
  // Read by `remember`, which stays stable: only alerts on screen are kept.
  const shownIds = useRef(new Set<string>());
  shownIds.current = new Set(alerts.map((a) => a.id));
  const remember = useCallback((alert: Alert) => {
    if (!shownIds.current.has(alert.id)) return;
    setChanged((old) => {
      const known = old.get(alert.id);
      if (known && Date.parse(known.updatedAt) > Date.parse(alert.updatedAt)) return old;
      const next = new Map(old);
      next.set(alert.id, alert);
      return next;
    });
  }, []);
  useLiveEvents((event) => {
    if (event.type === 'alert:updated') remember(event.alert);
    else if (event.type === 'escalation') remember(event.notice.alert);
  });
  const forgetChanges = useCallback(() => setChanged(new Map()), []);

  /** Shown alerts that no longer match this view (e.g. acknowledged in the "open" tab). */
  const moved = useMemo(() => alerts.filter((a) => !matchesFilters(a, query)), [alerts, query]);

  return { list, alerts, moved, remember, forgetChanges };
}

export type LiveAlertList = ReturnType<typeof useLiveAlertList>;
