import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Severity, type EscalationPolicy, type EscalationStep } from '@siaga/shared';
import { isApiError } from '../../api';
import { i18n } from '../../i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { fetchEscalationPolicy, saveEscalationPolicy } from './api';
import { programsKeys } from './queries';
import { Icon } from '../../ui/Icon';

/** The shared schema's limits (`EscalationStep`, `EscalationPolicy`). */
const MAX_STEPS = 10;
const MAX_MINUTES = 7 * 24 * 60;
const ROLES = ['analyst', 'supervisor', 'admin'] as const satisfies readonly EscalationStep['role'][];
const SEVERITIES = Severity.options;

type StepRole = EscalationStep['role'];
type MinutesError = 'required' | 'notInteger' | 'range' | 'order';

interface DraftStep {
  /** Stable React key while rows move. */
  key: number;
  afterMinutes: string;
  role: StepRole;
  minSeverity: Severity;
}

let nextKey = 1;
const toDraft = (steps: readonly EscalationStep[]): DraftStep[] =>
  steps.map((s) => ({ key: nextKey++, afterMinutes: String(s.afterMinutes), role: s.role, minSeverity: s.minSeverity }));

function minutesOf(raw: string): number | null {
  if (!/^\d+$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/** Per-row problems, mirroring the server: whole minutes within a week, in order of time. */
function validate(steps: readonly DraftStep[]): (MinutesError | null)[] {
  let previous = -1;
  return steps.map((step) => {
    const raw = step.afterMinutes.trim();
    if (raw === '') return 'required';
    const minutes = minutesOf(raw);
    if (minutes === null) return 'notInteger';
    if (minutes > MAX_MINUTES) return 'range';
    if (minutes < previous) return 'order';
    previous = minutes;
    return null;
  });
}

function sameSteps(draft: readonly DraftStep[], saved: readonly EscalationStep[] | undefined): boolean {
  if (!saved) return draft.length === 0;
  return (
    draft.length === saved.length &&
    draft.every((d, i) => {
      const s = saved[i]!;
      return minutesOf(d.afterMinutes) === s.afterMinutes && d.role === s.role && d.minSeverity === s.minSeverity;
    })
  );
}

/** Row indexes the server named in a refused save (`steps.2.afterMinutes`). */
function serverRowErrors(error: unknown): Set<number> {
  const rows = new Set<number>();
  if (!isApiError(error) || !Array.isArray(error.details)) return rows;
  for (const issue of error.details as unknown[]) {
    const path = (issue as { path?: unknown } | null)?.path;
    const match = typeof path === 'string' ? /^steps\.(\d+)/.exec(path) : null;
    if (match) rows.add(Number(match[1]));
  }
  return rows;
}

interface EscalationPolicyEditorProps {
  programId: string;
  canEdit: boolean;
  onDirtyChange?(dirty: boolean): void;
}

/**
 * Who hears about an alert nobody has acknowledged, and when: an ordered list of steps, each
 * reaching a role after so many minutes for alerts of a severity or above. Saved on its own.
 */
export function EscalationPolicyEditor({ programId, canEdit, onDirtyChange }: EscalationPolicyEditorProps) {
  const { t } = useTranslation('programs');
  const { t: tc } = useTranslation();
  const headingId = useId();
  const queryClient = useQueryClient();
  const policy = useQuery({
    queryKey: programsKeys.escalation(programId),
    queryFn: ({ signal }) => fetchEscalationPolicy(programId, signal),
  });
  const [draft, setDraft] = useState<DraftStep[] | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [savedNotice, setSavedNotice] = useState(false);
  const firstInvalid = useRef<HTMLInputElement | null>(null);
  // Focus lands on the first row to fix once React has marked it.
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest > 0) firstInvalid.current?.focus();
  }, [focusRequest]);

  // The draft starts from the saved policy once; later refetches do not overwrite edits.
  useEffect(() => {
    if (policy.data && draft === null) setDraft(toDraft(policy.data.steps));
  }, [policy.data, draft]);

  const steps = draft ?? [];
  const dirty = draft !== null && !sameSteps(steps, policy.data?.steps);
  useEffect(() => {
    onDirtyChange?.(dirty);
  }, [dirty, onDirtyChange]);

  const save = useMutation({
    mutationFn: (body: EscalationPolicy) => saveEscalationPolicy(programId, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(programsKeys.escalation(programId), saved);
      setDraft(toDraft(saved.steps));
      setShowErrors(false);
      setSavedNotice(true);
    },
  });

  if (policy.isPending) return <Loading label={t('escalation.loading')} />;
  if (policy.isError) return <ErrorMessage error={policy.error} onRetry={() => void policy.refetch()} retrying={policy.isFetching} />;

  const errors = validate(steps);
  const serverRows = serverRowErrors(save.error);
  const update = (index: number, patch: Partial<DraftStep>) => {
    setSavedNotice(false);
    setDraft(steps.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...steps];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row!);
    setSavedNotice(false);
    setDraft(next);
  };
  const remove = (index: number) => {
    setSavedNotice(false);
    setDraft(steps.filter((_, i) => i !== index));
  };
  const add = () => {
    const last = steps[steps.length - 1];
    const lastMinutes = last ? (minutesOf(last.afterMinutes) ?? 0) : 0;
    setSavedNotice(false);
    setDraft([
      ...steps,
      {
        key: nextKey++,
        afterMinutes: String(Math.min(MAX_MINUTES, last ? lastMinutes + 30 : 15)),
        role: last?.role === 'analyst' ? 'supervisor' : (last?.role ?? 'supervisor'),
        minSeverity: last?.minSeverity ?? 'warning',
      },
    ]);
  };
  const sortByTime = () => {
    setDraft([...steps].sort((a, b) => (minutesOf(a.afterMinutes) ?? 0) - (minutesOf(b.afterMinutes) ?? 0)));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (errors.some((e) => e !== null)) {
      setShowErrors(true);
      setFocusRequest((n) => n + 1);
      return;
    }
    save.mutate({ steps: steps.map((s) => ({ afterMinutes: minutesOf(s.afterMinutes) ?? 0, role: s.role, minSeverity: s.minSeverity })) });
  };

  const firstErrorIndex = showErrors ? errors.findIndex((e) => e !== null) : -1;
  const hasOrderError = showErrors && errors.includes('order');

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="escalation-policy">
      <h2 id={headingId} className="section__title">
        {t('escalation.title')}
      </h2>
      <p className="muted">{t('escalation.intro')}</p>

      {!canEdit ? (
        steps.length === 0 ? (
          <p className="empty" data-testid="escalation-empty">
            {t('escalation.none')}
          </p>
        ) : (
          <ol className="escalation-steps escalation-steps--readonly">
            {steps.map((step) => (
              <li key={step.key} data-testid="escalation-step">
                {describeStep(step)}
              </li>
            ))}
          </ol>
        )
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate aria-describedby={`${headingId}-limits`}>
          <p id={`${headingId}-limits`} className="field__hint">
            {t('escalation.limits', { max: MAX_STEPS, maxMinutes: MAX_MINUTES })}
          </p>
          {steps.length === 0 ? (
            <p className="empty" data-testid="escalation-empty">
              {t('escalation.none')}
            </p>
          ) : (
            <ol className="escalation-steps">
              {steps.map((step, index) => {
                const error = showErrors ? errors[index] : null;
                const serverError = serverRows.has(index);
                const rowId = `${headingId}-step-${step.key}`;
                return (
                  <li key={step.key} className="escalation-step" data-testid="escalation-step">
                    <fieldset className="escalation-step__fields">
                      <legend>{t('escalation.step', { n: index + 1 })}</legend>
                      <div className="field">
                        <label htmlFor={`${rowId}-minutes`}>{t('escalation.afterMinutes')}</label>
                        <input
                          ref={index === firstErrorIndex ? firstInvalid : undefined}
                          id={`${rowId}-minutes`}
                          type="number"
                          inputMode="numeric"
                          min={0}
                          max={MAX_MINUTES}
                          step={1}
                          value={step.afterMinutes}
                          onChange={(e) => update(index, { afterMinutes: e.target.value })}
                          aria-invalid={error || serverError ? true : undefined}
                          aria-describedby={error ? `${rowId}-error` : undefined}
                          data-testid="escalation-minutes"
                        />
                      </div>
                      <div className="field">
                        <label htmlFor={`${rowId}-severity`}>{t('escalation.minSeverity')}</label>
                        <select
                          id={`${rowId}-severity`}
                          value={step.minSeverity}
                          onChange={(e) => update(index, { minSeverity: e.target.value as Severity })}
                          data-testid="escalation-severity"
                        >
                          {SEVERITIES.map((severity) => (
                            <option key={severity} value={severity}>
                              {t('escalation.severityOrAbove', { severity: tc(`severity.${severity}`) })}
                            </option>
                          ))}
                        </select>
                      </div>
                      <div className="field">
                        <label htmlFor={`${rowId}-role`}>{t('escalation.role')}</label>
                        <select id={`${rowId}-role`} value={step.role} onChange={(e) => update(index, { role: e.target.value as StepRole })} data-testid="escalation-role">
                          {ROLES.map((role) => (
                            <option key={role} value={role}>
                              {tc(`roles.${role}`)}
                            </option>
                          ))}
                        </select>
                      </div>
                      <div className="escalation-step__actions">
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => move(index, -1)}
                          disabled={index === 0}
                          aria-label={t('escalation.moveUp', { n: index + 1 })}
                        >
                          <Icon name="arrowUp" />
                        </button>
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => move(index, 1)}
                          disabled={index === steps.length - 1}
                          aria-label={t('escalation.moveDown', { n: index + 1 })}
                        >
                          <Icon name="arrowDown" />
                        </button>
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          onClick={() => remove(index)}
                          aria-label={t('escalation.remove', { n: index + 1 })}
                          data-testid="escalation-remove"
                        >
                          {t('escalation.removeShort')}
                        </button>
                      </div>
                    </fieldset>
                    {error ? (
                      <p id={`${rowId}-error`} className="field__error" data-testid="escalation-error">
                        <Icon name="warning" />{' '}
                        {t(`escalation.errors.${error}`, { max: MAX_MINUTES })}
                      </p>
                    ) : (
                      minutesOf(step.afterMinutes) !== null && <p className="muted">{describeStep(step)}</p>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          {hasOrderError && (
            <p>
              <button type="button" className="button button--secondary button--small" onClick={sortByTime}>
                {t('escalation.sort')}
              </button>
            </p>
          )}
          <div className="form__actions">
            <button type="button" className="button button--secondary" onClick={add} disabled={steps.length >= MAX_STEPS} data-testid="escalation-add">
              {t('escalation.add')}
            </button>
            <button type="submit" className="button button--primary" disabled={save.isPending || !dirty} data-testid="escalation-save">
              {save.isPending ? t('escalation.saving') : t('escalation.save')}
            </button>
            {dirty && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  setDraft(toDraft(policy.data.steps));
                  setShowErrors(false);
                  save.reset();
                }}
              >
                {t('escalation.reset')}
              </button>
            )}
          </div>
          <div aria-live="polite">
            {savedNotice && !dirty && (
              <p className="notice notice--info" data-testid="escalation-saved">
                <Icon name="check" />{' '}
                {t('escalation.saved')}
              </p>
            )}
          </div>
          {save.isError && <ErrorMessage error={save.error} />}
        </form>
      )}
    </section>
  );
}

/** "After 15 minutes without acknowledgement, Warning alerts and above go to Supervisor." */
function describeStep(step: DraftStep): string {
  const t = i18n.t;
  return t('programs:escalation.describe', {
    minutes: minutesOf(step.afterMinutes) ?? 0,
    severity: t(`severity.${step.minSeverity}`),
    role: t(`roles.${step.role}`),
  });
}
