import { describe, expect, it } from '@jest/globals';
import { mastodonPost } from './mastodon.connector.js';

const NOW = Date.parse('2026-12-06T06:00:00Z');
const QUOTED = 'https://mastodon.example/users/induk/statuses/111';
const status = (extra: Record<string, unknown>) => ({
  uri: 'https://mastodon.example/users/warga/statuses/222',
  url: 'https://mastodon.example/@warga/222',
  content: '<p>banjir lagi di sini</p>',
  created_at: '2026-12-06T05:59:00Z',
  account: { acct: 'warga', followers_count: 10 },
  ...extra,
});

describe('mastodonPost', () => {
  it('maps an accepted quote (Mastodon 4.4+ Quote entity) to quotedExternalId, also inside a boost', () => {
    const quote = { state: 'accepted', quoted_status: { uri: QUOTED, content: '<p>x</p>', account: { acct: 'induk' } } };
    expect(mastodonPost(status({ quote }), 'mastodon.example', NOW)).toMatchObject({ quotedExternalId: QUOTED });
    expect(mastodonPost({ reblog: status({ quote }), account: { acct: 'booster' } }, 'mastodon.example', NOW)).toMatchObject({ quotedExternalId: QUOTED });
  });

  it("maps the account's creation day to author.createdAt, the boosted status's author's inside a boost", () => {
    const account = { acct: 'warga', created_at: '2026-12-04T00:00:00.000Z' };
    expect(mastodonPost(status({ account }), 'mastodon.example', NOW)!.author).toEqual({ handle: 'warga@mastodon.example', createdAt: '2026-12-04T00:00:00.000Z' });
    const boost = { reblog: status({ account }), account: { acct: 'booster', created_at: '2020-01-01T00:00:00.000Z' } };
    expect(mastodonPost(boost, 'mastodon.example', NOW)!.author.createdAt).toBe('2026-12-04T00:00:00.000Z');
  });

  it('leaves out a creation time that is missing, malformed, or after the status', () => {
    for (const created_at of [undefined, null, 'kemarin', '0001-01-01T00:00:00Z', '2026-12-06T05:59:00.001Z', '2026-12-07T00:00:00.000Z']) {
      expect(mastodonPost(status({ account: { acct: 'warga', created_at } }), 'mastodon.example', NOW)!.author).not.toHaveProperty('createdAt');
    }
  });

  it('keeps no quote that is pending, revoked, shallow (a local id only) or malformed', () => {
    for (const quote of [
      { state: 'pending', quoted_status: { uri: QUOTED } },
      { state: 'revoked', quoted_status: null },
      { state: 'accepted', quoted_status_id: '111' },
      { state: 'accepted', quoted_status: { uri: 42 } },
      { state: 'accepted', quoted_status: { uri: `https://x/${'a'.repeat(300)}` } },
      'nonsense',
      null,
    ]) {
      expect(mastodonPost(status({ quote }), 'mastodon.example', NOW)).not.toHaveProperty('quotedExternalId');
    }
  });
});
