import { Link } from 'react-router';
import type { Lang, Program, Sensitivity } from '@siaga/shared';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { DEFAULT_PROGRAMS_PARAMS, useProgramsQuery } from './useProgramsQuery';

const SENSITIVITY_ICON: Record<Sensitivity, string> = { low: '○', medium: '◐', high: '●' };

export function SensitivityChip({ value }: { value: Sensitivity }) {
  const { t } = useTranslation();
  return (
    <span className={`chip chip--sensitivity-${value}`} data-testid="program-sensitivity">
      <span aria-hidden="true">{SENSITIVITY_ICON[value]}</span> {t(`sensitivity.${value}`)}
    </span>
  );
}

export function languageList(languages: readonly Lang[]): string {
  const t = i18n.t;
  if (languages.length === 0) return t('programs.allLanguages');
  return languages.map((lang) => t(`languages.${lang}`)).join(', ');
}

function ProgramRow({ program }: { program: Program }) {
  const { t } = useTranslation();
  return (
    <tr data-testid="program-row" data-program-id={program.id}>
      <th scope="row" className="programs__name">
        <bdi>{program.name}</bdi>
      </th>
      <td>
        <code className="slug">{program.slug}</code>
      </td>
      <td>
        <SensitivityChip value={program.sensitivity} />
      </td>
      <td>{languageList(program.languages)}</td>
      <td>
        <span className={`status ${program.active ? 'status--active' : 'status--inactive'}`} data-testid="program-active">
          <span aria-hidden="true">{program.active ? '✓' : '–'}</span> {program.active ? t('programs.active') : t('programs.inactive')}
        </span>
      </td>
      <td>
        <Link
          to={{ pathname: '/', search: `?program=${encodeURIComponent(program.id)}` }}
          aria-label={t('programs.viewPostsOf', { name: program.name })}
        >
          {t('programs.viewPosts')}
        </Link>
      </td>
    </tr>
  );
}

export function ProgramsList() {
  const { t } = useTranslation();
  const query = useProgramsQuery(DEFAULT_PROGRAMS_PARAMS);

  if (query.isPending) return <Loading label={t('programs.loading')} />;
  if (query.isError) {
    return <ErrorMessage error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  }

  const { items, nextCursor } = query.data;
  if (items.length === 0) {
    return (
      <p className="empty" data-testid="programs-empty">
        {t('programs.empty')}
      </p>
    );
  }

  return (
    <div className="table-scroll" role="region" aria-label={t('programs.caption')} tabIndex={0}>
      <table className="table programs" data-testid="programs-table">
        <caption className="sr-only">{t('programs.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('programs.name')}</th>
            <th scope="col">{t('programs.slug')}</th>
            <th scope="col">{t('programs.sensitivity')}</th>
            <th scope="col">{t('programs.languages')}</th>
            <th scope="col">{t('programs.status')}</th>
            <th scope="col">
              <span className="sr-only">{t('programs.viewPosts')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((program) => (
            <ProgramRow key={program.id} program={program} />
          ))}
        </tbody>
      </table>
      {nextCursor !== null && <p className="muted table-note">{t('programs.truncated', { count: items.length })}</p>}
    </div>
  );
}
