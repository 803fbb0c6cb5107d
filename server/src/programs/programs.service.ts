import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateProgram, Page, Program, UpdateProgram } from '@siaga/shared';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/access.decorators.js';
import { decodeCursor, toPage } from '../common/cursor.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError, notFound } from '../common/errors.js';
import { Database } from '../database/database.js';
import { EventBus } from '../events/event-bus.js';
import type { ProgramEntity } from './program.entity.js';
import type { ProgramChanged } from './programs.events.js';
import { ProgramsRepository } from './programs.repository.js';
import { ProgramMatcher, QuerySyntaxError, parseQuery } from './query/index.js';

const VERSION_CHECK_MS = 1_000;

/** Throws the 400 that points at the problem in the query. */
export function assertValidQuery(query: string): void {
  try {
    parseQuery(query);
  } catch (err) {
    if (err instanceof QuerySyntaxError) {
      throw new AppError('query_syntax', err.message, { position: err.position, length: err.length, ...(err.expected ? { expected: err.expected } : {}) });
    }
    throw err;
  }
}

@Injectable()
export class ProgramsService {
  private matcher: ProgramMatcher | undefined;
  private matcherVersion = '';
  private checkedAt = 0;

  constructor(
    private readonly repo: ProgramsRepository,
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private publish(change: ProgramChanged['change'], p: ProgramEntity, rematch: boolean): void {
    const program = { id: p.id, slug: p.slug, query: p.query, languages: p.languages, sensitivity: p.sensitivity, active: p.active };
    this.events.emit('program.changed', { change, program, rematch });
  }

  /**
   * The compiled matcher of the active programs. Another instance may edit programs, so the
   * version is re-read at most once a second; edits made here invalidate it at once.
   */
  async currentMatcher(): Promise<ProgramMatcher> {
    const now = Date.now();
    if (this.matcher && now - this.checkedAt < VERSION_CHECK_MS) return this.matcher;
    const version = await this.repo.version();
    this.checkedAt = now;
    if (!this.matcher || version !== this.matcherVersion) {
      const programs = (await this.repo.all()).filter((p) => p.active);
      this.matcher = new ProgramMatcher(programs.map((p) => ({ id: p.id, query: p.query, languages: p.languages })));
      this.matcherVersion = version;
    }
    return this.matcher;
  }

  private invalidate() {
    this.checkedAt = 0;
    this.matcher = undefined;
  }

  async list(limit: number, cursor?: string): Promise<Page<Program>> {
    const rows = await this.repo.list(limit, decodeCursor(cursor));
    return toPage(rows, limit, toProgram, (r) => ({ at: r.createdAt, id: r.id }));
  }

  async get(id: string): Promise<Program> {
    const p = await this.repo.findById(id);
    if (!p) throw notFound('program');
    return toProgram(p);
  }

  async create(actor: Principal | null, input: CreateProgram): Promise<Program> {
    assertValidQuery(input.query);
    if (await this.repo.findBySlug(input.slug)) throw new AppError('conflict', `a program with slug ${input.slug} exists`);
    const now = this.clock.now();
    const p: ProgramEntity = {
      id: randomUUID(),
      name: input.name,
      slug: input.slug,
      query: input.query,
      description: input.description ?? null,
      languages: dedupe(input.languages ?? []),
      sensitivity: input.sensitivity ?? 'medium',
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
      backfillCutoff: now,
    };
    await this.db.transaction(async (em) => {
      await this.repo.insert(p, em);
      await this.audit.record(actor, 'program.created', { type: 'program', id: p.id }, { slug: p.slug, name: p.name, query: p.query }, em);
    });
    this.invalidate();
    this.publish('created', p, true);
    return toProgram(p);
  }

  async update(actor: Principal, id: string, patch: UpdateProgram): Promise<Program> {
    if (patch.query !== undefined) assertValidQuery(patch.query);
    const { next, rematch } = await this.db.transaction(async (em) => {
      const p = await this.repo.findById(id, em);
      if (!p) throw notFound('program');
      const next: ProgramEntity = {
        ...p,
        ...patch,
        description: patch.description === undefined ? p.description : patch.description,
        languages: patch.languages ? dedupe(patch.languages) : p.languages,
        updatedAt: this.clock.now(),
      };
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of ['name', 'slug', 'query', 'description', 'languages', 'sensitivity', 'active'] as const) {
        if (JSON.stringify(next[k]) !== JSON.stringify(p[k])) changes[k] = { from: p[k], to: next[k] };
      }
      const rematch = Boolean(changes.query || changes.languages);
      if (rematch) next.backfillCutoff = next.updatedAt;
      await this.repo.update(
        id,
        {
          name: next.name,
          slug: next.slug,
          query: next.query,
          description: next.description,
          languages: next.languages,
          sensitivity: next.sensitivity,
          active: next.active,
          updatedAt: next.updatedAt,
          backfillCutoff: next.backfillCutoff,
        },
        em,
      );
      if (Object.keys(changes).length) await this.audit.record(actor, 'program.updated', { type: 'program', id }, { slug: next.slug, changes }, em);
      return { next, rematch };
    });
    this.invalidate();
    this.publish('updated', next, rematch);
    return toProgram(next);
  }

  async delete(actor: Principal, id: string): Promise<void> {
    const deleted = await this.db.transaction(async (em) => {
      const p = await this.repo.findById(id, em);
      if (!p) throw notFound('program');
      await this.repo.delete(id, em);
      await this.audit.record(actor, 'program.deleted', { type: 'program', id }, { slug: p.slug, name: p.name, query: p.query }, em);
      return p;
    });
    this.invalidate();
    this.publish('deleted', deleted, false);
  }
}

const dedupe = <T>(xs: T[]): T[] => [...new Set(xs)];

export function toProgram(p: ProgramEntity): Program {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    query: p.query,
    description: p.description,
    languages: p.languages,
    sensitivity: p.sensitivity,
    active: p.active,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
