import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../ui/PageTitle';
import { isUuid } from '../../lib/url';
import { PostsList } from './PostsList';

/** `/`: the newest posts, filterable by program through `?program=<id>` (so filters deep-link). */
export function PostsPage() {
  const { t } = useTranslation();
  usePageTitle(t('posts.title'));
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get('program');
  const programId = isUuid(raw) ? raw : null;

  const onProgramChange = useCallback(
    (next: string | null) => {
      setSearchParams(
        (current) => {
          const params = new URLSearchParams(current);
          if (next) params.set('program', next);
          else params.delete('program');
          return params;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  return (
    <section className="page" aria-labelledby="posts-heading">
      <h1 id="posts-heading" className="page__title">
        {t('posts.title')}
      </h1>
      <PostsList programId={programId} onProgramChange={onProgramChange} />
    </section>
  );
}
