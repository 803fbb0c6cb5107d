import { describe, expect, it } from '@jest/globals';
import { buildNetwork, coordination, type NetworkPost } from './network.js';

const T0 = Date.parse('2026-12-06T00:00:00Z');
let n = 0;
function post(handle: string, text: string, extra: Partial<NetworkPost> = {}): NetworkPost {
  n++;
  return { source: 'x', handle, followers: 100, engagement: 0, label: 'neutral', createdAt: new Date(T0 + n * 61_000 + (n % 7) * 13_000), text, parentHandle: null, ...extra };
}

/** Two groups of eight accounts that reply to and mention each other inside the group, one reply across. */
function plantedTwoCommunities(): NetworkPost[] {
  const posts: NetworkPost[] = [];
  for (const [group, topic] of [['a', 'banjir'], ['b', 'vaksin']] as const) {
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        if (i === j || (i + j) % 2 === 0) continue;
        posts.push(post(`${group}${i}`, `@${group}${j} soal ${topic} ${i}${j} bagaimana kabarnya`, { parentHandle: `${group}${(j + 1) % 8 === i ? (j + 2) % 8 : (j + 1) % 8}`, label: group === 'a' ? 'negative' : 'positive' }));
      }
    }
  }
  posts.push(post('a0', 'ada yang tahu kabar terbaru', { parentHandle: 'b0' }));
  return posts;
}

describe('buildNetwork', () => {
  it('finds the two planted communities, with their size, terms and negative share', () => {
    const g = buildNetwork(plantedTwoCommunities(), [], { nodes: 100, edges: 1_000 });
    expect(g.communities).toHaveLength(2);
    const communityOf = new Map(g.nodes.map((x) => [x.handle, x.community]));
    for (const group of ['a', 'b']) {
      const ids = new Set(Array.from({ length: 8 }, (_, i) => communityOf.get(`${group}${i}`)));
      expect(ids.size).toBe(1);
    }
    expect(communityOf.get('a0')).not.toBe(communityOf.get('b0'));
    for (const c of g.communities) {
      expect(c.size).toBe(8);
      const group = c.leaders[0]!.split(':')[1]![0];
      expect(c.topTerms.map((t) => t.value)).toContain(group === 'a' ? 'banjir' : 'vaksin');
    }
    // Group a's posts are negative (but a0's one reply across), group b's positive.
    expect(g.communities.find((c) => c.leaders[0]!.startsWith('x:a'))!.negativeShare).toBe(0.97);
    expect(g.communities.find((c) => c.leaders[0]!.startsWith('x:b'))!.negativeShare).toBe(0);
  });

  it('draws at most the limits and says it trimmed', () => {
    const g = buildNetwork(plantedTwoCommunities(), [], { nodes: 5, edges: 4 });
    expect(g.nodes).toHaveLength(5);
    expect(g.edges.length).toBeLessThanOrEqual(4);
    expect(g.trimmed).toBe(true);
    expect(g.accountsSeen).toBe(16);
    for (const e of g.edges) {
      expect(g.nodes.some((x) => x.id === e.source)).toBe(true);
      expect(g.nodes.some((x) => x.id === e.target)).toBe(true);
    }
  });

  it('links accounts that post the same text, and marks the accounts of an open campaign alert', () => {
    const text = 'Tolak kenaikan harga BBM sekarang juga, rakyat sudah susah!!';
    const posts = ['c1', 'c2', 'c3'].flatMap((h) => [post(h, text), post(h, `${text} #tolak`)]);
    posts.push(post('solo', 'hari ini cerah sekali di sini'));
    const g = buildNetwork(posts, [['x:c1', 'x:c2', 'x:zz']], { nodes: 50, edges: 50 });
    const c1 = g.nodes.find((x) => x.handle === 'c1')!;
    expect(c1.inOpenCampaign).toBe(true);
    expect(g.nodes.find((x) => x.handle === 'c3')!.inOpenCampaign).toBe(false);
    expect(g.nodes.find((x) => x.handle === 'solo')!.coordination).toBe(0);
    expect(c1.reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(['near_duplicates', 'co_bursts', 'campaign_alert']));
    expect(c1.coordination).toBeGreaterThan(0.5);
    const e = g.edges.find((x) => [x.source, x.target].sort().join() === 'x:c1,x:c3')!;
    expect(e.duplicates).toBe(1);
  });

  it('links a sharer to the shared post\'s author, and never sharers of one post to each other as near-copies', () => {
    const original = 'Banjir setinggi pinggang di kampung kami';
    const posts = [
      post('induk', original),
      post('pembagi1', original, { sharedHandle: 'induk' }),
      post('pembagi2', original, { sharedHandle: 'induk' }),
      // A share whose post is not stored: no link, and still no near-copy of the others.
      post('pembagi3', original, { share: true }),
      // Sharing one's own post links nobody.
      post('induk', original, { sharedHandle: 'induk' }),
    ];
    const g = buildNetwork(posts, [], { nodes: 10, edges: 10 });
    const edges = g.edges.map((e) => [[e.source, e.target].sort().join(), e.weight, e.shares, e.duplicates]);
    expect(edges.sort()).toEqual([
      ['x:induk,x:pembagi1', 1, 1, 0],
      ['x:induk,x:pembagi2', 1, 1, 0],
    ]);
    expect(g.nodes.flatMap((x) => x.reasons.map((r) => r.kind))).not.toContain('near_duplicates');
    // The same posts as originals are near-copies of each other.
    const copied = buildNetwork(posts.map((p) => ({ ...p, sharedHandle: null, share: false })), [], { nodes: 10, edges: 10 });
    expect(copied.edges.every((e) => e.shares === 0 && e.duplicates > 0)).toBe(true);
    expect(copied.edges).toHaveLength(6);
  });

  it('answers an empty graph for no posts', () => {
    expect(buildNetwork([], [], { nodes: 10, edges: 10 })).toEqual({ accountsSeen: 0, edgesSeen: 0, trimmed: false, nodes: [], edges: [], communities: [] });
  });
});

describe('coordination', () => {
  it('reads a clockwork rhythm, and not an irregular one', () => {
    const every = (ms: number[]) => ({ posts: ms.length, times: ms, duplicatePosts: 0, campaignAlerts: 0 });
    const clockwork = coordination(every([0, 1, 2, 3, 4, 5].map((i) => T0 + i * 600_000)), undefined);
    expect(clockwork.reasons).toEqual([{ kind: 'rhythm', value: 1, weight: 0.4 }]);
    const human = coordination(every([0, 40_000, 2_000_000, 2_100_000, 9_000_000, 9_050_000].map((x) => T0 + x)), undefined);
    expect(human.reasons).toEqual([]);
    expect(human.score).toBe(0);
  });

  it('counts an account under 30 days old at its first post, more the younger it is, and never a missing creation time', () => {
    const DAY = 86_400_000;
    const aged = (days: number | null) => ({ posts: 1, times: [T0], duplicatePosts: 0, campaignAlerts: 0, firstAt: T0, createdAt: days === null ? null : T0 - days * DAY });
    expect(coordination(aged(2.5), undefined)).toEqual({ score: 0.467, reasons: [{ kind: 'account_age', value: 2, weight: 0.467 }] });
    expect(coordination(aged(0.2), undefined).reasons).toEqual([{ kind: 'account_age', value: 0, weight: 0.5 }]);
    expect(coordination(aged(29.9), undefined).reasons).toEqual([{ kind: 'account_age', value: 29, weight: 0.017 }]);
    for (const days of [30, 60, null]) expect(coordination(aged(days), undefined)).toEqual({ score: 0, reasons: [] });
    // A creation time after the first post (given with a later post) is not an age.
    expect(coordination(aged(-1), undefined).reasons).toEqual([]);
  });
});

describe('buildNetwork account age', () => {
  it("reads each account's newest creation time against its first post of the window", () => {
    const DAY = 86_400_000;
    const first = T0 + 10 * DAY;
    const at = (ms: number) => ({ createdAt: new Date(ms) });
    const posts = [
      // Two days old at its first post; a later post gives no creation time.
      post('muda', '@tua apa kabar hari ini semua', { ...at(first), authorCreatedAt: new Date(first - 2 * DAY) }),
      post('muda', '@tua masih di sana kah', { ...at(first + DAY) }),
      // Sixty days old.
      post('tua', '@muda baik baik saja terima kasih', { ...at(first), authorCreatedAt: new Date(first - 60 * DAY) }),
      // No creation time from its source.
      post('tanpa', '@muda siapa kamu sebenarnya', { ...at(first) }),
      // The newest creation time given is after the account's first post of the window: no age is read from it.
      post('ulang', '@tua halo lagi semuanya', { ...at(first), authorCreatedAt: new Date(first - 90 * DAY) }),
      post('ulang', '@tua saya kembali', { ...at(first + 6 * DAY), authorCreatedAt: new Date(first + 5 * DAY) }),
    ];
    const g = buildNetwork(posts, [], { nodes: 10, edges: 10 });
    const reasons = (handle: string) => g.nodes.find((x) => x.handle === handle)!.reasons;
    expect(reasons('muda')).toEqual([{ kind: 'account_age', value: 2, weight: 0.467 }]);
    expect(g.nodes.find((x) => x.handle === 'muda')!.coordination).toBe(0.467);
    expect(reasons('tua')).toEqual([]);
    expect(reasons('tanpa')).toEqual([]);
    expect(reasons('ulang')).toEqual([]);
  });
});
