import { describe, expect, it } from '@jest/globals';
import { jetstreamPost } from './jetstream.connector.js';

const NOW = Date.parse('2026-12-06T06:00:00Z');
const QUOTED = 'at://did:plc:quoted/app.bsky.feed.post/3kq';
const event = (record: Record<string, unknown>) => ({
  did: 'did:plc:author',
  time_us: (NOW - 1_000) * 1000,
  kind: 'commit',
  commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: '3kz', record: { text: 'banjir lagi di sini', createdAt: '2026-12-06T05:59:00Z', ...record } },
});

describe('jetstreamPost', () => {
  it('takes no repost: its record names the reposted post but carries no text (the stream asks for posts only)', () => {
    const repost = { ...event({}), commit: { operation: 'create', collection: 'app.bsky.feed.repost', rkey: '3kr', record: { subject: { uri: QUOTED, cid: 'x' }, createdAt: '2026-12-06T05:59:00Z' } } };
    expect(jetstreamPost(repost, NOW)).toBeNull();
  });

  it('maps a reply to parentExternalId and a quote to quotedExternalId (with or without media)', () => {
    const reply = jetstreamPost(event({ reply: { parent: { uri: QUOTED }, root: { uri: QUOTED } } }), NOW);
    expect(reply).toMatchObject({ parentExternalId: QUOTED });
    expect(reply).not.toHaveProperty('quotedExternalId');
    expect(jetstreamPost(event({ embed: { $type: 'app.bsky.embed.record', record: { uri: QUOTED, cid: 'x' } } }), NOW)).toMatchObject({ quotedExternalId: QUOTED });
    const withMedia = { $type: 'app.bsky.embed.recordWithMedia', record: { $type: 'app.bsky.embed.record', record: { uri: QUOTED } }, media: { $type: 'app.bsky.embed.images', images: [] } };
    expect(jetstreamPost(event({ embed: withMedia }), NOW)).toMatchObject({ quotedExternalId: QUOTED });
  });

  it('does not take a feed, a list, a bad or an overlong uri for a quoted post', () => {
    for (const uri of ['at://did:plc:x/app.bsky.feed.generator/whats-hot', 'at://did:plc:x/app.bsky.graph.list/l', 'https://example.com/app.bsky.feed.post/1', `at://did:plc:x/app.bsky.feed.post/${'a'.repeat(300)}`, 42]) {
      expect(jetstreamPost(event({ embed: { $type: 'app.bsky.embed.record', record: { uri } } }), NOW)).not.toHaveProperty('quotedExternalId');
    }
    expect(jetstreamPost(event({ embed: { $type: 'app.bsky.embed.images', images: [] } }), NOW)).not.toHaveProperty('quotedExternalId');
    expect(jetstreamPost(event({ embed: 'nonsense' }), NOW)).not.toHaveProperty('quotedExternalId');
  });
});
