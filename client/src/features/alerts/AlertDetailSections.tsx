import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { Alert, AlertDetail, AlertHistoryEntry, Page, Post, SentimentLabel, UserSummary } from '@siaga/shared';
import { apiRequest } from '../../api';
import { queryKeys } from '../../api/keys';
import { useFormat, type Formatter } from '../../lib/format';
import { useProgramNames } from '../../lib/programs';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { PostCard, postView } from '../posts/PostCard';
import { accountPathOf } from '../accounts/accountsApi';
import type { ProgramAlert } from './programAlert';
import { formatMetric, formatScore } from './AlertBits';
import { useAlertDeliveries } from './alertsApi';
import { useExplanationText } from './useExplanationText';
import { Icon } from '../../ui/Icon';

const MINUTE = 60_000;

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function isoOrNull(value: unknown): string | null {
  const s = str(value);
  return s !== null && !Number.isNaN(Date.parse(s)) ? s : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** What `server/src/detection/campaign.ts` puts in `explanation.details`, read defensively. */
export interface CampaignCluster {
  accounts: string[];
  sampleText: string | null;
  posts: number | null;
  similarity: number | null;
  firstAt: string | null;
  lastAt: string | null;
  sources: string[];
}

export function campaignCluster(details: Record<string, unknown> | undefined): CampaignCluster | null {
  if (!details) return null;
  const cluster: CampaignCluster = {
    accounts: strings(details.accounts),
    sampleText: str(details.sampleText),
    posts: num(details.posts),
    similarity: num(details.similarity),
    firstAt: isoOrNull(details.firstAt),
    lastAt: isoOrNull(details.lastAt),
    sources: strings(details.sources),
  };
  return cluster.accounts.length > 0 || cluster.sampleText !== null ? cluster : null;
}

export function ExplanationSection({ alert }: { alert: Alert }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const e = alert.explanation;
  const text = useExplanationText(e);
  const windowMinutes = num(e.details?.windowMinutes);
  const unit = t(`explanation.units.${alert.kind}`);
  return (
    <section className="alert-section" aria-labelledby="alert-explanation-heading" data-testid="alert-explanation">
      <h2 id="alert-explanation-heading" className="alert-section__title">
        {t('explanation.heading')}
      </h2>
      {/* Rendered from the detector's facts in the dashboard's language; the sample post inside it is plain text. */}
      <blockquote className="alert-explanation__text" dir="auto" data-testid="alert-explanation-text">
        <p>{text}</p>
        <footer className="muted">{t('explanation.source')}</footer>
      </blockquote>
      <dl className="alert-figures">
        <div className="alert-figure">
          <dt>{t('explanation.observed')}</dt>
          <dd data-testid="alert-observed">
            {formatMetric(f, alert.kind, e.observed)} <span className="muted">{unit}</span>
          </dd>
        </div>
        <div className="alert-figure">
          <dt>{t('explanation.expected')}</dt>
          <dd data-testid="alert-expected">
            {formatMetric(f, alert.kind, e.expected)} <span className="muted">{unit}</span>
          </dd>
        </div>
        <div className="alert-figure">
          <dt>{t('explanation.band')}</dt>
          <dd data-testid="alert-band">
            {t('explanation.bandValue', { lower: formatMetric(f, alert.kind, e.band.lower), upper: formatMetric(f, alert.kind, e.band.upper) })}
          </dd>
        </div>
        <div className="alert-figure">
          <dt>{t('explanation.score')}</dt>
          <dd data-testid="alert-score">{formatScore(f, e.score)}</dd>
        </div>
        {alert.count > 1 && (
          <>
            <div className="alert-figure">
              <dt>{t('explanation.peakObserved')}</dt>
              <dd>{formatMetric(f, alert.kind, alert.peakObserved)}</dd>
            </div>
            <div className="alert-figure">
              <dt>{t('explanation.peakScore')}</dt>
              <dd>{formatScore(f, alert.peakScore)}</dd>
            </div>
          </>
        )}
        {windowMinutes !== null && (
          <div className="alert-figure">
            <dt>{t('explanation.window')}</dt>
            <dd>{t('explanation.windowValue', { count: windowMinutes })}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

const ACCOUNTS_SHOWN = 30;

export function ClusterSection({ alert }: { alert: Alert }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const [all, setAll] = useState(false);
  const cluster = campaignCluster(alert.explanation.details);
  const accounts = cluster ? (all ? cluster.accounts : cluster.accounts.slice(0, ACCOUNTS_SHOWN)) : [];
  return (
    <section className="alert-section" aria-labelledby="alert-cluster-heading" data-testid="alert-cluster">
      <h2 id="alert-cluster-heading" className="alert-section__title">
        {t('cluster.heading')}
      </h2>
      {!cluster ? (
        <p className="muted">{t('cluster.none')}</p>
      ) : (
        <>
          {cluster.sampleText !== null && (
            <figure className="alert-cluster__sample">
              <figcaption className="alert-cluster__label">{t('cluster.sample')}</figcaption>
              {/* Post text is hostile: React text only, isolated so its direction marks stay inside. */}
              <blockquote dir="auto" data-testid="alert-cluster-sample">
                <bdi>{cluster.sampleText}</bdi>
              </blockquote>
            </figure>
          )}
          <dl className="alert-figures">
            {cluster.posts !== null && (
              <div className="alert-figure">
                <dt>{t('cluster.posts')}</dt>
                <dd data-testid="alert-cluster-posts">{f.number(cluster.posts)}</dd>
              </div>
            )}
            {cluster.similarity !== null && (
              <div className="alert-figure">
                <dt>{t('cluster.similarity')}</dt>
                <dd>{f.percent(cluster.similarity)}</dd>
              </div>
            )}
            {cluster.firstAt && cluster.lastAt && (
              <div className="alert-figure">
                <dt>{t('cluster.span')}</dt>
                <dd>{t('cluster.spanValue', { from: f.time(cluster.firstAt), to: f.time(cluster.lastAt) })}</dd>
              </div>
            )}
            {cluster.sources.length > 0 && (
              <div className="alert-figure">
                <dt>{t('cluster.sources')}</dt>
                <dd>
                  {cluster.sources.map((s) => (
                    <bdi key={s} className="chip chip--plain">
                      {s}
                    </bdi>
                  ))}
                </dd>
              </div>
            )}
          </dl>
          {cluster.accounts.length > 0 && (
            <>
              <h3 className="alert-cluster__label">{t('cluster.accounts', { count: cluster.accounts.length })}</h3>
              <ul className="tag-list alert-cluster__accounts" data-testid="alert-cluster-accounts">
                {accounts.map((account) => (
                  <li key={account} className="tag">
                    <AccountTag id={account} />
                  </li>
                ))}
              </ul>
              {cluster.accounts.length > ACCOUNTS_SHOWN && (
                <button type="button" className="button button--secondary button--small" aria-expanded={all} onClick={() => setAll((v) => !v)}>
                  {all ? t('cluster.showLess') : t('cluster.showAll', { count: cluster.accounts.length })}
                </button>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

const SAMPLE_LIMIT = 10;
const DEFAULT_WINDOW_MINUTES = 15;

/** The posts the detector looked at: the burst of a campaign, else the window before the alert. */
export function sampleWindow(alert: Alert): { from: string; to: string; sentiment: SentimentLabel | undefined } {
  const sentiment: SentimentLabel | undefined = alert.kind === 'negative_spike' || alert.kind === 'negative_share_shift' ? 'negative' : undefined;
  const opened = Date.parse(alert.openedAt);
  const last = Math.max(opened, Date.parse(alert.lastTriggeredAt));
  if (alert.kind === 'coordinated_campaign') {
    const cluster = campaignCluster(alert.explanation.details);
    if (cluster?.firstAt && cluster.lastAt) {
      return { from: cluster.firstAt, to: new Date(Date.parse(cluster.lastAt) + 1000).toISOString(), sentiment };
    }
  }
  const windowMinutes = num(alert.explanation.details?.windowMinutes) ?? DEFAULT_WINDOW_MINUTES;
  return { from: new Date(opened - windowMinutes * MINUTE).toISOString(), to: new Date(last + MINUTE).toISOString(), sentiment };
}

export function SamplesSection({ alert }: { alert: ProgramAlert }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const programNames = useProgramNames();
  const span = useMemo(() => sampleWindow(alert), [alert]);
  const filters = useMemo(
    () => ({ programId: alert.programId, from: span.from, to: span.to, ...(span.sentiment ? { sentiment: span.sentiment } : {}), limit: SAMPLE_LIMIT }),
    [alert.programId, span],
  );
  const posts = useQuery({
    queryKey: queryKeys.posts.list(filters),
    queryFn: ({ signal }) => apiRequest<Page<Post>>('/api/posts', { query: filters, signal }),
    staleTime: 60_000,
  });
  const explore = new URLSearchParams({ program: alert.programId, from: span.from, to: span.to, ...(span.sentiment ? { sentiment: span.sentiment } : {}) });

  return (
    <section className="alert-section" aria-labelledby="alert-samples-heading" data-testid="alert-samples">
      <h2 id="alert-samples-heading" className="alert-section__title">
        {span.sentiment === 'negative' ? t('samples.headingNegative') : t('samples.heading')}
      </h2>
      <p className="muted">{t('samples.range', { from: f.dateTime(span.from), to: f.dateTime(span.to) })}</p>
      {posts.isPending ? (
        <Loading label={t('samples.loading')} />
      ) : posts.isError ? (
        <ErrorMessage error={posts.error} onRetry={() => void posts.refetch()} retrying={posts.isFetching} />
      ) : posts.data.items.length === 0 ? (
        <p className="empty">{t('samples.empty')}</p>
      ) : (
        <ul className="post-list">
          {posts.data.items.map((post) => (
            <li key={post.id}>
              <PostCard post={postView(post)} programNames={programNames} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/posts?${explore.toString()}`} data-testid="alert-samples-explore">
          {t('samples.explore')}
        </Link>
      </p>
    </section>
  );
}

export function NotesSection({ alert }: { alert: AlertDetail }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const notes = useMemo(() => [...alert.notes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)), [alert.notes]);
  return (
    <section className="alert-section" aria-labelledby="alert-notes-heading" data-testid="alert-notes">
      <h2 id="alert-notes-heading" className="alert-section__title">
        {t('notes.heading')}
      </h2>
      {notes.length === 0 ? (
        <p className="muted">{t('notes.empty')}</p>
      ) : (
        <ol className="alert-notes">
          {notes.map((note) => (
            <li key={note.id} className="alert-note" data-testid="alert-note-item">
              <p className="alert-note__meta muted">
                <bdi>{note.userName ?? t('detail.someone')}</bdi> ·{' '}
                <time dateTime={note.at} title={f.dateTimeFull(note.at)}>
                  {f.dateTime(note.at)}
                </time>
              </p>
              <p className="alert-note__text" dir="auto">
                {note.text}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const KNOWN_ACTIONS = ['opened', 'triggered', 'acknowledged', 'resolved', 'auto_resolved', 'assigned', 'unassigned', 'noted', 'escalated'] as const;
type KnownAction = (typeof KNOWN_ACTIONS)[number];

function isKnownAction(action: string): action is KnownAction {
  return (KNOWN_ACTIONS as readonly string[]).includes(action);
}

function useHistoryDetail(alert: AlertDetail, me: UserSummary, f: Formatter): (entry: AlertHistoryEntry) => string | null {
  const { t } = useTranslation(['alerts', 'common']);
  return (entry) => {
    const d = entry.details;
    if (!isKnownAction(entry.action)) return null;
    switch (entry.action) {
      case 'opened':
      case 'triggered': {
        const observed = num(d.observed);
        const expected = num(d.expected);
        const score = num(d.score);
        if (observed === null || expected === null || score === null) return null;
        return t('history.details.measured', {
          observed: formatMetric(f, alert.kind, observed),
          expected: formatMetric(f, alert.kind, expected),
          score: formatScore(f, score),
        });
      }
      case 'escalated': {
        const level = num(d.level);
        const role = str(d.role);
        const minutes = num(d.afterMinutes);
        if (level === null || minutes === null || (role !== 'analyst' && role !== 'supervisor' && role !== 'admin')) return null;
        return t('history.details.escalated', { level, role: t(`common:roles.${role}`), minutes });
      }
      case 'auto_resolved': {
        const minutes = num(d.quietMinutes);
        return minutes === null ? null : t('history.details.autoResolved', { minutes });
      }
      case 'assigned': {
        const to = str(d.to);
        // History keeps ids; names are known for me and for the current assignee.
        const name = to === me.id ? me.name : to !== null && to === alert.assigneeId ? alert.assigneeName : null;
        return name ? t('history.details.assignedTo', { name }) : null;
      }
      case 'acknowledged':
      case 'resolved': {
        const note = str(d.note);
        return note ? t('history.details.note', { note }) : null;
      }
      case 'unassigned':
      case 'noted':
        return null;
    }
  };
}

export function HistorySection({ alert, me }: { alert: AlertDetail; me: UserSummary }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const detailOf = useHistoryDetail(alert, me, f);
  const history = useMemo(
    () => alert.history.map((entry, index) => ({ entry, index })).sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at) || a.index - b.index),
    [alert.history],
  );
  return (
    <section className="alert-section" aria-labelledby="alert-history-heading" data-testid="alert-history">
      <h2 id="alert-history-heading" className="alert-section__title">
        {t('history.heading')}
      </h2>
      {history.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <ol className="alert-timeline">
          {history.map(({ entry }) => {
            const detail = detailOf(entry);
            return (
              <li key={entry.id} className={`alert-timeline__item alert-timeline__item--${entry.action}`} data-testid="alert-history-item" data-action={entry.action}>
                <time className="alert-timeline__time" dateTime={entry.at} title={f.dateTimeFull(entry.at)}>
                  {f.dateTime(entry.at)}
                </time>
                <p className="alert-timeline__what">
                  <strong>{isKnownAction(entry.action) ? t(`history.actions.${entry.action}`) : t('history.actions.unknown', { action: entry.action })}</strong>
                  {' · '}
                  <bdi>{entry.userName ?? t('detail.system')}</bdi>
                </p>
                {detail && (
                  <p className="alert-timeline__detail muted" dir="auto">
                    {detail}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

export function DeliveriesSection({ alertId }: { alertId: string }) {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const deliveries = useAlertDeliveries(alertId, true);
  return (
    <section className="alert-section" aria-labelledby="alert-deliveries-heading" data-testid="alert-deliveries">
      <h2 id="alert-deliveries-heading" className="alert-section__title">
        {t('deliveries.heading')}
      </h2>
      {deliveries.isPending ? (
        <Loading label={t('deliveries.loading')} />
      ) : deliveries.isError ? (
        <ErrorMessage error={deliveries.error} onRetry={() => void deliveries.refetch()} retrying={deliveries.isFetching} />
      ) : deliveries.data.length === 0 ? (
        <p className="muted">{t('deliveries.empty')}</p>
      ) : (
        <ScrollRegion label={t('deliveries.caption')}>
          <table className="table alert-deliveries">
            <caption className="sr-only">{t('deliveries.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('deliveries.time')}</th>
                <th scope="col">{t('deliveries.channel')}</th>
                <th scope="col">{t('deliveries.target')}</th>
                <th scope="col">{t('deliveries.status')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((d) => (
                <tr key={d.id} data-testid="alert-delivery" data-status={d.status}>
                  <td>
                    <time dateTime={d.sentAt ?? d.createdAt} title={f.dateTimeFull(d.sentAt ?? d.createdAt)}>
                      {f.dateTime(d.sentAt ?? d.createdAt)}
                    </time>
                  </td>
                  <td>
                    {t(`deliveries.channels.${d.channel}`)}
                    <span className="alert-deliveries__sub">{t(`deliveries.reasons.${d.reason}`)}</span>
                  </td>
                  {/* Who, by name; the address only for email (the ids of users and webhooks mean nothing to a reader). */}
                  <td data-testid="alert-delivery-target">
                    {d.targetName ? <bdi className="alert-deliveries__name">{d.targetName}</bdi> : d.channel !== 'email' && <span className="muted">{t('deliveries.gone')}</span>}
                    {d.channel === 'email' && <bdi className="alert-deliveries__target">{d.target}</bdi>}
                  </td>
                  <td>
                    <span className={`delivery-status delivery-status--${d.status}`}>
                      <Icon name={d.status === 'sent' ? 'check' : d.status === 'failed' ? 'cross' : 'clock'} /> {t(`deliveries.statuses.${d.status}`)}
                    </span>
                    <span className="alert-deliveries__sub">{t('deliveries.attemptsValue', { count: d.attempts })}</span>
                    {d.lastError && (
                      <span className="alert-deliveries__error">
                        <span className="sr-only">{t('deliveries.error')}: </span>
                        {d.lastError}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

/** A cluster's `source:handle` as a link to the account's page (plain text if it is not that shape). */
function AccountTag({ id }: { id: string }) {
  const path = accountPathOf(id);
  return path ? (
    <Link to={path} data-testid="alert-cluster-account">
      <bdi>{id}</bdi>
    </Link>
  ) : (
    <bdi>{id}</bdi>
  );
}
