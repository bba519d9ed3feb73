import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../../common/domain/vocabulary.js';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'techmatch:public';
export const MIN_ROLE = 'techmatch:min-role';
export const PUBLIC_HALL = 'techmatch:public-hall';

/** Marks a route as open without a token. Every other route requires one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Open without a token while the halls are public (PUBLIC_HALLS, the default); otherwise any signed-in user. */
export const PublicHall = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_HALL, true);

/** The least role a route needs (admin ⊇ coordinator ⊇ member). */
export const MinRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(MIN_ROLE, role);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});
