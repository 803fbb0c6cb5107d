import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLE_RANK } from '@siaga/shared';
import type { Request } from 'express';
import { AppError } from '../common/errors.js';
import { ACCESS_KEY, type Access, type IngestPrincipal, type Principal } from './access.decorators.js';
import { AuthService } from './auth.service.js';
import { IngestKeysService } from './ingest-keys.service.js';

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

type AuthedRequest = Request & { user?: Principal; ingestKey?: IngestPrincipal };

/** The one place where every route's access is checked (registered as the global guard). */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly keys: IngestKeysService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    // A route that forgot to declare its access is closed, not open.
    if (!access) throw new AppError('forbidden', 'this route declares no access rule');
    if (access.kind === 'public') return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (access.kind === 'ingest-key') {
      const key = req.headers['x-api-key'];
      if (typeof key !== 'string' || key.length === 0) throw new AppError('unauthorized', 'X-Api-Key header is required');
      const principal = key.length <= 512 ? await this.keys.authenticate(key) : null;
      if (!principal) throw new AppError('unauthorized', 'X-Api-Key is not valid');
      req.ingestKey = principal;
      return true;
    }
    const header = req.headers.authorization;
    // The scheme name is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are Bearer too.
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (!token) throw new AppError('unauthorized', 'Authorization: Bearer <access token> is required');
    const user = await this.auth.principalOf(token);
    if (!user) throw new AppError('unauthorized', 'access token is invalid or expired');
    req.user = user;
    if (ROLE_RANK[user.role] < ROLE_RANK[access.min]) {
      throw new AppError('forbidden', `this action needs the ${access.min} role or higher`);
    }
    return true;
  }
}
