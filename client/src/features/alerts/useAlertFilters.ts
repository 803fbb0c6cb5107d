import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { AlertKind, AlertStatus, Severity, type Alert, type AlertsQuery } from '@siaga/shared';
import { isUuid } from '../../lib/url';

/** The inbox tabs, in order. */
export const STATUSES = AlertStatus.options;

/** URL parameters of the filters other than the tab; reset together. */
export const FILTER_PARAMS = { program: undefined, kind: undefined, severity: undefined } as const;

/** URL parameter changes: a value sets it, undefined or '' removes it. */
export type ParamChanges = Record<string, string | undefined>;

export interface AlertFilters {
  status: AlertStatus;
  /** The raw `?program=`, kept even when it is not a UUID so the filter bar can show it. */
  programParam: string | null;
  kind: AlertKind | undefined;
  severity: Severity | undefined;
  /** The list request of this view. */
  query: AlertsQuery;
  /** True when something other than the tab narrows the list. */
  filtered: boolean;
  /** The URL search of this view, handed to the detail page so "back" returns to it. */
  search: string;
  update(changes: ParamChanges): void;
}

function parseEnum<T extends string>(options: readonly T[], value: string | null): T | undefined {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function matchesFilters(alert: Alert, filters: AlertsQuery): boolean {
  return (
    (filters.status === undefined || alert.status === filters.status) &&
    (filters.programId === undefined || alert.programId === filters.programId) &&
    (filters.kind === undefined || alert.kind === filters.kind) &&
    (filters.severity === undefined || alert.severity === filters.severity)
  );
}

/**
 * The inbox view kept in the URL (`?status=&program=&kind=&severity=`), so other pages can link to
 * a program's alerts; unknown values read as "no filter" and the default tab is "open".
 */
export function useAlertFilters(): AlertFilters {
  const [params, setParams] = useSearchParams();
  const status = parseEnum(STATUSES, params.get('status')) ?? 'open';
  const programParam = params.get('program');
  const programId = isUuid(programParam) ? programParam : undefined;
  const kind = parseEnum(AlertKind.options, params.get('kind'));
  const severity = parseEnum(Severity.options, params.get('severity'));
  const query = useMemo<AlertsQuery>(
    () => ({ status, ...(programId ? { programId } : {}), ...(kind ? { kind } : {}), ...(severity ? { severity } : {}) }),
    [status, programId, kind, severity],
  );

  const update = (changes: ParamChanges) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    // Replace: filtering is not navigation, so "back" leaves the inbox.
    setParams(next, { replace: true });
  };

  return {
    status,
    programParam,
    kind,
    severity,
    query,
    filtered: programId !== undefined || kind !== undefined || severity !== undefined,
    search: params.toString(),
    update,
  };
}
