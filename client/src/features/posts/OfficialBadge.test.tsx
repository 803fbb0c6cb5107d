import { describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { LivePost, Post } from '@siaga/shared';
import { i18n } from '../../i18n';
import { livePostView, PostCard, postView } from './PostCard';

const stored: Post = {
  id: '00000000-0000-4000-8000-000000000001',
  source: 'x',
  externalId: '1',
  text: 'Klarifikasi: iuran tidak naik',
  createdAt: '2026-11-26T08:00:00.000Z',
  ingestedAt: '2026-11-26T08:00:01.000Z',
  author: { handle: 'kemenkesri', name: 'Kemenkes RI', followers: 50_000, createdAt: null },
  url: null,
  lang: 'id',
  langGiven: null,
  sentiment: { label: 'neutral', score: 0, confidence: 0.8, terms: [], correctedAt: null, correctedBy: null },
  harm: { flag: false, terms: [] },
  engagement: { likes: 0, shares: 0, replies: 0, views: 0 },
  parentExternalId: null,
  programIds: [],
  official: true,
};
const live: LivePost = { id: 'l1', programIds: [], source: 'x', authorHandle: 'kemenkesri', text: 'Klarifikasi', createdAt: stored.createdAt, lang: 'id', sentiment: { label: 'neutral', score: 0, terms: [] }, harm: { flag: false, terms: [] }, official: true };

const show = (view: ReturnType<typeof postView>) =>
  render(
    <MemoryRouter>
      <PostCard post={view} programNames={new Map()} />
    </MemoryRouter>,
  );

describe('OfficialBadge', () => {
  it('marks an official channel\'s post in the explorer and on the wall, in the UI language, with an SVG seal', async () => {
    await i18n.changeLanguage('id');
    const { unmount } = show(postView(stored));
    const badge = screen.getByTestId('official-badge');
    expect(badge.textContent).toContain('Resmi');
    expect(badge.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    unmount();

    await i18n.changeLanguage('en');
    const second = show(livePostView(live));
    expect(screen.getByTestId('official-badge').textContent).toContain('Official');
    second.unmount();
    await i18n.changeLanguage('id');
  });

  it('leaves other posts unmarked, and posts from an older server too', () => {
    const { official: _official, ...older } = stored;
    show(postView({ ...stored, official: false }));
    show(postView(older));
    expect(screen.queryAllByTestId('official-badge')).toHaveLength(0);
  });
});
