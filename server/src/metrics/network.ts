import { ENGAGEMENT_WEIGHT, type CoordinationReason, type NetworkCommunity, type NetworkEdge, type NetworkNode, type SentimentLabel } from '@siaga/shared';
import { UndirectedGraph } from 'graphology';
import * as louvainModule from 'graphology-communities-louvain';
import { accountId, copyKey, mentionedHandles } from '../ingest/interactions.js';
import { TopCounter } from './top-terms.js';

/**
 * The interaction network of a window's accounts, with no database: who replies to whom, who quotes, shares or
 * mentions whom, and who posts the same near-identical text (the same normalised words, as the campaign detector reads
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
  /** Author of the stored post it quotes (same source). */
  quotedHandle?: string | null;
  /** Author of the stored post it shares (same source). */
  sharedHandle?: string | null;
  /**
   * The post is a share (repost, boost), its shared post stored or not: it carries the shared post's text and has no
   * near-duplicate key. Implied by `sharedHandle`.
   */
  share?: boolean;
  /** When the author's account was created, where the source gave it with this post. */
  authorCreatedAt?: Date | null;
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

/** A duplicate group links each account to at most this many others (a 1,000-account cluster is not 500,000 edges). */
export const MAX_LINKS_PER_GROUP = 8;
/** Texts per account that feed its community's top terms. */
export const TEXTS_PER_ACCOUNT = 10;
// A CommonJS module whose types declare an ES default export: under Node's ESM the namespace's default is the function.
const louvain = louvainModule.default as unknown as typeof louvainModule.default.default;
/** Rhythm is read from this many posts up. */
const MIN_RHYTHM_POSTS = 5;
const DAY_MS = 86_400_000;
/** An account this many days old or older at its first post of the window gets no account_age reason. */
export const YOUNG_ACCOUNT_DAYS = 30;

/** An account of the graph with what its node, its coordination score and its community need. */
export interface NetworkAccount {
  id: string;
  source: string;
  handle: string;
  posts: number;
  negative: number;
  followers: number;
  engagement: number;
  /** Times of its posts (ms), for the rhythm. */
  times: number[];
  /** Its posts that are near-copies of another account's post. */
  duplicatePosts: number;
  /** Up to TEXTS_PER_ACCOUNT of its posts' texts, for its community's top terms. */
  texts: string[];
  campaignAlerts: number;
  /** Other accounts it posted the same text with (or was named with by campaign alerts) two times or more. */
  coBursts: number;
  /** Its first post of the window (ms). */
  firstAt: number | null;
  /** The newest account creation time its posts of the window gave (ms); null when none gave one. */
  createdAt: number | null;
}

/** What the coordination score reads of an account (the creation time and first post only where known). */
export type CoordinationInput = Pick<NetworkAccount, 'posts' | 'times' | 'duplicatePosts' | 'campaignAlerts'> & Partial<Pick<NetworkAccount, 'firstAt' | 'createdAt'>>;

/** The links between two accounts, `a < b`. */
export interface NetworkTally {
  a: string;
  b: string;
  replies: number;
  mentions: number;
  quotes: number;
  shares: number;
  duplicates: number;
}

const keyOf = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const reachOf = (a: Pick<NetworkAccount, 'followers' | 'engagement'>) => a.followers + ENGAGEMENT_WEIGHT * a.engagement;
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
export const weightOf = (t: NetworkTally) => t.replies + t.mentions + t.quotes + t.shares + t.duplicates;

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

/**
 * The network of some posts in memory (the unit-tested reference; the endpoint aggregates the same links in SQL
 * from `post_interactions`, see WhoWhereRepository.networkGraph).
 */
export function buildNetwork(posts: readonly NetworkPost[], campaigns: readonly (readonly string[])[], limits: NetworkLimits): BuiltNetwork {
  const accounts = new Map<string, NetworkAccount>();
  const account = (source: string, handle: string): NetworkAccount => {
    const id = accountId(source, handle);
    let a = accounts.get(id);
    if (!a) {
      a = { id, source, handle, posts: 0, negative: 0, followers: 0, engagement: 0, times: [], duplicatePosts: 0, texts: [], campaignAlerts: 0, coBursts: 0, firstAt: null, createdAt: null };
      accounts.set(id, a);
    }
    return a;
  };
  const tallies = new Map<string, NetworkTally>();
  const tally = (a: string, b: string): NetworkTally | undefined => {
    if (a === b) return undefined;
    const k = keyOf(a, b);
    let t = tallies.get(k);
    if (!t) tallies.set(k, (t = { a: a < b ? a : b, b: a < b ? b : a, replies: 0, mentions: 0, quotes: 0, shares: 0, duplicates: 0 }));
    return t;
  };
  const groups = new Map<string, Set<string>>();
  const groupPosts = new Map<string, Array<NetworkAccount>>();
  for (const p of posts) {
    const a = account(p.source, p.handle);
    a.posts++;
    if (p.label === 'negative') a.negative++;
    a.followers = Math.max(a.followers, p.followers);
    a.engagement += p.engagement;
    a.times.push(p.createdAt.getTime());
    a.firstAt = Math.min(a.firstAt ?? Infinity, p.createdAt.getTime());
    if (p.authorCreatedAt) a.createdAt = Math.max(a.createdAt ?? -Infinity, p.authorCreatedAt.getTime());
    if (a.texts.length < TEXTS_PER_ACCOUNT) a.texts.push(p.text);
    if (p.parentHandle && p.parentHandle !== p.handle) {
      const t = tally(a.id, account(p.source, p.parentHandle).id);
      if (t) t.replies++;
    }
    if (p.quotedHandle && p.quotedHandle !== p.handle) {
      const t = tally(a.id, account(p.source, p.quotedHandle).id);
      if (t) t.quotes++;
    }
    if (p.sharedHandle && p.sharedHandle !== p.handle) {
      const t = tally(a.id, account(p.source, p.sharedHandle).id);
      if (t) t.shares++;
    }
    for (const h of mentionedHandles(p.text, p.handle)) {
      const t = tally(a.id, account(p.source, h).id);
      if (t) t.mentions++;
    }
    // A share carries the shared post's text: amplification, not a near-copy (interactions.ts copyKeyOf).
    const key = p.share || p.sharedHandle ? null : copyKey(p.text);
    if (key) {
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
    for (const [x, y] of groupLinks(members)) {
      const t = tally(x, y);
      if (!t) continue;
      t.duplicates++;
      for (const [u, v] of [[x, y], [y, x]] as const) {
        let m = coBursts.get(u);
        if (!m) coBursts.set(u, (m = new Map<string, number>()));
        m.set(v, (m.get(v) ?? 0) + 1);
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
    const members = campaignMembers(c);
    for (const id of members) {
      inCampaign.add(id);
      const i = id.indexOf(':');
      account(id.slice(0, i), id.slice(i + 1)).campaignAlerts++;
    }
    linkGroup(members);
  }
  for (const [id, partners] of coBursts) accounts.get(id)!.coBursts = [...partners.values()].filter((n) => n >= 2).length;

  // Keep the accounts with the most interactions (ties: reach), then the heaviest edges among them.
  const strength = new Map<string, number>();
  for (const t of tallies.values()) {
    const w = weightOf(t);
    strength.set(t.a, (strength.get(t.a) ?? 0) + w);
    strength.set(t.b, (strength.get(t.b) ?? 0) + w);
  }
  const ranked = [...accounts.values()].sort(
    (x, y) => (strength.get(y.id) ?? 0) - (strength.get(x.id) ?? 0) || reachOf(y) - reachOf(x) || (x.id < y.id ? -1 : 1),
  );
  const kept = ranked.slice(0, limits.nodes);
  const keptIds = new Set(kept.map((a) => a.id));
  const candidates = [...tallies.values()].filter((t) => keptIds.has(t.a) && keptIds.has(t.b));
  const drawn = drawNetwork(kept, candidates, inCampaign, limits.edges);
  return {
    accountsSeen: accounts.size,
    edgesSeen: tallies.size,
    trimmed: accounts.size > kept.length || drawn.edgesTrimmed,
    nodes: drawn.nodes,
    edges: drawn.edges,
    communities: drawn.communities,
  };
}

/** The accounts a campaign alert named (`source:handle`). */
export const campaignMembers = (c: readonly string[]) => c.filter((id) => id.includes(':'));

/** The links of a group in its order: each member with the MAX_LINKS_PER_GROUP members before it. */
export function groupLinks(members: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < members.length; i++) {
    for (let j = Math.max(0, i - MAX_LINKS_PER_GROUP); j < i; j++) out.push([members[i]!, members[j]!]);
  }
  return out;
}

/**
 * Draws the kept accounts: the heaviest `maxEdges` of the candidate edges (both ends kept), communities by
 * Louvain (weighted, seeded), numbered by size; each node with its coordination score and reasons.
 */
export function drawNetwork(
  kept: readonly NetworkAccount[],
  candidates: readonly NetworkTally[],
  inCampaign: ReadonlySet<string>,
  maxEdges: number,
): { nodes: NetworkNode[]; edges: NetworkEdge[]; communities: NetworkCommunity[]; edgesTrimmed: boolean } {
  const byId = new Map(kept.map((a) => [a.id, a]));
  const candidateEdges = candidates.filter((t) => byId.has(t.a) && byId.has(t.b) && t.a !== t.b).map((t) => ({ a: t.a, b: t.b, t, w: weightOf(t) }));
  candidateEdges.sort((x, y) => y.w - x.w || (x.a + x.b < y.a + y.b ? -1 : 1));
  const drawn = candidateEdges.slice(0, maxEdges);

  const graph = new UndirectedGraph<Record<string, never>, { weight: number }>();
  for (const a of kept) graph.addNode(a.id);
  for (const e of drawn) graph.addEdge(e.a, e.b, { weight: e.w });
  const communityOf: Record<string, number> = graph.size > 0 ? louvain(graph, { getEdgeWeight: 'weight', rng: seeded(17) }) : {};
  // Communities renumbered by size (largest 0); an account with no edge is its own community.
  const rawIds = new Map<string, number>();
  const members = new Map<number, NetworkAccount[]>();
  for (const a of kept) {
    const raw = graph.degree(a.id) > 0 ? `c${communityOf[a.id]}` : `s${a.id}`;
    let c = rawIds.get(raw);
    if (c === undefined) rawIds.set(raw, (c = rawIds.size));
    let list = members.get(c);
    if (!list) members.set(c, (list = []));
    list.push(a);
  }
  const order = [...members.entries()].sort((x, y) => y[1].length - x[1].length || x[0] - y[0]).map(([c]) => c);
  const renumber = new Map(order.map((c, i) => [c, i]));

  const weighted = new Map<string, number>();
  for (const e of drawn) {
    weighted.set(e.a, (weighted.get(e.a) ?? 0) + e.w);
    weighted.set(e.b, (weighted.get(e.b) ?? 0) + e.w);
  }
  const nodes: NetworkNode[] = [];
  for (const [c, list] of members) {
    for (const a of list) {
      const { score, reasons } = coordinationOf(a, a.coBursts);
      nodes.push({
        id: a.id,
        source: a.source,
        handle: a.handle,
        posts: a.posts,
        followers: a.followers,
        reach: reachOf(a),
        negativeShare: a.posts ? round(a.negative / a.posts) : 0,
        community: renumber.get(c)!,
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
    nodes,
    edges: drawn.map((e) => ({ source: e.a, target: e.b, weight: e.w, replies: e.t.replies, mentions: e.t.mentions, quotes: e.t.quotes, shares: e.t.shares, duplicates: e.t.duplicates })),
    communities,
    edgesTrimmed: candidateEdges.length > drawn.length,
  };
}

/**
 * How coordinated an account's posting looks, from 0 to 1, with the reasons that make it up:
 * - near_duplicates: the share of its posts that are near-copies of other accounts' posts;
 * - rhythm: how regular the gaps between its posts are (1 − their coefficient of variation, from five posts),
 *   which a person rarely is and a scheduler always is;
 * - co_bursts: how many other accounts it posted the same text with in two or more clusters;
 * - campaign_alert: how many open campaign alerts named it;
 * - account_age: its age in whole days at its first post of the window, where the source gave a creation time
 *   (Mastodon, an API client): part 0.5 for an account under a day old, falling linearly to none at 30 days.
 *   Accounts made for a campaign are young; an account whose source gives no creation time gets no such part.
 * The score is 1 − Π(1 − part) over the parts. The parts' sizes are stated heuristics, not fitted: there is no
 * labelled data to fit them on. A high score says "look at this account", never what it is.
 */
export function coordination(a: CoordinationInput, partners: ReadonlyMap<string, number> | undefined): { score: number; reasons: CoordinationReason[] } {
  return coordinationOf(a, partners ? [...partners.values()].filter((n) => n >= 2).length : 0);
}

/** `coordination` with the co-burst partners already counted (those named together two times or more). */
export function coordinationOf(a: CoordinationInput, repeated: number): { score: number; reasons: CoordinationReason[] } {
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
  if (repeated > 0) reasons.push({ kind: 'co_bursts', value: repeated, weight: round(Math.min(0.5, 0.1 * repeated)) });
  if (a.campaignAlerts > 0) reasons.push({ kind: 'campaign_alert', value: a.campaignAlerts, weight: 0.5 });
  // A creation time after the first post (a later post's account disagrees with an earlier one's) says nothing.
  if (typeof a.createdAt === 'number' && typeof a.firstAt === 'number' && a.firstAt >= a.createdAt) {
    const days = Math.floor((a.firstAt - a.createdAt) / DAY_MS);
    if (days < YOUNG_ACCOUNT_DAYS) reasons.push({ kind: 'account_age', value: days, weight: round(0.5 * (1 - days / YOUNG_ACCOUNT_DAYS)) });
  }
  const score = 1 - reasons.reduce((p, r) => p * (1 - r.weight), 1);
  return { score: round(score), reasons };
}
