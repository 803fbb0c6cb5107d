import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Role } from '@siaga/shared';
import jwt from 'jsonwebtoken';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SettingsRepository } from '../settings/settings.repository.js';

export interface AccessClaims {
  sub: string;
  role: Role;
  typ: 'access';
}
export interface RefreshClaims {
  sub: string;
  ver: number;
  typ: 'refresh';
}

const ISSUER = 'siaga';

/**
 * Signs and checks JWTs. Without SIAGA_JWT_SECRET the secret is generated once and kept in the
 * database, so restarts and every instance sharing the database agree on it.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private secret!: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = this.config.jwt.secret ?? (await this.settings.getOrCreate('jwt_secret', randomBytes(48).toString('base64url')));
  }

  get accessTtl(): number {
    return this.config.jwt.accessTtlSeconds;
  }

  signAccess(userId: string, role: Role): string {
    const claims: AccessClaims = { sub: userId, role, typ: 'access' };
    return jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn: this.config.jwt.accessTtlSeconds, issuer: ISSUER });
  }

  signRefresh(userId: string, tokenVersion: number): string {
    const claims: RefreshClaims = { sub: userId, ver: tokenVersion, typ: 'refresh' };
    return jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn: this.config.jwt.refreshTtlSeconds, issuer: ISSUER });
  }

  /** Answers the claims, or undefined for any token that is not a valid one of that type. */
  verify<T extends AccessClaims | RefreshClaims>(token: string, typ: T['typ']): T | undefined {
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER }) as Partial<T>;
      return claims.typ === typ && typeof claims.sub === 'string' ? (claims as T) : undefined;
    } catch {
      return undefined;
    }
  }
}
