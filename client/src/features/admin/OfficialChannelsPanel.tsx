import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CreateOfficialChannel, OfficialChannelKind, type OfficialChannel, type OfficialRecount } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { useProgramsQuery } from '../../lib/programs';
import { DataTable, type Column } from '../../ui/DataTable';
import { OfficialBadge } from '../posts/OfficialBadge';
import { AdminConfirm, InlineError, actionError } from './common';
import { OFFICIAL_CHANNELS_KEY, officialChannelsApi } from './officialChannelsApi';

const KINDS = OfficialChannelKind.options;
/** While a recount runs the list is read again this often: it is a background job with no event of its own. */
const RECOUNT_POLL_MS = 2_000;

const recounting = (r: OfficialRecount | null) => r !== null && (r.state === 'pending' || r.state === 'running');

/** Where the program's recount of its stored posts stands, in words. */
function RecountStatus({ recount }: { recount: OfficialRecount | null }) {
  const { t } = useTranslation('official');
  const f = useFormat();
  if (recount === null) return <span className="muted">—</span>;
  switch (recount.state) {
    case 'pending':
    case 'running':
      return <span data-testid="official-channel-recount">{t('recount.running')}</span>;
    case 'done':
      return (
        <span data-testid="official-channel-recount">
          {t('recount.done', { count: recount.changed, at: recount.finishedAt ? f.dateTime(recount.finishedAt) : '' })}
        </span>
      );
    case 'failed':
      return (
        <span className="admin-danger-text" data-testid="official-channel-recount">
          {t('recount.failed')}
        </span>
      );
  }
}

/** The official channels' registry: the government's own accounts per program (list, register, remove). */
export function OfficialChannelsPanel() {
  const { t } = useTranslation('official');
  const uid = useId();
  const queryClient = useQueryClient();
  const programs = useProgramsQuery();
  const programName = (id: string) => programs.data?.items.find((p) => p.id === id)?.name ?? t('unknownProgram');
  const channels = useQuery({
    queryKey: OFFICIAL_CHANNELS_KEY,
    queryFn: ({ signal }) => officialChannelsApi.list(signal),
    refetchInterval: (query) => (query.state.data?.some((c) => recounting(c.recount)) ? RECOUNT_POLL_MS : false),
  });

  const [form, setForm] = useState({ programId: '', source: 'x', handle: '', label: '', kind: 'ministry' as OfficialChannelKind });
  const [submitted, setSubmitted] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<OfficialChannel | null>(null);
  const parsed = CreateOfficialChannel.safeParse(form);
  const invalid = submitted && !parsed.success;

  const create = useMutation({
    mutationFn: officialChannelsApi.create,
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: OFFICIAL_CHANNELS_KEY });
      setNotice(t('created', { label: c.label }));
      setForm((f) => ({ ...f, handle: '', label: '' }));
      setSubmitted(false);
    },
  });
  const remove = useMutation({
    mutationFn: (c: OfficialChannel) => officialChannelsApi.remove(c.id),
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: OFFICIAL_CHANNELS_KEY });
      setNotice(t('removed', { label: c.label }));
      setRemoving(null);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setNotice(null);
    if (parsed.success) create.mutate(parsed.data);
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const columns: Column<OfficialChannel>[] = [
    {
      id: 'label',
      header: t('label'),
      rowHeader: true,
      cell: (c) => (
        <>
          <bdi>{c.label}</bdi> <OfficialBadge />
        </>
      ),
    },
    { id: 'account', header: t('handle'), className: 'admin-table__mono', cell: (c) => <bdi>{`${c.source}:@${c.handle}`}</bdi> },
    { id: 'program', header: t('program'), cell: (c) => <bdi>{programName(c.programId)}</bdi> },
    { id: 'kind', header: t('kind'), cell: (c) => t(`kinds.${c.kind}`) },
    { id: 'recount', header: t('recount.header'), cell: (c) => <RecountStatus recount={c.recount} /> },
    {
      id: 'actions',
      header: <span className="sr-only">{t('remove')}</span>,
      cell: (c) => (
        <button
          type="button"
          className="button button--secondary button--small admin-danger-text"
          onClick={() => {
            setNotice(null);
            remove.reset();
            setRemoving(c);
          }}
          aria-label={t('removeOf', { label: c.label })}
          data-testid="official-channel-remove"
        >
          {t('remove')}
        </button>
      ),
    },
  ];

  return (
    <div className="admin-section">
      <div className="admin-section__header">
        <div>
          <h2 className="admin-section__title">{t('title')}</h2>
          <p className="muted">{t('intro')}</p>
        </div>
      </div>

      <form className="admin-inline-form" onSubmit={onSubmit} noValidate aria-labelledby={`${uid}-title`} data-testid="official-channel-form">
        <h3 id={`${uid}-title`} className="sr-only">
          {t('createTitle')}
        </h3>
        <div className="field">
          <label htmlFor={`${uid}-program`}>{t('program')}</label>
          <select id={`${uid}-program`} value={form.programId} onChange={set('programId')} data-testid="official-channel-program">
            <option value="">—</option>
            {(programs.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-source`}>{t('source')}</label>
          <input id={`${uid}-source`} value={form.source} onChange={set('source')} maxLength={100} autoComplete="off" aria-describedby={`${uid}-source-hint`} data-testid="official-channel-source" />
          <p className="admin-hint" id={`${uid}-source-hint`}>
            {t('sourceHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-handle`}>{t('handle')}</label>
          <input id={`${uid}-handle`} value={form.handle} onChange={set('handle')} maxLength={201} autoComplete="off" aria-describedby={`${uid}-handle-hint`} data-testid="official-channel-handle" />
          <p className="admin-hint" id={`${uid}-handle-hint`}>
            {t('handleHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-label`}>{t('label')}</label>
          <input id={`${uid}-label`} value={form.label} onChange={set('label')} maxLength={200} autoComplete="off" placeholder={t('labelPlaceholder')} data-testid="official-channel-label" />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-kind`}>{t('kind')}</label>
          <select id={`${uid}-kind`} value={form.kind} onChange={set('kind')} data-testid="official-channel-kind">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="official-channel-create">
          {create.isPending ? t('working') : t('create')}
        </button>
      </form>
      <InlineError message={invalid ? t('invalid') : create.isError ? actionError(create.error, t('conflict')) : null} testId="official-channel-error" />

      <p className="admin-notice" role="status">
        {notice}
      </p>

      <DataTable
        caption={t('caption')}
        columns={columns}
        rows={channels.data ?? []}
        rowKey={(c) => c.id}
        rowAttributes={(c) => ({ 'data-testid': 'official-channel-row', 'data-channel-id': c.id })}
        loading={channels.isPending}
        loadingLabel={t('loading')}
        error={channels.error}
        onRetry={() => void channels.refetch()}
        retrying={channels.isFetching}
        empty={t('empty')}
        className="admin-table"
      />

      {removing && (
        <AdminConfirm
          title={t('removeTitle')}
          body={t('removeBody', { source: removing.source, handle: removing.handle, program: programName(removing.programId) })}
          confirmLabel={t('remove')}
          pending={remove.isPending}
          error={remove.isError ? actionError(remove.error) : null}
          onConfirm={() => remove.mutate(removing)}
          onClose={() => setRemoving(null)}
        />
      )}
    </div>
  );
}
