import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SettingsRepository } from '../settings/settings.repository.js';

/** No attempt is left: the caller answers 429 with this Retry-After. */
export class LoginRateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed logins: try again in ${retryAfterSeconds} s`);
  }
}

type Limiter = RateLimiterAbstract | RateLimiterStoreAbstract;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * The login rules over two rate-limiter-flexible limiters of `max` points a window:
 * - each address has `max` attempts a window, taken *before* the password is checked, so
 *   parallel requests cannot all slip through while the slow hash runs; a right password
 *   gives its attempt back;
 * - each account counts its failures from every address. Past `max`, the account is not locked
 *   (anyone could lock its owner out): the address that fails on it again is blocked for the
 *   window instead, so a distributed guesser gets one more try per address, not `max`.
 */
export class LoginAttempts {
  constructor(
    private readonly byAddress: Limiter,
    private readonly byAccount: Limiter,
    private readonly windowSeconds: number,
  ) {}

  /** Takes one attempt of the address's allowance; throws LoginRateLimited when none is left. */
  async reserve(address: string): Promise<void> {
    try {
      await this.byAddress.consume(address);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw new LoginRateLimited(seconds(err.msBeforeNext));
      throw err;
    }
  }

  /** The password was right: the reserved attempt does not count. */
  async succeeded(address: string): Promise<void> {
    await this.byAddress.reward(address);
  }

  /** The password was wrong (or the account does not exist, or is disabled). */
  async failed(address: string, account: string): Promise<void> {
    const res = await this.byAccount.penalty(account.trim().toLowerCase());
    if (res.consumedPoints > this.byAccount.points) await this.byAddress.block(address, this.windowSeconds);
  }
}

/**
 * The instance's login limiter: in memory, or in Redis when REDIS_URL is set so that the limits
 * hold across instances (a memory limiter stands in while Redis is unreachable).
 */
@Injectable()
export class LoginLimiter implements OnModuleInit, OnApplicationShutdown {
  private attempts: LoginAttempts | undefined;
  private redis: Redis | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const { maxAttempts: points, windowSeconds: duration } = this.config.login;
    const memory = (name: string) => new RateLimiterMemory({ keyPrefix: `login:${name}`, points, duration });
    const url = this.config.realtime.redisUrl;
    if (!url) {
      this.attempts = new LoginAttempts(memory('address'), memory('account'), duration);
      return;
    }
    // Without the offline queue a command fails at once while Redis is down, and the memory
    // limiter answers instead of a login waiting on reconnects.
    const redis = new Redis(url, { connectionName: 'siaga-login', enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis = redis;
    let down = false;
    redis.on('error', (err: Error) => {
      if (down) return;
      down = true;
      this.logger.error({ err }, 'login limiter: redis connection failed; limiting logins on this instance alone until it is back');
    });
    redis.on('ready', () => {
      if (down) this.logger.info('login limiter: redis connection is back');
      down = false;
    });
    // Keys are named after an id kept in the database: the instances of one deployment share
    // them, two deployments (or test runs) sharing a Redis server do not.
    const prefix = `siaga:login:${await this.settings.getOrCreate('login_limiter_prefix', randomBytes(8).toString('hex'))}`;
    const store = (name: string) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:${name}`, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory(name) });
    this.attempts = new LoginAttempts(store('address'), store('account'), duration);
    if (redis.status !== 'ready') {
      const timeout = AbortSignal.timeout(3_000);
      await once(redis, 'ready', { signal: timeout }).catch(() => this.logger.warn('login limiter: redis is not ready yet; limiting in memory meanwhile'));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  private get rules(): LoginAttempts {
    if (!this.attempts) throw new Error('LoginLimiter used before the module initialised');
    return this.attempts;
  }

  reserve(address: string): Promise<void> {
    return this.rules.reserve(address);
  }

  succeeded(address: string): Promise<void> {
    return this.rules.succeeded(address);
  }

  failed(address: string, account: string): Promise<void> {
    return this.rules.failed(address, account);
  }
}
