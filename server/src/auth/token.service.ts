import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Role } from '@siaga/shared';
import jwt from 'jsonwebtoken';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SettingsRepository } from '../settings/settings.repository.js';

/** Who the token speaks for; `ver` is the user's token version and `sid` the session when it was issued. */
export interface TokenSubject {
  userId: string;
  tokenVersion: number;
  sessionId: string;
}

export interface AccessClaims {
  sub: string;
  role: Role;
  ver: number;
  sid: string;
  typ: 'access';
}
export interface RefreshClaims {
  sub: string;
  ver: number;
  sid: string;
  /** The session's generation this token belongs to: only the newest may be traded. */
  gen: number;
  typ: 'refresh';
}

const ISSUER = 'siaga';

/**
 * Signs and checks JWTs. Without SIAGA_JWT_SECRET the secret is generated once and kept in the
 * database, so restarts and every instance sharing the database agree on it.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  /**
   * A key object, not the string: given a string, jsonwebtoken first tries to parse it as a public key (and fails)
   * on every verify, which was most of a socket handshake's CPU with 1,000 dashboards connecting.
   */
  private secret!: KeyObject;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.jwt.secret ?? (await this.settings.getOrCreate('jwt_secret', randomBytes(48).toString('base64url')));
    this.secret = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  get accessTtl(): number {
    return this.config.jwt.accessTtlSeconds;
  }

  signAccess(s: TokenSubject, role: Role): string {
    const claims: AccessClaims = { sub: s.userId, role, ver: s.tokenVersion, sid: s.sessionId, typ: 'access' };
    return jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn: this.config.jwt.accessTtlSeconds, issuer: ISSUER });
  }

  signRefresh(s: TokenSubject, generation: number): string {
    const claims: RefreshClaims = { sub: s.userId, ver: s.tokenVersion, sid: s.sessionId, gen: generation, typ: 'refresh' };
    return jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn: this.config.jwt.refreshTtlSeconds, issuer: ISSUER });
  }

  /**
   * Answers the claims, or undefined for any token that is not a valid one of that type (tokens
   * signed before sessions existed carry no `sid` and are refused: their holders log in again).
   */
  verify<T extends AccessClaims | RefreshClaims>(token: string, typ: T['typ']): T | undefined {
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER }) as Record<string, unknown>;
      if (claims.typ !== typ || typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || !Number.isInteger(claims.ver)) return undefined;
      if (typ === 'refresh' && !Number.isInteger(claims.gen)) return undefined;
      return claims as unknown as T;
    } catch {
      return undefined;
    }
  }
}
