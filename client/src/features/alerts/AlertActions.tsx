import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert, UserSummary } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { useProgramSnooze } from '../../lib/programs';
import { fromWallTime, toWallTime } from '../../lib/zonedTime';
import { hasRole } from '../../ui/RequireRole';
import { useAssignableUsers } from './alertsApi';
import type { ActionState, AlertActionRunner } from './useAlertActionRunner';

export type PanelKind = 'assign' | 'snooze' | 'note';

/** Element ids of an alert's action controls, so focus can return to the button that opened a panel. */
export function actionIds(prefix: string) {
  return {
    button: (panel: PanelKind) => `${prefix}-${panel}`,
    panel: (panel: PanelKind) => `${prefix}-${panel}-panel`,
  };
}

interface ButtonsProps {
  alert: Alert;
  state: ActionState;
  panel: PanelKind | null;
  idPrefix: string;
  /** Id of the element naming the alert, so "Acknowledge" is announced with which alert. */
  describedBy?: string;
  onTogglePanel(panel: PanelKind): void;
  onAcknowledge(): void;
  onResolve(): void;
}

/** The action buttons of one alert; only rendered for analysts and above. */
export function AlertActionButtons({ alert, state, panel, idPrefix, describedBy, onTogglePanel, onAcknowledge, onResolve }: ButtonsProps) {
  const { t } = useTranslation(['alerts', 'common']);
  const ids = actionIds(idPrefix);
  const busy = state.pending !== null;
  const toggle = (kind: PanelKind, label: string, testId: string) => (
    <button
      type="button"
      id={ids.button(kind)}
      className="button button--secondary button--small"
      aria-expanded={panel === kind}
      aria-controls={panel === kind ? ids.panel(kind) : undefined}
      aria-describedby={describedBy}
      onClick={() => onTogglePanel(kind)}
      data-testid={testId}
    >
      {label}
    </button>
  );
  return (
    <div className="alert-actions" role="group" aria-label={t('actions.label')} aria-busy={busy || undefined}>
      {alert.status === 'open' && (
        <button
          type="button"
          className="button button--primary button--small"
          onClick={onAcknowledge}
          disabled={busy}
          aria-describedby={describedBy}
          data-testid="alert-ack"
        >
          {state.pending === 'acknowledge' ? t('actions.acknowledging') : t('actions.acknowledge')}
        </button>
      )}
      {alert.status !== 'resolved' && (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={onResolve}
          disabled={busy}
          aria-describedby={describedBy}
          data-testid="alert-resolve"
        >
          {state.pending === 'resolve' ? t('actions.resolving') : t('actions.resolve')}
        </button>
      )}
      {alert.status !== 'resolved' && toggle('assign', t('actions.assign'), 'alert-assign')}
      {toggle('snooze', t('actions.snooze'), 'alert-snooze')}
      {toggle('note', t('actions.note'), 'alert-note')}
    </div>
  );
}

/** The inline error of the last failed action, next to the alert it concerns. */
export function ActionError({ state, onDismiss }: { state: ActionState; onDismiss(): void }) {
  const { t } = useTranslation(['alerts', 'common']);
  if (!state.error) return null;
  return (
    <div className="notice notice--error alert-action-error" role="alert" data-testid="alert-action-error" data-action={state.error.action}>
      <p className="notice__text">{state.error.message}</p>
      <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
        {t('actions.close')}
      </button>
    </div>
  );
}

interface PanelProps {
  alert: Alert;
  panel: PanelKind;
  runner: AlertActionRunner;
  me: UserSummary;
  idPrefix: string;
  onClose(): void;
}

/** The form behind the assign / snooze / note buttons. */
export function AlertActionPanel({ alert, panel, runner, me, idPrefix, onClose }: PanelProps) {
  switch (panel) {
    case 'assign':
      return <AssignPanel alert={alert} runner={runner} me={me} id={actionIds(idPrefix).panel('assign')} onClose={onClose} />;
    case 'snooze':
      return <SnoozePanel alert={alert} runner={runner} id={actionIds(idPrefix).panel('snooze')} onClose={onClose} />;
    case 'note':
      return <NotePanel alert={alert} runner={runner} id={actionIds(idPrefix).panel('note')} onClose={onClose} />;
  }
}

function PanelFrame({ id, title, onClose, children, testId }: { id: string; title: string; onClose(): void; children: ReactNode; testId: string }) {
  const { t } = useTranslation(['alerts', 'common']);
  const headingId = useId();
  const ref = useRef<HTMLDivElement>(null);

  // Keyboard users land in the form they just opened.
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input:not([type=hidden]):not(:disabled), select, textarea, button:not([data-panel-close])')?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div id={id} ref={ref} className="alert-panel" role="group" aria-labelledby={headingId} onKeyDown={onKeyDown} data-testid={testId}>
      <div className="alert-panel__header">
        <h3 id={headingId} className="alert-panel__title">
          {title}
        </h3>
        <button type="button" className="button button--secondary button--small" onClick={onClose} data-panel-close="">
          {t('actions.close')}
        </button>
      </div>
      {children}
    </div>
  );
}

function AssignPanel({ alert, runner, me, id, onClose }: { alert: Alert; runner: AlertActionRunner; me: UserSummary; id: string; onClose(): void }) {
  const { t } = useTranslation(['alerts', 'common']);
  // Supervisors and admins give alerts to anyone; an analyst takes a free one or lets go of their own.
  const isLead = hasRole(me.role, 'supervisor');
  const users = useAssignableUsers(isLead);
  const [userId, setUserId] = useState(alert.assigneeId ?? '');
  const selectId = useId();
  const pending = runner.stateOf(alert.id).pending === 'assign';
  const mine = alert.assigneeId === me.id;

  const assign = async (target: string | null) => {
    if (await runner.run(alert, { action: 'assign', body: { userId: target } })) onClose();
  };

  return (
    <PanelFrame id={id} title={t('assign.title')} onClose={onClose} testId="alert-assign-panel">
      <p className="alert-panel__text">{alert.assigneeName ? t('assign.current', { name: alert.assigneeName }) : t('assign.none')}</p>
      <div className="alert-panel__row">
        <button
          type="button"
          className="button button--primary button--small"
          disabled={pending || mine || (!isLead && alert.assigneeId !== null)}
          onClick={() => void assign(me.id)}
          data-testid="alert-assign-me"
        >
          {t('assign.toMe')}
        </button>
        {alert.assigneeId !== null && (isLead || mine) && (
          <button type="button" className="button button--secondary button--small" disabled={pending} onClick={() => void assign(null)} data-testid="alert-unassign">
            {t('assign.unassign')}
          </button>
        )}
      </div>
      {!isLead && alert.assigneeId !== null && !mine && <p className="alert-panel__text muted">{t('assign.leadOnly')}</p>}
      {isLead && (
        <form
          className="alert-panel__row"
          onSubmit={(e) => {
            e.preventDefault();
            if (userId) void assign(userId);
          }}
        >
          <div className="field field--inline">
            <label htmlFor={selectId}>{t('assign.user')}</label>
            <select
              id={selectId}
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
              disabled={users.isPending}
              aria-invalid={users.isError || undefined}
              data-testid="alert-assign-user"
            >
              <option value="">{users.isPending ? t('assign.loadingUsers') : t('assign.choose')}</option>
              {(users.data ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.id === me.id ? t('assign.you', { name: u.name || u.email }) : u.name || u.email} · {t(`common:roles.${u.role}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary button--small" disabled={pending || !userId || userId === alert.assigneeId} data-testid="alert-assign-submit">
            {t('assign.submit')}
          </button>
          {users.isError && (
            <p className="alert-panel__error" role="alert">
              {t('assign.usersFailed')}
            </p>
          )}
        </form>
      )}
    </PanelFrame>
  );
}

type Preset = 'h1' | 'h4' | 'h24' | 'custom';
const PRESET_HOURS: Record<Exclude<Preset, 'custom'>, number> = { h1: 1, h4: 4, h24: 24 };
const PRESETS: Preset[] = ['h1', 'h4', 'h24', 'custom'];
const MAX_SNOOZE_MS = 30 * 24 * 3_600_000;

function SnoozePanel({ alert, runner, id, onClose }: { alert: Alert; runner: AlertActionRunner; id: string; onClose(): void }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const snooze = useProgramSnooze(alert.programId);
  const [preset, setPreset] = useState<Preset>('h1');
  const [custom, setCustom] = useState(() => toWallTime(Date.now() + 2 * 3_600_000, f.timeZone));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const name = useId();
  const customId = useId();
  const reasonId = useId();
  const reasonHintId = useId();
  const errorId = useId();
  const state = runner.stateOf(alert.id);

  const untilMs = (now: number): number | null => (preset === 'custom' ? fromWallTime(custom, f.timeZone) : now + PRESET_HOURS[preset] * 3_600_000);
  const preview = untilMs(Date.now());
  const activeUntil = snooze.data?.until ?? null;

  const submit = async () => {
    const now = Date.now();
    const until = untilMs(now);
    if (until === null) return setError(t('snooze.errors.invalid'));
    if (until <= now) return setError(t('snooze.errors.past'));
    if (until - now > MAX_SNOOZE_MS) return setError(t('snooze.errors.tooFar'));
    setError(null);
    const trimmed = reason.trim();
    const ok = await runner.snooze(alert, { until: new Date(until).toISOString(), ...(trimmed ? { reason: trimmed } : {}) });
    if (ok) onClose();
  };

  return (
    <PanelFrame id={id} title={t('snooze.title', { program: alert.programName })} onClose={onClose} testId="alert-snooze-panel">
      <p className="alert-panel__text muted">{t('snooze.explain')}</p>
      {activeUntil && (
        <div className="notice notice--info alert-panel__snoozed" data-testid="alert-snooze-active">
          <p>{t('snooze.active', { time: f.dateTime(activeUntil) })}</p>
          {snooze.data?.reason && <p dir="auto">{t('snooze.activeReason', { reason: snooze.data.reason })}</p>}
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={state.pending !== null}
            onClick={() => void runner.unsnooze(alert)}
            data-testid="alert-unsnooze"
          >
            {state.pending === 'unsnooze' ? t('snooze.ending') : t('snooze.end')}
          </button>
        </div>
      )}
      <form
        className="alert-panel__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="alert-panel__fieldset">
          <legend>{t('snooze.duration')}</legend>
          <div className="alert-panel__row">
            {PRESETS.map((p) => (
              <label key={p} className="alert-panel__choice">
                <input type="radio" name={name} value={p} checked={preset === p} onChange={() => setPreset(p)} data-testid={`alert-snooze-${p}`} />{' '}
                {t(`snooze.presets.${p}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {preset === 'custom' && (
          <div className="field">
            <label htmlFor={customId}>{t('snooze.until', { zone: f.zoneLabel })}</label>
            <input
              id={customId}
              type="datetime-local"
              value={custom}
              min={toWallTime(Date.now(), f.timeZone)}
              max={toWallTime(Date.now() + MAX_SNOOZE_MS, f.timeZone)}
              onChange={(e) => setCustom(e.target.value)}
              aria-invalid={error !== null || undefined}
              aria-describedby={error ? errorId : undefined}
              data-testid="alert-snooze-until"
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={reasonId}>{t('snooze.reason')}</label>
          <input
            id={reasonId}
            type="text"
            value={reason}
            maxLength={1000}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={reasonHintId}
            data-testid="alert-snooze-reason"
          />
          <span id={reasonHintId} className="muted">
            {t('snooze.reasonHint')}
          </span>
        </div>
        {preview !== null && <p className="alert-panel__text">{t('snooze.preview', { time: f.dateTime(preview) })}</p>}
        {error && (
          <p id={errorId} className="alert-panel__error" role="alert">
            {error}
          </p>
        )}
        <div className="alert-panel__row">
          <button type="submit" className="button button--primary button--small" disabled={state.pending !== null} data-testid="alert-snooze-submit">
            {state.pending === 'snooze' ? t('snooze.submitting') : t('snooze.submit')}
          </button>
        </div>
      </form>
    </PanelFrame>
  );
}

const MAX_NOTE = 5_000;

function NotePanel({ alert, runner, id, onClose }: { alert: Alert; runner: AlertActionRunner; id: string; onClose(): void }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fieldId = useId();
  const hintId = useId();
  const errorId = useId();
  const pending = runner.stateOf(alert.id).pending === 'notes';

  const submit = async () => {
    const trimmed = text.trim();
    if (!trimmed) return setError(t('note.empty'));
    if (trimmed.length > MAX_NOTE) return setError(t('note.tooLong', { max: f.number(MAX_NOTE) }));
    setError(null);
    if (await runner.run(alert, { action: 'notes', body: { text: trimmed } })) onClose();
  };

  return (
    <PanelFrame id={id} title={t('note.title')} onClose={onClose} testId="alert-note-panel">
      <form
        className="alert-panel__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor={fieldId}>{t('note.label')}</label>
          <textarea
            id={fieldId}
            className="alert-panel__textarea"
            value={text}
            rows={3}
            maxLength={MAX_NOTE}
            dir="auto"
            onChange={(e) => setText(e.target.value)}
            aria-invalid={error !== null || undefined}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            data-testid="alert-note-text"
          />
          <span id={hintId} className="muted">
            {t('note.hint')} {t('note.remaining', { count: MAX_NOTE - text.length })}
          </span>
        </div>
        {error && (
          <p id={errorId} className="alert-panel__error" role="alert">
            {error}
          </p>
        )}
        <div className="alert-panel__row">
          <button type="submit" className="button button--primary button--small" disabled={pending} data-testid="alert-note-submit">
            {pending ? t('note.submitting') : t('note.submit')}
          </button>
        </div>
      </form>
    </PanelFrame>
  );
}
