import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ILike, type FindOptionsWhere } from 'typeorm';
import { OrganizationEntity } from './organization.entity.js';
import type { OrganizationKind, District } from '../../common/domain/vocabulary.js';

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
      ...(f.q ? { name: ILike(`%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) } : {}),
      ...(f.id ? { id: f.id } : {}),
    };
    return this.repo.findAndCount({ where, order: { createdAt: 'ASC' }, skip: f.skip, take: f.take });
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
