import { useTranslation } from 'react-i18next';
import { PROVINCES, type PlacesResponse } from '@siaga/shared';
import { useFormat } from '../../lib/format';

/** Tile fill by negative share: calm blue-grey to red, with the count as text (colour is never the only cue). */
function fill(posts: number, negativeShare: number): string {
  if (posts === 0) return 'var(--province-empty, #eef1f4)';
  const stops = ['#d8e6f3', '#f6d7c3', '#f0a884', '#e0704f', '#b92d1f'];
  return stops[Math.min(stops.length - 1, Math.floor(negativeShare * stops.length))]!;
}

interface Props {
  data: PlacesResponse | undefined;
  selected: string | null;
  onSelect(code: string | null): void;
}

/** The 38 provinces as a tile map (rough geography, no boundary data): posts and negative share; a click filters. */
export function ProvinceGrid({ data, selected, onSelect }: Props) {
  const { t } = useTranslation('who');
  const f = useFormat();
  const byCode = new Map((data?.provinces ?? []).map((p) => [p.code, p]));
  return (
    <div className="province-grid" role="group" aria-label={t('places.heading')} data-testid="province-grid">
      {PROVINCES.map((p) => {
        const c = byCode.get(p.code);
        const posts = c?.posts ?? 0;
        const label = posts ? t('places.tile', { name: p.name, posts: f.number(posts), negative: f.percent(c?.negativeShare ?? 0) }) : t('places.tileEmpty', { name: p.name });
        const dark = posts > 0 && (c?.negativeShare ?? 0) >= 0.6;
        return (
          <button
            key={p.code}
            type="button"
            className={`province-tile${selected === p.code ? ' province-tile--selected' : ''}${dark ? ' province-tile--dark' : ''}`}
            style={{ gridRow: p.row + 1, gridColumn: p.col + 1, background: fill(posts, c?.negativeShare ?? 0) }}
            aria-pressed={selected === p.code}
            title={label}
            onClick={() => onSelect(selected === p.code ? null : p.code)}
            data-testid="province-tile"
            data-code={p.code}
            data-posts={posts}
          >
            {/* The name is the visible text followed by the full sentence (no aria-label that would hide what is shown). */}
            <span className="province-tile__name">{p.short}</span>{' '}
            <span className="province-tile__count">{posts ? f.compact(posts) : ''}</span>{' '}
            <span className="sr-only">{label}</span>
          </button>
        );
      })}
    </div>
  );
}
