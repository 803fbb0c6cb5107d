import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SOURCE_SETTINGS, type CreateSource, type IngestPost, type IngestResult, type Source, type SourceStatus, type SourceTestResult, type SourceType, type UpdateSource, IngestBatch } from '@siaga/shared';
import type { Principal } from '../auth/access.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError, notFound } from '../common/errors.js';
import { isUniqueViolation } from '../database/errors.js';
import { IngestService } from '../ingest/ingest.service.js';
import { pollSecondsOf } from './connectors/index.js';
import { verifyWebhook } from './connectors/webhook.connector.js';
import { healthOf, usualGapSeconds } from './source-health.js';
import { errorText, SourceRunner } from './source-runner.service.js';
import { SourceSecrets } from './source-secrets.service.js';
import { SourcesRepository, type SourceRow } from './sources.repository.js';

const HOUR = 3_600_000;
const SHOWN_TEST_ITEMS = 20;
/** Types that cannot work without their secret. */
const NEEDS_SECRET: ReadonlySet<SourceType> = new Set(['telegram', 'webhook']);

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Checks `settings` against the type's schema; the error names the field. */
function parseSettings(type: SourceType, settings: Record<string, unknown>): Record<string, unknown> {
  const r = SOURCE_SETTINGS[type].safeParse(settings);
  if (!r.success) throw new AppError('validation_failed', `settings do not fit a ${type} source`, r.error.issues.map((i) => ({ path: ['settings', ...i.path].join('.'), message: i.message })));
  return r.data;
}

/** The source registry: admins add, edit, pause, test and delete sources; the runner follows every change. */
@Injectable()
export class SourcesService {
  constructor(
    private readonly repo: SourcesRepository,
    private readonly runner: SourceRunner,
    private readonly secrets: SourceSecrets,
    private readonly audit: AuditService,
    private readonly ingest: IngestService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  toSource(r: SourceRow, hours: Map<number, number> | undefined): Source {
    const now = this.clock.now();
    const current = Math.floor(now.getTime() / HOUR) * HOUR;
    const itemsPerHour = Array.from({ length: 24 }, (_, i) => hours?.get(current - (23 - i) * HOUR) ?? 0);
    const gaps = (r.gaps ?? []).map(Number);
    const health = healthOf({ enabled: r.enabled, consecutiveFailures: r.consecutive_failures, lastItemAt: r.last_item_at ? new Date(r.last_item_at) : null, gaps, pollSeconds: pollSecondsOf(r.settings) }, now);
    return {
      id: r.id,
      type: r.type,
      name: r.name,
      settings: r.settings,
      enabled: r.enabled,
      hasSecret: r.secret_sealed !== null,
      state: health.state,
      cursor: r.cursor,
      lastSuccessAt: iso(r.last_success_at),
      lastItemAt: iso(r.last_item_at),
      lastError: r.last_error,
      lastErrorAt: iso(r.last_error_at),
      consecutiveFailures: r.consecutive_failures,
      itemsTotal: Number(r.items_total),
      skippedTotal: Number(r.skipped_total),
      itemsPerHour,
      usualGapSeconds: usualGapSeconds(gaps),
      webhookPath: r.type === 'webhook' ? `/api/sources/${r.id}/webhook` : null,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }

  private since(): Date {
    return new Date(Math.floor(this.clock.now().getTime() / HOUR) * HOUR - 23 * HOUR);
  }

  async list(): Promise<Source[]> {
    const [rows, hours] = await Promise.all([this.repo.all(), this.repo.hours(this.since())]);
    return rows.map((r) => this.toSource(r, hours.get(r.id)));
  }

  /** The wall's view: each source's state, nothing an admin alone may see. */
  async states(): Promise<SourceStatus[]> {
    return (await this.list()).map((s) => ({ id: s.id, name: s.name, type: s.type, state: s.state, lastItemAt: s.lastItemAt }));
  }

  async get(id: string): Promise<Source> {
    const row = await this.row(id);
    return this.toSource(row, (await this.repo.hours(this.since())).get(id));
  }

  private async row(id: string): Promise<SourceRow> {
    const row = await this.repo.get(id);
    if (!row) throw notFound('source');
    return row;
  }

  async create(actor: Principal, input: CreateSource): Promise<Source> {
    const settings = parseSettings(input.type, input.settings);
    if (NEEDS_SECRET.has(input.type) && !input.secret) throw new AppError('validation_failed', `a ${input.type} source needs its secret (${input.type === 'telegram' ? 'the bot token' : 'the HMAC secret collectors sign with'})`, [{ path: 'secret', message: 'required' }]);
    const now = this.clock.now();
    const id = randomUUID();
    try {
      await this.repo.insert({ id, type: input.type, name: input.name, settings, secret_sealed: input.secret ? await this.secrets.seal(input.secret) : null, enabled: input.enabled, created_by: actor.id, created_at: now, updated_at: now });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', `a source named "${input.name}" exists already`);
      throw err;
    }
    await this.audit.record(actor, 'source.created', { type: 'source', id }, { type: input.type, name: input.name });
    const row = await this.row(id);
    // A new source reads at once (on the instance that takes its lease).
    await this.runner.follow(row);
    return this.toSource(row, undefined);
  }

  async update(actor: Principal, id: string, patch: UpdateSource): Promise<Source> {
    const before = await this.row(id);
    const settings = patch.settings ? parseSettings(before.type, patch.settings) : undefined;
    if (patch.secret === null && NEEDS_SECRET.has(before.type)) throw new AppError('validation_failed', `a ${before.type} source cannot lose its secret`, [{ path: 'secret', message: 'required' }]);
    try {
      await this.repo.update(id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(settings ? { settings } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(patch.secret !== undefined ? { secret_sealed: patch.secret === null ? null : await this.secrets.seal(patch.secret) } : {}),
        // Another feed, instance or channel: the old cursor means nothing there.
        ...(settings && JSON.stringify(settings) !== JSON.stringify(before.settings) ? { cursor: null } : {}),
        updated_at: this.clock.now(),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', `a source named "${patch.name}" exists already`);
      throw err;
    }
    await this.audit.record(actor, 'source.updated', { type: 'source', id }, { fields: Object.keys(patch).filter((k) => k !== 'secret').concat(patch.secret !== undefined ? ['secret'] : []) });
    await this.runner.follow(await this.row(id));
    return this.get(id);
  }

  async remove(actor: Principal, id: string): Promise<void> {
    await this.runner.forget(id);
    if (!(await this.repo.delete(id))) throw notFound('source');
    await this.audit.record(actor, 'source.deleted', { type: 'source', id });
  }

  /** "Fetch once now": what one read from the current cursor would store. Nothing is stored or remembered. */
  async test(id: string): Promise<SourceTestResult> {
    const row = await this.row(id);
    const connector = await this.runner.connectorFor(row);
    if (!connector) return { ok: true, items: [], itemCount: 0, skipped: 0, error: 'a webhook does not fetch: collectors push to its address' };
    try {
      const batch = await connector.fetchOnce(row.cursor);
      return { ok: true, items: batch.posts.slice(0, SHOWN_TEST_ITEMS), itemCount: batch.posts.length, skipped: batch.skipped, error: null };
    } catch (err) {
      return { ok: false, items: [], itemCount: 0, skipped: 0, error: errorText(err instanceof Error ? err : new Error(String(err)), await this.secrets.open(row.secret_sealed)) };
    }
  }

  /** A batch pushed to a webhook source: signature and timestamp checked, then the same pipeline as every source. */
  async receive(id: string, headers: { timestamp?: string; signature?: string }, raw: Buffer | undefined, body: unknown): Promise<IngestResult> {
    const row = await this.repo.get(id);
    // The same answer for an unknown source and a bad signature: the endpoint reveals nothing.
    if (!row || row.type !== 'webhook' || !row.secret_sealed) throw new AppError('unauthorized', 'unknown webhook source or bad signature');
    if (!row.enabled) throw new AppError('unavailable', 'this source is paused', { retryAfterSeconds: 60 });
    const check = verifyWebhook((await this.secrets.open(row.secret_sealed))!, headers.timestamp, headers.signature, raw ?? Buffer.alloc(0), this.clock.now().getTime());
    if (!check.ok) throw new AppError('unauthorized', check.reason);
    const parsed = IngestBatch.safeParse(body);
    if (!parsed.success) throw new AppError('validation_failed', 'body must be {"posts": [ ...1 to 5,000 posts ]}');
    const fallback = typeof row.settings.defaultSource === 'string' ? row.settings.defaultSource : undefined;
    const posts = parsed.data.posts.map((p) => (fallback && typeof p === 'object' && p !== null && !('source' in p) ? { ...p, source: fallback } : p)) as IngestPost[];
    const result = await this.ingest.ingest(posts);
    await this.repo.recordBatch(id, result.accepted, result.rejected.length, null, this.clock.now());
    return result;
  }
}
