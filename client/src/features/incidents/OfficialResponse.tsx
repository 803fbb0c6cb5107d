import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { IncidentReport } from '@siaga/shared';
import { apiRequest } from '../../api';
import { useFormat } from '../../lib/format';

/** `report.json` holds the measured impact; the page reads its official response only. */
function useOfficialResponse(incidentId: string, lang: 'id' | 'en') {
  return useQuery({
    queryKey: ['incidents', incidentId, 'report', lang],
    queryFn: ({ signal }) => apiRequest<IncidentReport>(`/api/incidents/${encodeURIComponent(incidentId)}/report.json`, { query: { lang }, signal }),
    staleTime: 60_000,
    select: (r) => r.impact.official ?? null,
  });
}

/** How the government's own channels answered: time to their first post, their reach, the negative share around it. */
export function OfficialResponseSection({ incidentId }: { incidentId: string }) {
  const { t, i18n } = useTranslation('official');
  const f = useFormat();
  const q = useOfficialResponse(incidentId, i18n.language === 'en' ? 'en' : 'id');
  const o = q.data;
  return (
    <section className="incident__section" aria-labelledby="incident-official" data-testid="incident-official">
      <h2 id="incident-official">{t('response.title')}</h2>
      <p className="incident__meta">{t('response.intro')}</p>
      {q.isPending ? (
        <p className="muted">{t('response.loading')}</p>
      ) : !o ? (
        <p className="muted">{t('response.unavailable')}</p>
      ) : (
        <dl className="incident__facts">
          <dt>{t('response.posts')}</dt>
          <dd data-testid="official-posts">{t('response.postsValue', { posts: f.number(o.posts), channels: f.number(o.channels) })}</dd>
          <dt>{t('response.first')}</dt>
          <dd data-testid="official-first">
            {o.firstPostAt ? (
              <>
                <time dateTime={o.firstPostAt}>{t('response.firstValue', { time: f.dateTime(o.firstPostAt), handle: (o.firstPostHandle ?? '').replace(/^@+/, '') })}</time>
                {o.minutesToFirstPost !== null && <> · {t('response.after', { minutes: f.number(o.minutesToFirstPost) })}</>}
              </>
            ) : (
              t('response.none')
            )}
          </dd>
          <dt>{t('response.reach')}</dt>
          <dd data-testid="official-reach">{t('response.reachValue', { reach: f.number(o.reach), share: o.reachShare === null ? '—' : f.percent(o.reachShare) })}</dd>
          <dt>{t('response.negative', { minutes: o.windowMinutes })}</dt>
          <dd data-testid="official-negative">
            {o.before && o.after
              ? `${o.before.negativeShare === null ? '—' : f.percent(o.before.negativeShare)} → ${o.after.negativeShare === null ? '—' : f.percent(o.after.negativeShare)}${
                  o.negativeShareFell === null ? '' : ` (${o.negativeShareFell ? t('response.fell') : t('response.rose')})`
                }`
              : t('response.none')}
          </dd>
        </dl>
      )}
    </section>
  );
}
