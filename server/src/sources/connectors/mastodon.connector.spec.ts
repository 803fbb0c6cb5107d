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

const BOOSTED = 'https://mastodon.example/users/warga/statuses/222';
/** A boost as the timeline gives it: the booster's status, whose `reblog` is the boosted one. */
const boost = (reblog: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: '333',
  uri: 'https://social.example/users/booster/statuses/333/activity',
  url: 'https://social.example/users/booster/statuses/333/activity',
  content: '',
  created_at: '2026-12-06T05:59:30Z',
  account: { acct: 'booster@social.example', display_name: 'Pembagi', followers_count: 5, created_at: '2020-01-01T00:00:00.000Z' },
  language: null,
  reblog,
  ...extra,
});

describe('mastodonPost', () => {
  it('maps a boost to its own post: the booster at the time of the boost, sharing the boosted status, with its text', () => {
    const boosted = status({ spoiler_text: 'CW banjir', language: 'id', favourites_count: 7, reblogs_count: 3, replies_count: 1, account: { acct: 'warga', created_at: '2026-12-04T00:00:00.000Z' } });
    expect(mastodonPost(boost(boosted), 'mastodon.example', NOW)).toEqual({
      source: 'mastodon',
      externalId: 'https://social.example/users/booster/statuses/333/activity',
      text: 'CW banjir\n\nbanjir lagi di sini',
      createdAt: '2026-12-06T05:59:30.000Z',
      author: { handle: 'booster@social.example', name: 'Pembagi', followers: 5, createdAt: '2020-01-01T00:00:00.000Z' },
      url: 'https://mastodon.example/@warga/222',
      lang: 'id',
      // The boost's own counts, not the boosted status's 7/3/1.
      engagement: { likes: 0, shares: 0, replies: 0 },
      sharedExternalId: BOOSTED,
    });
    // An original status shares nothing.
    expect(mastodonPost(boosted, 'mastodon.example', NOW)).not.toHaveProperty('sharedExternalId');
  });

  it('takes the boost\'s id from its url when it has no uri, and leaves out a boost whose boosted status has no usable id', () => {
    expect(mastodonPost(boost(status({}), { uri: undefined }), 'mastodon.example', NOW)).toMatchObject({ externalId: 'https://social.example/users/booster/statuses/333/activity', sharedExternalId: BOOSTED });
    expect(mastodonPost(boost(status({ uri: undefined })), 'mastodon.example', NOW)).toMatchObject({ sharedExternalId: 'https://mastodon.example/@warga/222' });
    expect(mastodonPost(boost(status({ uri: undefined, url: undefined })), 'mastodon.example', NOW)).toBeUndefined();
    expect(mastodonPost(boost(status({ uri: `https://x/${'a'.repeat(300)}` })), 'mastodon.example', NOW)).toBeUndefined();
    expect(mastodonPost(boost(status({}), { account: {} }), 'mastodon.example', NOW)).toBeUndefined();
  });

  it('maps an accepted quote (Mastodon 4.4+ Quote entity) to quotedExternalId, also inside a boost', () => {
    const quote = { state: 'accepted', quoted_status: { uri: QUOTED, content: '<p>x</p>', account: { acct: 'induk' } } };
    expect(mastodonPost(status({ quote }), 'mastodon.example', NOW)).toMatchObject({ quotedExternalId: QUOTED });
    expect(mastodonPost({ reblog: status({ quote }), uri: 'https://mastodon.example/users/booster/statuses/9/activity', account: { acct: 'booster' } }, 'mastodon.example', NOW)).toMatchObject({
      quotedExternalId: QUOTED,
      sharedExternalId: BOOSTED,
    });
  });

  it("maps the account's creation day to author.createdAt, the booster's inside a boost", () => {
    const account = { acct: 'warga', created_at: '2026-12-04T00:00:00.000Z' };
    expect(mastodonPost(status({ account }), 'mastodon.example', NOW)!.author).toEqual({ handle: 'warga@mastodon.example', createdAt: '2026-12-04T00:00:00.000Z' });
    expect(mastodonPost(boost(status({ account })), 'mastodon.example', NOW)!.author.createdAt).toBe('2020-01-01T00:00:00.000Z');
    // Checked against the boost's time, not the boosted status's: an account created between the two boosted it.
    const late = boost(status({ account }), { account: { acct: 'baru', created_at: '2026-12-06T05:59:15.000Z' } });
    expect(mastodonPost(late, 'mastodon.example', NOW)!.author).toEqual({ handle: 'baru@mastodon.example', createdAt: '2026-12-06T05:59:15.000Z' });
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
