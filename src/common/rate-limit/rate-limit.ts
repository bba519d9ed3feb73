import {
  HttpException,
  HttpStatus,
  Injectable,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { RateLimiterService } from './rate-limiter.service.js';

export interface RateLimitRule {
  /** Names the counter, and the action in the 429's message. */
  name: string;
  /** The action in words, for the 429's message: 导出 and exports. */
  zh: string;
  en: string;
  limit: number;
  windowSeconds: number;
}

const RATE_LIMIT = 'techmatch:rate-limit';

/** 429 with Retry-After and the error shape. */
export class TooManyRequests extends HttpException {
  readonly headers: Record<string, string>;
  constructor(message: string, retryAfterSeconds: number, details?: unknown) {
    super({ message, details }, HttpStatus.TOO_MANY_REQUESTS);
    this.headers = { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) };
  }
}

function per(seconds: number): { zh: string; en: string } {
  if (seconds % 3600 === 0) return { zh: `${seconds / 3600} 小时`, en: `${seconds / 3600} h` };
  if (seconds % 60 === 0) return { zh: `${seconds / 60} 分钟`, en: `${seconds / 60} min` };
  return { zh: `${seconds} 秒`, en: `${seconds} s` };
}

/**
 * Counts each signed-in user's calls of a costly route (exports, imports, rematches) and answers 429 past the limit.
 * Runs after the guards, so the user is known; unauthenticated calls never reach it.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiterService,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT, ctx.getHandler());
    const user = ctx.switchToHttp().getRequest<{ user?: { id: string } }>().user;
    if (rule && user) {
      const hit = await this.limiter.hit(`route:${rule.name}:${user.id}`, rule.windowSeconds);
      if (hit.count > rule.limit) {
        const w = per(rule.windowSeconds);
        throw new TooManyRequests(
          `${rule.zh}过于频繁：每 ${w.zh}最多 ${rule.limit} 次，请 ${hit.resetInSeconds} 秒后再试 / ` +
            `too many ${rule.en}: at most ${rule.limit} per ${w.en}, try again in ${hit.resetInSeconds} s`,
          hit.resetInSeconds,
          { limit: rule.limit, windowSeconds: rule.windowSeconds },
        );
      }
    }
    return next.handle();
  }
}

/** Limits how often one user may call this route (429 with Retry-After beyond it). */
export const RateLimit = (rule: RateLimitRule): MethodDecorator =>
  applyDecorators(SetMetadata(RATE_LIMIT, rule), UseInterceptors(RateLimitInterceptor));
