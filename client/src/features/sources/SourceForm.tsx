import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SourceType, type Source } from '@siaga/shared';
import { describeError } from '../../ui/ErrorMessage';

export interface SourceFormValue {
  type: SourceType;
  name: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  /** Left out when blank: the stored secret stays. */
  secret?: string;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

/** Add or edit a source: the type's own fields, the secret (write-only), enabled. */
export function SourceForm({ source, pending, error, onSubmit, onCancel }: { source: Source | null; pending: boolean; error: unknown; onSubmit(v: SourceFormValue): void; onCancel(): void }) {
  const { t } = useTranslation('sources');
  const id = useId();
  const s = source?.settings ?? {};
  const [type, setType] = useState<SourceType>(source?.type ?? 'rss');
  const [name, setName] = useState(source?.name ?? '');
  const [url, setUrl] = useState(str(s.url));
  const [poll, setPoll] = useState(String(num(s.pollIntervalSeconds, type === 'telegram' ? 5 : type === 'mastodon' ? 60 : 300)));
  const [instanceUrl, setInstanceUrl] = useState(str(s.instanceUrl));
  const [timeline, setTimeline] = useState(str(s.timeline, 'hashtag'));
  const [hashtag, setHashtag] = useState(str(s.hashtag));
  const [keywords, setKeywords] = useState(Array.isArray(s.keywords) ? s.keywords.join(', ') : '');
  const [apiUrl, setApiUrl] = useState(str(s.apiUrl, 'https://api.telegram.org'));
  const [channels, setChannels] = useState(Array.isArray(s.channels) ? s.channels.join(', ') : '');
  const [defaultSource, setDefaultSource] = useState(str(s.defaultSource));
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(source?.enabled ?? true);

  const settings = (): Record<string, unknown> => {
    const seconds = Number(poll);
    switch (type) {
      case 'rss':
        return { url, pollIntervalSeconds: seconds };
      case 'mastodon':
        return { instanceUrl, timeline, ...(timeline === 'hashtag' ? { hashtag: hashtag.replace(/^#/, '') } : {}), pollIntervalSeconds: seconds };
      case 'bluesky':
        return { ...(url ? { url } : {}), keywords: list(keywords) };
      case 'telegram':
        return { apiUrl, channels: list(channels), pollIntervalSeconds: seconds };
      case 'webhook':
        return defaultSource ? { defaultSource } : {};
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ type, name: name.trim(), settings: settings(), enabled, ...(secret ? { secret } : {}) });
  };

  const field = (key: string, label: string, value: string, set: (v: string) => void, extra: { type?: string; required?: boolean; hint?: string } = {}) => (
    <div className="form-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} type={extra.type ?? 'text'} value={value} required={extra.required} onChange={(e) => set(e.target.value)} data-testid={`source-${key}`} aria-describedby={extra.hint ? `${id}-${key}-hint` : undefined} />
      {extra.hint && (
        <p id={`${id}-${key}-hint`} className="muted">
          {extra.hint}
        </p>
      )}
    </div>
  );
  const secretLabel = type === 'telegram' || type === 'mastodon' || type === 'webhook' ? t(`form.secret.${type}`) : null;

  return (
    <form onSubmit={submit} className="source-form" data-testid="source-form">
      {!source && (
        <div className="form-field">
          <label htmlFor={`${id}-type`}>{t('form.type')}</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(SourceType.parse(e.target.value))} data-testid="source-type">
            {SourceType.options.map((o) => (
              <option key={o} value={o}>
                {t(`types.${o}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      {field('name', t('form.name'), name, setName, { required: true })}
      {type === 'rss' && field('url', t('form.url'), url, setUrl, { type: 'url', required: true })}
      {type === 'mastodon' && (
        <>
          {field('instanceUrl', t('form.instanceUrl'), instanceUrl, setInstanceUrl, { type: 'url', required: true })}
          <div className="form-field">
            <label htmlFor={`${id}-timeline`}>{t('form.timeline')}</label>
            <select id={`${id}-timeline`} value={timeline} onChange={(e) => setTimeline(e.target.value)}>
              {(['hashtag', 'public', 'public:local'] as const).map((o) => (
                <option key={o} value={o}>
                  {t(`form.timelines.${o}`)}
                </option>
              ))}
            </select>
          </div>
          {timeline === 'hashtag' && field('hashtag', t('form.hashtag'), hashtag, setHashtag, { required: true })}
        </>
      )}
      {type === 'bluesky' && (
        <>
          {field('url', t('form.jetstreamUrl'), url, setUrl)}
          {field('keywords', t('form.keywords'), keywords, setKeywords, { hint: t('form.keywordsHint') })}
        </>
      )}
      {type === 'telegram' && (
        <>
          {field('apiUrl', t('form.apiUrl'), apiUrl, setApiUrl, { type: 'url' })}
          {field('channels', t('form.channels'), channels, setChannels)}
        </>
      )}
      {type === 'webhook' && field('defaultSource', t('form.defaultSource'), defaultSource, setDefaultSource)}
      {(type === 'rss' || type === 'mastodon' || type === 'telegram') && field('poll', t('form.pollInterval'), poll, setPoll, { type: 'number', required: true })}
      {secretLabel && field('secret', secretLabel, secret, setSecret, { type: 'password', required: !source && (type === 'telegram' || type === 'webhook'), hint: source?.hasSecret ? t('form.secretKept') : undefined })}
      <div className="form-field form-field--inline">
        <input id={`${id}-enabled`} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <label htmlFor={`${id}-enabled`}>{t('form.enabled')}</label>
      </div>
      {error !== null && error !== undefined && (
        <p className="notice notice--error" role="alert" data-testid="source-form-error">
          {describeError(error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={pending} data-testid="source-save">
          {t('form.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={pending}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
