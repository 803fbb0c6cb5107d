import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SettingsRepository } from '../settings/settings.repository.js';
import type { DetectionPost, MinuteDelta } from './driver.js';
import type { HarmPost } from './harm-detector.js';

/**
 * A post as detection needs it, for one program (campaign and harm detectors); `harmOnly` for one the campaign
 * detector must not see (an official channel's post for its own program, a share).
 */
export type RelayedPost = Omit<DetectionPost & HarmPost, 'programIds'> & { harmOnly?: boolean };

/** What one instance heard for a program it does not hold: rollup deltas, or an ingest batch's posts. */
export interface RelayedInput {
  deltas?: MinuteDelta[];
  posts?: RelayedPost[];
}

interface Wire {
  d?: Array<[string, number, number]>;
  p?: Array<{ id: string; text: string; authorHandle: string; source: string; createdAt: string; harm: HarmPost['harm']; harmOnly?: true }>;
}

/**
 * Carries detection input to the instance holding a program's detection lease, through Redis
 * pub/sub: one channel per program, which only the holder subscribes to. An instance publishes
 * what it ingested for programs it does not hold; the holder feeds it to its detectors as if it
 * had ingested it. Pub/sub keeps nothing: what is missed while Redis or the holder is away is
 * still in the rollups, from which a new holder rebuilds its state. Without REDIS_URL there is
 * no relay (an instance alone holds every lease).
 */
@Injectable()
export class DetectionRelay implements OnApplicationShutdown {
  private readonly pub: Redis | undefined;
  private readonly sub: Redis | undefined;
  private prefix: string | undefined;
  private handler: ((programId: string, input: RelayedInput) => void) | undefined;
  private down = false;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly settings: SettingsRepository,
  ) {
    const url = config.realtime.redisUrl;
    if (!url || config.database.engine === 'pglite') return;
    this.pub = this.watch(new Redis(url, { connectionName: 'siaga-detect-pub', maxRetriesPerRequest: 2 }));
    this.sub = this.watch(this.pub.duplicate({ connectionName: 'siaga-detect-sub' }));
    this.sub.on('message', (channel: string, message: string) => this.heard(channel, message));
  }

  get enabled(): boolean {
    return this.pub !== undefined;
  }

  /** Channels are named after the deployment's id in the database (two deployments sharing a Redis never mix). */
  async prepare(onInput: (programId: string, input: RelayedInput) => void): Promise<void> {
    this.handler = onInput;
    if (!this.pub) return;
    this.prefix = `siaga:detect:${await this.settings.getOrCreate('live_channel', randomBytes(8).toString('hex'))}:`;
  }

  async subscribe(programId: string): Promise<void> {
    if (this.sub && this.prefix) await this.sub.subscribe(this.prefix + programId);
  }

  async unsubscribe(programId: string): Promise<void> {
    if (this.sub && this.prefix) await this.sub.unsubscribe(this.prefix + programId).catch(() => undefined);
  }

  /** Fire and forget: a lost message only makes the holder's window miss it until the next rebuild. */
  publish(programId: string, input: RelayedInput): void {
    if (!this.pub || !this.prefix) return;
    const wire: Wire = {};
    if (input.deltas?.length) wire.d = input.deltas.map((d) => [d.minute.toISOString(), d.volume, d.negative]);
    if (input.posts?.length) {
      wire.p = input.posts.map((p) => ({
        id: p.id,
        text: p.text,
        authorHandle: p.authorHandle,
        source: p.source,
        createdAt: p.createdAt.toISOString(),
        harm: { flag: p.harm.flag, terms: p.harm.terms },
        ...(p.harmOnly ? { harmOnly: true as const } : {}),
      }));
    }
    this.pub.publish(this.prefix + programId, JSON.stringify(wire)).catch((err: unknown) => {
      if (!this.down) this.logger.warn({ err }, 'detection relay: could not publish; the holder catches up from the rollups at its next rebuild');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.pub, this.sub].filter((c): c is Redis => c !== undefined).map((c) => c.quit()));
  }

  private heard(channel: string, message: string): void {
    if (!this.prefix || !channel.startsWith(this.prefix) || !this.handler) return;
    const programId = channel.slice(this.prefix.length);
    let wire: Wire;
    try {
      wire = JSON.parse(message) as Wire;
    } catch {
      return;
    }
    const input: RelayedInput = {};
    if (wire.d) input.deltas = wire.d.map(([minute, volume, negative]) => ({ programId, minute: new Date(minute), volume, negative }));
    if (wire.p) input.posts = wire.p.map((p) => ({ ...p, createdAt: new Date(p.createdAt) }));
    this.handler(programId, input);
  }

  private watch(client: Redis): Redis {
    client.on('error', (err: Error) => {
      if (this.down) return;
      this.down = true;
      this.logger.error({ err }, 'detection relay: redis connection failed; programs held elsewhere miss this instance’s input until it is back');
    });
    client.on('ready', () => {
      if (!this.down) return;
      this.down = false;
      this.logger.info('detection relay: redis connection is back');
    });
    return client;
  }
}
