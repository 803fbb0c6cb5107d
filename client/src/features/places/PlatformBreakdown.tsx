import { useTranslation } from 'react-i18next';
import type { PlatformsResponse } from '@siaga/shared';
import { useFormat } from '../../lib/format';

/** Posts per source with their share and negatives, as bars with the numbers in text. */
export function PlatformBreakdown({ data }: { data: PlatformsResponse }) {
  const { t } = useTranslation('who');
  const f = useFormat();
  if (data.sources.length === 0) return <p className="muted">{t('platforms.empty')}</p>;
  return (
    <ul className="platforms" data-testid="platforms">
      {data.sources.map((s) => (
        <li key={s.source} className="platforms__item" data-source={s.source}>
          <bdi className="platforms__name">{s.source}</bdi>
          <span className="platforms__line">{t('platforms.line', { posts: f.number(s.posts), share: f.percent(s.share), negative: f.number(s.negative) })}</span>
          <span className="platforms__bar" style={{ inlineSize: `${Math.max(2, s.share * 100)}%` }} aria-hidden="true" />
        </li>
      ))}
    </ul>
  );
}
