import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TopResponse } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { useTop } from './queries';

type Ranked = TopResponse['terms'];

/** What the last hour's talk of the selected program is about: terms, hashtags, accounts. */
export function TopLists({ programId }: { programId: string | null }) {
  const { t } = useTranslation('wall');
  const f = useFormat();
  const top = useTop(programId);

  let body;
  if (top.isPending) {
    body = <Loading label={t('top.loading')} />;
  } else if (top.isError && !top.data) {
    body = <ErrorMessage error={top.error} onRetry={() => void top.refetch()} retrying={top.isFetching} />;
  } else {
    const data = top.data;
    body = (
      <>
        {top.isError && (
          <p className="notice notice--warning" role="status">
            {t('top.staleData')}
          </p>
        )}
        <div className="wall-top__lists">
          <TopList id="terms" title={t('top.terms')} items={data.terms} />
          <TopList id="hashtags" title={t('top.hashtags')} items={data.hashtags} />
          <TopList id="authors" title={t('top.authors')} items={data.authors} prefix="@" />
        </div>
        <p className="muted" data-testid="wall-top-sample" data-sampled={data.sampled}>
          {data.sampled ? t('top.sampled', { total: f.number(data.postsScanned) }) : t('top.scanned', { total: f.number(data.postsScanned) })}
        </p>
      </>
    );
  }

  return (
    <section className="wall-panel wall-panel--top" aria-labelledby="wall-top-heading" data-testid="wall-top">
      <h2 id="wall-top-heading" className="wall-panel__title">
        {t('top.heading')}
      </h2>
      {body}
    </section>
  );
}

function TopList({ id, title, items, prefix = '' }: { id: string; title: string; items: Ranked; prefix?: string }) {
  const { t } = useTranslation('wall');
  const f = useFormat();
  const max = items.reduce((m, item) => Math.max(m, item.count), 1);
  const headingId = `wall-top-${id}`;
  return (
    <div className="wall-top__list" data-testid={`wall-top-${id}`}>
      <h3 id={headingId} className="wall-top__title">
        {title}
      </h3>
      {items.length === 0 ? (
        <p className="muted">{t('top.empty')}</p>
      ) : (
        <ol aria-labelledby={headingId}>
          {items.map((item) => (
            <li key={item.value} className="wall-top__item">
              {id === 'authors' ? (
                // The top lists count handles without their source: the explorer lists the handle's posts on every source.
                <Link className="wall-top__value account-link" to={`/posts?${new URLSearchParams({ author: item.value }).toString()}`}>
                  <bdi>
                    {prefix && !item.value.startsWith(prefix) ? prefix : ''}
                    {item.value}
                  </bdi>
                </Link>
              ) : (
                <bdi className="wall-top__value">
                  {prefix && !item.value.startsWith(prefix) ? prefix : ''}
                  {item.value}
                </bdi>
              )}
              <span className="wall-top__count">
                <span className="sr-only">{t('top.count')}: </span>
                {f.number(item.count)}
              </span>
              {/* The bar repeats the count visually; the number is the information. */}
              <span className="wall-top__bar" style={{ inlineSize: `${Math.max(4, (item.count / max) * 100)}%` }} aria-hidden="true" />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
