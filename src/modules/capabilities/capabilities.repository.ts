import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { CapabilityKind, CapabilityStatus } from '../../common/domain/vocabulary.js';
import {
  applyListingFilters,
  insertListings,
  orderListings,
  updateListing,
  keysetPage,
  type ListingCursor,
  type ListingFilter,
} from '../../common/listing/listing-repository.js';
import { CapabilityEntity } from './capability.entity.js';

export interface CapabilityFilter extends ListingFilter {
  status?: CapabilityStatus;
  kind?: CapabilityKind;
  skip: number;
  take: number;
}

export type NewCapability = Omit<CapabilityEntity, 'id' | 'createdAt' | 'updatedAt' | 'organization'>;

@Injectable()
export class CapabilitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<CapabilityEntity | null> {
    return manager.getRepository(CapabilityEntity).findOneBy({ id });
  }

  /** The active ones among these capabilities (withdrawn and deleted ones are left out), in no particular order. */
  findActiveByIds(ids: string[]): Promise<CapabilityEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.getRepository(CapabilityEntity).findBy({ id: In(ids), status: 'active' });
  }

  countActive(ids: string[]): Promise<number> {
    if (!ids.length) return Promise.resolve(0);
    return this.dataSource.getRepository(CapabilityEntity).countBy({ id: In(ids), status: 'active' });
  }

  /** When the catalogue last changed: the latest create, edit or withdrawal of a capability (null: none yet). */
  async lastChangedAt(): Promise<Date | null> {
    const [row] = await this.dataSource.query<Array<{ at: Date | null }>>(
      `SELECT max(updated_at) AS at FROM capabilities`,
    );
    return row?.at ?? null;
  }

  list(f: CapabilityFilter): Promise<[CapabilityEntity[], number]> {
    return orderListings(
      applyListingFilters(this.dataSource.getRepository(CapabilityEntity).createQueryBuilder('a'), f),
      f,
    )
      .skip(f.skip)
      .take(f.take)
      .getManyAndCount();
  }

  /** Every capability, as `list` orders them, a page at a time after `after` (for exports). */
  pageAfter(
    after: ListingCursor | null,
    take: number,
  ): Promise<Array<{ row: CapabilityEntity; cursor: ListingCursor }>> {
    return keysetPage(this.dataSource.getRepository(CapabilityEntity).createQueryBuilder('a'), after, take);
  }

  insertMany(manager: EntityManager, rows: NewCapability[]): Promise<CapabilityEntity[]> {
    return insertListings(manager, CapabilityEntity, rows);
  }

  update(manager: EntityManager, id: string, patch: Partial<NewCapability>): Promise<CapabilityEntity> {
    return updateListing<CapabilityEntity>(manager, CapabilityEntity, id, patch);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(CapabilityEntity).delete({ id });
  }
}
