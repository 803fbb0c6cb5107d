import { Fragment, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Lang } from '@siaga/shared';
import { describeError } from '../../ui/ErrorMessage';
import { validateQuery } from './api';
import { useDebounced } from './hooks';
import { highlightSegments, lineColumn, type ErrorSpan, type HighlightSegment } from './queryTokens';
import { QueryPreview } from './QueryPreview';
import { describeSyntaxProblem, syntaxProblemOf, type SyntaxProblem } from './syntaxMessage';
import { programsKeys } from './queries';
import { Icon } from '../../ui/Icon';

/** The server's ceiling (shared `CreateProgram.query`). */
export const MAX_QUERY_LENGTH = 10_000;
const CHECK_DELAY_MS = 400;

export type QueryStatus = 'empty' | 'tooLong' | 'checking' | 'valid' | 'invalid' | 'unchecked';

interface QueryEditorProps {
  value: string;
  onChange(value: string): void;
  /** The program's languages, for the preview (empty = all). */
  languages: readonly Lang[];
  readOnly?: boolean;
  /** Show the live preview of matching posts (analysts and above may run it). */
  preview?: boolean;
  /** A field error from the form (e.g. required), shown under the editor. */
  fieldError?: string | null;
  /** A syntax problem from a refused save, positioned in `value`. */
  saveProblem?: SyntaxProblem | null;
  onStatusChange?(status: QueryStatus): void;
  textareaRef?: Ref<HTMLTextAreaElement>;
}

interface Settled {
  text: string;
  problem: SyntaxProblem | null;
}

/**
 * The program query field: a plain textarea (so typing, selection, undo and IME input behave
 * natively) over a highlighted copy of the same text built from React elements (the query is never
 * parsed as HTML). The draft is checked by the server after a pause in typing; a syntax error is
 * shown with its line and column and underlined in place.
 */
export function QueryEditor({
  value,
  onChange,
  languages,
  readOnly = false,
  preview = false,
  fieldError = null,
  saveProblem = null,
  onStatusChange,
  textareaRef,
}: QueryEditorProps) {
  const { t } = useTranslation('programs');
  const baseId = useId();
  const ids = { input: `${baseId}-query`, hint: `${baseId}-hint`, status: `${baseId}-status`, field: `${baseId}-field-error` };
  const overlayRef = useRef<HTMLPreElement>(null);
  const innerRef = useRef<HTMLTextAreaElement | null>(null);

  const tooLong = value.length > MAX_QUERY_LENGTH;
  const candidate = value.trim() === '' || tooLong ? '' : value;
  const debounced = useDebounced(candidate, CHECK_DELAY_MS);
  const current = debounced === candidate;

  // Keyed by the text itself: an answer for an older draft can never be shown for the new one,
  // and the old request is aborted when the key moves on.
  const check = useQuery({
    queryKey: programsKeys.validate(debounced),
    queryFn: ({ signal }) => validateQuery(debounced, signal),
    enabled: debounced !== '',
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
  const checkProblem = useMemo(() => syntaxProblemOf(check.error), [check.error]);

  let status: QueryStatus;
  if (candidate === '') status = tooLong ? 'tooLong' : 'empty';
  else if (!current || check.isPending) status = 'checking';
  else if (check.isSuccess) status = 'valid';
  else if (checkProblem) status = 'invalid';
  else status = 'unchecked';

  // The last answer that belonged to its text: kept on screen while the next draft is checked,
  // so the message does not blink on every keystroke.
  const [settled, setSettled] = useState<Settled | null>(null);
  useEffect(() => {
    if (status === 'valid') setSettled({ text: debounced, problem: null });
    else if (status === 'invalid') setSettled({ text: debounced, problem: checkProblem });
    else if (status === 'empty' || status === 'tooLong') setSettled(null);
  }, [status, debounced, checkProblem]);

  useEffect(() => {
    onStatusChange?.(status);
  }, [status, onStatusChange]);

  // A problem found at save time wins while the text is the one that was saved.
  const problem: SyntaxProblem | null = saveProblem ?? (status === 'invalid' ? checkProblem : null);
  const errorPosition = problem?.position ?? -1;
  const errorLength = problem?.length ?? 0;
  const underline: ErrorSpan | null = useMemo(
    () => (errorPosition < 0 ? null : { position: errorPosition, length: errorLength }),
    [errorPosition, errorLength],
  );
  const segments = useMemo(() => highlightSegments(value, underline), [value, underline]);

  const syncScroll = () => {
    const area = innerRef.current;
    const overlay = overlayRef.current;
    if (!area || !overlay) return;
    overlay.scrollTop = area.scrollTop;
    overlay.scrollLeft = area.scrollLeft;
  };
  // Typing can scroll the textarea without a scroll event reaching us first.
  useLayoutEffect(syncScroll);

  const setRefs = (node: HTMLTextAreaElement | null) => {
    innerRef.current = node;
    if (typeof textareaRef === 'function') textareaRef(node);
    else if (textareaRef) textareaRef.current = node;
  };

  const shownProblem = problem ?? (status === 'checking' && settled?.problem ? settled.problem : null);
  const shownText = problem ? value : (settled?.text ?? value);
  const invalid = problem !== null || tooLong || fieldError !== null;
  const describedBy = [ids.hint, ids.status, fieldError ? ids.field : null].filter(Boolean).join(' ');

  return (
    <div className="query-field">
      <label htmlFor={ids.input} className="query-field__label">
        {t('query.label')}
      </label>
      <p id={ids.hint} className="field__hint">
        {t('query.hint')}
      </p>
      <div className={`query-editor${readOnly ? ' query-editor--readonly' : ''}${invalid ? ' query-editor--invalid' : ''}`}>
        <pre className="query-editor__overlay" ref={overlayRef} aria-hidden="true" data-testid="query-highlight">
          <Highlighted segments={segments} underline={underline} length={value.length} />
          {/* Keeps a trailing newline's empty line as tall as in the textarea. */}{' '}
        </pre>
        <textarea
          ref={setRefs}
          id={ids.input}
          className="query-editor__input"
          data-testid="program-query"
          name="query"
          value={value}
          rows={5}
          readOnly={readOnly}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
          onScroll={syncScroll}
        />
      </div>
      {fieldError && (
        <p id={ids.field} className="field__error" data-testid="query-field-error">
          <Icon name="warning" />{' '}
          {fieldError}
        </p>
      )}
      <div id={ids.status} className="query-status" aria-live="polite">
        <QueryStatusLine status={status} problem={shownProblem} text={shownText} stale={!problem && shownProblem !== null} error={check.error} />
      </div>
      <SyntaxHelp />
      {preview && (
        // While a new draft is checked, the last valid draft's preview stays (marked as updating).
        <QueryPreview
          query={status === 'valid' ? debounced : status === 'checking' && settled && !settled.problem ? settled.text : null}
          languages={languages}
          pending={status === 'checking'}
        />
      )}
    </div>
  );
}

function Highlighted({ segments, underline, length }: { segments: HighlightSegment[]; underline: ErrorSpan | null; length: number }) {
  // A zero-length problem ("the query is empty", "expected a term after …" at the end) is a point:
  // a thin marker between characters, which takes no room, so the text stays aligned.
  const point = underline && (underline.length === 0 || underline.position >= length) ? Math.min(underline.position, length) : null;
  const nodes: ReactNode[] = [];
  segments.forEach((segment, i) => {
    if (point !== null && segment.start === point) nodes.push(<ErrorPoint key={`p${i}`} />);
    const className = `qt qt--${segment.kind}${segment.open ? ' qt--open' : ''}${segment.error ? ' qt--error' : ''}`;
    nodes.push(
      <span key={i} className={className} data-token={segment.kind} {...(segment.error ? { 'data-testid': 'query-error-mark' } : {})}>
        {segment.text}
      </span>,
    );
  });
  if (point !== null && point >= length) nodes.push(<ErrorPoint key="end" />);
  return <>{nodes}</>;
}

function ErrorPoint() {
  return <span className="qt-point" data-testid="query-error-mark" />;
}

interface StatusLineProps {
  status: QueryStatus;
  problem: SyntaxProblem | null;
  /** The text `problem` was found in (line and column are counted there). */
  text: string;
  stale: boolean;
  error: unknown;
}

function QueryStatusLine({ status, problem, text, stale, error }: StatusLineProps) {
  const { t } = useTranslation('programs');
  if (problem) {
    const { line, column } = lineColumn(text, problem.position);
    return (
      <p
        className={`query-status__error${stale ? ' query-status__error--stale' : ''}`}
        data-testid="query-error"
        data-position={problem.position}
        data-length={problem.length}
      >
        <Icon name="cross" />{' '}
        <strong>{t('query.errorAt', { line, column })}</strong> {describeSyntaxProblem(problem, text)}
        {stale && <span className="muted"> {t('query.rechecking')}</span>}
      </p>
    );
  }
  switch (status) {
    case 'checking':
      return (
        <p className="query-status__pending" data-testid="query-checking">
          <span className="spinner spinner--small" aria-hidden="true" /> {t('query.checking')}
        </p>
      );
    case 'valid':
      return (
        <p className="query-status__valid" data-testid="query-valid">
          <Icon name="check" />{' '}
          {t('query.valid')}
        </p>
      );
    case 'tooLong':
      return (
        <p className="query-status__error" data-testid="query-error">
          <Icon name="cross" />{' '}
          {t('query.tooLong', { max: MAX_QUERY_LENGTH })}
        </p>
      );
    case 'unchecked':
      return (
        <p className="query-status__warning" data-testid="query-unchecked">
          <Icon name="warning" />{' '}
          {t('query.checkFailed', { reason: describeError(error) })}
        </p>
      );
    case 'invalid':
    case 'empty':
      return null;
  }
}

const EXAMPLES = [
  ['bansos', 'exampleTerm'],
  ['"bantuan sosial"', 'examplePhrase'],
  ['bansos OR blt', 'exampleOr'],
  ['bansos AND (telat OR terlambat)', 'exampleAnd'],
  ['bansos -hoaks', 'exampleMinus'],
  ['bansos NOT "cek fakta"', 'exampleNot'],
  ['#bansos', 'exampleHashtag'],
  ['@kemensos', 'exampleMention'],
  ['korup*', 'examplePrefix'],
] as const;

function SyntaxHelp() {
  const { t } = useTranslation('programs');
  return (
    <details className="query-help">
      <summary>{t('query.help.title')}</summary>
      <p>{t('query.help.intro')}</p>
      <dl className="query-help__list">
        {EXAMPLES.map(([example, key]) => (
          <Fragment key={key}>
            <dt>
              <code>{example}</code>
            </dt>
            <dd>{t(`query.help.${key}`)}</dd>
          </Fragment>
        ))}
      </dl>
      <p className="muted">{t('query.help.notes')}</p>
    </details>
  );
}
