import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { PasswordService } from './password.service.js';
import { UsersRepository } from './users.repository.js';

/**
 * A first start without ADMIN_EMAIL / ADMIN_PASSWORD still gets an admin to sign in with: this address and a random
 * password, printed once to the operator's log (never a known default).
 */
export const GENERATED_ADMIN_EMAIL = 'admin@techmatch.local';

export const PLATFORM_ORGANIZATION = {
  name: '平台管理 Platform administration',
  kind: 'government',
  district: '松北',
} as const;

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the service has no admin yet. */
@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
  ) {}

  async ensureFirstAdmin(): Promise<void> {
    let admin = this.config.admin;
    let generated = false;
    if (!admin) {
      admin = { email: GENERATED_ADMIN_EMAIL, password: randomBytes(12).toString('base64url') };
      generated = true;
    }
    const { email } = admin;
    const passwordHash = await this.passwords.hash(admin.password);
    const created = await this.dataSource.transaction(async (m) => {
      // Several API processes may start at once: one of them creates the admin.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('techmatch:first-admin'))`);
      if (await this.users.anyAdmin(m)) return false;
      if ((await m.query<unknown[]>(`SELECT 1 FROM users WHERE email = $1`, [email])).length) {
        this.logger.warn({ email }, 'ADMIN_EMAIL belongs to a user who is not an admin: left unchanged');
        return false;
      }
      // The organisations table belongs to the organisations module; the platform's own row is made here by SQL
      // so that auth stays free of feature modules.
      const [org] = await m.query<Array<{ id: string }>>(
        `INSERT INTO organizations (kind, name, district) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [PLATFORM_ORGANIZATION.kind, PLATFORM_ORGANIZATION.name, PLATFORM_ORGANIZATION.district],
      );
      await this.users.insert(m, {
        email,
        passwordHash,
        name: '管理员 Administrator',
        role: 'admin',
        organizationId: org.id,
      });
      return true;
    });
    if (!created) return;
    if (generated) {
      this.logger.warn(
        { email, initialPassword: admin.password },
        '首个管理员已生成，请登录后修改密码 / first admin generated (ADMIN_EMAIL / ADMIN_PASSWORD not set): sign in and change the password',
      );
    } else {
      this.logger.log({ email }, 'first admin created');
    }
  }
}
