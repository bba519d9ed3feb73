import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../common/redis/redis.module.js';

export interface TokenClaims {
  sub: string;
  /** The user's token version at sign-in: a role or password change makes older tokens invalid. */
  ver: number;
  jti: string;
  iat: number;
  exp: number;
}

/** Issues and checks access tokens (JWT, one configured algorithm), and ends sessions on sign-out. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(
    userId: string,
    tokenVersion: number,
  ): Promise<{ token: string; expiresIn: number; claims: TokenClaims }> {
    const jti = randomUUID();
    const token = await this.jwt.signAsync({ sub: userId, ver: tokenVersion, jti });
    const claims = this.jwt.decode<TokenClaims>(token);
    return { token, expiresIn: this.config.jwt.expiresInSeconds, claims };
  }

  /** The claims of a valid, unexpired, unrevoked token, or null. */
  async verify(token: string): Promise<TokenClaims | null> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: [this.config.jwt.algorithm] });
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.jti !== 'string' || typeof claims.ver !== 'number') return null;
    if (await this.redis.exists(this.revokedKey(claims.jti))) return null;
    return claims;
  }

  /** Ends one session: the token is refused from now until it would have expired anyway. */
  async revoke(jti: string, expiresAt: number): Promise<void> {
    const ttl = Math.max(1, expiresAt - Math.floor(Date.now() / 1000));
    await this.redis.set(this.revokedKey(jti), '1', 'EX', ttl);
  }

  private revokedKey(jti: string): string {
    return `${this.config.queuePrefix}:revoked-session:${jti}`;
  }
}
