import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateIngestKey, IngestKey, IngestKeyCreated, Page } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import { AuditService } from '../audit/audit.service.js';
import { decodeCursor, toPage } from '../common/cursor.js';
import { notFound } from '../common/errors.js';
import type { IngestPrincipal, Principal } from './access.decorators.js';
import type { IngestKeyEntity } from './ingest-key.entity.js';
import { IngestKeysRepository } from './ingest-keys.repository.js';

// Keys are 256-bit random: a fast hash is enough to store them (no password stretching needed),
// and it lets every ingest request be checked with one indexed lookup.
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
const CACHE_MS = 10_000;
const TOUCH_MS = 60_000;

@Injectable()
export class IngestKeysService {
  private readonly cache = new Map<string, { principal: IngestPrincipal | null; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly repo: IngestKeysRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(actor: Principal | null, input: CreateIngestKey, plainKey?: string): Promise<IngestKeyCreated> {
    const key = plainKey ?? `sk_${randomBytes(32).toString('base64url')}`;
    const entity: IngestKeyEntity = {
      id: randomUUID(),
      name: input.name,
      prefix: key.slice(0, 8),
      keyHash: hashKey(key),
      createdBy: actor?.id ?? null,
      createdAt: this.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.repo.insert(entity);
    await this.audit.record(actor, actor ? 'ingest_key.created' : 'ingest_key.bootstrap', { type: 'ingest_key', id: entity.id }, { name: entity.name, prefix: entity.prefix });
    return { ...toIngestKey(entity), key };
  }

  /** SIAGA_INGEST_KEY: make sure that exact key works (creating it, or un-revoking it). */
  async ensure(plainKey: string): Promise<void> {
    const existing = await this.repo.findByHash(hashKey(plainKey));
    if (existing && !existing.revokedAt) return;
    if (existing) {
      await this.repo.setRevoked(existing.id, null);
      return;
    }
    await this.create(null, { name: 'SIAGA_INGEST_KEY' }, plainKey);
  }

  async revoke(actor: Principal, id: string): Promise<IngestKey> {
    const key = await this.repo.findById(id);
    if (!key) throw notFound('ingest key');
    if (!key.revokedAt) {
      key.revokedAt = this.clock.now();
      await this.repo.setRevoked(id, key.revokedAt);
      await this.audit.record(actor, 'ingest_key.revoked', { type: 'ingest_key', id }, { name: key.name, prefix: key.prefix });
    }
    this.cache.clear();
    return toIngestKey(key);
  }

  async list(limit: number, cursor?: string): Promise<Page<IngestKey>> {
    const rows = await this.repo.list(limit, decodeCursor(cursor));
    return toPage(rows, limit, toIngestKey, (r) => ({ at: r.createdAt, id: r.id }));
  }

  /** Checks an X-Api-Key; a short cache keeps the lookup off the ingest hot path. */
  async authenticate(plainKey: string): Promise<IngestPrincipal | null> {
    const h = hashKey(plainKey);
    const now = Date.now();
    const hit = this.cache.get(h);
    if (hit && hit.until > now) return hit.principal;
    const key = await this.repo.findActiveByHash(h);
    const principal = key ? { keyId: key.id, name: key.name } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(h, { principal, until: now + CACHE_MS });
    if (principal && (this.touched.get(principal.keyId) ?? 0) + TOUCH_MS < now) {
      this.touched.set(principal.keyId, now);
      await this.repo.touch(principal.keyId, new Date(now));
    }
    return principal;
  }
}

export function toIngestKey(k: IngestKeyEntity): IngestKey {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    createdBy: k.createdBy,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
