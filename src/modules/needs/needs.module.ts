import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ListingChangesModule } from '../listings/listing-changes.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { TaxonomiesModule } from '../taxonomies/taxonomies.module.js';
import { NeedEntity } from './need.entity.js';
import { NeedsController } from './needs.controller.js';
import { NeedsRepository } from './needs.repository.js';
import { NeedsService } from './needs.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([NeedEntity]), OrganizationsModule, TaxonomiesModule, ListingChangesModule],
  controllers: [NeedsController],
  providers: [NeedsService, NeedsRepository],
  exports: [NeedsRepository, NeedsService],
})
export class NeedsModule {}
