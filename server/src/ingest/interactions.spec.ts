import { describe, expect, it } from '@jest/globals';
import { copyKey, interactionsOf, type InteractingPost } from './interactions.js';

const TEXT = '@induk Banjir setinggi pinggang di kampung kami malam ini';
const post = (extra: Partial<InteractingPost> = {}): InteractingPost => ({ source: 'mastodon', authorHandle: 'warga', text: TEXT, parentExternalId: null, ...extra });

describe('interactionsOf', () => {
  it('gives an original post its mentions and its near-duplicate key', () => {
    expect(interactionsOf(post())).toEqual([
      { kind: 'mention', target: 'mastodon:induk', refExternalId: null },
      { kind: 'copy', target: copyKey(TEXT), refExternalId: null },
    ]);
  });

  it('gives a share a link to the shared post (its author resolved by the store) and no near-duplicate key', () => {
    expect(interactionsOf(post({ sharedExternalId: 'https://m.example/s/1' }))).toEqual([
      { kind: 'share', target: null, refExternalId: 'https://m.example/s/1' },
      { kind: 'mention', target: 'mastodon:induk', refExternalId: null },
    ]);
  });

  it('keeps a reply and a quote beside a share', () => {
    const kinds = interactionsOf(post({ parentExternalId: 'p-0', quotedExternalId: 'q-0', sharedExternalId: 's-0' })).map((i) => [i.kind, i.refExternalId]);
    expect(kinds).toEqual([
      ['reply', 'p-0'],
      ['quote', 'q-0'],
      ['share', 's-0'],
      ['mention', null],
    ]);
  });
});
