import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DigestFrequency, ReportLang, type DigestFrequency as Frequency, type DigestPeriod, type DigestProgram } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { DataTable, type Column } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { notificationPreferencesKey } from '../alerts/notifierSettings';
import { saveDigestSubscription, saveEmailLanguage, settingsKeys, useDigestPreview, useDigestSubscription } from './settingsApi';
import './settings.css';

/** `/settings`: the signed-in user's own choices (the language of their emails, the email digest). */
export function SettingsPage() {
  const { t } = useTranslation('settings');
  usePageTitle(t('title'));
  return (
    <div className="page settings-page" data-testid="settings-page">
      <h1 tabIndex={-1} className="page__title">
        {t('title')}
      </h1>
      <p className="page__intro">{t('intro')}</p>
      <EmailLanguageForm />
      <DigestSubscriptionForm />
      <DigestPreview />
    </div>
  );
}

const FREQUENCY_LABEL = { daily: 'digest.daily', weekly: 'digest.weekly', none: 'digest.none' } as const;
const LANG_LABEL = { id: 'emailLanguage.id', en: 'emailLanguage.en' } as const;

/** One language for every email the user receives: alert emails and digests. */
function EmailLanguageForm() {
  const { t } = useTranslation('settings');
  const ids = { heading: useId(), help: useId(), select: useId() };
  const queryClient = useQueryClient();
  // Read from the digest subscription, whose `lang` is the user's one email language.
  const current = useDigestSubscription();
  const [draft, setDraft] = useState<ReportLang | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current.data && draft === null) setDraft(current.data.lang);
  }, [current.data, draft]);

  const save = useMutation({
    mutationFn: saveEmailLanguage,
    onSuccess: (body) => {
      queryClient.setQueryData(settingsKeys.digestSubscription, body);
      // The notification preferences carry the same language: fetch them again rather than show a stale one.
      void queryClient.invalidateQueries({ queryKey: notificationPreferencesKey });
      setSaved(true);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft) save.mutate(draft);
  };

  return (
    <section className="settings-section" aria-labelledby={ids.heading} data-testid="email-language-settings">
      <h2 id={ids.heading}>{t('emailLanguage.heading')}</h2>
      <p id={ids.help} className="muted">
        {t('emailLanguage.help')}
      </p>
      {current.isPending ? (
        <Loading label={t('emailLanguage.loading')} />
      ) : current.error && !draft ? (
        <ErrorMessage error={current.error} onRetry={() => void current.refetch()} retrying={current.isFetching} />
      ) : draft ? (
        <form className="form" onSubmit={onSubmit} aria-describedby={ids.help}>
          <div className="field field--inline">
            <label htmlFor={ids.select}>{t('emailLanguage.label')}</label>
            <select
              id={ids.select}
              value={draft}
              onChange={(e) => {
                setDraft(ReportLang.parse(e.target.value));
                setSaved(false);
              }}
              data-testid="email-language"
            >
              {ReportLang.options.map((lang) => (
                <option key={lang} value={lang} lang={lang}>
                  {t(LANG_LABEL[lang])}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="email-language-save">
              {save.isPending ? t('emailLanguage.saving') : t('emailLanguage.save')}
            </button>
          </div>
          <p role="status" className="settings-status" data-testid="email-language-status">
            {saved ? t('emailLanguage.saved') : ''}
          </p>
          {save.error && <ErrorMessage error={save.error} />}
        </form>
      ) : null}
    </section>
  );
}

function DigestSubscriptionForm() {
  const { t } = useTranslation('settings');
  const ids = { heading: useId(), help: useId() };
  const queryClient = useQueryClient();
  const current = useDigestSubscription();
  const [draft, setDraft] = useState<Frequency | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current.data && draft === null) setDraft(current.data.frequency);
  }, [current.data, draft]);

  const save = useMutation({
    mutationFn: saveDigestSubscription,
    onSuccess: (body) => {
      queryClient.setQueryData(settingsKeys.digestSubscription, body);
      setSaved(true);
    },
  });
  const change = (next: Frequency) => {
    setDraft(next);
    setSaved(false);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft) save.mutate({ frequency: draft });
  };

  return (
    <section className="settings-section" aria-labelledby={ids.heading} data-testid="digest-settings">
      <h2 id={ids.heading}>{t('digest.heading')}</h2>
      <p id={ids.help} className="muted">
        {t('digest.help')}
      </p>
      {current.isPending ? (
        <Loading label={t('digest.loading')} />
      ) : current.error && !draft ? (
        <ErrorMessage error={current.error} onRetry={() => void current.refetch()} retrying={current.isFetching} />
      ) : draft ? (
        <form className="form" onSubmit={onSubmit} aria-describedby={ids.help}>
          <fieldset className="settings-choices">
            <legend>{t('digest.frequency')}</legend>
            {DigestFrequency.options.map((frequency) => (
              <label key={frequency} className="settings-choice">
                <input
                  type="radio"
                  name="digest-frequency"
                  value={frequency}
                  checked={draft === frequency}
                  onChange={() => change(frequency)}
                  data-testid={`digest-frequency-${frequency}`}
                />
                {t(FREQUENCY_LABEL[frequency])}
              </label>
            ))}
          </fieldset>
          <div>
            <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="digest-save">
              {save.isPending ? t('digest.saving') : t('digest.save')}
            </button>
          </div>
          <p role="status" className="settings-status" data-testid="digest-status">
            {saved ? t('digest.saved') : ''}
          </p>
          {save.error && <ErrorMessage error={save.error} />}
        </form>
      ) : null}
    </section>
  );
}

function DigestPreview() {
  const { t } = useTranslation('settings');
  const f = useFormat();
  const headingId = useId();
  const [period, setPeriod] = useState<DigestPeriod>('day');
  const preview = useDigestPreview(period);
  const none = t('preview.none');
  const pct = (v: number | null) => (v === null ? none : f.percent(v));
  const columns: Column<DigestProgram>[] = [
    { id: 'program', header: t('preview.columns.program'), rowHeader: true, cell: (p) => <bdi>{p.name}</bdi> },
    { id: 'volume', header: t('preview.columns.volume'), cell: (p) => f.number(p.volume) },
    { id: 'change', header: t('preview.columns.change'), cell: (p) => (p.volumeChange === null ? none : `${p.volumeChange > 0 ? '+' : ''}${f.percent(p.volumeChange)}`) },
    { id: 'negative', header: t('preview.columns.negativeShare'), cell: (p) => pct(p.negativeShare) },
    { id: 'share', header: t('preview.columns.share'), cell: (p) => `${p.shareOfVoice.toFixed(1)} %` },
    { id: 'alerts', header: t('preview.columns.alerts'), cell: (p) => f.number(p.alerts) },
    { id: 'incidents', header: t('preview.columns.incidents'), cell: (p) => f.number(p.incidents) },
  ];
  const digest = preview.data;
  return (
    <section className="settings-section" aria-labelledby={headingId} data-testid="digest-preview">
      <h2 id={headingId}>{t('preview.heading')}</h2>
      <div className="settings-tabs" role="group" aria-label={t('preview.period')}>
        {(['day', 'week'] as const).map((p) => (
          <button key={p} type="button" className="button button--secondary button--small" aria-pressed={period === p} onClick={() => setPeriod(p)} data-testid={`digest-preview-${p}`}>
            {t(`preview.${p}`)}
          </button>
        ))}
      </div>
      {digest && (
        <p className="muted" data-testid="digest-preview-period">
          {t('preview.period')}: {f.dateTime(digest.from)} – {f.dateTime(digest.to)}
        </p>
      )}
      <DataTable
        columns={columns}
        rows={digest?.programs ?? []}
        rowKey={(p) => p.programId}
        caption={t('preview.caption')}
        loading={preview.isPending}
        loadingLabel={t('preview.loading')}
        error={preview.error}
        onRetry={() => void preview.refetch()}
        retrying={preview.isFetching}
        empty={t('preview.empty')}
        rowAttributes={() => ({ 'data-testid': 'digest-preview-row' })}
      />
    </section>
  );
}
