import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { NeedKind, NeedStatus } from '../../common/domain/vocabulary.js';
import {
  applyListingFilters,
  insertListings,
  orderListings,
  updateListing,
  keysetPage,
  type ListingCursor,
  type ListingFilter,
} from '../../common/listing/listing-repository.js';
import { NeedEntity } from './need.entity.js';

export interface NeedFilter extends ListingFilter {
  /** Members see public needs and their own organisation's restricted ones; coordinators (null) see all. */
  viewerOrganizationId: string | null;
  status?: NeedStatus;
  kind?: NeedKind;
  skip: number;
  take: number;
}

export type NewNeed = Omit<
  NeedEntity,
  'id' | 'createdAt' | 'updatedAt' | 'organization' | 'deadlineNotifiedAt' | 'deadlineNotifiedFor'
>;

@Injectable()
export class NeedsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<NeedEntity | null> {
    return manager.getRepository(NeedEntity).findOneBy({ id });
  }

  list(f: NeedFilter): Promise<[NeedEntity[], number]> {
    return orderListings(applyListingFilters(this.visibleTo(f.viewerOrganizationId), f), f)
      .skip(f.skip)
      .take(f.take)
      .getManyAndCount();
  }

  /** Every need `list` shows the viewer, a page at a time after `after`, in the same order (for exports). */
  pageAfter(
    viewerOrganizationId: string | null,
    after: ListingCursor | null,
    take: number,
  ): Promise<Array<{ row: NeedEntity; cursor: ListingCursor }>> {
    return keysetPage(this.visibleTo(viewerOrganizationId), after, take);
  }

  /** Members see public needs and their own organisation's restricted ones; coordinators (null) see all. */
  private visibleTo(viewerOrganizationId: string | null): SelectQueryBuilder<NeedEntity> {
    const qb = this.dataSource.getRepository(NeedEntity).createQueryBuilder('a');
    if (viewerOrganizationId) {
      qb.andWhere(
        new Brackets((w) =>
          w.where(`a.visibility = 'public'`).orWhere('a.organization_id = :viewer', { viewer: viewerOrganizationId }),
        ),
      );
    }
    return qb;
  }

  insertMany(manager: EntityManager, rows: NewNeed[]): Promise<NeedEntity[]> {
    return insertListings(manager, NeedEntity, rows);
  }

  update(manager: EntityManager, id: string, patch: Partial<NewNeed>): Promise<NeedEntity> {
    return updateListing<NeedEntity>(manager, NeedEntity, id, patch);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(NeedEntity).delete({ id });
  }
}
