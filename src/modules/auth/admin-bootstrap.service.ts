import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { PasswordService } from './password.service.js';
import { UsersRepository } from './users.repository.js';

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
    const admin = this.config.admin;
    if (!admin) {
      this.logger.warn('ADMIN_EMAIL / ADMIN_PASSWORD not set: no first admin is created');
      return;
    }
    const passwordHash = await this.passwords.hash(admin.password);
    await this.dataSource.transaction(async (m) => {
      // Several API processes may start at once: one of them creates the admin.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('techmatch:first-admin'))`);
      if (await this.users.anyAdmin(m)) return;
      if (await m.query(`SELECT 1 FROM users WHERE email = $1`, [admin.email]).then((r: unknown[]) => r.length)) {
        this.logger.warn({ email: admin.email }, 'ADMIN_EMAIL belongs to a user who is not an admin: left unchanged');
        return;
      }
      // The organisations table belongs to the organisations module; the platform's own row is made here by SQL
      // so that auth stays free of feature modules.
      const [org] = await m.query<Array<{ id: string }>>(
        `INSERT INTO organizations (kind, name, district) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [PLATFORM_ORGANIZATION.kind, PLATFORM_ORGANIZATION.name, PLATFORM_ORGANIZATION.district],
      );
      await this.users.insert(m, {
        email: admin.email,
        passwordHash,
        name: '管理员 Administrator',
        role: 'admin',
        organizationId: org.id,
      });
      this.logger.log({ email: admin.email }, 'first admin created');
    });
  }
}
