import { describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { LivePost, Post } from '@siaga/shared';
import { i18n } from '../../i18n';
import { livePostView, PostCard, postView } from './PostCard';

const original: Post = {
  id: '00000000-0000-4000-8000-000000000002',
  source: 'mastodon',
  externalId: 'https://social.example/users/booster/statuses/333/activity',
  text: 'Air sudah masuk rumah warga di Kampung Melayu',
  createdAt: '2026-12-06T08:00:00.000Z',
  ingestedAt: '2026-12-06T08:00:01.000Z',
  author: { handle: 'booster@social.example', name: null, followers: 5, createdAt: null },
  url: null,
  lang: 'id',
  langGiven: null,
  sentiment: { label: 'negative', score: -0.6, confidence: 0.8, terms: [], correctedAt: null, correctedBy: null },
  harm: { flag: false, terms: [] },
  engagement: { likes: 0, shares: 0, replies: 0, views: 0 },
  parentExternalId: null,
  sharedExternalId: null,
  programIds: [],
};
const live: LivePost = { id: 'l2', programIds: [], source: 'mastodon', authorHandle: 'booster@social.example', text: original.text, createdAt: original.createdAt, lang: 'id', sentiment: { label: 'negative', score: -0.6, terms: [] }, harm: { flag: false, terms: [] }, shared: true };

const show = (view: ReturnType<typeof postView>) =>
  render(
    <MemoryRouter>
      <PostCard post={view} programNames={new Map()} />
    </MemoryRouter>,
  );

describe('shared marker', () => {
  it('marks a share (repost, boost) in the explorer and on the wall, in the UI language, with an SVG icon', async () => {
    await i18n.changeLanguage('id');
    const { unmount } = show(postView({ ...original, sharedExternalId: 'https://mastodon.example/users/warga/statuses/222' }));
    const marker = screen.getByTestId('post-shared');
    expect(marker.textContent).toContain('Dibagikan ulang');
    expect(marker.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    unmount();

    await i18n.changeLanguage('en');
    const second = show(livePostView(live));
    expect(screen.getByTestId('post-shared').textContent).toContain('Shared');
    second.unmount();
    await i18n.changeLanguage('id');
  });

  it('leaves originals unmarked, and posts from an older server too', () => {
    const { sharedExternalId: _shared, ...older } = original;
    show(postView(original));
    show(postView(older));
    show(livePostView({ ...live, shared: undefined }));
    expect(screen.queryAllByTestId('post-shared')).toHaveLength(0);
  });
});
