import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '../../common/domain/vocabulary.js';
import { AppError, forbidden } from '../../common/errors/app-errors.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { hasRole, type AuthUser } from './auth-user.js';
import { IS_PUBLIC, MIN_ROLE, PUBLIC_HALL } from './auth.decorators.js';
import { SESSION_COOKIE, readCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';
import { sameOrigin } from './same-origin.js';
import { UsersRepository } from './users.repository.js';

const unauthenticated = (): AppError => new AppError(401, '请先登录或登录已过期 / sign-in required or session expired');

/** Global guard: every route needs a valid token (bearer header or session cookie) unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.config.publicHalls && this.reflector.getAllAndOverride<boolean>(PUBLIC_HALL, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    req.user = await this.authenticate(req);
    const min = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, targets);
    if (min && !hasRole(req.user, min)) throw lacksRole(min);
    return true;
  }

  /**
   * The signed-in user of a request (bearer token or session cookie; a cookie-carried write must come from our own
   * origin), or a 401. Also used by pages outside Nest's routing (the queue board).
   */
  async authenticate(req: Request): Promise<AuthUser> {
    const bearer = bearerToken(req);
    const token = bearer ?? readCookie(req, SESSION_COOKIE);
    if (!token) throw unauthenticated();
    if (!bearer && !SAFE_METHODS.has(req.method) && !sameOrigin(req, this.config)) {
      // SameSite=Strict already keeps the cookie off cross-site requests; this refuses any that slip through.
      throw forbidden('跨站请求被拒绝 / cross-site request refused');
    }
    const claims = await this.sessions.claimsOf(token);
    if (!claims) throw unauthenticated();
    const user = await this.users.inOpenSession(claims.sub, claims.jti);
    if (!user || !user.active || user.tokenVersion !== claims.ver) throw unauthenticated();
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      organizationId: user.organizationId,
      organizationKind: user.organizationKind,
      organizationName: user.organizationName,
      sessionId: claims.jti,
      sessionExpiresAt: claims.exp,
    };
  }
}

export const lacksRole = (min: Role): AppError =>
  forbidden(`此操作需要${min === 'admin' ? '管理员' : '协调员'}权限 / requires the ${min} role`);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(req: Request): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}
