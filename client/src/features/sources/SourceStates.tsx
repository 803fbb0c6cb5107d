import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useSourceStates } from './sourcesApi';
import './sources.css';

/**
 * The wall's line of sources: each one's state, the quiet and failing ones first. A silent source
 * during a crisis looks like calm, so the wall says which sources are not collecting.
 */
export function SourceStates() {
  const { t } = useTranslation('sources');
  const f = useFormat();
  const states = useSourceStates();
  if (!states.data || states.data.length === 0) return null;
  const rank = { failing: 0, silent: 1, backoff: 2, paused: 3, running: 4 } as const;
  const sorted = [...states.data].sort((a, b) => rank[a.state] - rank[b.state] || a.name.localeCompare(b.name));
  return (
    <section className="source-states" aria-label={t('wall.label')} data-testid="wall-sources">
      <h2 className="source-states__title">{t('wall.label')}</h2>
      <ul className="source-states__list">
        {sorted.map((s) => (
          <li key={s.id} className={`source-states__item source-state--${s.state}`} data-state={s.state} title={s.lastItemAt ? t('wall.lastItem', { time: f.dateTime(s.lastItemAt) }) : t('never')}>
            <bdi>{s.name}</bdi> <span>{t(`states.${s.state}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
