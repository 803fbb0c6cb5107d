import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { NotificationPreferences, NotificationPreferencesUpdate, Severity } from '@siaga/shared';
import { apiRequest } from '../../api';
import { useProgramsQuery } from '../../lib/programs';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { EnableNotificationsButton, MuteToggle } from './NotifierControls';
import { notificationPreferencesKey, useNotificationPreferences } from './notifierSettings';
import './alerts.css';

const LEVELS: Severity[] = ['critical', 'warning', 'info'];

/**
 * `/notifications`: which new alerts reach me (critical only, warning and up, or all), for which
 * programs, and by which channels. Stored with the account (`PUT /api/me/notification-preferences`),
 * so it holds in every browser; the sound and browser notifications stay per browser.
 */
export function NotificationPreferencesPage() {
  const { t } = useTranslation(['alerts', 'common']);
  usePageTitle(t('prefs.title'));
  const prefs = useNotificationPreferences();

  return (
    <div className="page notification-prefs" data-testid="notification-prefs-page">
      <header>
        <h1 tabIndex={-1} className="page__title">
          {t('prefs.title')}
        </h1>
        <p className="muted">{t('prefs.intro')}</p>
      </header>
      {prefs.isPending ? (
        <Loading label={t('prefs.loading')} />
      ) : prefs.isError ? (
        <ErrorMessage error={prefs.error} onRetry={() => void prefs.refetch()} retrying={prefs.isFetching} />
      ) : (
        <PreferencesForm initial={prefs.data} />
      )}
      <section className="notification-prefs__browser" aria-labelledby="prefs-browser-heading">
        <h2 id="prefs-browser-heading" className="notification-prefs__heading">
          {t('prefs.browserHeading')}
        </h2>
        <p className="muted">{t('prefs.browserIntro')}</p>
        <div className="notification-prefs__row">
          <MuteToggle />
          <EnableNotificationsButton />
        </div>
      </section>
    </div>
  );
}

function PreferencesForm({ initial }: { initial: NotificationPreferences }) {
  const { t } = useTranslation(['alerts', 'common']);
  const queryClient = useQueryClient();
  const programs = useProgramsQuery();
  const uid = useId();
  const [draft, setDraft] = useState<NotificationPreferences>(initial);
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(initial), [initial]);

  const save = useMutation({
    mutationFn: (body: NotificationPreferencesUpdate) => apiRequest<NotificationPreferences>('/api/me/notification-preferences', { method: 'PUT', body }),
    onSuccess: (data) => {
      queryClient.setQueryData(notificationPreferencesKey, data);
      setSaved(true);
    },
  });

  const change = (patch: Partial<NotificationPreferences>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const allPrograms = draft.programIds.length === 0;
  const toggleProgram = (id: string, on: boolean) => change({ programIds: on ? [...draft.programIds, id] : draft.programIds.filter((p) => p !== id) });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The email language is chosen on /settings: a copy loaded here earlier must not overwrite it.
    const { language: _language, ...body } = draft;
    save.mutate(body);
  };

  return (
    <form className="notification-prefs__form" onSubmit={onSubmit} data-testid="notification-prefs-form">
      <fieldset className="notification-prefs__group">
        <legend>{t('prefs.level')}</legend>
        {LEVELS.map((level) => (
          <label key={level} className="notification-prefs__choice">
            <input type="radio" name={`${uid}-level`} value={level} checked={draft.minSeverity === level} onChange={() => change({ minSeverity: level })} data-testid={`prefs-level-${level}`} />{' '}
            {t(`prefs.levels.${level}`)}
          </label>
        ))}
      </fieldset>

      <fieldset className="notification-prefs__group">
        <legend>{t('prefs.programs')}</legend>
        <label className="notification-prefs__choice">
          <input type="checkbox" checked={allPrograms} onChange={(e) => change({ programIds: e.target.checked ? [] : (programs.data?.items ?? []).slice(0, 1).map((p) => p.id) })} data-testid="prefs-all-programs" />{' '}
          {t('prefs.allPrograms')}
        </label>
        {!allPrograms &&
          (programs.data?.items ?? []).map((p) => (
            <label key={p.id} className="notification-prefs__choice notification-prefs__choice--nested">
              <input type="checkbox" checked={draft.programIds.includes(p.id)} onChange={(e) => toggleProgram(p.id, e.target.checked)} />{' '}
              <bdi>{p.name}</bdi>
            </label>
          ))}
      </fieldset>

      <fieldset className="notification-prefs__group">
        <legend>{t('prefs.channels')}</legend>
        <label className="notification-prefs__choice">
          <input type="checkbox" checked={draft.inApp} onChange={(e) => change({ inApp: e.target.checked })} data-testid="prefs-in-app" /> {t('prefs.inApp')}
        </label>
        <label className="notification-prefs__choice">
          <input type="checkbox" checked={draft.email} onChange={(e) => change({ email: e.target.checked })} data-testid="prefs-email" /> {t('prefs.email')}
        </label>
      </fieldset>

      <div className="notification-prefs__row">
        <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="prefs-save">
          {save.isPending ? t('prefs.saving') : t('prefs.save')}
        </button>
        <span role="status" className="notification-prefs__saved" data-testid="prefs-status">
          {saved && t('prefs.saved')}
        </span>
      </div>
      {save.isError && <ErrorMessage error={save.error} />}
    </form>
  );
}
