import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useParams } from 'react-router';
import { isApiError } from '../../api';
import { isUuid } from '../../lib/url';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { hasRole, RequireRole } from '../../ui/RequireRole';
import { useAuth } from '../auth/useAuth';
import { ConfirmDialog } from '../../ui/Dialog';
import { EscalationPolicyEditor } from './EscalationPolicyEditor';
import { ProgramForm } from './ProgramForm';
import { SnoozePanel } from './SnoozePanel';
import { useProgram } from './queries';
import './programs.css';
import { Icon } from '../../ui/Icon';

/** `/programs/new` (supervisors and admins) and `/programs/:programId` (everyone; editing per role). */
export function ProgramEditPage() {
  const { programId } = useParams();
  if (programId === undefined) {
    return (
      <RequireRole min="supervisor">
        <ProgramCreate />
      </RequireRole>
    );
  }
  // A new key per program: moving between programs starts a fresh draft.
  return <ProgramEdit key={programId} programId={programId} />;
}

function BackLink() {
  const { t } = useTranslation('programs');
  return (
    <p className="back-link">
      <Link to="/programs">
        <Icon name="arrowLeft" />{' '}
        {t('edit.back')}
      </Link>
    </p>
  );
}

function ProgramCreate() {
  const { t } = useTranslation('programs');
  usePageTitle(t('edit.createTitle'));
  const leavingRef = useRef(false);
  const [dirty, setDirty] = useState(false);
  return (
    <section className="page program-edit" aria-labelledby="program-edit-heading" data-testid="program-edit-page" data-mode="create">
      <BackLink />
      <h1 tabIndex={-1} id="program-edit-heading" className="page__title">
        {t('edit.createTitle')}
      </h1>
      <p className="muted">{t('edit.createIntro')}</p>
      <ProgramForm program={null} canEdit canAnalyze onDirtyChange={setDirty} leavingRef={leavingRef} />
      <UnsavedChangesGuard dirty={dirty} leavingRef={leavingRef} />
    </section>
  );
}

function ProgramEdit({ programId }: { programId: string }) {
  const { t } = useTranslation('programs');
  const { user } = useAuth();
  const valid = isUuid(programId);
  const program = useProgram(valid ? programId : null);
  const leavingRef = useRef(false);
  const [formDirty, setFormDirty] = useState(false);
  const [policyDirty, setPolicyDirty] = useState(false);
  const onFormDirty = useCallback((dirty: boolean) => setFormDirty(dirty), []);
  const onPolicyDirty = useCallback((dirty: boolean) => setPolicyDirty(dirty), []);

  const canEdit = hasRole(user?.role, 'supervisor');
  const canAnalyze = hasRole(user?.role, 'analyst');
  const data = program.data;
  const notFound = !valid || (isApiError(program.error) && program.error.code === 'not_found');
  usePageTitle(data ? (canEdit ? t('edit.editTitle', { name: data.name }) : data.name) : t('edit.loadingTitle'));

  let body;
  if (notFound) {
    body = (
      <div className="notice notice--warning" data-testid="program-not-found">
        <p>{t('edit.notFound')}</p>
      </div>
    );
  } else if (!data && program.isPending) {
    body = <Loading label={t('edit.loading')} />;
  } else if (!data) {
    body = <ErrorMessage error={program.error} onRetry={() => void program.refetch()} retrying={program.isFetching} />;
  } else {
    body = (
      <>
        {!canEdit && (
          <p className="notice notice--info" data-testid="program-readonly">
            {t('edit.readOnly')}
          </p>
        )}
        <ProgramForm program={data} canEdit={canEdit} canAnalyze={canAnalyze} onDirtyChange={onFormDirty} leavingRef={leavingRef} />
        <EscalationPolicyEditor programId={data.id} canEdit={canEdit} onDirtyChange={onPolicyDirty} />
        <SnoozePanel programId={data.id} canSnooze={canAnalyze} />
      </>
    );
  }

  return (
    <section className="page program-edit" aria-labelledby="program-edit-heading" data-testid="program-edit-page" data-mode="edit">
      <BackLink />
      <h1 tabIndex={-1} id="program-edit-heading" className="page__title">
        {data ? <bdi>{data.name}</bdi> : notFound ? t('edit.notFoundTitle') : t('edit.loadingTitle')}
      </h1>
      {data && (
        <p className="program-edit__meta">
          <code className="slug">{data.slug}</code>
          <Link to={{ pathname: '/posts', search: `?program=${encodeURIComponent(data.id)}` }}>{t('list.posts')}</Link>
          <Link to={{ pathname: '/alerts', search: `?program=${encodeURIComponent(data.id)}` }}>{t('list.alerts')}</Link>
        </p>
      )}
      {body}
      <UnsavedChangesGuard dirty={formDirty || policyDirty} leavingRef={leavingRef} />
    </section>
  );
}

/**
 * Asks before leaving with unsaved edits: in-app navigation through the router's blocker, closing
 * or reloading the tab through the browser's own prompt.
 */
function UnsavedChangesGuard({ dirty, leavingRef }: { dirty: boolean; leavingRef: { current: boolean } }) {
  const { t } = useTranslation('programs');
  const blocker = useBlocker(
    useCallback(
      ({ currentLocation, nextLocation }: { currentLocation: { pathname: string }; nextLocation: { pathname: string } }) =>
        dirty && !leavingRef.current && currentLocation.pathname !== nextLocation.pathname,
      [dirty, leavingRef],
    ),
  );

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leavingRef.current) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty, leavingRef]);

  // The edits were saved or discarded meanwhile: nothing left to ask about.
  useEffect(() => {
    if (blocker.state === 'blocked' && !dirty) blocker.proceed();
  }, [blocker, dirty]);

  if (blocker.state !== 'blocked') return null;
  return (
    <ConfirmDialog
      title={t('unsaved.title')}
      confirmLabel={t('unsaved.leave')}
      cancelLabel={t('unsaved.stay')}
      danger
      onConfirm={() => blocker.proceed()}
      onCancel={() => blocker.reset()}
      testId="unsaved-dialog"
      confirmTestId="unsaved-leave"
    >
      <p>{t('unsaved.body')}</p>
    </ConfirmDialog>
  );
}
