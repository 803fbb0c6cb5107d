import { describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { LivePost, Post } from '@siaga/shared';
import { i18n } from '../../i18n';
import { makePost } from '../../test-support/fixtures';
import { livePostView, PostCard, postView } from './PostCard';

const stored: Post = makePost({ text: 'Klarifikasi: iuran tidak naik', author: { handle: 'kemenkesri', name: 'Kemenkes RI', followers: 50_000, createdAt: null }, official: true });
const live: LivePost = { id: 'l1', programIds: [], source: 'x', authorHandle: 'kemenkesri', text: 'Klarifikasi', createdAt: stored.createdAt, lang: 'id', sentiment: { label: 'neutral', score: 0, terms: [] }, harm: { flag: false, terms: [] }, official: true };

const show = (view: ReturnType<typeof postView>) =>
  render(
    <MemoryRouter>
      <PostCard post={view} programNames={new Map()} />
    </MemoryRouter>,
  );

const share: Post = { ...stored, official: false, sharedExternalId: 'https://mastodon.example/users/warga/statuses/222' };

describe('post card markers', () => {
  it.each([
    { marker: 'official-badge', what: "an official channel's post", post: stored, livePost: live, id: 'Resmi', en: 'Official' },
    { marker: 'post-shared', what: 'a share (repost, boost)', post: share, livePost: { ...live, official: undefined, shared: true }, id: 'Dibagikan ulang', en: 'Shared' },
  ])('marks $what in the explorer and on the wall, in the UI language, with an SVG icon', async ({ marker, post, livePost, id, en }) => {
    await i18n.changeLanguage('id');
    const { unmount } = show(postView(post));
    const shown = screen.getByTestId(marker);
    expect(shown.textContent).toContain(id);
    expect(shown.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    unmount();

    await i18n.changeLanguage('en');
    const second = show(livePostView(livePost));
    expect(screen.getByTestId(marker).textContent).toContain(en);
    second.unmount();
    await i18n.changeLanguage('id');
  });

  it('leaves other posts unmarked, and posts from an older server too', () => {
    const { official: _official, sharedExternalId: _shared, ...older } = share;
    show(postView({ ...stored, official: false }));
    show(postView(older));
    show(livePostView({ ...live, official: undefined }));
    expect(screen.queryAllByTestId('official-badge')).toHaveLength(0);
    expect(screen.queryAllByTestId('post-shared')).toHaveLength(0);
  });
});
