import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PROVINCES } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { describeError } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { AccountLink } from '../accounts/AccountLink';
import { useActors } from '../accounts/accountsApi';
import { PlatformBreakdown } from './PlatformBreakdown';
import { usePlacePosts, usePlaces, usePlatforms } from './placesApi';
import { ProvinceGrid } from './ProvinceGrid';
import './places.css';

const NAMES = new Map(PROVINCES.map((p) => [p.code, p.name]));

/**
 * Who and where on the wall, for the selected program over the last 24 hours: the provinces as a tile map
 * (a click filters the panel to that province, kept in the URL as `?place=`), the platforms, and the
 * accounts with the widest reach.
 */
export function WallWhereWho({ programId }: { programId: string | null }) {
  const { t } = useTranslation('who');
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const rawPlace = params.get('place');
  const place = rawPlace && NAMES.has(rawPlace) ? rawPlace : null;
  const select = useCallback(
    (code: string | null) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (code) next.set('place', code);
          else next.delete('place');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const places = usePlaces(programId);
  const platforms = usePlatforms(programId);
  const actors = useActors(programId);
  const placePosts = usePlacePosts(place, programId);

  return (
    <div className="wall-who" data-testid="wall-who">
      <section className="wall-panel wall-who__places" aria-labelledby="wall-places-heading" data-testid="wall-places" data-place={place ?? ''}>
        <h2 id="wall-places-heading" className="wall-panel__title">
          {t('places.heading')}
        </h2>
        {places.isPending ? (
          <Loading label={t('places.loading')} />
        ) : places.isError ? (
          <PanelError error={places.error} />
        ) : (
          <p className="muted">{t('places.summary', { placed: f.number(places.data.placed), posts: f.number(places.data.posts) })}</p>
        )}
        <ProvinceGrid data={places.data} selected={place} onSelect={select} />
        <p className="muted province-grid__legend">{t('places.legend')}</p>
        {place && (
          <div className="wall-who__selected" data-testid="wall-place-selected">
            <p>
              <strong>{t('places.selected', { name: NAMES.get(place) })}</strong>{' '}
              <button type="button" className="button button--secondary button--small" onClick={() => select(null)}>
                {t('places.clear')}
              </button>{' '}
              <Link to={`/posts?${new URLSearchParams({ place, ...(programId ? { program: programId } : {}) }).toString()}`}>{t('places.openExplorer')}</Link>
            </p>
            <h3 className="wall-who__subtitle">{t('places.postsIn', { name: NAMES.get(place) })}</h3>
            {placePosts.isPending ? (
              <Loading />
            ) : placePosts.isError ? (
              <PanelError error={placePosts.error} />
            ) : placePosts.data.items.length === 0 ? (
              <p className="muted">{t('places.noPosts')}</p>
            ) : (
              <ul className="wall-who__posts" data-testid="wall-place-posts">
                {placePosts.data.items.map((p) => (
                  <li key={p.id}>
                    <AccountLink source={p.source} handle={p.author.handle} />: <span dir="auto">{p.text.length > 160 ? `${p.text.slice(0, 160)}…` : p.text}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {places.data && places.data.regencies.length > 0 && (
          <>
            <h3 className="wall-who__subtitle">{t('places.topCities')}</h3>
            <p className="muted">{places.data.regencies.slice(0, 6).map((r) => `${r.name} (${f.number(r.posts)})`).join(' · ')}</p>
          </>
        )}
      </section>
      <section className="wall-panel wall-who__platforms" aria-labelledby="wall-platforms-heading">
        <h2 id="wall-platforms-heading" className="wall-panel__title">
          {t('platforms.heading')}
        </h2>
        {platforms.isPending ? <Loading label={t('platforms.loading')} /> : platforms.isError ? <PanelError error={platforms.error} /> : <PlatformBreakdown data={platforms.data} />}
      </section>
      <section className="wall-panel wall-who__actors" aria-labelledby="wall-actors-heading" data-testid="wall-actors">
        <h2 id="wall-actors-heading" className="wall-panel__title">
          {t('actors.heading')}
        </h2>
        {actors.isPending ? (
          <Loading label={t('actors.loading')} />
        ) : actors.isError ? (
          <PanelError error={actors.error} />
        ) : actors.data.actors.length === 0 ? (
          <p className="muted">{t('actors.empty')}</p>
        ) : (
          <ol className="wall-who__actors-list">
            {actors.data.actors.map((a) => (
              <li key={a.handle}>
                <AccountLink source={a.sources[0] ?? 'x'} handle={a.handle} />
                {a.name && (
                  <>
                    {' '}
                    <bdi className="muted">{a.name}</bdi>
                  </>
                )}
                <br />
                <span className="muted">{t('actors.line', { reach: f.compact(a.reach), posts: f.number(a.posts), negative: f.percent(a.negativeShare) })}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** A side panel that failed to load says so quietly: the wall's own alerts stay the only loud ones. */
function PanelError({ error }: { error: unknown }) {
  return (
    <p className="muted" role="status">
      {describeError(error)}
    </p>
  );
}
