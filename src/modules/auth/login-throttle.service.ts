import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../common/redis/redis.module.js';

export class TooManyLoginFailures extends HttpException {
  readonly headers: Record<string, string>;
  constructor(retryAfterSeconds: number) {
    super(
      {
        message: `登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试 / too many failed sign-ins, try again in ${retryAfterSeconds} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

/**
 * Failed sign-ins counted per account and per client address in Redis (shared by every API process). Only
 * failures count: a user who signs in correctly is never held back by their own successes.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(email: string, address: string): { account: string; address: string } {
    const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return {
      account: `${this.config.queuePrefix}:login-fail:acct:${digest}`,
      address: `${this.config.queuePrefix}:login-fail:ip:${address}`,
    };
  }

  /** Throws 429 while either the account or the address is locked out. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const k = this.keys(email, address);
    const [[, acct], [, addr], [, acctTtl], [, addrTtl]] = (await this.redis
      .multi()
      .get(k.account)
      .get(k.address)
      .ttl(k.account)
      .ttl(k.address)
      .exec()) as Array<[Error | null, string | number | null]>;
    const { maxFailuresPerAccount, maxFailuresPerAddress } = this.config.login;
    const waits: number[] = [];
    if (Number(acct ?? 0) >= maxFailuresPerAccount) waits.push(Number(acctTtl));
    if (Number(addr ?? 0) >= maxFailuresPerAddress) waits.push(Number(addrTtl));
    if (waits.length) throw new TooManyLoginFailures(Math.max(1, ...waits));
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const k = this.keys(email, address);
    const ttl = this.config.login.lockoutSeconds;
    // The window starts at the first failure and is extended by each further one.
    await this.redis.multi().incr(k.account).expire(k.account, ttl).incr(k.address).expire(k.address, ttl).exec();
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.keys(email, '').account);
  }
}
