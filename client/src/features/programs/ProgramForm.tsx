import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Lang, Sensitivity, type CreateProgram, type Page, type Program, type UpdateProgram } from '@siaga/shared';
import { isApiError } from '../../api';
import { DEFAULT_PROGRAMS_PARAMS } from '../../lib/programs';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { createProgram, deleteProgram, updateProgram } from './api';
import { BacktestPreview } from './BacktestPreview';
import { ConfirmDialog } from '../../ui/Dialog';
import { fieldErrorsFromServer, type FieldErrors, type ProgramField } from './formErrors';
import { MAX_QUERY_LENGTH, QueryEditor, type QueryStatus } from './QueryEditor';
import { isValidSlug, suggestSlug } from './slug';
import { syntaxProblemOf, type SyntaxProblem } from './syntaxMessage';
import { programsKeys } from './queries';
import { Icon, type IconName } from '../../ui/Icon';

const MAX_NAME = 200;
const MAX_DESCRIPTION = 2_000;
const LANGUAGES = Lang.options;
const SENSITIVITIES = Sensitivity.options;
const SENSITIVITY_ICON: Record<Sensitivity, IconName> = { low: 'ring', medium: 'halfDot', high: 'dot' };

interface Draft {
  name: string;
  slug: string;
  description: string;
  query: string;
  languages: Lang[];
  active: boolean;
  sensitivity: Sensitivity;
}

const EMPTY_DRAFT: Draft = { name: '', slug: '', description: '', query: '', languages: [], active: true, sensitivity: 'medium' };

function draftOf(program: Program): Draft {
  return {
    name: program.name,
    slug: program.slug,
    description: program.description ?? '',
    query: program.query,
    languages: LANGUAGES.filter((lang) => program.languages.includes(lang)),
    active: program.active,
    sensitivity: program.sensitivity,
  };
}

/** What the server would store for a draft (it trims these too). */
function normalized(draft: Draft) {
  return {
    name: draft.name.trim(),
    slug: draft.slug.trim(),
    description: draft.description.trim() === '' ? null : draft.description.trim(),
    query: draft.query.trim(),
    languages: LANGUAGES.filter((lang) => draft.languages.includes(lang)),
    active: draft.active,
    sensitivity: draft.sensitivity,
  };
}

/** The fields that differ from the saved program: a PATCH sends only these. */
function changes(draft: Draft, program: Program): UpdateProgram {
  const next = normalized(draft);
  const saved = normalized(draftOf(program));
  const patch: UpdateProgram = {};
  if (next.name !== saved.name) patch.name = next.name;
  if (next.slug !== saved.slug) patch.slug = next.slug;
  if (next.description !== saved.description) patch.description = next.description;
  if (next.query !== saved.query) patch.query = next.query;
  if (next.languages.join(',') !== saved.languages.join(',')) patch.languages = next.languages;
  if (next.active !== saved.active) patch.active = next.active;
  if (next.sensitivity !== saved.sensitivity) patch.sensitivity = next.sensitivity;
  return patch;
}

function validateDraft(draft: Draft, queryStatus: QueryStatus): FieldErrors {
  const errors: FieldErrors = {};
  const name = draft.name.trim();
  if (name === '') errors.name = 'nameRequired';
  else if (name.length > MAX_NAME) errors.name = 'nameTooLong';
  const slug = draft.slug.trim();
  if (slug === '') errors.slug = 'slugRequired';
  else if (!isValidSlug(slug)) errors.slug = 'slugFormat';
  if (draft.query.trim() === '') errors.query = 'queryRequired';
  else if (draft.query.length > MAX_QUERY_LENGTH) errors.query = 'queryTooLong';
  else if (queryStatus === 'invalid') errors.query = 'queryInvalid';
  if (draft.description.trim().length > MAX_DESCRIPTION) errors.description = 'descriptionTooLong';
  return errors;
}

const FIELD_ORDER: ProgramField[] = ['name', 'slug', 'description', 'query', 'languages', 'active', 'sensitivity'];

export type ProgramFormResult = { kind: 'created' | 'deleted'; name: string };

interface ProgramFormProps {
  /** The saved program when editing; null to create one. */
  program: Program | null;
  canEdit: boolean;
  canAnalyze: boolean;
  onDirtyChange(dirty: boolean): void;
  /** Set just before the form navigates away itself, so the unsaved-changes guard lets it pass. */
  leavingRef: RefObject<boolean>;
}

/** The program's own settings: identity, query, scope and sensitivity; saved with one button. */
export function ProgramForm({ program, canEdit, canAnalyze, onDirtyChange, leavingRef }: ProgramFormProps) {
  const { t } = useTranslation('programs');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const baseId = useId();
  const id = (field: string) => `${baseId}-${field}`;
  const creating = program === null;

  const [baseline, setBaseline] = useState<Program | null>(program);
  const [draft, setDraft] = useState<Draft>(() => (program ? draftOf(program) : EMPTY_DRAFT));
  const [slugTouched, setSlugTouched] = useState(!creating);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [queryStatus, setQueryStatus] = useState<QueryStatus>('empty');
  const [saveProblem, setSaveProblem] = useState<{ query: string; problem: SyntaxProblem } | null>(null);
  const [savedNotice, setSavedNotice] = useState<{ rematch: boolean } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const fieldRefs = useRef<Partial<Record<ProgramField, HTMLElement | null>>>({});
  const register = (field: ProgramField) => (node: HTMLElement | null) => {
    fieldRefs.current[field] = node;
  };

  // Only edits that could be saved count: an analyst trying sensitivities for the backtest has none.
  const dirty =
    canEdit && (baseline ? Object.keys(changes(draft, baseline)).length > 0 : JSON.stringify(normalized(draft)) !== JSON.stringify(normalized(EMPTY_DRAFT)));
  useEffect(() => {
    onDirtyChange(dirty);
  }, [dirty, onDirtyChange]);

  // Someone else saved the program while it is open here: untouched forms follow; edited ones warn.
  const outdated = program !== null && baseline !== null && program.updatedAt !== baseline.updatedAt;
  useEffect(() => {
    if (outdated && !dirty) {
      setBaseline(program);
      setDraft(draftOf(program));
    }
  }, [outdated, dirty, program]);

  const edit = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => {
      const next = { ...current, [field]: value };
      // On create the slug follows the name until the user types one.
      if (field === 'name' && creating && !slugTouched) next.slug = suggestSlug(String(value));
      return next;
    });
    setSavedNotice(null);
    setErrors((current) => {
      const next = { ...current };
      delete next[field];
      if (field === 'name' && creating && !slugTouched) delete next.slug;
      return next;
    });
  };

  // Focus moves to the first field to fix once React has committed the error state.
  const [focusTarget, setFocusTarget] = useState<{ field: ProgramField } | null>(null);
  useEffect(() => {
    if (focusTarget) fieldRefs.current[focusTarget.field]?.focus();
  }, [focusTarget]);
  const focusFirst = (fieldErrors: FieldErrors) => {
    const first = FIELD_ORDER.find((field) => fieldErrors[field]);
    if (first) setFocusTarget({ field: first });
  };

  const save = useMutation({
    mutationFn: async (): Promise<Program> => {
      if (creating) {
        const body = normalized(draft);
        const create: CreateProgram = {
          name: body.name,
          slug: body.slug,
          query: body.query,
          description: body.description,
          languages: body.languages,
          sensitivity: body.sensitivity,
          active: body.active,
        };
        return createProgram(create);
      }
      return updateProgram(program.id, changes(draft, baseline ?? program));
    },
    onMutate: () => {
      setSaveProblem(null);
      setSavedNotice(null);
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(programsKeys.detail(saved.id), saved);
      if (creating) {
        leavingRef.current = true;
        await queryClient.invalidateQueries({ queryKey: programsKeys.all });
        await navigate('/programs', { state: { notice: { kind: 'created', name: saved.name } satisfies ProgramFormResult } });
        return;
      }
      const rematch = baseline !== null && (saved.query !== baseline.query || saved.languages.join(',') !== baseline.languages.join(','));
      setBaseline(saved);
      setDraft(draftOf(saved));
      setSavedNotice({ rematch });
      void queryClient.invalidateQueries({ queryKey: programsKeys.all });
    },
    onError: (error) => {
      const fieldErrors = fieldErrorsFromServer(error);
      const problem = syntaxProblemOf(error);
      if (problem) {
        // We sent the trimmed query: shift the position back into the text as typed.
        const leading = draft.query.length - draft.query.trimStart().length;
        setSaveProblem({ query: draft.query, problem: { ...problem, position: problem.position + leading } });
        fieldErrors.query = 'queryInvalid';
      }
      setErrors(fieldErrors);
      focusFirst(fieldErrors);
    },
  });

  const remove = useMutation({
    mutationFn: () => deleteProgram(program?.id ?? ''),
    onSuccess: async () => {
      const id = program?.id ?? '';
      leavingRef.current = true;
      // Out of the list at once; the detail is dropped only after leaving, so this page does not
      // refetch it (a 404) on its way out.
      queryClient.setQueryData<Page<Program>>(programsKeys.list(DEFAULT_PROGRAMS_PARAMS), (page) =>
        page ? { ...page, items: page.items.filter((p) => p.id !== id) } : page,
      );
      await navigate('/programs', { state: { notice: { kind: 'deleted', name: program?.name ?? '' } satisfies ProgramFormResult } });
      queryClient.removeQueries({ queryKey: programsKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: programsKeys.all });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!canEdit || save.isPending) return;
    const fieldErrors = validateDraft(draft, queryStatus);
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) {
      focusFirst(fieldErrors);
      return;
    }
    save.mutate();
  };

  const onQueryStatus = useCallback((status: QueryStatus) => setQueryStatus(status), []);
  const fieldError = (field: ProgramField) => (errors[field] ? t(`form.errors.${errors[field]}`, { max: limitOf(field) }) : null);
  const describedBy = (field: ProgramField, hint = true) => [hint ? id(`${field}-hint`) : '', errors[field] ? id(`${field}-error`) : ''].filter(Boolean).join(' ') || undefined;
  const activeSaveProblem = saveProblem && saveProblem.query === draft.query ? saveProblem.problem : null;
  const nothingToSave = !creating && !dirty;
  const unmappedSaveError = save.isError && Object.keys(fieldErrorsFromServer(save.error)).length === 0 && !syntaxProblemOf(save.error);

  return (
    <>
      {outdated && dirty && (
        <div className="notice notice--warning" role="alert" data-testid="program-outdated">
          <p>{t('form.outdated')}</p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setBaseline(program);
              setDraft(draftOf(program));
              setErrors({});
            }}
          >
            {t('form.loadLatest')}
          </button>
        </div>
      )}
      <form className="panel program-form form" onSubmit={onSubmit} noValidate data-testid="program-form" aria-labelledby={id('heading')}>
        <h2 id={id('heading')} className="sr-only">
          {t('form.settings')}
        </h2>
        <fieldset className="form-section" disabled={!canEdit}>
          <legend className="section__title">{t('form.identity')}</legend>
          <div className="field">
            <label htmlFor={id('name')}>{t('form.name')}</label>
            <input
              ref={register('name')}
              id={id('name')}
              type="text"
              value={draft.name}
              maxLength={MAX_NAME + 50}
              autoComplete="off"
              onChange={(e) => edit('name', e.target.value)}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={describedBy('name', false)}
              data-testid="program-name"
            />
            <FieldError id={id('name-error')} message={fieldError('name')} testId="program-name-error" />
          </div>
          <div className="field">
            <label htmlFor={id('slug')}>{t('form.slug')}</label>
            <input
              ref={register('slug')}
              id={id('slug')}
              type="text"
              className="slug"
              value={draft.slug}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              onChange={(e) => {
                setSlugTouched(true);
                edit('slug', e.target.value);
              }}
              aria-invalid={errors.slug ? true : undefined}
              aria-describedby={describedBy('slug')}
              data-testid="program-slug"
            />
            <p id={id('slug-hint')} className="field__hint">
              {creating && !slugTouched ? t('form.slugSuggested') : t('form.slugHint')}
            </p>
            <FieldError id={id('slug-error')} message={fieldError('slug')} testId="program-slug-error" />
          </div>
          <div className="field">
            <label htmlFor={id('description')}>
              {t('form.description')} <span className="muted">{t('form.optional')}</span>
            </label>
            <textarea
              ref={register('description')}
              id={id('description')}
              className="textarea"
              rows={3}
              value={draft.description}
              onChange={(e) => edit('description', e.target.value)}
              aria-invalid={errors.description ? true : undefined}
              aria-describedby={describedBy('description')}
              data-testid="program-description"
            />
            <p id={id('description-hint')} className="field__hint">
              {t('form.descriptionHint', { max: MAX_DESCRIPTION })}
            </p>
            <FieldError id={id('description-error')} message={fieldError('description')} testId="program-description-error" />
          </div>
        </fieldset>

        <section className="form-section" aria-labelledby={id('query-title')}>
          <h3 id={id('query-title')} className="section__title">
            {t('form.querySection')}
          </h3>
          <QueryEditor
            value={draft.query}
            onChange={(value) => {
              edit('query', value);
              setSaveProblem(null);
            }}
            languages={draft.languages}
            readOnly={!canEdit}
            preview={canAnalyze}
            fieldError={errors.query && errors.query !== 'queryInvalid' ? fieldError('query') : null}
            saveProblem={activeSaveProblem}
            onStatusChange={onQueryStatus}
            textareaRef={register('query')}
          />
        </section>

        <fieldset className="form-section" disabled={!canEdit}>
          <legend className="section__title">{t('form.scope')}</legend>
          <fieldset className="choice-group" aria-describedby={id('languages-hint')}>
            <legend>{t('form.languages')}</legend>
            <div className="choice-group__options">
              {LANGUAGES.map((lang) => (
                <label key={lang} className="choice">
                  <input
                    type="checkbox"
                    checked={draft.languages.includes(lang)}
                    onChange={(e) =>
                      edit('languages', e.target.checked ? LANGUAGES.filter((l) => l === lang || draft.languages.includes(l)) : draft.languages.filter((l) => l !== lang))
                    }
                    data-testid={`program-language-${lang}`}
                  />
                  {tc(`languages.${lang}`)}
                </label>
              ))}
            </div>
            <p id={id('languages-hint')} className="field__hint">
              {draft.languages.length === 0 ? t('form.languagesAll') : t('form.languagesHint')}
            </p>
          </fieldset>
          <div className="field">
            <label className="choice">
              <input type="checkbox" checked={draft.active} onChange={(e) => edit('active', e.target.checked)} aria-describedby={id('active-hint')} data-testid="program-active-input" />
              {t('form.active')}
            </label>
            <p id={id('active-hint')} className="field__hint">
              {t('form.activeHint')}
            </p>
          </div>
        </fieldset>

        <div className="form-section">
          <fieldset className="choice-group" disabled={!canAnalyze || (creating && !canEdit)} data-testid="program-sensitivity-group">
            <legend className="section__title">{t('form.sensitivity')}</legend>
            <p className="field__hint">{t('form.sensitivityHint')}</p>
            {!canEdit && canAnalyze && <p className="field__hint">{t('form.sensitivityTryOnly')}</p>}
            <div className="sensitivity-options">
              {SENSITIVITIES.map((level) => (
                <label key={level} className={`sensitivity-option${draft.sensitivity === level ? ' sensitivity-option--checked' : ''}`}>
                  <input
                    type="radio"
                    name={id('sensitivity')}
                    value={level}
                    checked={draft.sensitivity === level}
                    onChange={() => edit('sensitivity', level)}
                    data-testid={`program-sensitivity-${level}`}
                  />
                  <span className="sensitivity-option__text">
                    <span className="sensitivity-option__name">
                      <Icon name={SENSITIVITY_ICON[level]} />{' '}
                      {tc(`sensitivity.${level}`)}
                      {baseline?.sensitivity === level && <span className="muted"> {t('form.savedMark')}</span>}
                    </span>
                    <span className="sensitivity-option__description">{t(`form.sensitivityDescriptions.${level}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {baseline && canAnalyze && <BacktestPreview programId={baseline.id} chosen={draft.sensitivity} saved={baseline.sensitivity} />}
        </div>

        {canEdit && (
          <div className="form__actions program-form__actions">
            <button type="submit" className="button button--primary" disabled={save.isPending || nothingToSave} data-testid="program-save">
              {save.isPending ? t('form.saving') : creating ? t('form.create') : t('form.save')}
            </button>
            {creating ? (
              <Link to="/programs" className="button button--secondary">
                {t('form.cancel')}
              </Link>
            ) : (
              dirty && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    if (baseline) setDraft(draftOf(baseline));
                    setErrors({});
                    setSaveProblem(null);
                    save.reset();
                  }}
                  data-testid="program-discard"
                >
                  {t('form.discard')}
                </button>
              )
            )}
            {nothingToSave && <span className="muted">{t('form.noChanges')}</span>}
            {!creating && (
              <button
                type="button"
                className="button button--danger-outline program-form__delete"
                onClick={() => setConfirmDelete(true)}
                disabled={remove.isPending}
                data-testid="program-delete"
              >
                {t('form.delete')}
              </button>
            )}
          </div>
        )}
        <div aria-live="polite" className="program-form__feedback">
          {Object.keys(errors).length > 0 && (
            <p className="notice notice--error" data-testid="program-form-errors">
              {t('form.errors.summary')}
            </p>
          )}
          {savedNotice && (
            <p className="notice notice--info" data-testid="program-saved">
              <Icon name="check" />{' '}
              {savedNotice.rematch ? t('form.savedRematch') : t('form.saved')}
            </p>
          )}
        </div>
        {unmappedSaveError && <ErrorMessage error={save.error} message={saveErrorMessage(save.error, t)} />}
        {remove.isError && <ErrorMessage error={remove.error} />}
      </form>

      {confirmDelete && program && (
        <ConfirmDialog
          title={t('form.deleteTitle', { name: program.name })}
          confirmLabel={remove.isPending ? t('form.deleting') : t('form.deleteConfirm')}
          cancelLabel={t('form.cancel')}
          danger
          busy={remove.isPending}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => remove.mutate(undefined, { onError: () => setConfirmDelete(false) })}
          confirmTestId="program-delete-confirm"
        >
          <p>{t('form.deleteBody')}</p>
          <p>
            <bdi className="dialog__subject">{program.name}</bdi> (<code className="slug">{program.slug}</code>)
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function limitOf(field: ProgramField): number {
  switch (field) {
    case 'name':
      return MAX_NAME;
    case 'description':
      return MAX_DESCRIPTION;
    case 'query':
      return MAX_QUERY_LENGTH;
    default:
      return 0;
  }
}

type T = ReturnType<typeof useTranslation<'programs'>>['t'];

function saveErrorMessage(error: unknown, t: T): string | undefined {
  if (isApiError(error) && error.code === 'forbidden') return t('form.forbidden');
  if (isApiError(error) && error.code === 'not_found') return t('form.goneOnSave');
  return undefined;
}

function FieldError({ id, message, testId }: { id: string; message: string | null; testId: string }) {
  if (!message) return null;
  return (
    <p id={id} className="field__error" data-testid={testId}>
      <Icon name="warning" />{' '}
      {message}
    </p>
  );
}
