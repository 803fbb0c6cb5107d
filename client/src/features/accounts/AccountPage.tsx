import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ENGAGEMENT_WEIGHT, PROVINCES } from '@siaga/shared';
import { ApiError } from '../../api/errors';
import { useFormat } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { PostCard, postView } from '../posts/PostCard';
import { useProgramNames } from '../../lib/programs';
import { useAccount } from './accountsApi';
import './accounts.css';

const PROVINCE_NAMES = new Map(PROVINCES.map((p) => [p.code, p.name]));

/** `/accounts/:source/:handle`: one account's posts, programs, sentiment by day, places and campaign clusters. */
export function AccountPage() {
  const { source = '', handle = '' } = useParams();
  const { t } = useTranslation('who');
  const f = useFormat();
  const names = useProgramNames();
  usePageTitle(t('account.title', { handle: `@${handle}` }));
  const account = useAccount(source, handle);

  let body;
  if (account.isPending) body = <Loading label={t('account.loading')} />;
  else if (account.isError) {
    body =
      account.error instanceof ApiError && account.error.status === 404 ? (
        <p className="muted" data-testid="account-not-found">
          {t('account.notFound')}
        </p>
      ) : (
        <ErrorMessage error={account.error} onRetry={() => void account.refetch()} retrying={account.isFetching} />
      );
  } else {
    const a = account.data;
    const days = Math.round((Date.parse(a.to) - Date.parse(a.from)) / 86_400_000);
    const explorer = `/posts?${new URLSearchParams({ source: a.source, author: a.handle }).toString()}`;
    body = (
      <>
        <p className="muted">{t('account.window', { days })}</p>
        <dl className="account__figures" data-testid="account-figures">
          <div>
            <dt>{t('account.followers')}</dt>
            <dd>{a.followers === null ? '–' : f.number(a.followers)}</dd>
          </div>
          <div>
            <dt>{t('account.posts')}</dt>
            <dd data-testid="account-posts">{f.number(a.posts)}</dd>
          </div>
          <div>
            <dt>{t('account.engagement')}</dt>
            <dd>{f.number(a.engagement)}</dd>
          </div>
          <div>
            <dt title={t('account.reachHint', { weight: ENGAGEMENT_WEIGHT })}>{t('account.reach')}</dt>
            <dd>{f.number(a.reach)}</dd>
          </div>
          {a.location && (
            <div>
              <dt>{t('account.location')}</dt>
              <dd>
                <bdi>{a.location}</bdi>
              </dd>
            </div>
          )}
          {a.createdAt && (
            <div>
              <dt>{t('account.createdAt')}</dt>
              <dd data-testid="account-created" title={f.dateTimeFull(a.createdAt)}>
                {f.date(a.createdAt)}
              </dd>
            </div>
          )}
        </dl>
        {a.firstAt && a.lastAt && <p className="muted">{t('account.firstLast', { first: f.dateTime(a.firstAt), last: f.dateTime(a.lastAt) })}</p>}

        <section className="account__section" aria-labelledby="account-campaigns">
          <h2 id="account-campaigns">{t('account.campaigns')}</h2>
          {a.campaigns.length === 0 ? (
            <p className="muted">{t('account.noCampaigns')}</p>
          ) : (
            <ul className="account__list" data-testid="account-campaigns">
              {a.campaigns.map((c) => (
                <li key={c.alertId}>
                  <strong>{names.get(c.programId) ?? c.programId}</strong> · {t('account.campaignLine', { posts: f.number(c.posts), accounts: f.number(c.accounts), at: f.dateTime(c.openedAt) })}{' '}
                  <Link to={`/alerts/${c.alertId}`}>{t('account.openAlert')}</Link>
                  {c.sampleText && (
                    <blockquote className="account__sample" dir="auto">
                      {c.sampleText}
                    </blockquote>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>

        <div className="account__columns">
          <section className="account__section" aria-labelledby="account-programs">
            <h2 id="account-programs">{t('account.programs')}</h2>
            {a.programs.length === 0 ? (
              <p className="muted">{t('account.noPrograms')}</p>
            ) : (
              <ul className="account__list">
                {a.programs.map((p) => (
                  <li key={p.id}>
                    <Link to={`/posts?${new URLSearchParams({ program: p.id, source: a.source, author: a.handle }).toString()}`}>{p.name}</Link> · {f.number(p.posts)}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="account__section" aria-labelledby="account-places">
            <h2 id="account-places">{t('account.places')}</h2>
            {a.places.length === 0 ? (
              <p className="muted">{t('account.noPlaces')}</p>
            ) : (
              <ul className="account__list">
                {a.places.map((p) => (
                  <li key={p.code}>
                    {PROVINCE_NAMES.get(p.code) ?? p.code} · {f.number(p.posts)}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <section className="account__section" aria-labelledby="account-sentiment">
          <h2 id="account-sentiment">{t('account.sentiment')}</h2>
          {a.sentiment.length === 0 ? (
            <p className="muted">{t('account.noPosts')}</p>
          ) : (
            <table className="table account__sentiment" data-testid="account-sentiment">
              <thead>
                <tr>
                  <th scope="col">{t('account.day')}</th>
                  <th scope="col">{t('account.positive')}</th>
                  <th scope="col">{t('account.neutral')}</th>
                  <th scope="col">{t('account.negative')}</th>
                  <th scope="col" aria-hidden="true" />
                </tr>
              </thead>
              <tbody>
                {a.sentiment.map((d) => {
                  const total = Math.max(1, d.positive + d.neutral + d.negative);
                  return (
                    <tr key={d.day}>
                      <th scope="row">{f.shortDate(d.day)}</th>
                      <td>{f.number(d.positive)}</td>
                      <td>{f.number(d.neutral)}</td>
                      <td>{f.number(d.negative)}</td>
                      <td aria-hidden="true">
                        <span className="account__bar">
                          <span className="account__bar-pos" style={{ inlineSize: `${(d.positive / total) * 100}%` }} />
                          <span className="account__bar-neu" style={{ inlineSize: `${(d.neutral / total) * 100}%` }} />
                          <span className="account__bar-neg" style={{ inlineSize: `${(d.negative / total) * 100}%` }} />
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>

        <section className="account__section" aria-labelledby="account-recent">
          <h2 id="account-recent">{t('account.recent')}</h2>
          <p>
            <Link to={explorer}>{t('account.allPosts')}</Link>
          </p>
          {a.recent.length === 0 ? (
            <p className="muted">{t('account.noPosts')}</p>
          ) : (
            <div className="account__posts">
              {a.recent.map((p) => (
                <PostCard key={p.id} post={postView(p)} programNames={names} compact />
              ))}
            </div>
          )}
        </section>
      </>
    );
  }

  return (
    <section className="page account" data-testid="account-page" aria-labelledby="account-heading">
      <h1 tabIndex={-1} id="account-heading" className="page__title">
        <bdi>@{handle.replace(/^@+/, '')}</bdi> <span className="muted account__source">{source}</span>
      </h1>
      {account.data?.name && (
        <p className="account__name">
          <bdi>{account.data.name}</bdi>
        </p>
      )}
      {body}
    </section>
  );
}
