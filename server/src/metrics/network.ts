import { ENGAGEMENT_WEIGHT, type CoordinationReason, type NetworkCommunity, type NetworkEdge, type NetworkNode, type SentimentLabel } from '@siaga/shared';
import { UndirectedGraph } from 'graphology';
import * as louvainModule from 'graphology-communities-louvain';
import { normalizeText } from '../detection/campaign.js';
import { TopCounter } from './top-terms.js';

/**
 * The interaction network of a window's accounts, with no database: who replies to whom, who mentions whom,
 * and who posts the same near-identical text (the same normalised words, as the campaign detector reads
 * them), plus the accounts that coordinated-campaign alerts named together. Communities come from Louvain
 * (graphology) with a seeded random source, so the same posts give the same communities.
 */

export interface NetworkPost {
  source: string;
  handle: string;
  followers: number;
  engagement: number;
  label: SentimentLabel;
  createdAt: Date;
  text: string;
  /** Author of the stored post it replies to (same source). */
  parentHandle: string | null;
}

export interface NetworkLimits {
  /** Accounts drawn: those with the most interactions (then reach). */
  nodes: number;
  /** Edges drawn: the heaviest among the drawn accounts. */
  edges: number;
}

export interface BuiltNetwork {
  accountsSeen: number;
  edgesSeen: number;
  trimmed: boolean;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  communities: NetworkCommunity[];
}

/** Posts shorter than this (normalised words) are too short to call copies ("mantap", "setuju!"). */
const MIN_DUPLICATE_WORDS = 5;
/** A duplicate group links each account to at most this many others (a 1,000-account cluster is not 500,000 edges). */
const MAX_LINKS_PER_GROUP = 8;
/** Texts per account that feed its community's top terms. */
const TEXTS_PER_ACCOUNT = 10;
// A CommonJS module whose types declare an ES default export: under Node's ESM the namespace's default is the function.
const louvain = louvainModule.default as unknown as typeof louvainModule.default.default;
const MENTION = /(?<![\p{L}\p{N}_])@([\p{L}\p{N}_.]{1,64})/gu;
/** Rhythm is read from this many posts up. */
const MIN_RHYTHM_POSTS = 5;

interface Account {
  id: string;
  source: string;
  handle: string;
  posts: number;
  negative: number;
  followers: number;
  engagement: number;
  times: number[];
  duplicatePosts: number;
  texts: string[];
  campaignAlerts: number;
}

interface EdgeTally {
  a: string;
  b: string;
  replies: number;
  mentions: number;
  duplicates: number;
}

const keyOf = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const reachOf = (a: Pick<Account, 'followers' | 'engagement'>) => a.followers + ENGAGEMENT_WEIGHT * a.engagement;
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A small seeded generator (mulberry32): Louvain visits nodes in a random order. */
function seeded(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildNetwork(posts: readonly NetworkPost[], campaigns: readonly (readonly string[])[], limits: NetworkLimits): BuiltNetwork {
  const accounts = new Map<string, Account>();
  const account = (source: string, handle: string): Account => {
    const id = `${source}:${handle}`;
    let a = accounts.get(id);
    if (!a) accounts.set(id, (a = { id, source, handle, posts: 0, negative: 0, followers: 0, engagement: 0, times: [], duplicatePosts: 0, texts: [], campaignAlerts: 0 }));
    return a;
  };
  const tallies = new Map<string, EdgeTally>();
  const tally = (a: string, b: string): EdgeTally | undefined => {
    if (a === b) return undefined;
    const k = keyOf(a, b);
    let t = tallies.get(k);
    if (!t) tallies.set(k, (t = { a: a < b ? a : b, b: a < b ? b : a, replies: 0, mentions: 0, duplicates: 0 }));
    return t;
  };
  const groups = new Map<string, Set<string>>();
  const groupPosts = new Map<string, Array<Account>>();
  for (const p of posts) {
    const a = account(p.source, p.handle);
    a.posts++;
    if (p.label === 'negative') a.negative++;
    a.followers = Math.max(a.followers, p.followers);
    a.engagement += p.engagement;
    a.times.push(p.createdAt.getTime());
    if (a.texts.length < TEXTS_PER_ACCOUNT) a.texts.push(p.text);
    if (p.parentHandle && p.parentHandle !== p.handle) {
      const t = tally(a.id, account(p.source, p.parentHandle).id);
      if (t) t.replies++;
    }
    if (p.text.includes('@')) {
      const mentioned = new Set<string>();
      for (const m of p.text.matchAll(MENTION)) mentioned.add(m[1]!.replace(/\.+$/, ''));
      for (const h of mentioned) {
        if (!h || h === p.handle) continue;
        const t = tally(a.id, account(p.source, h).id);
        if (t) t.mentions++;
      }
    }
    const words = normalizeText(p.text);
    if (words.length >= MIN_DUPLICATE_WORDS) {
      const key = words.slice(0, 24).join(' ');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = new Set()));
      g.add(a.id);
      let gp = groupPosts.get(key);
      if (!gp) groupPosts.set(key, (gp = []));
      gp.push(a);
    }
  }
  // Near-duplicate groups of several accounts: every account of a group is linked to the group's first ones.
  const coBursts = new Map<string, Map<string, number>>();
  const linkGroup = (members: readonly string[]) => {
    for (let i = 0; i < members.length; i++) {
      for (let j = Math.max(0, i - MAX_LINKS_PER_GROUP); j < i; j++) {
        const t = tally(members[i]!, members[j]!);
        if (!t) continue;
        t.duplicates++;
        for (const [x, y] of [[members[i]!, members[j]!], [members[j]!, members[i]!]] as const) {
          let m = coBursts.get(x);
          if (!m) coBursts.set(x, (m = new Map<string, number>()));
          m.set(y, (m.get(y) ?? 0) + 1);
        }
      }
    }
  };
  for (const [key, members] of groups) {
    if (members.size < 2) continue;
    for (const a of groupPosts.get(key)!) a.duplicatePosts++;
    linkGroup([...members]);
  }
  const inCampaign = new Set<string>();
  for (const c of campaigns) {
    const members = c.filter((id) => id.includes(':'));
    for (const id of members) {
      inCampaign.add(id);
      const i = id.indexOf(':');
      account(id.slice(0, i), id.slice(i + 1)).campaignAlerts++;
    }
    linkGroup(members);
  }

  // Keep the accounts with the most interactions (ties: reach), then the heaviest edges among them.
  const strength = new Map<string, number>();
  for (const t of tallies.values()) {
    const w = t.replies + t.mentions + t.duplicates;
    strength.set(t.a, (strength.get(t.a) ?? 0) + w);
    strength.set(t.b, (strength.get(t.b) ?? 0) + w);
  }
  const ranked = [...accounts.values()].sort(
    (x, y) => (strength.get(y.id) ?? 0) - (strength.get(x.id) ?? 0) || reachOf(y) - reachOf(x) || (x.id < y.id ? -1 : 1),
  );
  const kept = new Set(ranked.slice(0, limits.nodes).map((a) => a.id));
  const candidateEdges: Array<{ a: string; b: string; t: EdgeTally; w: number }> = [];
  for (const t of tallies.values()) if (kept.has(t.a) && kept.has(t.b)) candidateEdges.push({ a: t.a, b: t.b, t, w: t.replies + t.mentions + t.duplicates });
  candidateEdges.sort((x, y) => y.w - x.w || (x.a + x.b < y.a + y.b ? -1 : 1));
  const drawn = candidateEdges.slice(0, limits.edges);

  const graph = new UndirectedGraph<Record<string, never>, { weight: number }>();
  for (const id of kept) graph.addNode(id);
  for (const e of drawn) graph.addEdge(e.a, e.b, { weight: e.w });
  const communityOf: Record<string, number> = graph.size > 0 ? louvain(graph, { getEdgeWeight: 'weight', rng: seeded(17) }) : {};
  // Communities renumbered by size (largest 0); an account with no edge is its own community.
  const rawIds = new Map<string, number>();
  let next = 0;
  for (const id of kept) {
    const raw = graph.degree(id) > 0 ? `c${communityOf[id]}` : `s${id}`;
    if (!rawIds.has(raw)) rawIds.set(raw, next++);
  }
  const members = new Map<number, Account[]>();
  for (const id of kept) {
    const raw = graph.degree(id) > 0 ? `c${communityOf[id]}` : `s${id}`;
    const c = rawIds.get(raw)!;
    let list = members.get(c);
    if (!list) members.set(c, (list = []));
    list.push(accounts.get(id)!);
  }
  const order = [...members.entries()].sort((x, y) => y[1].length - x[1].length || x[0] - y[0]).map(([c]) => c);
  const renumber = new Map(order.map((c, i) => [c, i]));

  const weighted = new Map<string, number>();
  for (const e of drawn) {
    weighted.set(e.a, (weighted.get(e.a) ?? 0) + e.w);
    weighted.set(e.b, (weighted.get(e.b) ?? 0) + e.w);
  }
  const nodes: NetworkNode[] = [];
  const nodeCommunity = new Map<string, number>();
  for (const [c, list] of members) {
    for (const a of list) {
      const community = renumber.get(c)!;
      nodeCommunity.set(a.id, community);
      const { score, reasons } = coordination(a, coBursts.get(a.id));
      nodes.push({
        id: a.id,
        source: a.source,
        handle: a.handle,
        posts: a.posts,
        followers: a.followers,
        reach: reachOf(a),
        negativeShare: a.posts ? round(a.negative / a.posts) : 0,
        community,
        degree: weighted.get(a.id) ?? 0,
        coordination: score,
        reasons,
        inOpenCampaign: inCampaign.has(a.id),
      });
    }
  }
  nodes.sort((x, y) => y.degree - x.degree || y.reach - x.reach || (x.id < y.id ? -1 : 1));

  const communities: NetworkCommunity[] = order.map((c) => {
    const list = members.get(c)!;
    const terms = new TopCounter();
    let posts = 0;
    let negative = 0;
    for (const a of list) {
      posts += a.posts;
      negative += a.negative;
      for (const text of a.texts) terms.add({ text, authorHandle: a.handle });
    }
    return {
      id: renumber.get(c)!,
      size: list.length,
      posts,
      reach: list.reduce((s, a) => s + reachOf(a), 0),
      negativeShare: posts ? round(negative / posts) : 0,
      topTerms: terms.terms.top(5),
      leaders: [...list].sort((x, y) => reachOf(y) - reachOf(x) || (x.id < y.id ? -1 : 1)).slice(0, 5).map((a) => a.id),
    };
  });

  return {
    accountsSeen: accounts.size,
    edgesSeen: tallies.size,
    trimmed: accounts.size > kept.size || candidateEdges.length > drawn.length,
    nodes,
    edges: drawn.map((e) => ({ source: e.a, target: e.b, weight: e.w, replies: e.t.replies, mentions: e.t.mentions, duplicates: e.t.duplicates })),
    communities,
  };
}

/**
 * How coordinated an account's posting looks, from 0 to 1, with the reasons that make it up:
 * - near_duplicates: the share of its posts that are near-copies of other accounts' posts;
 * - rhythm: how regular the gaps between its posts are (1 − their coefficient of variation, from five posts),
 *   which a person rarely is and a scheduler always is;
 * - co_bursts: how many other accounts it posted the same text with in two or more clusters;
 * - campaign_alert: how many open campaign alerts named it.
 * The score is 1 − Π(1 − part) over the parts. The sources give no account creation date, so account age is
 * not a reason here. A high score says "look at this account", never what it is.
 */
export function coordination(a: Pick<Account, 'posts' | 'times' | 'duplicatePosts' | 'campaignAlerts'>, partners: ReadonlyMap<string, number> | undefined): { score: number; reasons: CoordinationReason[] } {
  const reasons: CoordinationReason[] = [];
  if (a.posts > 0 && a.duplicatePosts > 0) {
    const share = a.duplicatePosts / a.posts;
    reasons.push({ kind: 'near_duplicates', value: round(share), weight: round(0.6 * share) });
  }
  if (a.times.length >= MIN_RHYTHM_POSTS) {
    const t = [...a.times].sort((x, y) => x - y);
    const gaps = t.slice(1).map((v, i) => v - t[i]!);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    if (mean > 0) {
      const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
      const regularity = Math.max(0, 1 - sd / mean);
      if (regularity >= 0.5) reasons.push({ kind: 'rhythm', value: round(regularity), weight: round(0.4 * regularity) });
    }
  }
  const repeated = partners ? [...partners.values()].filter((n) => n >= 2).length : 0;
  if (repeated > 0) reasons.push({ kind: 'co_bursts', value: repeated, weight: round(Math.min(0.5, 0.1 * repeated)) });
  if (a.campaignAlerts > 0) reasons.push({ kind: 'campaign_alert', value: a.campaignAlerts, weight: 0.5 });
  const score = 1 - reasons.reduce((p, r) => p * (1 - r.weight), 1);
  return { score: round(score), reasons };
}
