import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { IngestPost } from '@siaga/shared';
import type { Logger } from 'pino';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { IngestService } from '../ingest/ingest.service.js';
import { LeaseService } from '../leases/lease.service.js';
import type { ProgramMatcher } from '../programs/query/matcher.js';
import { ProgramsService } from '../programs/programs.service.js';
import type { CollectedBatch, Connector, ConnectorSink, LoopOptions } from './connectors/connector.js';
import { createConnector } from './connectors/index.js';
import type { PostFilter } from './connectors/jetstream.connector.js';
import { SourceSecrets } from './source-secrets.service.js';
import { SourcesRepository, type SourceRow } from './sources.repository.js';

const CHUNK = 1_000;
const LEASE_PREFIX = 'source:';
const leaseOf = (id: string) => `${LEASE_PREFIX}${id}`;

/** Errors as stored and shown: short, and never holding a secret the connector was given. */
export function errorText(err: Error, secret: string | null): string {
  let m = err.message || err.name;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message && !m.includes(cause.message)) m = `${m}: ${cause.message}`;
  if (secret) m = m.split(secret).join('***');
  return m.slice(0, 500);
}

/**
 * Runs one connector per enabled source and is their sink: a batch goes through the same
 * ingestion pipeline as `POST /api/ingest/posts` (validation, analysis, matching, one
 * transaction, the same events), and only after it committed is the source's cursor persisted.
 * Each source runs under its lease (`source:<id>`): one instance of a cluster reads it, and
 * another takes it over within the lease's TTL when that one dies.
 */
@Injectable()
export class SourceRunner implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running = new Map<string, Connector>();
  private matcher: ProgramMatcher | undefined;
  /** Tests shorten the backoff; production keeps the defaults. */
  loopOptions: LoopOptions = {};

  constructor(
    private readonly repo: SourcesRepository,
    private readonly ingest: IngestService,
    private readonly programs: ProgramsService,
    private readonly secrets: SourceSecrets,
    private readonly leases: LeaseService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.leases.on('acquired', (name) => {
      if (!name.startsWith(LEASE_PREFIX)) return;
      const id = name.slice(LEASE_PREFIX.length);
      this.repo
        .get(id)
        .then((row) => (row?.enabled ? this.start(row) : undefined))
        .catch((err: unknown) => this.logger.error({ err, sourceId: id }, 'source could not start'));
    });
    this.leases.on('lost', (name) => {
      if (name.startsWith(LEASE_PREFIX)) void this.stop(name.slice(LEASE_PREFIX.length));
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const row of await this.repo.all()) if (row.enabled) this.leases.want(leaseOf(row.id));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }

  /** After a create or an edit: an enabled source competes for its lease (restarted with its new settings where held); a paused one lets go. */
  async follow(row: SourceRow): Promise<void> {
    const name = leaseOf(row.id);
    if (!row.enabled) {
      await this.leases.unwant(name);
      await this.stop(row.id);
    } else if (this.leases.isHeld(name)) await this.start(row);
    else this.leases.want(name);
  }

  /** A deleted source: nobody reads it any more. */
  async forget(id: string): Promise<void> {
    await this.leases.unwant(leaseOf(id));
    await this.stop(id);
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** The programs' queries (plus the source's own keywords) decide what a firehose keeps. */
  filterFor(row: SourceRow): PostFilter {
    const words = Array.isArray(row.settings.keywords) ? row.settings.keywords.filter((w): w is string => typeof w === 'string') : [];
    return (text, lang) => {
      const lower = text.toLowerCase();
      if (words.some((w) => lower.includes(w))) return true;
      const m = this.matcher;
      if (!m) return false;
      const l = lang?.startsWith('en') ? 'en' : lang?.startsWith('id') || lang?.startsWith('in') ? 'id' : undefined;
      return l ? m.match(text, l).length > 0 : m.match(text, 'id').length > 0 || m.match(text, 'en').length > 0;
    };
  }

  async connectorFor(row: SourceRow): Promise<Connector | undefined> {
    if (row.type === 'bluesky') this.matcher = await this.programs.currentMatcher();
    return createConnector({ type: row.type, settings: row.settings, secret: await this.secrets.open(row.secret_sealed) }, this.filterFor(row), this.loopOptions);
  }

  async start(row: SourceRow): Promise<void> {
    await this.stop(row.id);
    const connector = await this.connectorFor(row);
    if (!connector) return;
    this.running.set(row.id, connector);
    connector.start(row.cursor, this.sinkFor(row.id, await this.secrets.open(row.secret_sealed)));
  }

  async stop(id: string): Promise<void> {
    const c = this.running.get(id);
    if (!c) return;
    this.running.delete(id);
    await c.stop();
  }

  /** Stores posts of a source through the ingestion pipeline; answers how many were new and how many were refused. */
  async store(posts: readonly IngestPost[]): Promise<{ accepted: number; rejected: number }> {
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < posts.length; i += CHUNK) {
      const r = await this.ingest.ingest(posts.slice(i, i + CHUNK));
      accepted += r.accepted;
      rejected += r.rejected.length;
    }
    return { accepted, rejected };
  }

  /** Stores a batch, then records its cursor and counts (after the commit, never before). */
  async commit(id: string, batch: CollectedBatch): Promise<number> {
    const { accepted, rejected } = batch.posts.length ? await this.store(batch.posts) : { accepted: 0, rejected: 0 };
    await this.repo.recordBatch(id, accepted, batch.skipped + rejected, batch.cursor, this.clock.now());
    return accepted;
  }

  private sinkFor(id: string, secret: string | null): ConnectorSink {
    return {
      commit: async (batch) => {
        if (this.running.has(id) && batch.posts.length && this.matcher) this.matcher = await this.programs.currentMatcher();
        await this.commit(id, batch);
      },
      succeeded: () => {
        this.repo.recordSuccess(id, this.clock.now()).catch((err: unknown) => this.logger.warn({ err, sourceId: id }, 'could not record a source success'));
      },
      failed: (err, retryInMs) => {
        const message = errorText(err, secret);
        this.logger.warn({ sourceId: id, error: message, retryInMs }, 'source read failed');
        this.repo.recordFailure(id, message, this.clock.now()).catch((e: unknown) => this.logger.warn({ err: e, sourceId: id }, 'could not record a source failure'));
      },
    };
  }
}
