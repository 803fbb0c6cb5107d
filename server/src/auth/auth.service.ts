import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { LoginRequest, TokenPair } from '@siaga/shared';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EventBus } from '../events/event-bus.js';
import type { Principal } from './access.decorators.js';
import './auth.events.js';
import { LoginLimiter, LoginRateLimited } from './login-limiter.js';
import { dummyHash, verifyPassword } from './password.js';
import { SessionsRepository, type SessionUser } from './sessions.repository.js';
import { TokenService, type AccessClaims, type RefreshClaims, type TokenSubject } from './token.service.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { toSummary } from './users.service.js';

const PRINCIPAL_CACHE_MS = 5_000;
const PRINCIPAL_CACHE_MAX = 10_000;

/** A signed-in caller: the user, and the session its token belongs to. */
export interface Authenticated {
  user: Principal;
  sessionId: string;
}

const refused = () => new AppError('unauthorized', 'refresh token is invalid, expired or already used: log in again');

@Injectable()
export class AuthService {
  /** Sessions with their user, by session id, read at most every few seconds per session. */
  private readonly principals = new Map<string, { row: SessionUser | undefined; until: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenService,
    private readonly limiter: LoginLimiter,
    private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {
    // A cached session must not outlive a role, status or password change of its user.
    events.on('user.changed', ({ userId }) => {
      for (const [sid, hit] of this.principals) if (hit.row?.userId === userId) this.principals.delete(sid);
    });
    events.on('session.ended', ({ sessionId }) => this.principals.delete(sessionId));
  }

  async login(input: LoginRequest, clientIp: string): Promise<TokenPair> {
    // The attempt is taken before the slow hash: parallel requests cannot overrun the limit.
    try {
      await this.limiter.reserve(clientIp);
    } catch (err) {
      if (err instanceof LoginRateLimited) throw new AppError('rate_limited', err.message, { retryAfterSeconds: err.retryAfterSeconds });
      throw err;
    }
    const user = await this.users.findByEmail(input.email);
    const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await dummyHash(), input.password);
    if (!user || !ok || !user.active) {
      await this.limiter.failed(clientIp, input.email);
      throw new AppError('invalid_credentials', 'email or password is wrong, or the account is disabled');
    }
    await this.limiter.succeeded(clientIp);
    const now = this.clock.now();
    await this.users.update(user.id, { lastLoginAt: now });
    const sessionId = randomUUID();
    await this.sessions.create({ id: sessionId, userId: user.id, now, expiresAt: this.refreshExpiry(now) });
    // Successful logins only: failed ones are counted by the limiter, and would let anyone fill the log.
    await this.audit.record({ id: user.id, email: user.email, name: user.name, role: user.role }, 'auth.login', { type: 'user', id: user.id }, { sessionId, ip: clientIp });
    return this.issue(user, sessionId, 0);
  }

  /**
   * Trades a refresh token for a new pair; the token given in is spent. A spent token that comes
   * back was copied (or the client lost the answer): the whole session ends, so whoever holds
   * its newest token — the thief or the user — has to log in again.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const claims = this.tokens.verify<RefreshClaims>(refreshToken, 'refresh');
    if (!claims) throw refused();
    const user = await this.users.findById(claims.sub);
    if (!user || !user.active || user.tokenVersion !== claims.ver) throw refused();
    const now = this.clock.now();
    const rotated = await this.sessions.rotate(claims.sid, claims.gen, now, this.refreshExpiry(now));
    if (rotated && rotated.userId === user.id) return this.issue(user, claims.sid, rotated.generation);
    if (!rotated && (await this.sessions.endIfReused(claims.sid, claims.gen, now))) {
      this.logger.warn({ userId: user.id, sessionId: claims.sid }, 'a spent refresh token was used again: the session is ended');
      this.events.emit('session.ended', { userId: user.id, sessionId: claims.sid, reason: 'reuse' });
    }
    throw refused();
  }

  /** Ends the session of a refresh token: it, its access tokens and its live sockets stop working. */
  async logout(refreshToken: string): Promise<void> {
    const claims = this.tokens.verify<RefreshClaims>(refreshToken, 'refresh');
    if (!claims) throw new AppError('unauthorized', 'refresh token is invalid or expired');
    const userId = await this.sessions.end(claims.sid, this.clock.now());
    // Ended already (an earlier logout, reuse): nothing more to do, and the answer is the same.
    if (!userId) return;
    const user = await this.users.findById(userId);
    if (user) await this.audit.record({ id: user.id, email: user.email, name: user.name, role: user.role }, 'auth.logout', { type: 'user', id: user.id }, { sessionId: claims.sid });
    this.events.emit('session.ended', { userId, sessionId: claims.sid, reason: 'logout' });
  }

  private issue(user: UserEntity, sessionId: string, generation: number): TokenPair {
    const subject: TokenSubject = { userId: user.id, tokenVersion: user.tokenVersion, sessionId };
    return {
      accessToken: this.tokens.signAccess(subject, user.role),
      refreshToken: this.tokens.signRefresh(subject, generation),
      expiresIn: this.tokens.accessTtl,
      user: toSummary(user),
    };
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.jwt.refreshTtlSeconds * 1000);
  }

  /**
   * The user and session behind an access token. The role comes from the database (cached
   * briefly), not from the token; the token is refused once its session ended or its user's
   * token version moved on (a password, role or status change), within seconds on every instance
   * and at once on this one.
   */
  async authenticate(accessToken: string): Promise<Authenticated | null> {
    const claims = this.tokens.verify<AccessClaims>(accessToken, 'access');
    if (!claims) return null;
    const now = this.clock.now();
    let hit = this.principals.get(claims.sid);
    if (!hit || hit.until < now.getTime()) {
      hit = { row: await this.sessions.user(claims.sid, now), until: now.getTime() + PRINCIPAL_CACHE_MS };
      this.principals.delete(claims.sid);
      // Oldest out first: a flood of sessions costs queries, never a wrong answer.
      if (this.principals.size >= PRINCIPAL_CACHE_MAX) this.principals.delete(this.principals.keys().next().value!);
      this.principals.set(claims.sid, hit);
    }
    const r = hit.row;
    if (!r || r.ended || !r.active || r.userId !== claims.sub || r.tokenVersion !== claims.ver) return null;
    return { user: { id: r.userId, email: r.email, name: r.name, role: r.role }, sessionId: claims.sid };
  }

  /** The user behind an access token (see `authenticate`). */
  async principalOf(accessToken: string): Promise<Principal | null> {
    return (await this.authenticate(accessToken))?.user ?? null;
  }
}
