import { Injectable } from '@nestjs/common';
import { normalizeCreditCode } from '../../common/domain/social-credit-code.js';
import { conflict, forbidden, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake, type Page } from '../../common/pagination/pagination.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import type {
  ContactDto,
  CreateOrganizationDto,
  OrganizationDirectoryEntry,
  OrganizationDirectoryQuery,
  OrganizationQuery,
  OrganizationView,
  UpdateOrganizationDto,
} from './dto/organization.dto.js';
import type { OrganizationContact, OrganizationEntity } from './organization.entity.js';
import { toOrganizationView } from './organization-view.js';
import { OrganizationsRepository } from './organizations.repository.js';

const ORGANIZATION = '组织 / organization';

function contactOf(c: ContactDto | undefined, base?: OrganizationContact): OrganizationContact {
  const clean = (v: string | null | undefined, old: string | null | undefined) =>
    v === undefined ? (old ?? null) : v === null ? null : v.trim() || null;
  return {
    person: clean(c?.person, base?.person),
    phone: clean(c?.phone, base?.phone),
    email: clean(c?.email, base?.email),
  };
}

function isUniqueViolation(err: unknown): err is { constraint?: string } {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

@Injectable()
export class OrganizationsService {
  constructor(private readonly repo: OrganizationsRepository) {}

  async create(dto: CreateOrganizationDto): Promise<OrganizationView> {
    try {
      const org = await this.repo.insert({
        kind: dto.kind,
        name: dto.name.trim(),
        creditCode: dto.creditCode ? normalizeCreditCode(dto.creditCode) : null,
        district: dto.district,
        contact: contactOf(dto.contact),
      });
      return toOrganizationView(org);
    } catch (err) {
      throw this.duplicate(err);
    }
  }

  async list(user: AuthUser, q: OrganizationQuery): Promise<Page<OrganizationView>> {
    // Members see only their own organisation.
    const [rows, total] = await this.repo.list({
      kind: q.kind,
      district: q.district,
      q: q.q?.trim() || undefined,
      id: isCoordinator(user) ? undefined : user.organizationId,
      ...skipTake(q),
    });
    return pageOf(rows.map(toOrganizationView), total, q);
  }

  /**
   * The directory any signed-in user may search (a consortium's partners, say): name, kind and district of the
   * organisations someone can act for, nothing else.
   */
  async directory(q: OrganizationDirectoryQuery): Promise<Page<OrganizationDirectoryEntry>> {
    const words = (q.q ?? '').trim().split(/\s+/).filter(Boolean);
    const [rows, total] = await this.repo.directory({ words, kind: q.kind, ...skipTake(q) });
    const items = rows.map((o) => ({ id: o.id, name: o.name, kind: o.kind, district: o.district }));
    return pageOf(items, total, q);
  }

  async get(user: AuthUser, id: string): Promise<OrganizationView> {
    return toOrganizationView(await this.visible(user, id));
  }

  async update(user: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<OrganizationView> {
    const org = await this.visible(user, id);
    if (!isCoordinator(user)) {
      const other = Object.keys(dto).filter((k) => k !== 'contact');
      if (other.length) {
        throw forbidden(
          `成员只能修改本组织的联系方式 / members may only edit their organisation's contact (not ${other.join(', ')})`,
        );
      }
    }
    try {
      const updated = await this.repo.update(id, {
        ...(dto.kind !== undefined ? { kind: dto.kind } : {}),
        ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
        ...(dto.creditCode !== undefined
          ? { creditCode: dto.creditCode ? normalizeCreditCode(dto.creditCode) : null }
          : {}),
        ...(dto.district !== undefined ? { district: dto.district } : {}),
        ...(dto.contact !== undefined ? { contact: contactOf(dto.contact, org.contact) } : {}),
      });
      return toOrganizationView(updated);
    } catch (err) {
      throw this.duplicate(err);
    }
  }

  /** For other modules: the organisation, or null. */
  findById(id: string): Promise<OrganizationEntity | null> {
    return this.repo.findById(id);
  }

  findByIds(ids: string[]): Promise<OrganizationEntity[]> {
    return this.repo.findByIds(ids);
  }

  private async visible(user: AuthUser, id: string): Promise<OrganizationEntity> {
    const org = await this.repo.findById(id);
    if (!org || (!isCoordinator(user) && org.id !== user.organizationId)) throw notFound(ORGANIZATION);
    return org;
  }

  private duplicate(err: unknown): unknown {
    if (!isUniqueViolation(err)) return err;
    return err.constraint === 'uq_organizations_credit_code'
      ? conflict('统一社会信用代码已被其他组织使用 / another organisation has this credit code', [
          { field: 'creditCode', message: 'duplicate' },
        ])
      : conflict('同名组织已存在 / an organisation with this name exists', [{ field: 'name', message: 'duplicate' }]);
  }
}
