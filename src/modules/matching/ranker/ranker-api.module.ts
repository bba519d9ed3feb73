import { Module } from '@nestjs/common';
import { JobsModule } from '../../../jobs/jobs.module.js';
import { RankerAdminService } from './ranker-admin.service.js';
import { RankerController } from './ranker.controller.js';
import { RankerModule } from './ranker.module.js';

/** Admins' routes of the re-ranker (the API process). */
@Module({
  imports: [JobsModule, RankerModule],
  controllers: [RankerController],
  providers: [RankerAdminService],
})
export class RankerApiModule {}
