import { Inject, Injectable } from '@nestjs/common';
import type { LoginRequest, TokenPair } from '@siaga/shared';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { EventBus } from '../events/event-bus.js';
import type { UserChanged } from './auth.events.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Principal } from './access.decorators.js';
import { LoginLimiter } from './login-limiter.js';
import { dummyHash, verifyPassword } from './password.js';
import { TokenService, type AccessClaims, type RefreshClaims } from './token.service.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { toSummary } from './users.service.js';

const PRINCIPAL_CACHE_MS = 5_000;

@Injectable()
export class AuthService {
  private readonly limiter: LoginLimiter;
  private readonly principals = new Map<string, { user: UserEntity | null; until: number }>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.limiter = new LoginLimiter(config.login.maxAttempts, config.login.windowSeconds * 1000);
    // The cached principal must not outlive a role, status or password change.
    events.on('user.changed', ({ userId }: UserChanged) => this.principals.delete(userId));
  }

  async login(input: LoginRequest, clientIp: string): Promise<TokenPair> {
    const keys = [`ip:${clientIp}`, `email:${input.email.toLowerCase()}`];
    const wait = this.limiter.retryAfter(keys);
    if (wait > 0) throw new AppError('rate_limited', `too many failed logins: try again in ${wait} s`, { retryAfterSeconds: wait });
    const user = await this.users.findByEmail(input.email);
    const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await dummyHash(), input.password);
    if (!user || !ok || !user.active) {
      this.limiter.fail(keys);
      throw new AppError('invalid_credentials', 'email or password is wrong, or the account is disabled');
    }
    this.limiter.succeed(keys);
    const lastLoginAt = this.clock.now();
    await this.users.update(user.id, { lastLoginAt });
    return this.issue(user);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const claims = this.tokens.verify<RefreshClaims>(refreshToken, 'refresh');
    const user = claims ? await this.users.findById(claims.sub) : null;
    if (!claims || !user || !user.active || user.tokenVersion !== claims.ver) {
      throw new AppError('unauthorized', 'refresh token is invalid or expired: log in again');
    }
    return this.issue(user);
  }

  private issue(user: UserEntity): TokenPair {
    return {
      accessToken: this.tokens.signAccess(user.id, user.role),
      refreshToken: this.tokens.signRefresh(user.id, user.tokenVersion),
      expiresIn: this.tokens.accessTtl,
      user: toSummary(user),
    };
  }

  /**
   * The user behind an access token. The role comes from the database (cached briefly), not
   * from the token, so a demotion or a disabled account takes effect within seconds.
   */
  async principalOf(accessToken: string): Promise<Principal | null> {
    const claims = this.tokens.verify<AccessClaims>(accessToken, 'access');
    if (!claims) return null;
    const now = Date.now();
    let hit = this.principals.get(claims.sub);
    if (!hit || hit.until < now) {
      hit = { user: await this.users.findById(claims.sub), until: now + PRINCIPAL_CACHE_MS };
      if (this.principals.size > 10_000) this.principals.clear();
      this.principals.set(claims.sub, hit);
    }
    const u = hit.user;
    return u && u.active ? toSummary(u) : null;
  }
}
