import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useProgramsQuery } from '../programs/useProgramsQuery';

interface ProgramFilterProps {
  value: string | null;
  onChange(programId: string | null): void;
}

export function ProgramFilter({ value, onChange }: ProgramFilterProps) {
  const { t } = useTranslation();
  const selectId = useId();
  const { data, isPending, isError } = useProgramsQuery();
  const programs = useMemo(
    () => [...(data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'id')),
    [data],
  );
  const known = value === null || programs.some((p) => p.id === value);

  return (
    <div className="field field--inline">
      <label htmlFor={selectId}>{t('posts.filterLabel')}</label>
      <select
        id={selectId}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        disabled={isPending && value === null}
        aria-invalid={isError || undefined}
        data-testid="program-filter"
      >
        <option value="">{t('posts.allPrograms')}</option>
        {!known && value !== null && <option value={value}>{isPending ? t('app.loading') : t('posts.unknownProgram')}</option>}
        {programs.map((program) => (
          <option key={program.id} value={program.id}>
            {program.name}
            {program.active ? '' : ` (${t('programs.inactive')})`}
          </option>
        ))}
      </select>
    </div>
  );
}
