import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@siaga/shared';

/** How a route is reached: every route declares exactly one of these (the guard refuses the rest). */
export type Access = { kind: 'public' } | { kind: 'role'; min: Role } | { kind: 'ingest-key' };
export const ACCESS_KEY = 'siaga:access';

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);
/** The lowest role that may call the route; higher roles inherit it. */
export const MinRole = (min: Role) => SetMetadata(ACCESS_KEY, { kind: 'role', min } satisfies Access);
export const IngestKeyAuth = () => SetMetadata(ACCESS_KEY, { kind: 'ingest-key' } satisfies Access);

export interface Principal {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface IngestPrincipal {
  keyId: string;
  name: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ user?: Principal }>();
  if (!req.user) throw new Error('CurrentUser used on a route without a user');
  return req.user;
});
