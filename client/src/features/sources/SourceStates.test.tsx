import { afterEach, describe, expect, it } from '@jest/globals';
import { screen } from '@testing-library/react';
import type { SourceStatus } from '@siaga/shared';
import '../../i18n';
import { sessionStore } from '../../api';
import { jsonResponse, stubFetch } from '../../test-support/http';
import { renderRoutes } from '../../test-support/render';
import { signIn } from '../../test-support/session';
import { SourceStates } from './SourceStates';

afterEach(() => sessionStore.clear());

describe('SourceStates', () => {
  it('shows every source on the wall, the failing and silent ones first', async () => {
    signIn('viewer');
    const states: SourceStatus[] = [
      { id: '66666666-6666-4666-8666-666666666661', name: 'Antara', type: 'rss', state: 'running', lastItemAt: '2026-11-26T07:00:00.000Z' },
      { id: '66666666-6666-4666-8666-666666666662', name: 'Bluesky', type: 'bluesky', state: 'silent', lastItemAt: '2026-11-26T01:00:00.000Z' },
      { id: '66666666-6666-4666-8666-666666666663', name: 'Kanal BNPB', type: 'telegram', state: 'failing', lastItemAt: null },
    ];
    stubFetch((call) => (call.url.pathname === '/api/sources/states' ? jsonResponse(states) : jsonResponse({}, 404)));
    renderRoutes([{ path: '/', element: <SourceStates /> }], '/');
    const strip = await screen.findByTestId('wall-sources');
    expect([...strip.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Kanal BNPB Gagal', 'Bluesky Senyap', 'Antara Berjalan']);
  });
});
