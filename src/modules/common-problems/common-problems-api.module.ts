import { Module } from '@nestjs/common';
import { CommonProblemsController } from './common-problems.controller.js';
import { CommonProblemsModule } from './common-problems.module.js';

/** The API's side of common problems: `/api/v1/common-problems`. */
@Module({
  imports: [CommonProblemsModule],
  controllers: [CommonProblemsController],
})
export class CommonProblemsApiModule {}
