import { Inject, Injectable } from '@nestjs/common';
import { ENGAGEMENT_WEIGHT, type ActorsQuery, type ActorsResponse, type NetworkResponse, type PlacesResponse, type PlatformsResponse, type WhoWhereQuery } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import { notFound } from '../common/errors.js';
import { DAY_MS, resolveWindow, type TimeWindow } from '../common/time-window.js';
import { regencyNames } from '../places/gazetteer.js';
import { campaignMembers, drawNetwork, groupLinks, TEXTS_PER_ACCOUNT, type NetworkAccount } from './network.js';
import { WhoWhereRepository, type ActorRow, type PostScope } from './who-where.repository.js';

/** A who-and-where window: the last 24 hours unless given, at most 31 days. */
export const WHO_WHERE_DEFAULT_MS = DAY_MS;
export const WHO_WHERE_MAX_MS = 31 * DAY_MS;
/**
 * The network reads the interactions of at most this many posts (the newest of the window) and draws at most
 * these many accounts and edges.
 */
export const NETWORK_LIMITS = Object.freeze({ posts: 200_000, nodes: 300, edges: 1_500 });
const TOP_REGENCIES = 15;

const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 1000 : 0);

export interface RankedActor {
  handle: string;
  name: string | null;
  sources: string[];
  followers: number;
  posts: number;
  engagement: number;
  reach: number;
  negativeShare: number;
  firstAt: Date;
  lastAt: Date;
}

export function toActor(r: ActorRow): RankedActor {
  const posts = Number(r.posts);
  return {
    handle: r.handle,
    name: r.name,
    sources: r.sources,
    followers: Number(r.followers),
    posts,
    engagement: Number(r.engagement),
    reach: Number(r.reach),
    negativeShare: share(Number(r.negative), posts),
    firstAt: new Date(r.first_at),
    lastAt: new Date(r.last_at),
  };
}

/**
 * Who and where, one service for every reader: the dashboard's actors, network, places and platforms, and the
 * incident reports' top accounts (`topActors`), so reach means the same everywhere (see ENGAGEMENT_WEIGHT).
 */
@Injectable()
export class WhoWhereService {
  constructor(
    private readonly repo: WhoWhereRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Accounts of some programs' posts in `[from, to)` by reach, and how many accounts posted. */
  async topActors(scope: PostScope, limit: number): Promise<{ accounts: number; actors: RankedActor[] }> {
    const { accounts, rows } = await this.repo.actors(scope, limit);
    return { accounts, actors: rows.map(toActor) };
  }

  async actors(q: ActorsQuery): Promise<ActorsResponse> {
    const { window, scope } = await this.scope(q);
    const { accounts, actors } = await this.topActors(scope, q.limit);
    return {
      ...iso(window),
      accounts,
      engagementWeight: ENGAGEMENT_WEIGHT,
      actors: actors.map((a) => ({ ...a, firstAt: a.firstAt.toISOString(), lastAt: a.lastAt.toISOString() })),
    };
  }

  async places(q: WhoWhereQuery): Promise<PlacesResponse> {
    const { window, scope } = await this.scope(q);
    const r = await this.repo.places(scope, TOP_REGENCIES);
    const names = regencyNames();
    return {
      ...iso(window),
      posts: r.posts,
      placed: r.placed,
      provinces: r.provinces.map((p) => ({ ...p, negativeShare: share(p.negative, p.posts) })),
      regencies: r.regencies.map((p) => ({ ...p, name: names.get(p.code) ?? p.code })),
    };
  }

  async platforms(q: WhoWhereQuery): Promise<PlatformsResponse> {
    const { window, scope } = await this.scope(q);
    const rows = await this.repo.platforms(scope);
    const posts = rows.reduce((s, r) => s + r.posts, 0);
    return { ...iso(window), posts, sources: rows.map((r) => ({ ...r, share: share(r.posts, posts) })) };
  }

  async network(q: WhoWhereQuery): Promise<NetworkResponse> {
    const { window, scope } = await this.scope(q);
    const [read, campaigns] = await Promise.all([this.repo.networkWindow(scope, NETWORK_LIMITS.posts), this.repo.openCampaignAccounts(scope)]);
    const members = campaigns.map(campaignMembers);
    const graph = await this.repo.networkGraph(scope, read.after, members.flatMap(groupLinks), NETWORK_LIMITS);
    const rows = await this.repo.networkAccounts(scope, graph.accounts.map((a) => a.id), TEXTS_PER_ACCOUNT);
    const stats = new Map(rows.map((r) => [r.id, r]));
    const campaignAlerts = new Map<string, number>();
    for (const m of members) for (const id of m) campaignAlerts.set(id, (campaignAlerts.get(id) ?? 0) + 1);
    const kept: NetworkAccount[] = graph.accounts.map((a) => {
      const r = stats.get(a.id);
      const i = a.id.indexOf(':');
      return {
        id: a.id,
        source: a.id.slice(0, i),
        handle: a.id.slice(i + 1),
        posts: Number(r?.posts ?? 0),
        negative: Number(r?.negative ?? 0),
        followers: Number(r?.followers ?? 0),
        engagement: Number(r?.engagement ?? 0),
        times: (r?.times ?? []).map(Number),
        duplicatePosts: a.duplicatePosts,
        texts: r?.texts ?? [],
        campaignAlerts: campaignAlerts.get(a.id) ?? 0,
        coBursts: a.coBursts,
        firstAt: r && r.first_at !== null ? Number(r.first_at) : null,
        createdAt: r && r.created_at !== null ? Number(r.created_at) : null,
      };
    });
    const g = drawNetwork(kept, graph.edges, new Set(campaignAlerts.keys()), NETWORK_LIMITS.edges);
    return {
      ...iso(window),
      postsScanned: read.posts,
      accountsSeen: graph.accounts_seen,
      edgesSeen: graph.edges_seen,
      sampled: read.after !== null || graph.accounts_seen > kept.length || g.edgesTrimmed,
      limits: { ...NETWORK_LIMITS },
      nodes: g.nodes,
      edges: g.edges,
      communities: g.communities,
    };
  }

  private async scope(q: WhoWhereQuery): Promise<{ window: TimeWindow; scope: PostScope }> {
    const window = resolveWindow(q, this.clock.now(), { defaultMs: WHO_WHERE_DEFAULT_MS, maxMs: WHO_WHERE_MAX_MS });
    if (q.programId && !(await this.repo.programExists(q.programId))) throw notFound('program');
    return { window, scope: { ...window, ...(q.programId ? { programIds: [q.programId] } : {}) } };
  }
}

const iso = (w: TimeWindow) => ({ from: w.from.toISOString(), to: w.to.toISOString() });
