import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Lang, PROVINCES, SentimentLabel, type PostsQuery } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { useProgramsQuery } from '../../lib/programs';
import { isUuid } from '../../lib/url';
import { toWallTime, zonedInputToIso } from '../../lib/zonedTime';
import { FILTER_KEYS, activeFilterCount, normalizeSource } from './filters';

/** What the controls hold: plain strings, the times as the datetime-local inputs show them. */
interface Draft {
  programId: string;
  from: string;
  to: string;
  sentiment: string;
  lang: string;
  source: string;
  q: string;
  /** '' (any), 'true' (harm reports only) or 'false' (none). */
  harm: string;
  author: string;
  /** A province code, or ''. */
  place: string;
}

interface DraftResult {
  filters: PostsQuery;
  fromIncomplete: boolean;
  toIncomplete: boolean;
  rangeInvalid: boolean;
}

/** Typing in a text or time field is applied after this pause; choosing in a list applies at once. */
const TYPING_DELAY_MS = 450;

function draftOf(filters: PostsQuery, timeZone: string): Draft {
  return {
    programId: filters.programId ?? '',
    from: filters.from ? toWallTime(filters.from, timeZone) : '',
    to: filters.to ? toWallTime(filters.to, timeZone) : '',
    sentiment: filters.sentiment ?? '',
    lang: filters.lang ?? '',
    source: filters.source ?? '',
    q: filters.q ?? '',
    harm: filters.harm === undefined ? '' : String(filters.harm),
    author: filters.author ?? '',
    place: filters.place ?? '',
  };
}

/**
 * The filters a draft stands for. A time is only replaced once the field holds a complete value:
 * while half-typed it keeps the applied one, so the list does not jump around mid-edit.
 */
function resolveDraft(draft: Draft, applied: PostsQuery, timeZone: string): DraftResult {
  const filters: PostsQuery = {};
  if (isUuid(draft.programId)) filters.programId = draft.programId;
  const sentiment = SentimentLabel.safeParse(draft.sentiment);
  if (sentiment.success) filters.sentiment = sentiment.data;
  const lang = Lang.safeParse(draft.lang);
  if (lang.success) filters.lang = lang.data;
  const source = normalizeSource(draft.source).slice(0, 64);
  if (source) filters.source = source;
  const q = draft.q.trim().slice(0, 200);
  if (q) filters.q = q;
  if (draft.harm === 'true' || draft.harm === 'false') filters.harm = draft.harm === 'true';
  const author = draft.author.trim().slice(0, 256);
  if (author) filters.author = author;
  if (/^\d{2}(\.\d{2})?$/.test(draft.place)) filters.place = draft.place;

  const from = draft.from === '' ? null : zonedInputToIso(draft.from, timeZone);
  const to = draft.to === '' ? null : zonedInputToIso(draft.to, timeZone);
  const fromIncomplete = draft.from !== '' && from === null;
  const toIncomplete = draft.to !== '' && to === null;
  const keptFrom = fromIncomplete ? applied.from : (from ?? undefined);
  const keptTo = toIncomplete ? applied.to : (to ?? undefined);
  const rangeInvalid = keptFrom !== undefined && keptTo !== undefined && Date.parse(keptFrom) >= Date.parse(keptTo);
  if (keptFrom) filters.from = keptFrom;
  if (keptTo) filters.to = keptTo;
  return { filters, fromIncomplete, toIncomplete, rangeInvalid };
}

function sameFilters(a: PostsQuery, b: PostsQuery): boolean {
  return FILTER_KEYS.every((key) => (a[key] ?? undefined) === (b[key] ?? undefined));
}

interface PostsFilterBarProps {
  /** The applied filters (from the URL). */
  filters: PostsQuery;
  onChange(filters: PostsQuery): void;
  /** Sources seen in the loaded posts, offered as suggestions. */
  knownSources: readonly string[];
}

export function PostsFilterBar({ filters, onChange, knownSources }: PostsFilterBarProps) {
  const { t } = useTranslation('posts');
  const { t: tc } = useTranslation();
  const { t: tw } = useTranslation('who');
  const f = useFormat();
  const timeZone = f.timeZone;
  const uid = useId();
  const ids = {
    program: `${uid}-program`,
    from: `${uid}-from`,
    to: `${uid}-to`,
    timeHint: `${uid}-time-hint`,
    fromError: `${uid}-from-error`,
    toError: `${uid}-to-error`,
    sentiment: `${uid}-sentiment`,
    lang: `${uid}-lang`,
    harm: `${uid}-harm`,
    source: `${uid}-source`,
    sourceHint: `${uid}-source-hint`,
    sources: `${uid}-sources`,
    q: `${uid}-q`,
    author: `${uid}-author`,
    place: `${uid}-place`,
    qHint: `${uid}-q-hint`,
  };

  const [draft, setDraft] = useState<Draft>(() => draftOf(filters, timeZone));
  const draftRef = useRef(draft);
  // The filters this bar applied last: a URL change that is not one of ours (back button, a link,
  // another control) resets the fields; our own must not, or it would eat keystrokes typed since.
  const appliedRef = useRef(filters);
  const timer = useRef<number | null>(null);
  const zoneRef = useRef(timeZone);

  const cancelPending = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };

  useEffect(() => cancelPending, []);

  useEffect(() => {
    const zoneChanged = zoneRef.current !== timeZone;
    zoneRef.current = timeZone;
    if (!zoneChanged && sameFilters(filters, appliedRef.current)) return;
    cancelPending();
    appliedRef.current = filters;
    const next = draftOf(filters, timeZone);
    draftRef.current = next;
    setDraft(next);
  }, [filters, timeZone]);

  const apply = (next: Draft) => {
    cancelPending();
    const result = resolveDraft(next, appliedRef.current, timeZone);
    if (result.rangeInvalid || sameFilters(result.filters, appliedRef.current)) return;
    appliedRef.current = result.filters;
    onChange(result.filters);
  };

  const update = (patch: Partial<Draft>, when: 'now' | 'later') => {
    const next = { ...draftRef.current, ...patch };
    draftRef.current = next;
    setDraft(next);
    if (when === 'now') {
      apply(next);
      return;
    }
    cancelPending();
    timer.current = window.setTimeout(() => apply(draftRef.current), TYPING_DELAY_MS);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    apply(draftRef.current);
  };

  const reset = () => {
    cancelPending();
    const empty = draftOf({}, timeZone);
    draftRef.current = empty;
    setDraft(empty);
    appliedRef.current = {};
    onChange({});
  };

  const programs = useProgramsQuery();
  const programOptions = useMemo(
    () => [...(programs.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name, f.locale)),
    [programs.data, f.locale],
  );
  const programKnown = draft.programId === '' || programOptions.some((p) => p.id === draft.programId);

  const result = resolveDraft(draft, appliedRef.current, timeZone);
  const fromError = result.fromIncomplete ? t('filters.incompleteTime') : null;
  const toError = result.toIncomplete ? t('filters.incompleteTime') : result.rangeInvalid ? t('filters.rangeInvalid') : null;
  const active = activeFilterCount(filters);
  const describedBy = (...parts: (string | null | false)[]) => parts.filter(Boolean).join(' ') || undefined;

  return (
    <form className="posts-filters" role="search" aria-label={t('filters.label')} onSubmit={onSubmit} noValidate data-testid="posts-filters">
      <div className="posts-filters__grid">
        <div className="field">
          <label htmlFor={ids.program}>{t('filters.program')}</label>
          <select
            id={ids.program}
            value={draft.programId}
            onChange={(e) => update({ programId: e.target.value }, 'now')}
            aria-describedby={describedBy(programs.isError && `${uid}-programs-error`)}
            data-testid="program-filter"
          >
            <option value="">{t('filters.allPrograms')}</option>
            {!programKnown && (
              <option value={draft.programId}>{programs.isPending ? t('filters.programsLoading') : t('filters.unknownProgram')}</option>
            )}
            {programOptions.map((program) => (
              <option key={program.id} value={program.id}>
                {program.active ? program.name : t('filters.inactive', { name: program.name })}
              </option>
            ))}
          </select>
          {programs.isError && (
            <p className="posts-hint posts-hint--warning" id={`${uid}-programs-error`}>
              {t('filters.programsFailed')}
            </p>
          )}
        </div>

        <div className="field">
          <label htmlFor={ids.from}>{t('filters.from', { zone: f.zoneLabel })}</label>
          <input
            id={ids.from}
            type="datetime-local"
            value={draft.from}
            onChange={(e) => update({ from: e.target.value }, 'later')}
            aria-invalid={fromError ? true : undefined}
            aria-describedby={describedBy(ids.timeHint, fromError && ids.fromError)}
            data-testid="posts-filter-from"
          />
          {fromError && (
            <p className="posts-error" id={ids.fromError}>
              {fromError}
            </p>
          )}
        </div>

        <div className="field">
          <label htmlFor={ids.to}>{t('filters.to', { zone: f.zoneLabel })}</label>
          <input
            id={ids.to}
            type="datetime-local"
            value={draft.to}
            onChange={(e) => update({ to: e.target.value }, 'later')}
            aria-invalid={toError ? true : undefined}
            aria-describedby={describedBy(ids.timeHint, toError && ids.toError)}
            data-testid="posts-filter-to"
          />
          {toError && (
            <p className="posts-error" id={ids.toError} role="alert">
              {toError}
            </p>
          )}
        </div>

        <div className="field">
          <label htmlFor={ids.sentiment}>{t('filters.sentiment')}</label>
          <select id={ids.sentiment} value={draft.sentiment} onChange={(e) => update({ sentiment: e.target.value }, 'now')} data-testid="posts-filter-sentiment">
            <option value="">{t('filters.anySentiment')}</option>
            {SentimentLabel.options.map((label) => (
              <option key={label} value={label}>
                {tc(`sentiment.${label}`)}
              </option>
            ))}
          </select>
        </div>

        <div className="field">
          <label htmlFor={ids.lang}>{t('filters.lang')}</label>
          <select id={ids.lang} value={draft.lang} onChange={(e) => update({ lang: e.target.value }, 'now')} data-testid="posts-filter-lang">
            <option value="">{t('filters.anyLang')}</option>
            {Lang.options.map((lang) => (
              <option key={lang} value={lang}>
                {tc(`languages.${lang}`)}
              </option>
            ))}
          </select>
        </div>

        <div className="field">
          <label htmlFor={ids.harm}>{tc('harm.filter')}</label>
          <select id={ids.harm} value={draft.harm} onChange={(e) => update({ harm: e.target.value }, 'now')} data-testid="posts-filter-harm">
            <option value="">{tc('harm.any')}</option>
            <option value="true">{tc('harm.only')}</option>
            <option value="false">{tc('harm.none')}</option>
          </select>
        </div>

        <div className="field">
          <label htmlFor={ids.source}>{t('filters.source')}</label>
          <input
            id={ids.source}
            type="text"
            value={draft.source}
            onChange={(e) => update({ source: e.target.value }, 'later')}
            placeholder={t('filters.sourcePlaceholder')}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            list={knownSources.length > 0 ? ids.sources : undefined}
            aria-describedby={ids.sourceHint}
            data-testid="posts-filter-source"
          />
          <p className="posts-hint" id={ids.sourceHint}>
            {t('filters.sourceHint')}
          </p>
          {knownSources.length > 0 && (
            <datalist id={ids.sources}>
              {knownSources.map((source) => (
                <option key={source} value={source} />
              ))}
            </datalist>
          )}
        </div>

        <div className="field">
          <label htmlFor={ids.author}>{tw('filters.author')}</label>
          <input
            id={ids.author}
            type="text"
            value={draft.author}
            onChange={(e) => update({ author: e.target.value }, 'later')}
            placeholder={tw('filters.authorPlaceholder')}
            maxLength={256}
            autoComplete="off"
            spellCheck={false}
            data-testid="posts-filter-author"
          />
        </div>

        <div className="field">
          <label htmlFor={ids.place}>{tw('filters.place')}</label>
          <select id={ids.place} value={draft.place} onChange={(e) => update({ place: e.target.value }, 'now')} data-testid="posts-filter-place">
            <option value="">{tw('filters.anyPlace')}</option>
            {draft.place.includes('.') && <option value={draft.place}>{draft.place}</option>}
            {PROVINCES.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </div>

        <div className="field posts-filters__search">
          <label htmlFor={ids.q}>{t('filters.q')}</label>
          <input
            id={ids.q}
            type="search"
            value={draft.q}
            onChange={(e) => update({ q: e.target.value }, 'later')}
            placeholder={t('filters.qPlaceholder')}
            maxLength={200}
            autoComplete="off"
            aria-describedby={ids.qHint}
            data-testid="posts-filter-q"
          />
          <p className="posts-hint" id={ids.qHint}>
            {t('filters.qHint')}
          </p>
        </div>
      </div>

      <div className="posts-filters__footer">
        <p className="posts-hint" id={ids.timeHint}>
          {t('filters.timeHint', { zone: f.zoneLabel })}
        </p>
        <div className="posts-filters__actions">
          <span className="muted" data-testid="posts-filter-count">
            {active > 0 ? t('filters.active', { count: active }) : t('filters.none')}
          </span>
          <button type="submit" className="button button--secondary button--small" data-testid="posts-filter-apply">
            {t('filters.apply')}
          </button>
          <button type="button" className="button button--secondary button--small" onClick={reset} disabled={active === 0 && Object.values(draft).every((value) => value === '')} data-testid="posts-filter-reset">
            {t('filters.reset')}
          </button>
        </div>
      </div>
    </form>
  );
}
