import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { endProgramSnooze, saveProgramSnooze, useProgramSnooze, type ProgramSnooze } from '../../lib/programs';
import { useNow } from '../../lib/useNow';
import { fromWallTime, toWallTime } from '../../lib/zonedTime';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { programsKeys } from './queries';
import { Icon } from '../../ui/Icon';

/** The server's ceiling for a snooze. */
const MAX_SNOOZE_MS = 30 * 86_400_000;
const MAX_REASON = 1_000;
const PRESET_HOURS = [1, 4, 24] as const;

type UntilError = 'required' | 'invalid' | 'past' | 'tooFar';

interface SnoozePanelProps {
  programId: string;
  /** Analysts and above may snooze. */
  canSnooze: boolean;
}

/**
 * Silences a program's new alerts for a while (an announced policy change, a planned event), with
 * a reason the team can read. Times are entered and shown in the user's chosen zone.
 */
export function SnoozePanel({ programId, canSnooze }: SnoozePanelProps) {
  const { t } = useTranslation('programs');
  const f = useFormat();
  const ids = { heading: useId(), until: useId(), reason: useId(), untilError: useId(), untilHint: useId() };
  const queryClient = useQueryClient();
  const now = useNow(30_000);
  const snooze = useProgramSnooze(programId);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [untilError, setUntilError] = useState<UntilError | null>(null);
  const [notice, setNotice] = useState<'set' | 'ended' | null>(null);

  const set = useMutation({
    mutationFn: (body: { until: string; reason?: string }) => saveProgramSnooze(programId, body),
    onSuccess: (saved) => {
      queryClient.setQueryData<ProgramSnooze>(programsKeys.snooze(programId), saved);
      setUntil('');
      setReason('');
      setNotice('set');
    },
  });
  const end = useMutation({
    mutationFn: () => endProgramSnooze(programId),
    onSuccess: () => {
      queryClient.setQueryData<ProgramSnooze>(programsKeys.snooze(programId), { programId, until: null, reason: null });
      setNotice('ended');
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if (until === '') return setUntilError('required');
    const at = fromWallTime(until, f.timeZone);
    if (at === null) return setUntilError('invalid');
    const current = Date.now();
    if (at <= current) return setUntilError('past');
    if (at - current > MAX_SNOOZE_MS) return setUntilError('tooFar');
    setUntilError(null);
    const trimmed = reason.trim();
    set.mutate({ until: new Date(at).toISOString(), ...(trimmed ? { reason: trimmed } : {}) });
  };

  const preset = (hours: number) => {
    setUntil(toWallTime(Date.now() + hours * 3_600_000, f.timeZone));
    setUntilError(null);
  };

  const active = snooze.data?.until ? Date.parse(snooze.data.until) > now : false;

  return (
    <section className="panel" aria-labelledby={ids.heading} data-testid="program-snooze">
      <h2 id={ids.heading} className="section__title">
        {t('snooze.title')}
      </h2>
      <p className="muted">{t('snooze.intro')}</p>

      {snooze.isPending ? (
        <Loading label={t('snooze.loading')} />
      ) : snooze.isError ? (
        <ErrorMessage error={snooze.error} onRetry={() => void snooze.refetch()} retrying={snooze.isFetching} />
      ) : active && snooze.data.until ? (
        <div className="notice notice--warning" data-testid="snooze-status" data-snoozed="true">
          <p>
            <Icon name="pause" />{' '}
            <strong>{t('snooze.activeUntil', { until: f.dateTime(snooze.data.until) })}</strong>
          </p>
          {snooze.data.reason && (
            <p>
              {t('snooze.reasonLabel')}: <bdi>{snooze.data.reason}</bdi>
            </p>
          )}
          {canSnooze && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                setNotice(null);
                end.mutate();
              }}
              disabled={end.isPending}
              data-testid="snooze-end"
            >
              {end.isPending ? t('snooze.ending') : t('snooze.end')}
            </button>
          )}
        </div>
      ) : (
        <p data-testid="snooze-status" data-snoozed="false">
          <Icon name="play" />{' '}
          {t('snooze.none')}
        </p>
      )}
      {end.isError && <ErrorMessage error={end.error} />}

      {canSnooze && snooze.isSuccess && (
        <form className="form snooze-form" onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={ids.until}>{t(active ? 'snooze.changeUntil' : 'snooze.until', { zone: f.zoneLabel })}</label>
            <div className="field--inline">
              <input
                id={ids.until}
                type="datetime-local"
                value={until}
                onChange={(e) => {
                  setUntil(e.target.value);
                  setUntilError(null);
                }}
                aria-invalid={untilError ? true : undefined}
                aria-describedby={[ids.untilHint, untilError ? ids.untilError : ''].filter(Boolean).join(' ')}
                data-testid="snooze-until"
              />
              {PRESET_HOURS.map((hours) => (
                <button key={hours} type="button" className="button button--secondary button--small" onClick={() => preset(hours)}>
                  {t('snooze.preset', { hours })}
                </button>
              ))}
            </div>
            <p id={ids.untilHint} className="field__hint">
              {t('snooze.untilHint', { zone: f.zoneLabel })}
            </p>
            {untilError && (
              <p id={ids.untilError} className="field__error" data-testid="snooze-error">
                <Icon name="warning" />{' '}
                {t(`snooze.errors.${untilError}`)}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.reason}>
              {t('snooze.reason')} <span className="muted">{t('form.optional')}</span>
            </label>
            <input id={ids.reason} type="text" value={reason} maxLength={MAX_REASON} onChange={(e) => setReason(e.target.value)} data-testid="snooze-reason" />
          </div>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={set.isPending} data-testid="snooze-save">
              {set.isPending ? t('snooze.saving') : active ? t('snooze.change') : t('snooze.save')}
            </button>
          </div>
          {set.isError && <ErrorMessage error={set.error} />}
        </form>
      )}
      <div aria-live="polite">
        {notice && (
          <p className="notice notice--info" data-testid="snooze-notice">
            <Icon name="check" />{' '}
            {notice === 'set' ? t('snooze.setDone') : t('snooze.endedDone')}
          </p>
        )}
      </div>
    </section>
  );
}
