import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { isUuid } from '../../common/domain/uuid.js';
import { JwtKeysService } from './jwt-keys.service.js';

export interface TokenClaims {
  sub: string;
  /** The user's token version at sign-in: a role or password change makes older tokens invalid. */
  ver: number;
  jti: string;
  iat: number;
  exp: number;
}

/** Where a session was opened from, for the user's and the admins' eyes. */
export interface SessionOrigin {
  address: string | null;
  userAgent: string | null;
}

/**
 * Issues and checks access tokens (JWT, HS256, signed with the install's key) and keeps each session in PostgreSQL:
 * a token is valid only while its session row is neither revoked nor expired, so a sign-out holds whatever
 * happens to Redis.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly keys: JwtKeysService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(
    userId: string,
    tokenVersion: number,
    origin: SessionOrigin = { address: null, userAgent: null },
  ): Promise<{ token: string; expiresIn: number; claims: TokenClaims }> {
    const jti = randomUUID();
    const { kid, key } = this.keys.signing();
    const token = jwt.sign({ sub: userId, ver: tokenVersion, jti }, key, {
      keyid: kid,
      algorithm: this.config.jwt.algorithm,
      expiresIn: this.config.jwt.expiresInSeconds,
    });
    const claims = jwt.decode(token) as TokenClaims;
    await this.dataSource.query(
      `INSERT INTO sessions (id, user_id, expires_at, address, user_agent) VALUES ($1, $2, to_timestamp($3), $4, $5)`,
      [jti, userId, claims.exp, origin.address?.slice(0, 100) ?? null, origin.userAgent?.slice(0, 300) ?? null],
    );
    return { token, expiresIn: this.config.jwt.expiresInSeconds, claims };
  }

  /**
   * The claims of a well-signed, unexpired token, or null. Whether its session is still open is read together with
   * its user, in one query (`UsersRepository.inOpenSession`): the guard asks on every request.
   */
  async claimsOf(token: string): Promise<TokenClaims | null> {
    const decoded = jwt.decode(token, { complete: true });
    const key = await this.keys.verifying(decoded?.header.kid);
    if (!key) return null;
    let claims: TokenClaims;
    try {
      claims = jwt.verify(token, key, { algorithms: [this.config.jwt.algorithm] }) as TokenClaims;
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.jti !== 'string' || typeof claims.ver !== 'number') return null;
    if (!isUuid(claims.jti) || !isUuid(claims.sub)) return null;
    return claims;
  }

  /** Ends one session: its token is refused from now on, by every API process, whatever happens to Redis. */
  async revoke(jti: string): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [jti]);
  }

  /** Ends every session of a user (password reset, disabled account). */
  async revokeAll(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]);
  }
}
