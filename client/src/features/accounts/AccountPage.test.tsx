import { beforeEach, describe, expect, it } from '@jest/globals';
import { screen } from '@testing-library/react';
import type { AccountResponse } from '@siaga/shared';
import '../../i18n';
import { errorResponse, jsonResponse, stubFetch } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { signIn } from '../../test-support/session';
import { AccountPage } from './AccountPage';

const account = (handle: string, createdAt: string | null): AccountResponse => ({
  source: 'mastodon',
  handle,
  name: null,
  followers: 12,
  location: null,
  createdAt,
  from: '2026-11-06T00:00:00.000Z',
  to: '2026-12-06T00:00:00.000Z',
  posts: 0,
  engagement: 0,
  reach: 12,
  firstAt: null,
  lastAt: null,
  programs: [],
  sentiment: [],
  campaigns: [],
  places: [],
  recent: [],
});

describe('AccountPage', () => {
  beforeEach(() => {
    signIn('viewer');
    stubFetch(({ path }) => {
      if (path === '/api/accounts/mastodon/baru') return jsonResponse(account('baru', '2026-12-03T00:00:00.000Z'));
      if (path === '/api/accounts/mastodon/diam') return jsonResponse(account('diam', null));
      if (path === '/api/programs') return jsonResponse({ items: [], nextCursor: null });
      return errorResponse(404, 'not_found');
    });
  });

  it('shows when the account was created where its source says', async () => {
    renderRoutes([{ path: '/accounts/:source/:handle', element: <AccountPage /> }], '/accounts/mastodon/baru');
    const created = await screen.findByTestId('account-created');
    // The day alone, in the UI language (Bahasa Indonesia by default).
    expect(created.textContent).toMatch(/^\d{1,2} Des 2026$/);
    expect(created.closest('div')!.querySelector('dt')!.textContent).toBe('Akun dibuat');
  });

  it('shows no creation date where its source gives none', async () => {
    renderRoutes([{ path: '/accounts/:source/:handle', element: <AccountPage /> }], '/accounts/mastodon/diam');
    await screen.findByTestId('account-figures');
    expect(screen.queryByTestId('account-created')).toBeNull();
  });
});
