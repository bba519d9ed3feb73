import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/query.js';
import type { OrganizationKind, Role } from '../../common/domain/vocabulary.js';
import { UserEntity } from './user.entity.js';

export interface UserWithOrganization {
  id: string;
  email: string;
  name: string;
  role: Role;
  organizationId: string;
  active: boolean;
  tokenVersion: number;
  organizationKind: OrganizationKind;
  organizationName: string;
}

interface Row {
  id: string;
  email: string;
  name: string;
  role: Role;
  organization_id: string;
  active: boolean;
  token_version: number;
  kind: OrganizationKind;
  org_name: string;
}

const SELECT_WITH_ORG = `SELECT u.id, u.email, u.name, u.role, u.organization_id, u.active, u.token_version,
                                o.kind, o.name AS org_name
                           FROM users u JOIN organizations o ON o.id = u.organization_id`;

function toUser(r: Row): UserWithOrganization {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    organizationId: r.organization_id,
    active: r.active,
    tokenVersion: r.token_version,
    organizationKind: r.kind,
    organizationName: r.org_name,
  };
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(UserEntity);
  }

  /**
   * The user with their organisation, if the session is still open (not signed out, not expired): what the guard
   * reads on every request, in one prepared statement.
   */
  async inOpenSession(id: string, sessionId: string): Promise<UserWithOrganization | null> {
    const rows = await preparedQuery<Row>(
      this.dataSource,
      `${SELECT_WITH_ORG} WHERE u.id = $1 AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = $2 AND s.user_id = u.id
          AND s.revoked_at IS NULL AND s.expires_at > now())`,
      [id, sessionId],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async credentials(email: string): Promise<{ id: string; passwordHash: string; active: boolean } | null> {
    const row = await this.repo
      .createQueryBuilder('u')
      .select(['u.id', 'u.active'])
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    return row ? { id: row.id, passwordHash: row.passwordHash, active: row.active } : null;
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ email: email.trim().toLowerCase() });
  }

  /** `membersAndSelf`: only members and this user (what a coordinator may see), the filters applying within. */
  async list(opts: {
    organizationId?: string;
    role?: Role;
    expert?: boolean;
    membersAndSelf?: string;
    skip: number;
    take: number;
  }): Promise<[UserEntity[], number]> {
    const qb = this.repo.createQueryBuilder('u');
    if (opts.organizationId) qb.andWhere('u.organizationId = :org', { org: opts.organizationId });
    if (opts.role) qb.andWhere('u.role = :role', { role: opts.role });
    if (opts.expert !== undefined) qb.andWhere('u.expert = :expert', { expert: opts.expert });
    if (opts.membersAndSelf) {
      qb.andWhere(`(u.role = 'member' OR u.id = :self)`, { self: opts.membersAndSelf });
    }
    return qb.orderBy('u.createdAt', 'ASC').addOrderBy('u.id', 'ASC').skip(opts.skip).take(opts.take).getManyAndCount();
  }

  /**
   * Runs `work` while no other caller can change who the active admins are: the last-admin check and the change it
   * allows happen in one transaction, so two admins demoting each other at once cannot both pass the check.
   */
  withAdminsLocked<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('techmatch:users:admins'))`);
      return work(m);
    });
  }

  /** Active admins other than `exceptId`: those who could still sign in and manage the install. */
  async otherActiveAdmins(manager: EntityManager, exceptId: string): Promise<number> {
    const [{ n }] = await manager.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active AND id <> $1`,
      [exceptId],
    );
    return n;
  }

  async insert(
    manager: EntityManager,
    u: { email: string; passwordHash: string; name: string; role: Role; organizationId: string },
  ): Promise<UserEntity> {
    const saved = await manager
      .getRepository(UserEntity)
      .save(manager.getRepository(UserEntity).create({ ...u, email: u.email.trim().toLowerCase() }));
    return await manager.getRepository(UserEntity).findOneByOrFail({ id: saved.id });
  }

  async update(
    id: string,
    patch: Partial<Pick<UserEntity, 'name' | 'role' | 'organizationId' | 'active' | 'passwordHash' | 'expert'>>,
    bumpTokens: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager
      .getRepository(UserEntity)
      .update({ id }, { ...patch, ...(bumpTokens ? { tokenVersion: () => 'token_version + 1' } : {}) });
  }

  async bumpTokenVersion(id: string): Promise<void> {
    await this.repo.update({ id }, { tokenVersion: () => 'token_version + 1' });
  }

  anyAdmin(manager: EntityManager): Promise<boolean> {
    return manager.getRepository(UserEntity).existsBy({ role: 'admin' });
  }
}
