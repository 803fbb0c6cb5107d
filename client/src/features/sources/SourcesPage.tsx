import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Source, SourceTestResult } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { ConfirmDialog, Dialog } from '../../ui/Dialog';
import { ErrorMessage, describeError } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { RequireRole } from '../../ui/RequireRole';
import { SourceForm, type SourceFormValue } from './SourceForm';
import { Sparkline } from './Sparkline';
import { SOURCES_KEY, sourcesApi, useSources } from './sourcesApi';
import './sources.css';

/** `/admin/sources` (admins only). */
export function SourcesRoute() {
  return (
    <RequireRole min="admin">
      <SourcesPage />
    </RequireRole>
  );
}

type Editing = { source: Source | null } | null;

export function SourcesPage() {
  const { t } = useTranslation('sources');
  const f = useFormat();
  usePageTitle(t('title'));
  const queryClient = useQueryClient();
  const sources = useSources();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Source | null>(null);
  const [tested, setTested] = useState<{ source: Source; result: SourceTestResult } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: SOURCES_KEY });

  const save = useMutation({
    mutationFn: ({ source, value }: { source: Source | null; value: SourceFormValue }) =>
      source ? sourcesApi.update(source.id, { name: value.name, settings: value.settings, enabled: value.enabled, ...(value.secret ? { secret: value.secret } : {}) }) : sourcesApi.create(value),
    onSuccess: async (saved) => {
      await refresh();
      setEditing(null);
      setNotice(t('saved', { name: saved.name }));
    },
  });
  const toggle = useMutation({ mutationFn: (s: Source) => sourcesApi.update(s.id, { enabled: !s.enabled }), onSuccess: refresh, onError: (e) => setNotice(describeError(e)) });
  const test = useMutation({ mutationFn: (s: Source) => sourcesApi.test(s.id), onSuccess: (result, source) => setTested({ source, result }), onError: (e) => setNotice(describeError(e)) });
  const remove = useMutation({
    mutationFn: (s: Source) => sourcesApi.remove(s.id),
    onSuccess: async (_v, s) => {
      await refresh();
      setDeleting(null);
      setNotice(t('deleted', { name: s.name }));
    },
  });

  return (
    <main className="app-main sources-page" data-testid="sources-page">
      <header className="page__header">
        <h1 className="page__title">{t('title')}</h1>
        <Link to="/admin">{t('back')}</Link>
      </header>
      <p className="muted">{t('intro')}</p>
      <div className="sources-page__toolbar">
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => {
            save.reset();
            setEditing({ source: null });
          }}
          data-testid="source-add"
        >
          {t('add')}
        </button>
      </div>
      {notice && (
        <p className="notice notice--info" role="status" data-testid="sources-notice">
          {notice}
        </p>
      )}
      {sources.isPending ? (
        <Loading label={t('loading')} />
      ) : sources.isError ? (
        <ErrorMessage error={sources.error} />
      ) : sources.data.length === 0 ? (
        <p data-testid="sources-empty">{t('empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="sources-table" data-testid="sources-table">
            <thead>
              <tr>
                <th scope="col">{t('columns.name')}</th>
                <th scope="col">{t('columns.type')}</th>
                <th scope="col">{t('columns.state')}</th>
                <th scope="col">{t('columns.lastItem')}</th>
                <th scope="col">{t('columns.perHour')}</th>
                <th scope="col">{t('columns.error')}</th>
                <th scope="col">{t('columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sources.data.map((s) => (
                <tr key={s.id} data-testid="source-row" data-state={s.state}>
                  <th scope="row">
                    <bdi>{s.name}</bdi>
                    <div className="muted">{t('totals', { items: f.number(s.itemsTotal), skipped: f.number(s.skippedTotal) })}</div>
                    {s.webhookPath && <div className="muted sources-table__mono">{t('form.webhookPath', { path: s.webhookPath })}</div>}
                  </th>
                  <td>{t(`types.${s.type}`)}</td>
                  <td>
                    <span className={`source-state source-state--${s.state}`} data-testid="source-state">
                      {t(`states.${s.state}`)}
                    </span>
                    {s.consecutiveFailures > 0 && <div className="muted">{t('failures', { count: s.consecutiveFailures })}</div>}
                  </td>
                  <td>{s.lastItemAt ? f.dateTime(s.lastItemAt) : t('never')}</td>
                  <td>
                    <Sparkline values={s.itemsPerHour} label={t('perHourLabel', { values: s.itemsPerHour.join(', ') })} />
                  </td>
                  <td className="sources-table__error">
                    {s.lastError && (
                      <>
                        <bdi>{s.lastError}</bdi>
                        {s.lastErrorAt && <div className="muted">{f.dateTime(s.lastErrorAt)}</div>}
                      </>
                    )}
                  </td>
                  <td className="sources-table__actions">
                    {s.type !== 'webhook' && (
                      <button type="button" className="btn btn--small" onClick={() => test.mutate(s)} disabled={test.isPending} data-testid="source-test">
                        {t('actions.test')}
                      </button>
                    )}
                    <button type="button" className="btn btn--small" onClick={() => toggle.mutate(s)} disabled={toggle.isPending} data-testid="source-toggle">
                      {s.enabled ? t('actions.pause') : t('actions.resume')}
                    </button>
                    <button
                      type="button"
                      className="btn btn--small"
                      onClick={() => {
                        save.reset();
                        setEditing({ source: s });
                      }}
                      data-testid="source-edit"
                    >
                      {t('actions.edit')}
                    </button>
                    <button type="button" className="btn btn--small btn--danger" onClick={() => setDeleting(s)} data-testid="source-delete">
                      {t('actions.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <Dialog title={editing.source ? t('form.titleEdit') : t('form.titleNew')} onClose={() => setEditing(null)} busy={save.isPending} testId="source-dialog">
          <SourceForm source={editing.source} pending={save.isPending} error={save.error} onSubmit={(value) => save.mutate({ source: editing.source, value })} onCancel={() => setEditing(null)} />
        </Dialog>
      )}
      {tested && (
        <Dialog title={t('test.title', { name: tested.source.name })} onClose={() => setTested(null)} testId="source-test-dialog">
          {tested.result.ok ? <p>{t('test.summary', { count: tested.result.itemCount, skipped: tested.result.skipped })}</p> : <p className="notice notice--error">{t('test.failed', { error: tested.result.error ?? '' })}</p>}
          <ol className="source-test__items">
            {tested.result.items.map((p) => (
              <li key={`${p.source}:${p.externalId}`} dir="auto">
                <strong>
                  <bdi>{p.author.name ?? p.author.handle}</bdi>
                </strong>{' '}
                <span className="muted">{f.dateTime(p.createdAt)}</span>
                <p className="source-test__text">{p.text}</p>
              </li>
            ))}
          </ol>
          <button type="button" className="btn" onClick={() => setTested(null)}>
            {t('test.close')}
          </button>
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('confirmDelete.title', { name: deleting.name })}
          confirmLabel={t('confirmDelete.confirm')}
          cancelLabel={t('form.cancel')}
          onConfirm={() => remove.mutate(deleting)}
          onCancel={() => setDeleting(null)}
          danger
          busy={remove.isPending}
        >
          <p>{t('confirmDelete.body')}</p>
          {remove.error && <p className="notice notice--error">{describeError(remove.error)}</p>}
        </ConfirmDialog>
      )}
    </main>
  );
}
