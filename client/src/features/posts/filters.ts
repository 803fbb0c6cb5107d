import { PostsQuery } from '@siaga/shared';

/**
 * The explorer's filters live in the URL so that a view can be bookmarked and shared, and other
 * pages can link to it (`/posts?program=<id>`). Each filter has one search parameter; a value the
 * API would refuse (a malformed id or date, an unknown label) is dropped rather than sent.
 */
export const FILTER_PARAMS = {
  programId: 'program',
  from: 'from',
  to: 'to',
  sentiment: 'sentiment',
  lang: 'lang',
  source: 'source',
  q: 'q',
  harm: 'harm',
  author: 'author',
  place: 'place',
} as const satisfies Record<keyof PostsQuery, string>;

export type FilterKey = keyof typeof FILTER_PARAMS;
export const FILTER_KEYS = Object.keys(FILTER_PARAMS) as FilterKey[];

export function filtersFromSearch(params: URLSearchParams): PostsQuery {
  const filters: PostsQuery = {};
  for (const key of FILTER_KEYS) {
    const raw = params.get(FILTER_PARAMS[key]);
    if (raw === null || raw.trim() === '') continue;
    const parsed = PostsQuery.shape[key].safeParse(key === 'q' || key === 'source' || key === 'author' ? raw.trim() : raw);
    if (parsed.success && parsed.data !== undefined) Object.assign(filters, { [key]: parsed.data });
  }
  // An empty or inverted range would only earn a 400: keep the start and drop the end.
  if (filters.from && filters.to && Date.parse(filters.from) >= Date.parse(filters.to)) delete filters.to;
  return filters;
}

/** `current` with the filter parameters replaced by `filters`; other parameters are kept. */
export function searchWithFilters(current: URLSearchParams, filters: PostsQuery): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '') next.delete(FILTER_PARAMS[key]);
    else next.set(FILTER_PARAMS[key], String(value));
  }
  return next;
}

export function activeFilterCount(filters: PostsQuery): number {
  return FILTER_KEYS.filter((key) => filters[key] !== undefined).length;
}

/** Sources are stored lower-case (`x`, `tiktok`, `news.detik`); the filter matches exactly. */
export function normalizeSource(value: string): string {
  return value.trim().toLowerCase();
}
