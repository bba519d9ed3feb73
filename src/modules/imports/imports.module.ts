import { Module } from '@nestjs/common';
import { CapabilitiesModule } from '../capabilities/capabilities.module.js';
import { NeedsModule } from '../needs/needs.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { ExportsService } from './exports.service.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';

@Module({
  imports: [NeedsModule, CapabilitiesModule, OrganizationsModule],
  controllers: [ImportsController],
  providers: [ImportsService, ExportsService],
})
export class ImportsModule {}
