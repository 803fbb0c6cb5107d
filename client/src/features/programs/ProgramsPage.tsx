import { t } from '../../i18n';
import { ProgramsList } from './ProgramsList';

/** `/programs`: every monitoring program and its settings. */
export function ProgramsPage() {
  return (
    <section className="page" aria-labelledby="programs-heading">
      <title>{`${t.programs.title} · ${t.app.name}`}</title>
      <h1 id="programs-heading" className="page__title">
        {t.programs.title}
      </h1>
      <ProgramsList />
    </section>
  );
}
