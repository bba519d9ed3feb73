import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ipaddr from 'ipaddr.js';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TooManyRequests } from '../../common/rate-limit/rate-limit.js';
import { RateLimiterService } from '../../common/rate-limit/rate-limiter.service.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';

/** How long an address an account signed in from stays known (exempt from the account-wide slow-down). */
const KNOWN_FOR_DAYS = 30;
/** The longest spacing between attempts on an account under attack. */
const MAX_SPACING_SECONDS = 60;
/** The window over which an account's free first tries from new addresses are counted (at most `slowdownAfter`). */
const FIRST_TRIES_WINDOW_SECONDS = 24 * 3600;

/**
 * The address a client is throttled by: an IPv4 address (IPv4-mapped IPv6 included) as it is, an IPv6 address by
 * its /64, since one subscriber holds a whole /64 and could otherwise try from a new address each time.
 */
export function throttledAddress(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}

export class TooManyLoginFailures extends TooManyRequests {
  constructor(retryAfterSeconds: number) {
    const s = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      `登录失败次数过多，请 ${s >= 120 ? `${Math.ceil(s / 60)} 分钟` : `${s} 秒`}后再试 / too many failed sign-ins, try again in ${s} s`,
      s,
    );
  }
}

/** One sign-in attempt, admitted before its password is checked; `settle` records how it ended. */
export interface LoginAttempt {
  settle(succeeded: boolean): Promise<void>;
}

/**
 * Sign-in throttling, with counters in PostgreSQL (shared by every API process; a Redis flush resets nothing).
 *
 * - Each attempt is counted before its password is checked, in one atomic statement: of 50 parallel guesses with a
 *   limit of 5, exactly 5 reach argon2 and the rest get 429.
 * - Per account and address (`maxFailures`): one client guessing one account waits `lockoutSeconds`.
 * - Per address (`maxFailuresPerAddress`): one client guessing many accounts waits too.
 * - Per account from anywhere (`slowdownAfter`): attempts from addresses the account never signed in from are counted
 *   as they arrive (a parallel burst from a thousand addresses is counted as a thousand); past the limit they share
 *   one slot, spaced 1 s doubling to 60 s. Never a lock, and never for addresses the account signed in from before,
 *   so nobody can keep its owner (or the admin) out. An address's first try still goes through, so that the owner
 *   on a new network signs in at once, but only `slowdownAfter` such first tries a day: spreading guesses over many
 *   addresses buys no more.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly limiter: RateLimiterService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Admits one attempt or throws 429 (with Retry-After). */
  async admit(email: string, clientAddress: string): Promise<LoginAttempt> {
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    const address = throttledAddress(clientAddress);
    const { maxFailures, maxFailuresPerAddress, slowdownAfter, lockoutSeconds } = this.config.login;
    const keys = {
      pair: `login:pair:${account}:${address}`,
      address: `login:addr:${address}`,
      account: `login:acct:${account}`,
      firstTries: `login:first:${account}`,
    };
    // An address the account signed in from before is not held back by others' guesses: neither by the
    // address-wide limit (a campus or an office behind one address) nor by the account-wide slow-down.
    const known = await this.known(account, address);

    const pair = await this.limiter.hit(keys.pair, lockoutSeconds);
    if (pair.count > maxFailures) throw new TooManyLoginFailures(pair.resetInSeconds);
    if (!known) {
      const addr = await this.limiter.hit(keys.address, lockoutSeconds);
      if (addr.count > maxFailuresPerAddress) {
        await this.limiter.undo(keys.pair);
        throw new TooManyLoginFailures(addr.resetInSeconds);
      }
      // Counted now, before the password is checked, and in one statement: parallel attempts each see the others.
      const before = (await this.limiter.hit(keys.account, lockoutSeconds)).count - 1;
      if (before >= slowdownAfter) {
        const firstTry =
          pair.count === 1 &&
          (await this.limiter.hit(keys.firstTries, FIRST_TRIES_WINDOW_SECONDS)).count <= slowdownAfter;
        if (!firstTry) {
          const spacing = Math.min(MAX_SPACING_SECONDS, 2 ** Math.min(before - slowdownAfter, 10));
          const wait = await this.limiter.claimSlot(keys.account, spacing);
          if (wait !== null) {
            // Not a guess: it never reached the password check.
            await Promise.all([keys.pair, keys.address, keys.account].map((k) => this.limiter.undo(k)));
            throw new TooManyLoginFailures(wait);
          }
        }
      }
    }

    return {
      settle: async (succeeded) => {
        if (!succeeded) {
          // An unknown address's attempt was counted on the account when it was admitted.
          if (known) await this.limiter.hit(keys.account, lockoutSeconds);
          return;
        }
        // A success is not a failure: the pair and the account start afresh, the address gets its attempt back.
        await Promise.all([
          this.limiter.reset(keys.pair),
          this.limiter.reset(keys.account),
          known ? Promise.resolve() : this.limiter.undo(keys.address),
          this.remember(account, address),
        ]);
      },
    };
  }

  private async known(account: string, address: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM login_known_addresses WHERE account = $1 AND address = $2
          AND last_success_at > now() - make_interval(days => $3)`,
      [account, address, KNOWN_FOR_DAYS],
    );
    return rows.length > 0;
  }

  private async remember(account: string, address: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_known_addresses (account, address) VALUES ($1, $2)
       ON CONFLICT (account, address) DO UPDATE SET last_success_at = now()`,
      [account, address],
    );
  }
}
