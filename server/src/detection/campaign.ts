import { fmix32 } from '../common/random.js';
import type { Decision, SeverityHint } from './types.js';

// Read once per module (see stats.ts): a global read is slow inside Jest's vm context.
const Math = globalThis.Math;

/**
 * Coordinated-campaign ("buzzer") detection: many distinct accounts posting near-identical text about a program
 * within minutes. Texts are normalised (case, links, mentions, hashtags, emoji and punctuation dropped), cut into
 * word pairs and sketched with MinHash; LSH bands find candidates in a sliding window and posts whose estimated
 * Jaccard similarity passes the bar join one cluster. Organic crisis talk (many people, their own words) shares
 * topics but not sentences, so its clusters stay small.
 */

export interface CampaignPost {
  id: string;
  programIds: readonly string[];
  text: string;
  authorHandle: string;
  source: string;
  createdAt: Date;
}

export interface CampaignSettings {
  /** Posts remembered for clustering (minutes). */
  windowMinutes: number;
  /** Accounts are counted over the cluster's latest this-many minutes: a campaign is a burst. */
  burstMinutes: number;
  /** Fewest distinct accounts in one burst that make it a campaign. */
  minAccounts: number;
  /**
   * Template-like chatter ("RT kalau kamu juga…") makes small organic clusters, larger the busier a program is.
   * A campaign's share of the program's posts in the burst must also reach this multiple of the usual share of
   * the largest organic cluster (a share, so a crisis that multiplies all traffic does not look coordinated).
   */
  organicFactor: number;
  /** Memory of that usual (half-life, minutes). */
  organicHalfLifeMinutes: number;
  /** Estimated Jaccard similarity (of word pairs) for two posts to be "near-identical". */
  similarity: number;
  /** Texts with fewer words than this (after normalisation) are too short to call copies ("mantap", "setuju!"). */
  minWords: number;
  /** A campaign like one already reported (same text) is not reported again for this long. */
  cooldownMinutes: number;
  /** Sources whose posts never count (newsrooms republish their own headlines by design). */
  ignoreSourcePrefixes: readonly string[];
  /**
   * Posts remembered per program at most. A resource bound, not a detection setting: it binds only above
   * 2,000 posts a minute for one program (the window then covers less than its minutes, never less than the
   * burst's at 6,000 a minute), so that memory stays bounded at any ingest rate.
   */
  maxWindowPosts: number;
}

export const DEFAULT_CAMPAIGN_SETTINGS: Readonly<CampaignSettings> = Object.freeze<CampaignSettings>({
  windowMinutes: 15,
  burstMinutes: 5,
  minAccounts: 8,
  organicFactor: 3,
  organicHalfLifeMinutes: 60,
  similarity: 0.7,
  minWords: 5,
  cooldownMinutes: 360,
  ignoreSourcePrefixes: ['news:'],
  maxWindowPosts: 30_000,
});

const NUM_HASHES = 64;
const BANDS = 16;
const ROWS = NUM_HASHES / BANDS;
const MAX_REPORTED_IDS = 200;
const MINUTE = 60_000;

/** Texts `normalizeText` answered lately, in two generations of this many (the older is dropped when the newer fills). */
const RECENT_TEXTS = 2_048;
/** Longer texts are not remembered: the memory stays a few megabytes whatever the posts hold. */
const RECENT_TEXT_CHARS = 1_000;
let recentWords = new Map<string, readonly string[]>();
let olderWords = new Map<string, readonly string[]>();

/**
 * Lowercased words of a post, without links, mentions, hashtags, emoji or punctuation. Each post is read twice,
 * moments apart: by ingest for its near-copy key and by this detector after the commit; the second read is the
 * first's answer (NFKC and two Unicode passes were 4 % of the server's CPU under load, half of it repeated).
 */
export function normalizeText(text: string): readonly string[] {
  const known = recentWords.get(text) ?? olderWords.get(text);
  if (known) return known;
  const cleaned = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{N}_.]+|[^\p{L}\p{N}\s]+/gu, ' ');
  // "parahhhh" and "parahh" are one word to a reader. The Unicode pass only where a character runs three times: it
  // was the costliest step, and most texts have no such run.
  const words = (hasRunOfThree(cleaned) ? cleaned.replace(/(\p{L})\1{2,}/gu, '$1$1') : cleaned).split(/\s+/).filter((w) => w.length > 0);
  if (text.length > RECENT_TEXT_CHARS) return words;
  if (recentWords.size >= RECENT_TEXTS) {
    olderWords = recentWords;
    recentWords = new Map();
  }
  recentWords.set(text, words);
  return words;
}

/**
 * Whether `s` may hold a letter three times in a row: some UTF-16 unit comes three times running, or there is a
 * surrogate (a run of a letter beyond the first plane alternates two units).
 */
function hasRunOfThree(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xd800 && c <= 0xdfff) || (i >= 2 && c === s.charCodeAt(i - 1) && c === s.charCodeAt(i - 2))) return true;
  }
  return false;
}

/** 32-bit FNV-1a of a string, finished with a murmur mix. */
function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Signatures per shared buffer. */
const SLAB_SIGNATURES = 1024;
let slab = new ArrayBuffer(0);
let slabUsed = SLAB_SIGNATURES;

/**
 * A signature's 64 values, a view into a buffer shared with its neighbours: a typed array of its own (256 bytes, over
 * V8's limit for keeping one in the heap) is a buffer outside it that every garbage collection must track, one per
 * post, hundreds of thousands alive in a busy window. A buffer is freed with its last signature.
 */
function newSignature(): Uint32Array {
  if (slabUsed === SLAB_SIGNATURES) {
    slab = new ArrayBuffer(SLAB_SIGNATURES * NUM_HASHES * 4);
    slabUsed = 0;
  }
  const sig = new Uint32Array(slab, slabUsed++ * NUM_HASHES * 4, NUM_HASHES);
  return sig.fill(0xffffffff);
}

/**
 * MinHash signature of the word pairs (words alone for a one-word text). The 64 hash functions are
 * h1 + i·h2 of two independent hashes per shingle (Kirsch–Mitzenmacher): one multiply-add each instead of a full mix.
 */
export function minHash(words: readonly string[]): Uint32Array {
  const sig = newSignature();
  const shingles = new Set<string>();
  if (words.length === 1) shingles.add(words[0] as string);
  for (let i = 1; i < words.length; i++) shingles.add(`${words[i - 1] as string} ${words[i] as string}`);
  for (const shingle of shingles) {
    const h1 = hashString32(shingle);
    const h2 = fmix32(h1 ^ 0x9e3779b9) | 1;
    for (let i = 0; i < NUM_HASHES; i++) {
      const v = (h1 + Math.imul(i, h2)) >>> 0;
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return sig;
}

/** Share of equal MinHash values: an unbiased estimate of the Jaccard similarity. */
export function estimatedSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i]) same++;
  return same / NUM_HASHES;
}

/**
 * `estimatedSimilarity` when it reaches `min`, else -1: it stops once too many values differ, because most
 * candidates from a shared band are templates that fall short, and each new post meets many of them.
 */
export function similarityAtLeast(a: Uint32Array, b: Uint32Array, min: number): number {
  // The most values that may differ; the epsilon keeps 0.75 × 64 from reading as just over 48.
  const allowed = Math.floor((1 - min) * NUM_HASHES + 1e-9);
  let differ = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] !== b[i] && ++differ > allowed) return -1;
  return (NUM_HASHES - differ) / NUM_HASHES;
}

/** A 30-bit hash of a whole signature. */
function signatureKey(sig: Uint32Array): number {
  let h = 0x6a09e667;
  for (let i = 0; i < NUM_HASHES; i++) h = fmix32(h ^ (sig[i] as number));
  return h & 0x3fffffff;
}

function sameSignature(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The live post a bucket entry stands for: itself, else the newest exact copy of its run (null: none left). Only the
 * run's first post and its newest are referenced, so the copies in between are freed as they leave the window.
 */
function live(n: Node): Node | null {
  if (!n.evicted) return n;
  const latest = (n.head ?? n).latest;
  return latest && !latest.evicted ? latest : null;
}

/** One LSH key per band: 30 bits, so the maps keep small-integer keys. */
function bandKey(sig: Uint32Array, band: number): number {
  let h = 0x2545f491 ^ band;
  for (let r = 0; r < ROWS; r++) h = fmix32(h ^ (sig[band * ROWS + r] as number));
  return h & 0x3fffffff;
}

interface Node {
  id: string;
  account: string;
  source: string;
  at: number;
  text: string;
  sig: Uint32Array;
  /** A hash of the whole signature: exact copies share it. */
  sigKey: number;
  parent: Node | null;
  /** Root only: the cluster. */
  cluster: Cluster | null;
  evicted: boolean;
  /** The first post of the run of exact copies this one belongs to (null: it is the first). */
  head: Node | null;
  /** On the first post of a run: its newest exact copy, which stands in for the run in the buckets. */
  latest: Node | null;
}

interface Cluster {
  /**
   * Before the report, the posts judged (trimmed to the window at each judgement); after it, only the posts it
   * named, never more than MAX_REPORTED_IDS: a campaign that runs for hours must not hold every copy.
   */
  posts: Node[];
  /** Posts that ever joined, counted on after the report, and the first and last of their times (ms). */
  count: number;
  first: number;
  last: number;
  /** Last `add` that compared against this cluster (saves a Set per post). */
  stamp: number;
  reported: boolean;
  similaritySum: number;
  representative: Node;
}

/** What a cluster holds now: for tests and diagnostics. */
export interface CampaignClusterStats {
  reported: boolean;
  /** Posts that ever joined the cluster. */
  posts: number;
  /** Posts the cluster still keeps in memory. */
  retained: number;
  firstAt: string;
  lastAt: string;
}

interface ReportedCampaign {
  sig: Uint32Array;
  at: number;
}

/** Index of the first node at or after `at` (ms) in nodes sorted by time. */
function firstAtOrAfter(nodes: readonly Node[], at: number): number {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((nodes[mid] as Node).at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function find(n: Node): Node {
  let root = n;
  while (root.parent) root = root.parent;
  // Path compression keeps later finds flat.
  let cur = n;
  while (cur.parent && cur.parent !== root) {
    const next: Node = cur.parent;
    cur.parent = root;
    cur = next;
  }
  return root;
}

/** The per-program sliding window of sketched posts. */
class ProgramWindow {
  readonly nodes: Node[] = [];
  /** One map per LSH band, key → newest post of each cluster seen with it. */
  private readonly buckets: Array<Map<number, Node[]>> = Array.from({ length: BANDS }, () => new Map<number, Node[]>());
  private stamp = 0;
  /** The buckets of the post being added (reused: one array per post was garbage). */
  private readonly lists: Node[][] = [];
  /** Signature key → the newest post with that signature in the window. */
  private readonly newest = new Map<number, Node>();
  readonly reported: ReportedCampaign[] = [];
  private evicted = 0;
  /** EWMA of the largest organic cluster's share of the burst's posts, per minute; the current minute's largest. */
  organic = 0.05;
  private organicMinute: number | null = null;
  private organicMax = 0;

  /** Records the share of an organic (unreported) cluster seen at minute `m`. */
  noteOrganic(m: number, share: number): void {
    if (this.organicMinute !== null && m > this.organicMinute) {
      const alpha = 1 - 0.5 ** (1 / this.settings.organicHalfLifeMinutes);
      this.organic += alpha * (this.organicMax - this.organic);
      this.organicMax = 0;
    }
    this.organicMinute = m;
    this.organicMax = Math.max(this.organicMax, share);
  }

  /** Posts of this program in the window at or after `from` (ms): the nodes are in time order. */
  postsSince(from: number): number {
    return this.nodes.length - firstAtOrAfter(this.nodes, from);
  }

  constructor(private readonly settings: CampaignSettings) {}

  /** Adds a post; answers the root of its cluster. */
  add(node: Node): Node {
    // In time order (a late post goes in its place), so that eviction and the burst's count need no scan.
    const nodes = this.nodes;
    if (nodes.length === 0 || (nodes[nodes.length - 1] as Node).at <= node.at) nodes.push(node);
    else nodes.splice(firstAtOrAfter(nodes, node.at + 1), 0, node);
    const stamp = ++this.stamp;
    node.cluster = { posts: [node], count: 1, first: node.at, last: node.at, stamp, reported: false, similaritySum: 1, representative: node };
    // An exact copy of a post still in the window (reposted text, a copy-paste script) joins that post's cluster
    // without the band search, which would find that cluster and merge what it merged then; in the buckets the
    // copy stands in for it once it leaves. Copies are most of a busy stream, and the search is most of the cost.
    const same = this.newest.get(node.sigKey);
    if (same && !same.evicted && same.at <= node.at && sameSignature(same.sig, node.sig)) {
      const head = same.head ?? same;
      node.head = head;
      head.latest = node;
      this.newest.set(node.sigKey, node);
      return union(node, find(same), 1);
    }
    if (!same || same.evicted || same.at <= node.at) this.newest.set(node.sigKey, node);
    const lists = this.lists;
    lists.length = 0;
    let root: Node = node;
    for (let band = 0; band < BANDS; band++) {
      const map = this.buckets[band] as Map<number, Node[]>;
      const key = bandKey(node.sig, band);
      let list = map.get(key);
      if (!list) {
        list = [];
        map.set(key, list);
      }
      lists.push(list);
      for (let j = 0; j < list.length; j++) {
        const other = live(list[j] as Node);
        if (!other) continue;
        list[j] = other;
        const otherRoot = find(other);
        const c = otherRoot.cluster as Cluster;
        // One comparison per cluster is enough: near-identical posts share every band.
        if (otherRoot === root || c.stamp === stamp) continue;
        c.stamp = stamp;
        const sim = similarityAtLeast(node.sig, other.sig, this.settings.similarity);
        if (sim >= this.settings.similarity) root = union(root, otherRoot, sim);
      }
    }
    // Each bucket keeps its newest post per cluster: copies of one text do not pile up in the lists.
    for (const list of lists) {
      let kept = 0;
      for (const entry of list) {
        const other = live(entry);
        if (other && find(other) !== root) list[kept++] = other;
      }
      list.length = kept;
      list.push(node);
    }
    return root;
  }

  /** Drops posts older than `before` (ms), and the oldest past `max`; clusters keep what they reported. */
  evict(before: number, max: number): void {
    let cut = 0;
    const over = this.nodes.length - max;
    while (cut < this.nodes.length && (cut < over || (this.nodes[cut] as Node).at < before)) {
      const node = this.nodes[cut] as Node;
      node.evicted = true;
      if (this.newest.get(node.sigKey) === node) this.newest.delete(node.sigKey);
      cut++;
    }
    if (cut === 0) return;
    this.nodes.splice(0, cut);
    this.evicted += cut;
    // Buckets hold evicted nodes lazily; sweep once they far outnumber the live ones.
    if (this.evicted > 4 * this.nodes.length + 1000) {
      for (const map of this.buckets) {
        for (const [key, list] of map) {
          const kept: Node[] = [];
          for (const n of list) {
            const other = live(n);
            if (other) kept.push(other);
          }
          if (kept.length) map.set(key, kept);
          else map.delete(key);
        }
      }
      this.evicted = 0;
    }
  }

  get size(): number {
    return this.nodes.length;
  }
}

function union(a: Node, b: Node, sim: number): Node {
  const ca = a.cluster as Cluster;
  const cb = b.cluster as Cluster;
  const [big, small, bigNode, smallNode] = ca.count >= cb.count ? [ca, cb, a, b] : [cb, ca, b, a];
  smallNode.parent = bigNode;
  smallNode.cluster = null;
  if (big.reported || small.reported) {
    // A reported campaign keeps the posts it named (the reported side's); later copies only count.
    if (!big.reported) big.posts = small.posts;
    big.reported = true;
  } else {
    // A loop, not push(...): a spread of a large cluster overflows the call stack.
    for (const p of small.posts) big.posts.push(p);
  }
  big.count += small.count;
  big.first = Math.min(big.first, small.first);
  big.last = Math.max(big.last, small.last);
  big.similaritySum += small.similaritySum - 1 + sim;
  return bigNode;
}

/**
 * Streaming campaign detector over all programs. Posts older than the window when they arrive are ignored:
 * late data never raises a decision about the past.
 */
export class CampaignDetector {
  readonly settings: Readonly<CampaignSettings>;
  private readonly programs = new Map<string, ProgramWindow>();

  constructor(settings: Partial<CampaignSettings> = {}) {
    this.settings = { ...DEFAULT_CAMPAIGN_SETTINGS, ...settings };
  }

  /** Adds a batch of posts (any order); answers the campaigns that crossed the bar with it. */
  ingest(posts: readonly CampaignPost[], now: Date): Decision[] {
    const s = this.settings;
    const nowMs = now.getTime();
    const horizon = nowMs - s.windowMinutes * MINUTE;
    const touched = new Map<string, Set<Node>>();
    // Oldest first: a batch then appends to each window's time-ordered list instead of inserting.
    const sorted = [...posts].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const p of sorted) {
      const at = p.createdAt.getTime();
      if (!(at >= horizon) || s.ignoreSourcePrefixes.some((prefix) => p.source.startsWith(prefix))) continue;
      const words = normalizeText(p.text);
      if (words.length < s.minWords) continue;
      const sig = minHash(words);
      const sigKey = signatureKey(sig);
      const account = `${p.source}:${p.authorHandle.toLowerCase()}`;
      for (const programId of new Set(p.programIds)) {
        let win = this.programs.get(programId);
        if (!win) {
          win = new ProgramWindow(this.settings);
          this.programs.set(programId, win);
        }
        const root = win.add({ id: p.id, account, source: p.source, at, text: p.text, sig, sigKey, parent: null, cluster: null, evicted: false, head: null, latest: null });
        let set = touched.get(programId);
        if (!set) {
          set = new Set();
          touched.set(programId, set);
        }
        set.add(root);
      }
    }
    const decisions: Decision[] = [];
    for (const [programId, roots] of touched) {
      const win = this.programs.get(programId) as ProgramWindow;
      const seen = new Set<Node>();
      // The program's posts in the latest burst span: counted once per batch, shared by its clusters.
      const volume = win.postsSince(nowMs - this.settings.burstMinutes * MINUTE);
      for (const r of roots) {
        const root = find(r);
        if (seen.has(root)) continue;
        seen.add(root);
        const d = this.judge(programId, win, root, nowMs, volume);
        if (d) decisions.push(d);
      }
    }
    this.evict(nowMs);
    return decisions;
  }

  /** Forgets posts that left the window (also called by ingest). */
  evict(nowMs: number): void {
    const horizon = nowMs - this.settings.windowMinutes * MINUTE;
    const keep = nowMs - this.settings.cooldownMinutes * MINUTE;
    for (const [programId, win] of this.programs) {
      win.evict(horizon, this.settings.maxWindowPosts);
      while (win.reported.length && (win.reported[0] as ReportedCampaign).at < keep) win.reported.shift();
      if (win.size === 0 && win.reported.length === 0) this.programs.delete(programId);
    }
  }

  /** Posts of a program the window holds now: for tests and diagnostics. */
  remembered(programId: string): number {
    return this.programs.get(programId)?.size ?? 0;
  }

  /** The clusters of a program that still have a post in the window, largest first. */
  clusters(programId: string): CampaignClusterStats[] {
    const win = this.programs.get(programId);
    if (!win) return [];
    const roots = new Set<Node>();
    for (const node of win.nodes) roots.add(find(node));
    return [...roots]
      .map((r) => {
        const c = r.cluster as Cluster;
        return { reported: c.reported, posts: c.count, retained: c.posts.length, firstAt: new Date(c.first).toISOString(), lastAt: new Date(c.last).toISOString() };
      })
      .sort((a, b) => b.posts - a.posts);
  }

  private judge(programId: string, win: ProgramWindow, root: Node, nowMs: number, recentVolume: number): Decision | null {
    const s = this.settings;
    const c = root.cluster as Cluster;
    if (c.reported) return null;
    // Most clusters are a post or two: too few to be a campaign, only their share feeds the organic usual.
    if (c.posts.length < s.minAccounts) {
      win.noteOrganic(Math.floor(nowMs / MINUTE), c.posts.length / Math.max(1, recentVolume, c.posts.length));
      return null;
    }
    // Trimmed in place (the array is this cluster's own): a large organic cluster is judged at every batch.
    const horizon = nowMs - s.windowMinutes * MINUTE;
    let kept = 0;
    let last = -Infinity;
    for (const p of c.posts) {
      if (p.evicted || p.at < horizon) continue;
      c.posts[kept++] = p;
      if (p.at > last) last = p.at;
    }
    c.posts.length = kept;
    if (kept === 0) return null;
    // Accounts in the cluster's latest burst: a text trickling in for hours is not a campaign.
    const burstFrom = last - s.burstMinutes * MINUTE;
    let inBurst = 0;
    for (const p of c.posts) if (p.at >= burstFrom) inBurst++;
    const volume = Math.max(inBurst, recentVolume);
    const share = inBurst / volume;
    const usual = win.organic;
    // The share first: a large organic cluster (stock phrases) fails it at every batch, and counting its accounts
    // was most of this function's time under load (`npm run bench -- --only load`).
    if (share < s.organicFactor * usual) {
      win.noteOrganic(Math.floor(nowMs / MINUTE), share);
      return null;
    }
    const burst = c.posts.filter((p) => p.at >= burstFrom);
    const perAccount = new Map<string, number>();
    for (const p of burst) perAccount.set(p.account, (perAccount.get(p.account) ?? 0) + 1);
    if (perAccount.size < s.minAccounts) {
      win.noteOrganic(Math.floor(nowMs / MINUTE), share);
      return null;
    }
    c.reported = true;
    const sorted = [...burst].sort((a, b) => a.at - b.at);
    // From now on the cluster only counts: it keeps the posts it names, not every copy that follows.
    c.posts = sorted.slice(0, MAX_REPORTED_IDS);
    // The same script again within the cooldown is the campaign already reported, not a new one.
    if (win.reported.some((r) => estimatedSimilarity(r.sig, c.representative.sig) >= s.similarity)) return null;
    win.reported.push({ sig: c.representative.sig, at: nowMs });
    const accounts = [...perAccount.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([a]) => a);
    const first = (sorted[0] as Node).at;
    const n = accounts.length;
    const similarity = Math.min(1, c.similaritySum / c.count);
    const minutes = Math.max(1, Math.round((last - first) / MINUTE));
    // 0.5 where the weaker of the two bars is just met.
    const strength = Math.min(n / s.minAccounts, usual > 0 ? share / (s.organicFactor * usual) : Infinity);
    const score = strength / (1 + strength);
    const severityHint: SeverityHint = strength >= 3 || burst.length >= 50 ? 'critical' : 'warning';
    const sample = c.representative.text;
    return {
      kind: 'coordinated_campaign',
      programId,
      at: new Date(nowMs).toISOString(),
      expected: Math.round(usual * volume * 10) / 10,
      band: { lower: 0, upper: Math.max(s.minAccounts - 1, Math.ceil(s.organicFactor * usual * volume) - 1) },
      observed: n,
      score,
      severityHint,
      facts: { kind: 'coordinated_campaign', accounts: n, posts: burst.length, minutes, share: Math.round(share * 1000) / 1000, usualShare: Math.round(usual * 1000) / 1000, sampleText: sample },
      details: {
        accounts,
        sampleText: sample,
        postIds: c.posts.map((p) => p.id),
        posts: burst.length,
        similarity: Math.round(similarity * 100) / 100,
        firstAt: new Date(first).toISOString(),
        lastAt: new Date(last).toISOString(),
        sources: [...new Set(burst.map((p) => p.source))].sort(),
      },
    };
  }
}
