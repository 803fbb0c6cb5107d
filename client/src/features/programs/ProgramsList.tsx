import { Link } from 'react-router';
import type { Lang, Program, Sensitivity } from '@siaga/shared';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';
import { DEFAULT_PROGRAMS_PARAMS, useProgramsQuery } from '../../lib/programs';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { Icon, type IconName } from '../../ui/Icon';

const SENSITIVITY_ICON: Record<Sensitivity, IconName> = { low: 'ring', medium: 'halfDot', high: 'dot' };

export function SensitivityChip({ value }: { value: Sensitivity }) {
  const { t } = useTranslation();
  return (
    <span className={`chip chip--sensitivity-${value}`} data-testid="program-sensitivity" data-sensitivity={value}>
      <Icon name={SENSITIVITY_ICON[value]} /> {t(`sensitivity.${value}`)}
    </span>
  );
}

export function languageList(languages: readonly Lang[]): string {
  const t = i18n.t;
  if (languages.length === 0) return t('programs:list.allLanguages');
  return languages.map((lang) => t(`languages.${lang}`)).join(', ');
}

function ProgramRow({ program, canEdit }: { program: Program; canEdit: boolean }) {
  const { t } = useTranslation('programs');
  const editPath = `/programs/${encodeURIComponent(program.id)}`;
  const filter = `?program=${encodeURIComponent(program.id)}`;
  return (
    <tr data-testid="program-row" data-program-id={program.id}>
      <th scope="row" className="programs__name">
        <Link to={editPath} data-testid="program-name-link">
          <bdi>{program.name}</bdi>
        </Link>
      </th>
      <td>
        <code className="slug">{program.slug}</code>
      </td>
      <td>
        <SensitivityChip value={program.sensitivity} />
      </td>
      <td data-testid="program-languages">{languageList(program.languages)}</td>
      <td>
        <span className={`status ${program.active ? 'status--active' : 'status--inactive'}`} data-testid="program-active" data-active={program.active}>
          <Icon name={program.active ? 'check' : 'ring'} /> {program.active ? t('list.active') : t('list.inactive')}
        </span>
      </td>
      <td>
        <ul className="programs__actions">
          <li>
            <Link to={{ pathname: '/posts', search: filter }} aria-label={t('list.postsOf', { name: program.name })} data-testid="program-posts-link">
              {t('list.posts')}
            </Link>
          </li>
          <li>
            <Link to={{ pathname: '/alerts', search: filter }} aria-label={t('list.alertsOf', { name: program.name })} data-testid="program-alerts-link">
              {t('list.alerts')}
            </Link>
          </li>
          <li>
            <Link
              to={editPath}
              aria-label={canEdit ? t('list.editOf', { name: program.name }) : t('list.viewOf', { name: program.name })}
              data-testid="program-edit-link"
            >
              {canEdit ? t('list.edit') : t('list.view')}
            </Link>
          </li>
        </ul>
      </td>
    </tr>
  );
}

export function ProgramsList({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation('programs');
  const query = useProgramsQuery(DEFAULT_PROGRAMS_PARAMS);

  if (query.isPending) return <Loading label={t('list.loading')} />;
  if (query.isError) {
    return <ErrorMessage error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  }

  const { items, nextCursor } = query.data;
  if (items.length === 0) {
    return (
      <p className="empty" data-testid="programs-empty">
        {canEdit ? t('list.emptyCanCreate') : t('list.empty')}
      </p>
    );
  }

  return (
    <ScrollRegion label={t('list.caption')}>
      <table className="table programs" data-testid="programs-table">
        <caption className="sr-only">{t('list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('list.name')}</th>
            <th scope="col">{t('list.slug')}</th>
            <th scope="col">{t('list.sensitivity')}</th>
            <th scope="col">{t('list.languages')}</th>
            <th scope="col">{t('list.status')}</th>
            <th scope="col">{t('list.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((program) => (
            <ProgramRow key={program.id} program={program} canEdit={canEdit} />
          ))}
        </tbody>
      </table>
      {nextCursor !== null && <p className="muted table-note">{t('list.truncated', { count: items.length })}</p>}
    </ScrollRegion>
  );
}
