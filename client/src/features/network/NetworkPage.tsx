import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { useProgramsQuery } from '../../lib/programs';
import { isUuid } from '../../lib/url';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { usePageTitle } from '../../ui/PageTitle';
import { AccountLink } from '../accounts/AccountLink';
import { CoordinationReasons } from './CoordinationReasons';
import { communityColor } from './layout';
import { NetworkGraph } from './NetworkGraph';
import { NETWORK_HOURS, useNetwork } from './networkApi';
import './network.css';

/** `/network?program&hours`: the account network of a program (or all), its communities and signs of coordination. */
export function NetworkPage() {
  const { t } = useTranslation('who');
  const f = useFormat();
  usePageTitle(t('network.title'));
  const [params, setParams] = useSearchParams();
  const raw = params.get('program');
  const programId = isUuid(raw) ? raw : null;
  const hoursParam = Number(params.get('hours'));
  const hours = (NETWORK_HOURS as readonly number[]).includes(hoursParam) ? hoursParam : 24;
  const programs = useProgramsQuery();
  const network = useNetwork(programId, hours);
  const programField = useId();
  const hoursField = useId();
  const set = (key: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  let body;
  if (network.isPending) body = <Loading label={t('network.loading')} />;
  else if (network.isError) body = <ErrorMessage error={network.error} onRetry={() => void network.refetch()} retrying={network.isFetching} />;
  else {
    const d = network.data;
    const coordinated = d.nodes.filter((n) => n.coordination > 0).sort((a, b) => b.coordination - a.coordination || b.reach - a.reach).slice(0, 20);
    body = (
      <>
        <p className="muted" data-testid="network-summary" data-sampled={d.sampled}>
          {d.sampled
            ? t('network.sampled', { posts: f.number(d.postsScanned), nodes: f.number(d.nodes.length), accounts: f.number(d.accountsSeen), edges: f.number(d.edges.length), links: f.number(d.edgesSeen) })
            : t('network.complete', { posts: f.number(d.postsScanned), accounts: f.number(d.accountsSeen), links: f.number(d.edgesSeen) })}
        </p>
        {d.edges.length === 0 ? <p className="muted">{t('network.empty')}</p> : <NetworkGraph data={d} />}

        <section aria-labelledby="network-communities" className="network__section">
          <h2 id="network-communities">{t('network.communities')}</h2>
          <table className="table" data-testid="network-communities">
            <thead>
              <tr>
                <th scope="col">{t('network.communities')}</th>
                <th scope="col">{t('network.size')}</th>
                <th scope="col">{t('network.posts')}</th>
                <th scope="col">{t('network.reach')}</th>
                <th scope="col">{t('network.negativeShare')}</th>
                <th scope="col">{t('network.terms')}</th>
                <th scope="col">{t('network.leaders')}</th>
              </tr>
            </thead>
            <tbody>
              {d.communities
                .filter((c) => c.size > 1)
                .slice(0, 12)
                .map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <span className="network__swatch" style={{ background: communityColor(c.id) }} aria-hidden="true" /> {t('network.community', { id: c.id + 1 })}
                    </th>
                    <td>{f.number(c.size)}</td>
                    <td>{f.number(c.posts)}</td>
                    <td>{f.compact(c.reach)}</td>
                    <td>{f.percent(c.negativeShare)}</td>
                    <td>{c.topTerms.map((x) => x.value).join(', ')}</td>
                    <td>
                      {c.leaders.map((id, i) => (
                        <span key={id}>
                          {i > 0 && ', '}
                          <LeaderLink id={id} />
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>

        <section aria-labelledby="network-coordination" className="network__section">
          <h2 id="network-coordination">{t('network.coordination')}</h2>
          <p className="muted">{t('network.coordinationIntro')}</p>
          {coordinated.length === 0 ? (
            <p className="muted">{t('network.noCoordination')}</p>
          ) : (
            <table className="table" data-testid="network-coordination">
              <thead>
                <tr>
                  <th scope="col">{t('network.account')}</th>
                  <th scope="col">{t('network.score')}</th>
                  <th scope="col">{t('network.reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {coordinated.map((n) => (
                  <tr key={n.id} data-campaign={n.inOpenCampaign}>
                    <th scope="row">
                      <AccountLink source={n.source} handle={n.handle} />
                      {n.inOpenCampaign && <span className="network__campaign"> · {t('network.inCampaign')}</span>}
                    </th>
                    <td>{f.number(Math.round(n.coordination * 100) / 100)}</td>
                    <td>
                      <CoordinationReasons reasons={n.reasons} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </>
    );
  }

  return (
    <section className="page network" data-testid="network-page" aria-labelledby="network-heading">
      <h1 tabIndex={-1} id="network-heading" className="page__title">
        {t('network.title')}
      </h1>
      <p className="muted">{t('network.intro')}</p>
      <div className="network__controls">
        <div className="field field--inline">
          <label htmlFor={programField}>{t('network.program')}</label>
          <select id={programField} value={programId ?? ''} onChange={(e) => set('program', e.target.value || null)} data-testid="network-program">
            <option value="">{t('network.allPrograms')}</option>
            {(programs.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor={hoursField}>{t('network.window')}</label>
          <select id={hoursField} value={hours} onChange={(e) => set('hours', e.target.value)}>
            {NETWORK_HOURS.map((h) => (
              <option key={h} value={h}>
                {t('network.hours', { count: h })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {body}
    </section>
  );
}

function LeaderLink({ id }: { id: string }) {
  const i = id.indexOf(':');
  return i > 0 ? <AccountLink source={id.slice(0, i)} handle={id.slice(i + 1)} /> : <bdi>{id}</bdi>;
}
