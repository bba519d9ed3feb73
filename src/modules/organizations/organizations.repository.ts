import { Injectable } from '@nestjs/common';
import { likeContaining } from '../../common/text/like.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ILike, type FindOptionsWhere } from 'typeorm';
import { OrganizationEntity } from './organization.entity.js';
import type { OrganizationKind, District } from '../../common/domain/vocabulary.js';
import { PLATFORM_ORGANIZATION } from '../auth/admin-bootstrap.service.js';

/** `%text%` for LIKE / ILIKE, with the text's own `%`, `_` and `\` taken literally. */

/** An organisation's public facts, as the directory lists them. */
export interface DirectoryRow {
  id: string;
  name: string;
  kind: OrganizationKind;
  district: District;
}

@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(OrganizationEntity);
  }

  findById(id: string): Promise<OrganizationEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<OrganizationEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.createQueryBuilder('o').where('o.id = ANY(:ids)', { ids }).getMany();
  }

  list(f: { kind?: OrganizationKind; district?: District; q?: string; id?: string; skip: number; take: number }) {
    const where: FindOptionsWhere<OrganizationEntity> = {
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.district ? { district: f.district } : {}),
      ...(f.q ? { name: ILike(likeContaining(f.q)) } : {}),
      ...(f.id ? { id: f.id } : {}),
    };
    return this.repo.findAndCount({ where, order: { createdAt: 'ASC' }, skip: f.skip, take: f.take });
  }

  /**
   * The directory: organisations someone can act for (at least one active user), never the platform's own
   * administration; each of `words` in the name. Those whose name has the first word earliest come first, then by
   * name (unique, so pages are stable).
   */
  async directory(f: {
    words: string[];
    kind?: OrganizationKind;
    skip: number;
    take: number;
  }): Promise<[DirectoryRow[], number]> {
    const params: unknown[] = [PLATFORM_ORGANIZATION.name];
    const where = [
      'o.name <> $1',
      'EXISTS (SELECT 1 FROM users u WHERE u.organization_id = o.id AND u.active)',
      ...f.words.map((w) => `o.name ILIKE $${params.push(likeContaining(w))}`),
    ];
    if (f.kind) where.push(`o.kind = $${params.push(f.kind)}`);
    const filter = where.join(' AND ');
    const rowParams = [...params];
    const order = f.words.length ? `strpos(lower(o.name), lower($${rowParams.push(f.words[0])})), o.name` : 'o.name';
    const page = `LIMIT $${rowParams.push(f.take)} OFFSET $${rowParams.push(f.skip)}`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<DirectoryRow[]>(
        `SELECT o.id, o.name, o.kind, o.district FROM organizations o WHERE ${filter} ORDER BY ${order} ${page}`,
        rowParams,
      ),
      this.dataSource.query<Array<{ total: number }>>(
        `SELECT count(*)::int AS total FROM organizations o WHERE ${filter}`,
        params,
      ),
    ]);
    return [rows, total];
  }

  async insert(o: Omit<OrganizationEntity, 'id' | 'createdAt' | 'updatedAt'>): Promise<OrganizationEntity> {
    const saved = await this.repo.save(this.repo.create(o));
    return this.repo.findOneByOrFail({ id: saved.id });
  }

  async update(
    id: string,
    patch: Partial<Omit<OrganizationEntity, 'id' | 'createdAt' | 'updatedAt'>>,
  ): Promise<OrganizationEntity> {
    await this.repo.update({ id }, patch);
    return this.repo.findOneByOrFail({ id });
  }
}
