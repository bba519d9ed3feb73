import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake, type Page } from '../../common/pagination/pagination.js';
import type { UserView } from '../auth/dto/auth.dto.js';
import { hasRole, type AuthUser } from '../auth/auth-user.js';
import { PasswordService } from '../auth/password.service.js';
import { toUserView } from '../auth/user-view.js';
import { UsersRepository } from '../auth/users.repository.js';
import { toOrganizationView } from '../organizations/organization-view.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { CreateUserDto, MeView, UpdateUserDto, UserQuery } from './dto/user.dto.js';

const USER = '用户 / user';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly organizations: OrganizationsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async me(user: AuthUser): Promise<MeView> {
    const [u, org] = await Promise.all([
      this.users.findById(user.id),
      this.organizations.findById(user.organizationId),
    ]);
    if (!u || !org) throw new AppError(401, '账号不存在 / account no longer exists');
    return { user: toUserView(u), organization: toOrganizationView(org) };
  }

  async create(actor: AuthUser, dto: CreateUserDto): Promise<UserView> {
    if (!hasRole(actor, 'admin') && dto.role !== 'member') {
      throw forbidden('协调员只能创建成员账号 / coordinators may create members only');
    }
    if (!(await this.organizations.findById(dto.organizationId))) {
      throw invalidField('organizationId', '组织不存在 / no such organisation');
    }
    if (await this.users.findByEmail(dto.email)) {
      throw conflict('该邮箱已注册 / a user with this e-mail exists', [{ field: 'email', message: 'duplicate' }]);
    }
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      const u = await this.users.insert(this.dataSource.manager, {
        email: dto.email,
        passwordHash,
        name: dto.name.trim(),
        role: dto.role,
        organizationId: dto.organizationId,
      });
      return toUserView(u);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw conflict('该邮箱已注册 / a user with this e-mail exists', [{ field: 'email', message: 'duplicate' }]);
      }
      throw err;
    }
  }

  /** Admins see everyone; coordinators the members and themselves (not admins and their e-mails, PRODUCT.md). */
  async list(actor: AuthUser, q: UserQuery): Promise<Page<UserView>> {
    const [rows, total] = await this.users.list({
      organizationId: q.organizationId,
      role: q.role,
      expert: q.expert,
      membersAndSelf: hasRole(actor, 'admin') ? undefined : actor.id,
      ...skipTake(q),
    });
    return pageOf(rows.map(toUserView), total, q);
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<UserView> {
    const target = await this.users.findById(id);
    const self = actor.id === id;
    const isAdmin = hasRole(actor, 'admin');
    const isCoord = hasRole(actor, 'coordinator');
    // Members see only themselves; coordinators manage members; admins manage everyone.
    if (!target || (!self && !isCoord)) throw notFound(USER);
    if (!self && !isAdmin && target.role !== 'member') {
      throw forbidden('协调员只能管理成员账号 / coordinators manage members only');
    }
    const privileged = (['role', 'organizationId', 'active', 'expert'] as const).filter((k) => dto[k] !== undefined);
    if (self && !isAdmin && privileged.length) {
      throw forbidden(`不能修改自己的${privileged.join('、')} / you cannot change your own ${privileged.join(', ')}`);
    }
    if (dto.role !== undefined && dto.role !== 'member' && !isAdmin) {
      throw forbidden('只有管理员可以授予协调员或管理员角色 / only admins grant the coordinator or admin role');
    }
    if (self && dto.password !== undefined) {
      const cred = await this.users.credentials(target.email);
      if (!dto.currentPassword || !cred || !(await this.passwords.verify(cred.passwordHash, dto.currentPassword))) {
        throw invalidField('currentPassword', '当前密码不正确 / the current password is wrong');
      }
    }
    if (dto.organizationId !== undefined && !(await this.organizations.findById(dto.organizationId))) {
      throw invalidField('organizationId', '组织不存在 / no such organisation');
    }
    const passwordHash = dto.password !== undefined ? await this.passwords.hash(dto.password) : undefined;
    const endsSessions =
      passwordHash !== undefined ||
      (dto.role !== undefined && dto.role !== target.role) ||
      (dto.organizationId !== undefined && dto.organizationId !== target.organizationId) ||
      dto.active === false;
    const patch = {
      ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
      ...(dto.role !== undefined ? { role: dto.role } : {}),
      ...(dto.organizationId !== undefined ? { organizationId: dto.organizationId } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
      ...(dto.expert !== undefined ? { expert: dto.expert } : {}),
      ...(passwordHash !== undefined ? { passwordHash } : {}),
    };
    const removesAdmin = (dto.role !== undefined && dto.role !== 'admin') || dto.active === false;
    if (target.role === 'admin' && removesAdmin) {
      // Counted under a lock, with the change in the same transaction: an inactive admin cannot sign in to help,
      // and of two admins demoting each other at once the second sees the first's change.
      await this.users.withAdminsLocked(async (m) => {
        if ((await this.users.otherActiveAdmins(m, id)) < 1) {
          throw conflict('不能停用或降级最后一位管理员 / the last active admin cannot be demoted or disabled');
        }
        await this.users.update(id, patch, endsSessions, m);
      });
    } else {
      await this.users.update(id, patch, endsSessions);
    }
    return toUserView((await this.users.findById(id))!);
  }
}
