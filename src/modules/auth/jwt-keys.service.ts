import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { isUuid } from '../../common/domain/uuid.js';

export interface SigningKey {
  kid: string;
  /** A KeyObject, not a string: jsonwebtoken would first try (and fail) to read a string as a public key. */
  key: KeyObject;
}

const keyOf = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

/** Every API process re-reads the keys this often, so a rotation reaches all of them within a minute. */
const REFRESH_EVERY_MS = 60_000;
/**
 * A token whose key this process has not read yet (another process signs with a key made a moment ago) makes it
 * look that key up at once; an id found missing is not looked up again for this long (made-up ids cost one indexed
 * query each, at most, and the list of them is bounded).
 */
const MISSING_KID_MS = 5_000;
const MISSING_KIDS_KEPT = 1_000;
const ENV_KID = 'env';

/** Creates the install's first key unless one is in use; several processes starting at once make one key. */
export async function ensureSigningKey(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('techmatch:jwt-keys'))`);
    await m.query(
      `INSERT INTO jwt_keys (kid, secret) SELECT $1, $2
        WHERE NOT EXISTS (SELECT 1 FROM jwt_keys WHERE retired_at IS NULL)`,
      [randomUUID(), randomBytes(48).toString('base64url')],
    );
  });
}

/**
 * Makes a new signing key and retires the others. Retired keys keep verifying the tokens they signed until those
 * expire, so nobody is signed out; every API process signs with the new key within a minute.
 */
export async function rotateSigningKey(dataSource: DataSource): Promise<string> {
  const kid = randomUUID();
  await dataSource.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('techmatch:jwt-keys'))`);
    await m.query(`UPDATE jwt_keys SET retired_at = now() WHERE retired_at IS NULL`);
    await m.query(`INSERT INTO jwt_keys (kid, secret) VALUES ($1, $2)`, [kid, randomBytes(48).toString('base64url')]);
  });
  return kid;
}

/**
 * The keys tokens are signed and checked with. JWT_SECRET when it is set; otherwise the install's own random keys,
 * generated on first start and kept in PostgreSQL for every API process. No key is ever written in the code, so
 * another install's tokens (or ones forged from the source) are refused.
 */
@Injectable()
export class JwtKeysService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('JwtKeys');
  private keys = new Map<string, KeyObject>();
  private current: SigningKey | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly missing = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.jwt.secret;
    if (secret) {
      this.current = { kid: ENV_KID, key: keyOf(secret) };
      this.keys = new Map([[ENV_KID, this.current.key]]);
      return;
    }
    await ensureSigningKey(this.dataSource);
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) =>
        this.logger.warn({ err }, 'signing keys not refreshed; keeping the ones held'),
      );
    }, REFRESH_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The key new tokens are signed with. */
  signing(): SigningKey {
    if (!this.current) throw new Error('signing keys not loaded');
    return this.current;
  }

  /**
   * The key that may still verify tokens of this id, or null. An id this process does not know yet (a rotation on
   * another process, less than a minute ago) is looked up in PostgreSQL before the token is refused.
   */
  async verifying(kid: string | undefined): Promise<KeyObject | null> {
    if (kid === undefined) return null;
    const known = this.keys.get(kid);
    if (known || this.config.jwt.secret || !isUuid(kid)) return known ?? null;
    const missingSince = this.missing.get(kid);
    if (missingSince !== undefined && Date.now() - missingSince < MISSING_KID_MS) return null;
    const [row] = await this.dataSource.query<Array<{ secret: string }>>(
      `SELECT secret FROM jwt_keys WHERE kid = $1
          AND (retired_at IS NULL OR retired_at > now() - make_interval(secs => $2))`,
      [kid, this.config.jwt.expiresInSeconds + REFRESH_EVERY_MS / 1000],
    );
    if (!row) {
      if (this.missing.size >= MISSING_KIDS_KEPT) this.missing.clear();
      this.missing.set(kid, Date.now());
      return null;
    }
    const key = keyOf(row.secret);
    this.keys.set(kid, key);
    return key;
  }

  /** Re-reads the keys (every minute by itself; after a rotation, the new key signs from the next refresh). */
  async refresh(): Promise<void> {
    if (this.config.jwt.secret) return;
    // Retired keys verify for one token lifetime after retirement (plus a refresh interval: another process may
    // have signed with the old key until its next refresh), then are dropped.
    const rows = await this.dataSource.query<Array<{ kid: string; secret: string; retired: boolean }>>(
      `SELECT kid, secret, retired_at IS NOT NULL AS retired FROM jwt_keys
        WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)
        ORDER BY retired_at IS NULL DESC, created_at DESC`,
      [this.config.jwt.expiresInSeconds + REFRESH_EVERY_MS / 1000],
    );
    const active = rows.find((r) => !r.retired);
    if (!active) {
      // Someone retired every key without making a new one: make one rather than sign nothing.
      await ensureSigningKey(this.dataSource);
      return this.refresh();
    }
    this.keys = new Map(rows.map((r) => [r.kid, keyOf(r.secret)]));
    this.current = { kid: active.kid, key: this.keys.get(active.kid)! };
  }
}
