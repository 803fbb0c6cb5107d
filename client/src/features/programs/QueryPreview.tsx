import { useId, useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Lang } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { useProgramNames } from '../../lib/programs';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { PostCard, postView } from '../posts/PostCard';
import { previewQuery } from './api';
import { useDebounced } from './hooks';
import { programsKeys } from './queries';

const SAMPLES = 5;
const LANGUAGE_ORDER = Lang.options;

interface QueryPreviewProps {
  /** The draft once the server found it valid; null while it is not (nothing is fetched then). */
  query: string | null;
  languages: readonly Lang[];
  /** A newer draft is being checked: what is shown may be about to change. */
  pending?: boolean;
}

/** How the draft would have matched the posts of the last 24 h, with the newest matches. */
export function QueryPreview({ query, languages, pending = false }: QueryPreviewProps) {
  const { t } = useTranslation('programs');
  const f = useFormat();
  const programNames = useProgramNames();
  const headingId = useId();
  const languageKey = LANGUAGE_ORDER.filter((lang) => languages.includes(lang)).join(',');
  const params = useMemo(
    () => ({ query: query?.trim() ?? '', languages: languageKey === '' ? [] : (languageKey.split(',') as Lang[]) }),
    [query, languageKey],
  );
  // The query arrives already debounced; this spaces out quick language toggles too.
  const debounced = useDebounced(params, 300);
  const ready = query !== null && debounced === params;

  const preview = useQuery({
    queryKey: programsKeys.preview(debounced),
    queryFn: ({ signal }) => previewQuery({ query: debounced.query, languages: debounced.languages, samples: SAMPLES }, signal),
    enabled: debounced.query !== '' && query !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const updating = query !== null && (pending || !ready || preview.isFetching);

  return (
    <section className="query-preview" aria-labelledby={headingId} data-testid="query-preview" aria-busy={updating || undefined}>
      <h3 id={headingId} className="section__subtitle">
        {t('preview.title')}
      </h3>
      {query === null ? (
        <p className="muted" data-testid="query-preview-waiting">
          {t('preview.waiting')}
        </p>
      ) : preview.isPending ? (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>{t('preview.loading')}</span>
        </p>
      ) : preview.isError && !preview.data ? (
        <ErrorMessage error={preview.error} onRetry={() => void preview.refetch()} retrying={preview.isFetching} />
      ) : preview.data ? (
        <div className={updating ? 'query-preview__body query-preview__body--updating' : 'query-preview__body'}>
          {preview.data.scanned === 0 ? (
            <p className="muted" data-testid="query-preview-count" data-matched={0} data-scanned={0}>
              {t('preview.noPosts')}
            </p>
          ) : (
            <p className="query-preview__count" data-testid="query-preview-count" data-matched={preview.data.matched} data-scanned={preview.data.scanned}>
              {t('preview.count', { matched: f.number(preview.data.matched), scanned: f.number(preview.data.scanned) })}
            </p>
          )}
          {!preview.data.complete && (
            <p className="notice notice--info" data-testid="query-preview-incomplete">
              {t('preview.incomplete', { scanned: f.number(preview.data.scanned), since: f.dateTime(preview.data.scannedFrom) })}
            </p>
          )}
          {updating && <p className="muted">{t('preview.updating')}</p>}
          {preview.isError && <p className="muted">{t('preview.refreshFailed')}</p>}
          {preview.data.samples.length > 0 ? (
            <>
              <h4 className="query-preview__samples-title">{t('preview.samples')}</h4>
              <ul className="post-list" data-testid="query-preview-samples">
                {preview.data.samples.map((post) => (
                  <li key={post.id}>
                    <PostCard post={postView(post)} programNames={programNames} compact />
                  </li>
                ))}
              </ul>
            </>
          ) : (
            preview.data.scanned > 0 && <p className="empty">{t('preview.noMatches')}</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
