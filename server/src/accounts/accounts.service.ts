import { Inject, Injectable } from '@nestjs/common';
import type { AccountQuery, AccountResponse } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import { notFound } from '../common/errors.js';
import { DAY_MS, resolveWindow } from '../common/time-window.js';
import { PostsRepository } from '../posts/posts.repository.js';
import { toPost } from '../posts/posts.service.js';
import { AccountsRepository } from './accounts.repository.js';

/** An account's page: the last 30 days unless given, at most 92. */
export const ACCOUNT_DEFAULT_MS = 30 * DAY_MS;
export const ACCOUNT_MAX_MS = 92 * DAY_MS;
const RECENT_POSTS = 20;
const CAMPAIGNS = 20;

@Injectable()
export class AccountsService {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly posts: PostsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One account (a handle on one source): its posts, programs, sentiment by day, places and the campaign clusters it was in. */
  async get(source: string, handle: string, q: AccountQuery): Promise<AccountResponse> {
    const { from, to } = resolveWindow(q, this.clock.now(), { defaultMs: ACCOUNT_DEFAULT_MS, maxMs: ACCOUNT_MAX_MS });
    const [exists, campaigns] = await Promise.all([this.repo.exists(source, handle), this.repo.campaigns(source, handle, CAMPAIGNS)]);
    if (!exists && campaigns.length === 0) throw notFound('account');
    const [summary, programs, sentiment, places, recent] = await Promise.all([
      this.repo.summary(source, handle, from, to),
      this.repo.programs(source, handle, from, to),
      this.repo.sentimentByDay(source, handle, from, to),
      this.repo.places(source, handle, from, to),
      this.posts.list({ source, author: handle, from: from.toISOString(), to: to.toISOString() }, RECENT_POSTS, undefined),
    ]);
    const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) || 0 : 0);
    return {
      source,
      handle,
      name: summary.name,
      followers: summary.followers === null ? null : Number(summary.followers),
      location: summary.location,
      createdAt: summary.created_at_ms === null ? null : new Date(Number(summary.created_at_ms)).toISOString(),
      from: from.toISOString(),
      to: to.toISOString(),
      posts: summary.posts,
      engagement: Number(summary.engagement),
      reach: Number(summary.reach),
      firstAt: summary.first_at ? new Date(summary.first_at).toISOString() : null,
      lastAt: summary.last_at ? new Date(summary.last_at).toISOString() : null,
      programs,
      sentiment: sentiment.map((d) => ({ ...d, day: new Date(d.day).toISOString() })),
      campaigns: campaigns.map((c) => ({
        alertId: c.id,
        programId: c.program_id,
        status: c.status,
        openedAt: new Date(c.opened_at).toISOString(),
        posts: num(c.details?.posts),
        accounts: Array.isArray(c.details?.accounts) ? c.details.accounts.length : 0,
        sampleText: typeof c.details?.sampleText === 'string' ? c.details.sampleText : '',
      })),
      places,
      recent: recent.slice(0, RECENT_POSTS).map(toPost),
    };
  }
}
