import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AlertKind, AlertStatus, Severity, type Alert, type AlertsQuery, type UserSummary } from '@siaga/shared';
import { useFormat, type Formatter } from '../../lib/format';
import { useProgramsQuery } from '../../lib/programs';
import { isUuid } from '../../lib/url';
import { useNow } from '../../lib/useNow';
import { useLiveEvents } from '../../live/LiveProvider';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { hasRole } from '../../ui/RequireRole';
import { useAuth } from '../auth/useAuth';
import { ActionError, AlertActionButtons, AlertActionPanel, actionIds, type PanelKind } from './AlertActions';
import { RelativeTime, SeverityBadge, StatusBadge, formatMetric, formatScore } from './AlertBits';
import { useAlertsList } from './alertsApi';
import { NotifierControls } from './NotifierControls';
import { useAlertActionRunner, type AlertActionRunner } from './useAlertActionRunner';
import { useAlertCounts } from './useAlertCounts';
import './alerts.css';

const STATUSES = AlertStatus.options;

function parseEnum<T extends string>(options: readonly T[], value: string | null): T | undefined {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Keys typed into a field are text, not shortcuts. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}

function matchesFilters(alert: Alert, filters: AlertsQuery): boolean {
  return (
    (filters.status === undefined || alert.status === filters.status) &&
    (filters.programId === undefined || alert.programId === filters.programId) &&
    (filters.kind === undefined || alert.kind === filters.kind) &&
    (filters.severity === undefined || alert.severity === filters.severity)
  );
}

/** The server's list, with the newer of two versions of an alert, plus changed alerts it no longer has, in its order. */
function mergeChanged(server: Alert[], changed: ReadonlyMap<string, Alert>): Alert[] {
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

/** A live-region message; `seq` makes the same sentence announced twice in a row. */
interface Announcement {
  text: string;
  seq: number;
}

/**
 * The alert inbox: one tab per status (counts from `/api/alerts/counts`), filters kept in the URL
 * (`?status=&program=&kind=&severity=`, so other pages can link to a program's alerts), newest first
 * with "load more", and keyboard triage (j/k/a/r/Enter/?). New alerts and changes made by anyone
 * appear without reload: the live layer invalidates these lists on every alert event.
 */
export function AlertsPage() {
  const { t } = useTranslation(['alerts', 'common']);
  const { user } = useAuth();
  const f = useFormat();
  const navigate = useNavigate();
  usePageTitle(t('title'));
  const [params, setParams] = useSearchParams();
  const headingId = useId();
  const helpId = useId();

  const status = parseEnum(STATUSES, params.get('status')) ?? 'open';
  const programParam = params.get('program');
  const programId = isUuid(programParam) ? programParam : undefined;
  const kind = parseEnum(AlertKind.options, params.get('kind'));
  const severity = parseEnum(Severity.options, params.get('severity'));
  const filters = useMemo<AlertsQuery>(
    () => ({ status, ...(programId ? { programId } : {}), ...(kind ? { kind } : {}), ...(severity ? { severity } : {}) }),
    [status, programId, kind, severity],
  );
  const filtered = programId !== undefined || kind !== undefined || severity !== undefined;

  const list = useAlertsList(filters);
  const counts = useAlertCounts();
  const now = useNow(30_000);
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

  // Alerts shown here that changed since (by this user, or by anyone through live events). One that
  // no longer belongs in this tab stays in place with its new status until the user hides it or
  // changes the view: rows do not jump away under the cursor, and a colleague's acknowledgement is
  // seen as such rather than as a vanishing row.
  const [changed, setChanged] = useState<ReadonlyMap<string, Alert>>(new Map());
  const alerts = useMemo(() => mergeChanged(serverAlerts, changed), [serverAlerts, changed]);
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
  const moved = alerts.filter((a) => !matchesFilters(a, filters));

  const [announcement, setAnnouncement] = useState<Announcement>({ text: '', seq: 0 });
  const announce = useCallback((text: string) => setAnnouncement((old) => ({ text, seq: old.seq + 1 })), []);
  const runner = useAlertActionRunner(announce, remember);
  const canAct = hasRole(user?.role, 'analyst');

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [openPanel, setOpenPanel] = useState<{ alertId: string; panel: PanelKind } | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  const lastIndex = useRef(0);

  /** Changes some URL parameters at once (undefined removes one); a new list starts unselected. */
  const setParamsFrom = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
    setSelectedId(null);
    setOpenPanel(null);
    setChanged(new Map());
  };
  const setParam = (key: string, value: string | undefined) => setParamsFrom({ [key]: value });

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

  const acknowledge = useCallback((alert: Alert) => void runner.run(alert, { action: 'acknowledge', body: {} }), [runner]);
  const resolve = useCallback((alert: Alert) => void runner.run(alert, { action: 'resolve', body: {} }), [runner]);

  const togglePanel = useCallback((alertId: string, panel: PanelKind) => {
    setOpenPanel((old) => (old?.alertId === alertId && old.panel === panel ? null : { alertId, panel }));
  }, []);
  const openPanelRef = useRef(openPanel);
  openPanelRef.current = openPanel;
  const closePanel = useCallback(() => {
    const old = openPanelRef.current;
    setOpenPanel(null);
    // Back to the button that opened it, once the panel is gone.
    if (old) setTimeout(() => document.getElementById(actionIds(`alert-${old.alertId}`).button(old.panel))?.focus(), 0);
  }, []);

  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTypingTarget(e.target)) return;
    if (e.target instanceof Element && e.target.closest('.alert-panel')) return;
    const move = (delta: number) => {
      if (alerts.length === 0) return;
      const index = selected ? alerts.indexOf(selected) : -1;
      const next = index < 0 ? (delta > 0 ? 0 : alerts.length - 1) : Math.max(0, Math.min(alerts.length - 1, index + delta));
      select(alerts[next]!.id, true);
      // At the bottom of what is loaded, "next" fetches the following page.
      if (delta > 0 && next === alerts.length - 1 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
    };
    switch (e.key) {
      case 'j':
        move(1);
        break;
      case 'k':
        move(-1);
        break;
      case 'a':
        if (!selected) return;
        if (!canAct) announce(t('shortcuts.readOnly'));
        else if (selected.status === 'open') acknowledge(selected);
        break;
      case 'r':
        if (!selected) return;
        if (!canAct) announce(t('shortcuts.readOnly'));
        else if (selected.status !== 'resolved') resolve(selected);
        break;
      case 'Enter': {
        // Enter on a button or link inside a row does what that control does.
        const onRow = e.target instanceof HTMLTableRowElement && e.target.classList.contains('alert-row');
        const onNothing = e.target === document.body || e.target === document.getElementById('main');
        if (!selected || !(onRow || onNothing)) return;
        void navigate(`/alerts/${selected.id}`, { state: { inbox: params.toString() } });
        break;
      }
      case '?':
        setHelpOpen((open) => !open);
        break;
      case 'Escape':
        if (helpOpen) setHelpOpen(false);
        else if (openPanel) closePanel();
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKeyRef.current(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const onTabKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const index = STATUSES.indexOf(status);
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = (index + 1) % STATUSES.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + STATUSES.length) % STATUSES.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = STATUSES.length - 1;
    if (next === null) return;
    e.preventDefault();
    const nextStatus = STATUSES[next]!;
    setParam('status', nextStatus === 'open' ? undefined : nextStatus);
    document.getElementById(`alerts-tab-${nextStatus}`)?.focus();
  };

  const focusableId = selected?.id ?? alerts[0]?.id ?? null;
  const columns = canAct ? 8 : 7;

  return (
    <section className="page alerts-page" aria-labelledby={headingId} data-testid="alerts-page">
      <header className="alerts-page__header">
        <div>
          <h1 id={headingId} className="page__title">
            {t('title')}
          </h1>
          <p className="muted">{t('inbox.intro')}</p>
        </div>
        {user && <NotifierControls role={user.role} />}
      </header>

      <div role="tablist" aria-label={t('inbox.tabsLabel')} className="alerts-tabs" onKeyDown={onTabKeyDown}>
        {STATUSES.map((s) => {
          const count = s === 'resolved' ? undefined : counts.data?.[s];
          return (
            <button
              key={s}
              type="button"
              role="tab"
              id={`alerts-tab-${s}`}
              className="alerts-tab"
              aria-selected={s === status}
              aria-controls="alerts-tabpanel"
              tabIndex={s === status ? 0 : -1}
              onClick={() => setParam('status', s === 'open' ? undefined : s)}
              data-testid={`alerts-tab-${s}`}
            >
              {t(`common:alertStatus.${s}`)}
              {count !== undefined && (
                <span className="alerts-tab__count" title={t('inbox.tabCount', { count })} data-testid={`alerts-tab-${s}-count`}>
                  {f.number(count)}
                </span>
              )}
            </button>
          );
        })}
      </div>

      <div id="alerts-tabpanel" role="tabpanel" aria-labelledby={`alerts-tab-${status}`} className="alerts-panel">
        <Filters
          programId={programParam}
          kind={kind}
          severity={severity}
          onChange={setParam}
          onReset={() => setParamsFrom({ program: undefined, kind: undefined, severity: undefined })}
        />

        <div className="alerts-shortcuts">
          <p className="muted" id={`${helpId}-hint`}>
            {canAct ? t('shortcuts.hint') : t('shortcuts.hintReadOnly')}
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-expanded={helpOpen}
            aria-controls={helpId}
            onClick={() => setHelpOpen((open) => !open)}
            data-testid="alert-shortcuts-toggle"
          >
            <span aria-hidden="true">?</span> {t('shortcuts.show')}
          </button>
        </div>
        {helpOpen && <ShortcutHelp id={helpId} canAct={canAct} onClose={() => setHelpOpen(false)} />}

        <p className="sr-only" role="status" aria-live="polite" data-testid="alerts-announcer">
          <span key={announcement.seq}>{announcement.text}</span>
        </p>

        {list.isPending ? (
          <Loading label={t('inbox.loading')} />
        ) : list.isError && alerts.length === 0 ? (
          <ErrorMessage error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
        ) : alerts.length === 0 ? (
          <div className="empty" data-testid="alerts-empty">
            <p>{filtered ? t('inbox.emptyFiltered') : t(`inbox.empty.${status}`)}</p>
            {filtered && (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setParamsFrom({ program: undefined, kind: undefined, severity: undefined })}
              >
                {t('inbox.filters.reset')}
              </button>
            )}
          </div>
        ) : (
          <>
            {moved.length > 0 && (
              <div className="alerts-moved" data-testid="alerts-moved">
                <p className="muted">{t('inbox.movedSummary', { count: moved.length, status: t(`common:alertStatus.${status}`) })}</p>
                <button type="button" className="button button--secondary button--small" onClick={() => setChanged(new Map())} data-testid="alerts-hide-moved">
                  {t('inbox.hideMoved', { count: moved.length })}
                </button>
              </div>
            )}
            {list.isRefetchError && (
              <div className="notice notice--warning" role="status">
                {t('inbox.refreshFailed')}
              </div>
            )}
            <div className="table-scroll">
              <table className="table alerts-table" data-testid="alerts-table">
                <caption className="sr-only">
                  {t('inbox.caption', { status: t(`common:alertStatus.${status}`) })} · {t('inbox.shown', { count: alerts.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('inbox.columns.severity')}</th>
                    <th scope="col">{t('inbox.columns.alert')}</th>
                    <th scope="col">{t('inbox.columns.program')}</th>
                    <th scope="col">{t('inbox.columns.age')}</th>
                    <th scope="col">{t('inbox.columns.count')}</th>
                    <th scope="col">{t('inbox.columns.assignee')}</th>
                    <th scope="col">{t('inbox.columns.status')}</th>
                    {canAct && <th scope="col">{t('inbox.columns.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {alerts.map((alert) => (
                    <AlertRow
                      key={alert.id}
                      alert={alert}
                      selected={alert.id === selectedId}
                      moved={!matchesFilters(alert, filters)}
                      focusable={alert.id === focusableId}
                      now={now}
                      f={f}
                      me={user}
                      canAct={canAct}
                      columns={columns}
                      runner={runner}
                      panel={openPanel?.alertId === alert.id ? openPanel.panel : null}
                      inboxSearch={params.toString()}
                      rowRef={(el) => {
                        if (el) rowRefs.current.set(alert.id, el);
                        else rowRefs.current.delete(alert.id);
                      }}
                      onSelect={select}
                      onTogglePanel={togglePanel}
                      onClosePanel={closePanel}
                      onAcknowledge={acknowledge}
                      onResolve={resolve}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <div className="load-more">
              {list.hasNextPage ? (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => void list.fetchNextPage()}
                  disabled={list.isFetchingNextPage}
                  data-testid="alerts-load-more"
                >
                  {list.isFetchingNextPage ? t('inbox.loadingMore') : t('inbox.loadMore')}
                </button>
              ) : (
                <p className="muted">{t('inbox.end')}</p>
              )}
            </div>
            {list.isFetchNextPageError && <ErrorMessage error={list.error} onRetry={() => void list.fetchNextPage()} />}
          </>
        )}
      </div>
    </section>
  );
}

interface FiltersProps {
  programId: string | null;
  kind: AlertKind | undefined;
  severity: Severity | undefined;
  onChange(key: 'program' | 'kind' | 'severity', value: string | undefined): void;
  onReset(): void;
}

function Filters({ programId, kind, severity, onChange, onReset }: FiltersProps) {
  const { t } = useTranslation(['alerts', 'common']);
  const programs = useProgramsQuery();
  const programSelect = useId();
  const kindSelect = useId();
  const severitySelect = useId();
  const sorted = useMemo(() => [...(programs.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'id')), [programs.data]);
  const program = isUuid(programId) ? programId : null;
  const known = program === null || sorted.some((p) => p.id === program);
  const any = program !== null || kind !== undefined || severity !== undefined;

  return (
    <div className="toolbar alerts-filters" role="group" aria-label={t('inbox.filters.label')}>
      <div className="field field--inline">
        <label htmlFor={programSelect}>{t('inbox.filters.program')}</label>
        <select
          id={programSelect}
          value={program ?? ''}
          onChange={(e) => onChange('program', e.target.value || undefined)}
          aria-invalid={programs.isError || undefined}
          data-testid="alerts-filter-program"
        >
          <option value="">{t('inbox.filters.allPrograms')}</option>
          {!known && program !== null && <option value={program}>{programs.isPending ? t('common:app.loading') : t('inbox.filters.unknownProgram')}</option>}
          {sorted.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.active ? '' : ` (${t('inbox.filters.inactive')})`}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={kindSelect}>{t('inbox.filters.kind')}</label>
        <select id={kindSelect} value={kind ?? ''} onChange={(e) => onChange('kind', e.target.value || undefined)} data-testid="alerts-filter-kind">
          <option value="">{t('inbox.filters.allKinds')}</option>
          {AlertKind.options.map((k) => (
            <option key={k} value={k}>
              {t(`common:alertKind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={severitySelect}>{t('inbox.filters.severity')}</label>
        <select
          id={severitySelect}
          value={severity ?? ''}
          onChange={(e) => onChange('severity', e.target.value || undefined)}
          data-testid="alerts-filter-severity"
        >
          <option value="">{t('inbox.filters.allSeverities')}</option>
          {Severity.options.map((s) => (
            <option key={s} value={s}>
              {t(`common:severity.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {any && (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={onReset}
          data-testid="alerts-filter-reset"
        >
          {t('inbox.filters.reset')}
        </button>
      )}
    </div>
  );
}

function ShortcutHelp({ id, canAct, onClose }: { id: string; canAct: boolean; onClose(): void }) {
  const { t } = useTranslation(['alerts', 'common']);
  const headingId = useId();
  const ref = useRef<HTMLElement>(null);
  // Focus goes to the help and, when it closes, back to where it was.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const help = ref.current;
    help?.focus();
    return () => {
      if (previous?.isConnected && (document.activeElement === null || document.activeElement === document.body || help?.contains(document.activeElement))) previous.focus();
    };
  }, []);
  const keys: Array<[string, string]> = [
    ['j', t('shortcuts.next')],
    ['k', t('shortcuts.prev')],
    ...(canAct
      ? ([
          ['a', t('shortcuts.acknowledge')],
          ['r', t('shortcuts.resolve')],
        ] as Array<[string, string]>)
      : []),
    ['Enter', t('shortcuts.open')],
    ['?', t('shortcuts.help')],
    ['Esc', t('shortcuts.escape')],
  ];
  return (
    <section id={id} ref={ref} className="alerts-help" aria-labelledby={headingId} tabIndex={-1} data-testid="alert-shortcuts-help">
      <div className="alert-panel__header">
        <h2 id={headingId} className="alert-panel__title">
          {t('shortcuts.title')}
        </h2>
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </div>
      <dl className="alerts-help__list">
        {keys.map(([key, text]) => (
          <div key={key} className="alerts-help__item">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('shortcuts.ignored')}</p>
      {!canAct && <p className="muted">{t('shortcuts.readOnly')}</p>}
    </section>
  );
}

interface RowProps {
  alert: Alert;
  selected: boolean;
  /** Changed while shown and no longer matches this view (e.g. acknowledged in the "open" tab). */
  moved: boolean;
  focusable: boolean;
  now: number;
  f: Formatter;
  me: UserSummary | null;
  canAct: boolean;
  columns: number;
  runner: AlertActionRunner;
  panel: PanelKind | null;
  inboxSearch: string;
  rowRef(el: HTMLTableRowElement | null): void;
  onSelect(id: string, focus: boolean): void;
  onTogglePanel(alertId: string, panel: PanelKind): void;
  onClosePanel(): void;
  onAcknowledge(alert: Alert): void;
  onResolve(alert: Alert): void;
}

function AlertRow({
  alert,
  selected,
  moved,
  focusable,
  now,
  f,
  me,
  canAct,
  columns,
  runner,
  panel,
  inboxSearch,
  rowRef,
  onSelect,
  onTogglePanel,
  onClosePanel,
  onAcknowledge,
  onResolve,
}: RowProps) {
  const { t } = useTranslation(['alerts', 'common']);
  const idPrefix = `alert-${alert.id}`;
  const titleId = `${idPrefix}-title`;
  const state = runner.stateOf(alert.id);
  const peak = formatMetric(f, alert.kind, alert.peakObserved);
  const extra = canAct && me !== null && (panel !== null || state.error !== null);

  return (
    <>
      <tr
        ref={rowRef}
        className={`alert-row alert-row--${alert.severity}${selected ? ' alert-row--selected' : ''}${moved ? ' alert-row--moved' : ''}`}
        tabIndex={focusable ? 0 : -1}
        aria-selected={selected}
        onFocus={() => {
          if (!selected) onSelect(alert.id, false);
        }}
        onClick={() => {
          if (!selected) onSelect(alert.id, false);
        }}
        data-testid="alert-row"
        data-alert-id={alert.id}
        data-status={alert.status}
        data-severity={alert.severity}
        data-moved={moved || undefined}
      >
        <td>
          <SeverityBadge severity={alert.severity} />
        </td>
        <th scope="row" className="alert-row__title">
          <Link to={`/alerts/${alert.id}`} state={{ inbox: inboxSearch }} id={titleId} className="alert-row__link" data-testid="alert-open">
            {t(`common:alertKind.${alert.kind}`)}
            <span className="sr-only"> — {alert.programName}</span>
          </Link>
          <span className="alert-row__explain" dir="auto">
            {alert.explanation.text}
          </span>
        </th>
        <td data-testid="alert-program">
          <bdi>{alert.programName}</bdi>
        </td>
        <td className="alert-row__age">
          <RelativeTime value={alert.openedAt} now={now} f={f} testId="alert-age" />
        </td>
        <td title={t('inbox.countTitle', { count: alert.count, peak, score: formatScore(f, alert.peakScore) })} data-testid="alert-count">
          {t('inbox.countPeak', { count: alert.count, peak })}
        </td>
        <td data-testid="alert-assignee">{alert.assigneeName ? <bdi>{alert.assigneeName}</bdi> : <span className="muted">{t('inbox.unassigned')}</span>}</td>
        <td>
          <StatusBadge status={alert.status} />
          {alert.escalationLevel > 0 && (
            <span className="alert-escalation" data-testid="alert-escalation">
              <span aria-hidden="true">⇪</span> {t('inbox.escalated', { level: alert.escalationLevel })}
            </span>
          )}
          {moved && <span className="alert-row__moved">{t('inbox.movedRow')}</span>}
        </td>
        {canAct && (
          <td className="alert-row__actions">
            <AlertActionButtons
              alert={alert}
              state={state}
              panel={panel}
              idPrefix={idPrefix}
              describedBy={titleId}
              onTogglePanel={(p) => onTogglePanel(alert.id, p)}
              onAcknowledge={() => onAcknowledge(alert)}
              onResolve={() => onResolve(alert)}
            />
          </td>
        )}
      </tr>
      {extra && (
        <tr className="alert-row__extra" data-alert-id={alert.id}>
          <td colSpan={columns}>
            <ActionError state={state} onDismiss={() => runner.clearError(alert.id)} />
            {panel && me && <AlertActionPanel alert={alert} panel={panel} runner={runner} me={me} idPrefix={idPrefix} onClose={onClosePanel} />}
          </td>
        </tr>
      )}
    </>
  );
}
