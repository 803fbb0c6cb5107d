import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertKind, Severity } from '@siaga/shared';
import { useProgramsQuery } from '../../lib/programs';
import { isUuid } from '../../lib/url';

interface AlertFilterBarProps {
  /** The raw `?program=`: an unknown program is still shown as selected. */
  programId: string | null;
  kind: AlertKind | undefined;
  severity: Severity | undefined;
  onChange(key: 'program' | 'kind' | 'severity', value: string | undefined): void;
  onReset(): void;
}

/** The program, kind and severity selects of the inbox, with a reset once any is set. */
export function AlertFilterBar({ programId, kind, severity, onChange, onReset }: AlertFilterBarProps) {
  const { t } = useTranslation(['alerts', 'common']);
  const programs = useProgramsQuery();
  const programSelect = useId();
  const kindSelect = useId();
  const severitySelect = useId();
  const sorted = useMemo(() => [...(programs.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'id')), [programs.data]);
  const program = isUuid(programId) ? programId : null;
  const known = program === null || sorted.some((p) => p.id === program);
  const any = program !== null || kind !== undefined || severity !== undefined;

  return (
    <div className="toolbar alerts-filters" role="group" aria-label={t('inbox.filters.label')}>
      <div className="field field--inline">
        <label htmlFor={programSelect}>{t('inbox.filters.program')}</label>
        <select
          id={programSelect}
          value={program ?? ''}
          onChange={(e) => onChange('program', e.target.value || undefined)}
          aria-invalid={programs.isError || undefined}
          data-testid="alerts-filter-program"
        >
          <option value="">{t('inbox.filters.allPrograms')}</option>
          {!known && program !== null && <option value={program}>{programs.isPending ? t('common:app.loading') : t('inbox.filters.unknownProgram')}</option>}
          {sorted.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.active ? '' : ` (${t('inbox.filters.inactive')})`}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={kindSelect}>{t('inbox.filters.kind')}</label>
        <select id={kindSelect} value={kind ?? ''} onChange={(e) => onChange('kind', e.target.value || undefined)} data-testid="alerts-filter-kind">
          <option value="">{t('inbox.filters.allKinds')}</option>
          {AlertKind.options.map((k) => (
            <option key={k} value={k}>
              {t(`common:alertKind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={severitySelect}>{t('inbox.filters.severity')}</label>
        <select
          id={severitySelect}
          value={severity ?? ''}
          onChange={(e) => onChange('severity', e.target.value || undefined)}
          data-testid="alerts-filter-severity"
        >
          <option value="">{t('inbox.filters.allSeverities')}</option>
          {Severity.options.map((s) => (
            <option key={s} value={s}>
              {t(`common:severity.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {any && (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={onReset}
          data-testid="alerts-filter-reset"
        >
          {t('inbox.filters.reset')}
        </button>
      )}
    </div>
  );
}
