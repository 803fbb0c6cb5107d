import { memo } from 'react';
import type { Post, SentimentLabel } from '@siaga/shared';
import { fmt, t } from '../../i18n';
import { formatCompact, formatDateTime, formatDateTimeFull, formatScore } from '../../lib/format';
import { hostOf, safeHttpUrl } from '../../lib/url';

/** Shape as well as color tells the sentiment apart, and the text label is always there. */
const SENTIMENT_ICON: Record<SentimentLabel, string> = { positive: '▲', neutral: '■', negative: '▼' };

export function SentimentChip({ label, score }: { label: SentimentLabel; score: number }) {
  const scoreText = fmt(t.sentiment.score, { score: formatScore(score) });
  return (
    <span className={`chip chip--sentiment-${label}`} title={scoreText} data-testid="post-sentiment" data-sentiment={label}>
      <span className="sr-only">{t.sentiment.label}: </span>
      <span aria-hidden="true">{SENTIMENT_ICON[label]}</span> {t.sentiment[label]}
    </span>
  );
}

interface PostItemProps {
  post: Post;
  programNames: ReadonlyMap<string, string>;
}

/**
 * One post. Everything in it comes from social media and is hostile: it is rendered only as React
 * text (escaped), inside `<bdi>`/isolated blocks so that bidi control characters cannot reorder
 * the surrounding UI, and its URL becomes a link only when it is plain http(s).
 */
export const PostItem = memo(function PostItem({ post, programNames }: PostItemProps) {
  const href = safeHttpUrl(post.url);
  const handle = post.author.handle.replace(/^@+/, '');
  const { likes, shares, replies, views } = post.engagement;

  return (
    <article className="post" data-testid="post-row" data-post-id={post.id} aria-labelledby={`post-${post.id}-author`}>
      <header className="post__header">
        <p className="post__author" id={`post-${post.id}-author`} data-testid="post-author">
          {post.author.name && (
            <bdi className="post__author-name" data-testid="post-author-name">
              {post.author.name}
            </bdi>
          )}{' '}
          <bdi className="post__handle" data-testid="post-author-handle">
            @{handle}
          </bdi>
        </p>
        <time className="post__time" dateTime={post.createdAt} title={formatDateTimeFull(post.createdAt)} data-testid="post-time">
          <span className="sr-only">{t.posts.postedAt} </span>
          {formatDateTime(post.createdAt)}
        </time>
      </header>

      <p className="post__text" dir="auto" data-testid="post-text">
        {post.text}
      </p>

      <dl className="post__meta">
        <div className="post__meta-item">
          <dt>{t.sentiment.label}</dt>
          <dd>
            <SentimentChip label={post.sentiment.label} score={post.sentiment.score} />
          </dd>
        </div>
        <div className="post__meta-item">
          <dt>{t.posts.source}</dt>
          <dd>
            <bdi className="chip chip--plain" data-testid="post-source">
              {post.source}
            </bdi>
          </dd>
        </div>
        <div className="post__meta-item">
          <dt>{t.posts.language}</dt>
          <dd data-testid="post-lang">{t.languages[post.lang] ?? post.lang}</dd>
        </div>
        <div className="post__meta-item post__meta-item--wide">
          <dt>{t.posts.programs}</dt>
          <dd>
            {post.programIds.length === 0 ? (
              <span className="muted">{t.posts.noPrograms}</span>
            ) : (
              <ul className="tag-list" data-testid="post-programs">
                {post.programIds.map((programId) => (
                  <li key={programId} className="tag">
                    <bdi>{programNames.get(programId) ?? t.posts.unknownProgram}</bdi>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>

      <footer className="post__footer">
        <p className="post__engagement">
          <span className="sr-only">{t.posts.engagement}: </span>
          <span>
            {t.posts.likes} {formatCompact(likes)}
          </span>
          <span>
            {t.posts.shares} {formatCompact(shares)}
          </span>
          <span>
            {t.posts.replies} {formatCompact(replies)}
          </span>
          <span>
            {t.posts.views} {formatCompact(views)}
          </span>
        </p>
        {href && (
          <a className="post__link" href={href} target="_blank" rel="noopener noreferrer nofollow" data-testid="post-link">
            {t.posts.openOriginal} <bdi className="post__link-host">({hostOf(href)})</bdi>
            <span className="sr-only"> {t.posts.newTab}</span>
          </a>
        )}
      </footer>
    </article>
  );
});
