import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../ui/PageTitle';
import { ProgramsList } from './ProgramsList';

/** `/programs`: every monitoring program and its settings. */
export function ProgramsPage() {
  const { t } = useTranslation();
  usePageTitle(t('programs.title'));
  return (
    <section className="page" aria-labelledby="programs-heading">
      <h1 id="programs-heading" className="page__title">
        {t('programs.title')}
      </h1>
      <ProgramsList />
    </section>
  );
}
