import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ListingChangesModule } from '../listings/listing-changes.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { TaxonomiesModule } from '../taxonomies/taxonomies.module.js';
import { CapabilityEntity } from './capability.entity.js';
import { CapabilitiesController } from './capabilities.controller.js';
import { CapabilitiesRepository } from './capabilities.repository.js';
import { CapabilitiesService } from './capabilities.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CapabilityEntity]), OrganizationsModule, TaxonomiesModule, ListingChangesModule],
  controllers: [CapabilitiesController],
  providers: [CapabilitiesService, CapabilitiesRepository],
  exports: [CapabilitiesRepository, CapabilitiesService],
})
export class CapabilitiesModule {}
