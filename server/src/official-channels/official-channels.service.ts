import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { CreateOfficialChannel, OfficialChannel, OfficialRecount, UpdateOfficialChannel } from '@siaga/shared';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/access.decorators.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError, notFound } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { OfficialChannelsRepository, type OfficialChannelRow, type RecountRow } from './official-channels.repository.js';
import { OfficialRecountService } from './official-recount.service.js';

/** Other instances' registry changes reach this one's cache within this long. */
const REFRESH_MS = 30_000;

/** How posts name an author, as the registry stores it: lower-case, without a leading `@`. */
export const channelKey = (source: string, handle: string) => `${source.toLowerCase()}|${handle.replace(/^@+/, '').toLowerCase()}`;

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export function toOfficialRecount(r: RecountRow): OfficialRecount {
  return { state: r.state, changed: r.changed, requestedAt: new Date(r.requested_at).toISOString(), startedAt: iso(r.started_at), finishedAt: iso(r.finished_at), error: r.error };
}

export function toOfficialChannel(r: OfficialChannelRow, recount?: RecountRow): OfficialChannel {
  return {
    id: r.id,
    programId: r.program_id,
    source: r.source,
    handle: r.handle,
    label: r.label,
    kind: r.kind,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    recount: recount ? toOfficialRecount(recount) : null,
  };
}

/**
 * The registry of the government's own accounts per program, and an in-memory index of it that
 * ingest asks for every post (reloaded at once after a change here, and every 30 s for changes
 * made on another instance).
 */
@Injectable()
export class OfficialChannelsService implements OnModuleInit, OnApplicationShutdown {
  private index = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: OfficialChannelsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditService,
    private readonly recounts: OfficialRecountService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => {
      this.reload().catch((err: unknown) => this.logger.warn({ err }, 'could not reload the official channels'));
    }, REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async reload(): Promise<void> {
    const index = new Map<string, string[]>();
    for (const r of await this.repo.list()) {
      const key = channelKey(r.source, r.handle);
      const programs = index.get(key);
      if (programs) programs.push(r.program_id);
      else index.set(key, [r.program_id]);
    }
    this.index = index;
  }

  /** Of the programs a post matched, those for which its author is an official channel (usually none). */
  officialFor(source: string, handle: string, programIds: readonly string[]): string[] {
    if (this.index.size === 0 || programIds.length === 0) return [];
    const programs = this.index.get(channelKey(source, handle));
    return programs ? programIds.filter((id) => programs.includes(id)) : [];
  }

  async list(programId?: string): Promise<OfficialChannel[]> {
    return this.withRecounts(await this.repo.list(programId));
  }

  async get(id: string): Promise<OfficialChannel> {
    const row = await this.repo.get(id);
    if (!row) throw notFound('official channel');
    return (await this.withRecounts([row]))[0]!;
  }

  /** The channels with their program's recount, as it stands. */
  private async withRecounts(rows: OfficialChannelRow[]): Promise<OfficialChannel[]> {
    const recounts = await this.repo.recounts([...new Set(rows.map((r) => r.program_id))]);
    return rows.map((r) => toOfficialChannel(r, recounts.get(r.program_id)));
  }

  /**
   * After a registry change: the programs' stored posts are recounted in the background (the
   * answer does not wait), and the answer carries the recount's state.
   */
  private async recount(row: OfficialChannelRow, programIds: readonly string[]): Promise<OfficialChannel> {
    for (const id of new Set(programIds)) await this.recounts.request(id);
    return (await this.withRecounts([row]))[0]!;
  }

  async create(actor: Principal, body: CreateOfficialChannel): Promise<OfficialChannel> {
    await this.requireProgram(body.programId);
    const now = this.clock.now();
    const row: OfficialChannelRow = {
      id: randomUUID(),
      program_id: body.programId,
      source: body.source,
      handle: body.handle,
      label: body.label,
      kind: body.kind,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    };
    await this.repo.insert(row);
    await this.audit.record(actor, 'official_channel.created', { type: 'official_channel', id: row.id }, { programId: row.program_id, source: row.source, handle: row.handle, kind: row.kind });
    await this.reload();
    return this.recount(row, [row.program_id]);
  }

  async update(actor: Principal, id: string, body: UpdateOfficialChannel): Promise<OfficialChannel> {
    if (body.programId !== undefined) await this.requireProgram(body.programId);
    const before = await this.repo.get(id);
    const row = await this.repo.update(id, { program_id: body.programId, source: body.source, handle: body.handle, label: body.label, kind: body.kind }, this.clock.now());
    if (!row || !before) throw notFound('official channel');
    await this.audit.record(actor, 'official_channel.updated', { type: 'official_channel', id }, { fields: Object.keys(body) });
    await this.reload();
    // Only a change of whose posts are official recounts: the old program's and the new one's.
    const moved = before.program_id !== row.program_id || before.source !== row.source || before.handle !== row.handle;
    return moved ? this.recount(row, [before.program_id, row.program_id]) : (await this.withRecounts([row]))[0]!;
  }

  async delete(actor: Principal, id: string): Promise<OfficialChannel> {
    const row = await this.repo.delete(id);
    if (!row) throw notFound('official channel');
    await this.audit.record(actor, 'official_channel.deleted', { type: 'official_channel', id }, { programId: row.program_id, source: row.source, handle: row.handle });
    await this.reload();
    return this.recount(row, [row.program_id]);
  }

  private async requireProgram(id: string): Promise<void> {
    if (!(await this.repo.programExists(id))) throw new AppError('validation_failed', 'programId: no such program');
  }
}
