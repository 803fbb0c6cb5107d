const MAX_SLUG = 64;
const COMBINING_MARKS = /\p{M}/gu;

/** The server's rule (shared `Slug`): lowercase letters, digits and single dashes, 2–64 characters. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isValidSlug(slug: string): boolean {
  return slug.length >= 2 && slug.length <= MAX_SLUG && SLUG_PATTERN.test(slug);
}

/** "Bansos Ramadan 2026" → "bansos-ramadan-2026": accents dropped, anything else becomes one dash. */
export function suggestSlug(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base.length <= MAX_SLUG) return base;
  // Cut at a dash when there is one, so the slug does not end in half a word.
  const cut = base.slice(0, MAX_SLUG);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash >= 2 ? cut.slice(0, lastDash) : cut).replace(/-+$/g, '');
}
