import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { usePageTitle } from '../../ui/PageTitle';
import { hasRole } from '../../ui/RequireRole';
import { useAuth } from '../auth/useAuth';
import type { ProgramFormResult } from './ProgramForm';
import { ProgramsList } from './ProgramsList';
import './programs.css';
import { Icon } from '../../ui/Icon';

function noticeOf(state: unknown): ProgramFormResult | null {
  const notice = (state as { notice?: unknown } | null)?.notice as Partial<ProgramFormResult> | undefined;
  if (!notice || (notice.kind !== 'created' && notice.kind !== 'deleted') || typeof notice.name !== 'string') return null;
  return { kind: notice.kind, name: notice.name };
}

/** `/programs`: every monitoring program and its settings; supervisors and admins create and edit them. */
export function ProgramsPage() {
  const { t } = useTranslation('programs');
  usePageTitle(t('title'));
  const { user } = useAuth();
  const canEdit = hasRole(user?.role, 'supervisor');
  const location = useLocation();
  const navigate = useNavigate();
  // What the editor just did (created / deleted), read once: the history entry is then cleared so
  // a reload or "back" does not announce it again.
  const [notice, setNotice] = useState(() => noticeOf(location.state));
  useEffect(() => {
    if (noticeOf(location.state)) void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [location, navigate]);

  return (
    <section className="page" aria-labelledby="programs-heading" data-testid="programs-page">
      <div className="page__header">
        <h1 tabIndex={-1} id="programs-heading" className="page__title">
          {t('title')}
        </h1>
        {canEdit && (
          <Link to="/programs/new" className="button button--primary" data-testid="program-new">
            <span aria-hidden="true">＋ </span>
            {t('list.newProgram')}
          </Link>
        )}
      </div>
      <div aria-live="polite">
        {notice && (
          <div className="notice notice--info program-notice" data-testid="programs-notice" data-kind={notice.kind}>
            <p>
              <Icon name="check" />{' '}
              {notice.kind === 'created' ? t('list.created', { name: notice.name }) : t('list.deleted', { name: notice.name })}
            </p>
            <button type="button" className="button button--secondary button--small" onClick={() => setNotice(null)}>
              {t('list.dismiss')}
            </button>
          </div>
        )}
      </div>
      {!canEdit && <p className="muted">{t('list.readOnly')}</p>}
      <ProgramsList canEdit={canEdit} />
    </section>
  );
}
