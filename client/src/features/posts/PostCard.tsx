import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LivePost, Post, SentimentLabel, SentimentTerm } from '@siaga/shared';
import { useFormat } from '../../lib/format';
import { hostOf, safeHttpUrl } from '../../lib/url';
import { AccountLink } from '../accounts/AccountLink';
import { highlightSegments, significantTerms } from './highlight';
import { OfficialBadge } from './OfficialBadge';
import './harm.css';
import { Icon, type IconName } from '../../ui/Icon';

/** What a post card shows: a stored post (`GET /api/posts`) or a live one (`posts:created`). */
export interface PostView {
  id: string;
  text: string;
  createdAt: string;
  source: string;
  lang: string;
  author: { handle: string; name: string | null };
  sentiment: { label: SentimentLabel; score: number; terms: SentimentTerm[]; corrected: boolean };
  /** Whether the post reports harm to people, and the words that decided it. */
  harm: { flag: boolean; terms: string[] };
  programIds: string[];
  url: string | null;
  engagement: Post['engagement'] | null;
  /** Written by a registered official channel of one of its programs. */
  official: boolean;
  /** A share (repost, boost) of another post: its text is the shared post's. */
  shared: boolean;
}

export function postView(post: Post): PostView {
  return {
    id: post.id,
    text: post.text,
    createdAt: post.createdAt,
    source: post.source,
    lang: post.lang,
    author: { handle: post.author.handle, name: post.author.name },
    sentiment: { ...post.sentiment, corrected: post.sentiment.correctedAt !== null },
    harm: post.harm,
    programIds: post.programIds,
    url: post.url,
    engagement: post.engagement,
    official: post.official === true,
    shared: Boolean(post.sharedExternalId),
  };
}

export function livePostView(post: LivePost): PostView {
  return {
    id: post.id,
    text: post.text,
    createdAt: post.createdAt,
    source: post.source,
    lang: post.lang,
    author: { handle: post.authorHandle, name: null },
    sentiment: { ...post.sentiment, corrected: false },
    harm: post.harm,
    programIds: post.programIds,
    url: null,
    engagement: null,
    official: post.official === true,
    shared: post.shared === true,
  };
}

/** Shape as well as color tells the sentiment apart, and the text label is always there. */
const SENTIMENT_ICON: Record<SentimentLabel, IconName> = { positive: 'triangleUp', neutral: 'square', negative: 'triangleDown' };

export function SentimentChip({ label, score, corrected = false }: { label: SentimentLabel; score: number; corrected?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const scoreText = t('sentiment.score', { score: f.score(score) });
  return (
    <span className={`chip chip--sentiment-${label}`} title={scoreText} data-testid="post-sentiment" data-sentiment={label}>
      <span className="sr-only">{t('sentiment.label')}: </span>
      <Icon name={SENTIMENT_ICON[label]} /> {t(`sentiment.${label}`)}
      {corrected && <span className="chip__note"> · {t('sentiment.corrected')}</span>}
    </span>
  );
}

/**
 * A post that reports harm to people: a warning-triangle mark (inline SVG, so it needs no font or
 * emoji support) beside a text label, and the deciding words in its tooltip and for screen readers.
 */
export function HarmChip({ terms }: { terms: readonly string[] }) {
  const { t } = useTranslation();
  const list = terms.join(', ');
  return (
    <span className="chip chip--harm" title={list ? t('harm.terms', { list }) : undefined} data-testid="post-harm">
      <svg className="chip__icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
        <path d="M8 1.5 15 14.5H1L8 1.5Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        <path d="M8 6v4M8 11.6v.9" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>{' '}
      {t('harm.short')}
      {list && <span className="sr-only"> ({t('harm.terms', { list })})</span>}
    </span>
  );
}

/**
 * The post's text with the words that drove its score marked (▲/▼ underline styles and a tooltip
 * say which way). Nothing is inserted into the text itself, so it reads and copies as written.
 */
export function HighlightedText({ text, terms }: { text: string; terms: readonly SentimentTerm[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const segments = highlightSegments(text, terms);
  return (
    <>
      {segments.map((segment, i) =>
        segment.term ? (
          <mark
            key={i}
            className={`term ${segment.term.weight > 0 ? 'term--positive' : 'term--negative'}`}
            title={t('sentiment.termWeight', { weight: f.score(segment.term.weight) })}
            data-testid="post-term"
            data-weight={segment.term.weight}
          >
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}

/** For screen readers: which words pushed the score which way, after the text. */
export function TermsSummary({ terms }: { terms: readonly SentimentTerm[] }) {
  const { t } = useTranslation();
  const used = significantTerms(terms);
  if (used.length === 0) return null;
  const list = used.map((term) => `${term.term} (${term.weight > 0 ? t('sentiment.pushesPositive') : t('sentiment.pushesNegative')})`).join(', ');
  return <p className="sr-only">{t('sentiment.drivers', { list })}</p>;
}

interface PostCardProps {
  post: PostView;
  programNames: ReadonlyMap<string, string>;
  /** Extra controls (e.g. relabel) in the card's footer. */
  actions?: ReactNode;
  /** Dense layout for the live stream: no engagement line. */
  compact?: boolean;
}

/**
 * One post. Everything in it comes from social media and is hostile: it is rendered only as React
 * text (escaped), inside `<bdi>`/`dir="auto"` blocks so that bidi control characters cannot reorder
 * the surrounding UI, and its URL becomes a link only when it is plain http(s).
 */
export const PostCard = memo(function PostCard({ post, programNames, actions, compact = false }: PostCardProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const href = safeHttpUrl(post.url);
  const handle = post.author.handle.replace(/^@+/, '');

  return (
    <article
      className={`${compact ? 'post post--compact' : 'post'}${post.harm.flag ? ' post--harm' : ''}`}
      data-testid="post-row"
      data-post-id={post.id}
      data-harm={post.harm.flag}
      aria-labelledby={`post-${post.id}-author`}
    >
      <header className="post__header">
        <p className="post__author" id={`post-${post.id}-author`} data-testid="post-author">
          {post.author.name && (
            <bdi className="post__author-name" data-testid="post-author-name">
              {post.author.name}
            </bdi>
          )}{' '}
          <AccountLink source={post.source} handle={post.author.handle}>
            <bdi className="post__handle" data-testid="post-author-handle">
              @{handle}
            </bdi>
          </AccountLink>
          {post.official && (
            <>
              {' '}
              <OfficialBadge />
            </>
          )}
          {post.shared && (
            <>
              {' '}
              <span className="chip chip--shared" title={t('posts.sharedTitle')} data-testid="post-shared">
                <Icon name="repost" /> {t('posts.shared')}
              </span>
            </>
          )}
        </p>
        <time className="post__time" dateTime={post.createdAt} title={f.dateTimeFull(post.createdAt)} data-testid="post-time">
          <span className="sr-only">{t('posts.postedAt')} </span>
          {f.dateTime(post.createdAt)}
        </time>
      </header>

      <p className="post__text" dir="auto" data-testid="post-text">
        <HighlightedText text={post.text} terms={post.sentiment.terms} />
      </p>
      <TermsSummary terms={post.sentiment.terms} />

      <dl className="post__meta">
        <div className="post__meta-item">
          <dt>{t('sentiment.label')}</dt>
          <dd>
            <SentimentChip label={post.sentiment.label} score={post.sentiment.score} corrected={post.sentiment.corrected} />
          </dd>
        </div>
        {post.harm.flag && (
          <div className="post__meta-item">
            <dt className="sr-only">{t('harm.label')}</dt>
            <dd>
              <HarmChip terms={post.harm.terms} />
            </dd>
          </div>
        )}
        <div className="post__meta-item">
          <dt>{t('posts.source')}</dt>
          <dd>
            <bdi className="chip chip--plain" data-testid="post-source">
              {post.source}
            </bdi>
          </dd>
        </div>
        <div className="post__meta-item">
          <dt>{t('posts.language')}</dt>
          <dd data-testid="post-lang">{post.lang === 'id' || post.lang === 'en' || post.lang === 'other' ? t(`languages.${post.lang}`) : post.lang}</dd>
        </div>
        <div className="post__meta-item post__meta-item--wide">
          <dt>{t('posts.programs')}</dt>
          <dd>
            {post.programIds.length === 0 ? (
              <span className="muted">{t('posts.noPrograms')}</span>
            ) : (
              <ul className="tag-list" data-testid="post-programs">
                {post.programIds.map((programId) => (
                  <li key={programId} className="tag">
                    <bdi>{programNames.get(programId) ?? t('posts.unknownProgram')}</bdi>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>

      {(!compact || actions || href) && (
        <footer className="post__footer">
          {!compact && post.engagement && (
            <p className="post__engagement">
              <span className="sr-only">{t('posts.engagement')}: </span>
              <span>
                {t('posts.likes')} {f.compact(post.engagement.likes)}
              </span>
              <span>
                {t('posts.shares')} {f.compact(post.engagement.shares)}
              </span>
              <span>
                {t('posts.replies')} {f.compact(post.engagement.replies)}
              </span>
              <span>
                {t('posts.views')} {f.compact(post.engagement.views)}
              </span>
            </p>
          )}
          {href && (
            <a className="post__link" href={href} target="_blank" rel="noopener noreferrer nofollow" data-testid="post-link">
              {t('posts.openOriginal')} <bdi className="post__link-host">({hostOf(href)})</bdi>
              <span className="sr-only"> {t('posts.newTab')}</span>
            </a>
          )}
          {actions && <div className="post__actions">{actions}</div>}
        </footer>
      )}
    </article>
  );
});
