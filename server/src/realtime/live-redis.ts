import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { SettingsRepository } from '../settings/settings.repository.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * The Redis connections of the live gateway when REDIS_URL is set: a publisher and a subscriber
 * for the Socket.IO adapter (a subscribed connection can do nothing else), the publisher also
 * serving the cross-instance rate gate. Without REDIS_URL there are none and this instance is alone.
 */
@Injectable()
export class LiveRedis implements OnApplicationShutdown {
  readonly pub: Redis | undefined;
  readonly sub: Redis | undefined;
  private prefix: string | undefined;
  private readonly instance = randomUUID();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly settings: SettingsRepository,
  ) {
    const url = config.realtime.redisUrl;
    if (!url) return;
    this.pub = this.connect(new Redis(url, { connectionName: 'siaga-live-pub' }), 'pub');
    this.sub = this.connect(this.pub.duplicate({ connectionName: 'siaga-live-sub' }), 'sub');
  }

  get clustered(): boolean {
    return this.pub !== undefined;
  }

  /**
   * Before the Socket.IO server starts. Channels and keys are named after an id kept in the
   * database, so that the instances of one deployment meet and two deployments (or a test
   * run) sharing a Redis server never hear each other.
   */
  async prepare(): Promise<void> {
    if (!this.pub) return;
    this.prefix = `siaga:live:${await this.settings.getOrCreate('live_channel', randomBytes(8).toString('hex'))}`;
  }

  /** Channel prefix of the Socket.IO Redis adapter. */
  get adapterKey(): string {
    if (!this.prefix) throw new Error('LiveRedis.prepare() must run before the Socket.IO server is created');
    return this.prefix;
  }

  /**
   * Which of these names this instance may act on now: at most one instance per name per
   * `ttlMs` across the cluster (SET NX PX). Alone, or when Redis fails, all of them: a second
   * broadcast is better than none.
   */
  async claim(names: readonly string[], ttlMs: number): Promise<string[]> {
    if (!this.pub || names.length === 0) return [...names];
    try {
      const pipe = this.pub.pipeline();
      for (const n of names) pipe.set(`${this.adapterKey}:gate:${n}`, this.instance, 'PX', ttlMs, 'NX');
      const results = (await pipe.exec()) ?? [];
      return names.filter((_, i) => {
        const r = results[i];
        return !r || r[0] !== null || r[1] === 'OK';
      });
    } catch (err) {
      this.logger.warn({ err }, 'live: redis rate gate failed; broadcasting without it');
      return [...names];
    }
  }

  /** After the Socket.IO server closed (Nest closes gateways before shutdown hooks). */
  async onApplicationShutdown(): Promise<void> {
    const clients = [this.pub, this.sub].filter((c): c is Redis => c !== undefined);
    await Promise.allSettled(clients.map((c) => c.quit()));
  }

  private connect(client: Redis, role: string): Redis {
    // ioredis retries forever; log the outage once, and the recovery.
    let down = false;
    client.on('error', (err: Error) => {
      if (down) return;
      down = true;
      this.logger.error({ err, role }, 'live: redis connection failed; live updates stay on this instance until it is back');
    });
    client.on('ready', () => {
      if (!down) return;
      down = false;
      this.logger.info({ role }, 'live: redis connection is back');
    });
    return client;
  }
}
