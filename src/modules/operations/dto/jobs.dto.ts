import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';

export const JOB_STATES = ['failed', 'retrying', 'pending'] as const;
export type JobStateFilter = (typeof JOB_STATES)[number];

export class JobsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: JOB_STATES,
    default: 'failed',
    description:
      '`failed`: failed for good (bad data, a bug; retry once fixed). `retrying`: failed for a passing reason ' +
      '(PostgreSQL or Redis away) and retried by itself. `pending`: every unfinished job.',
  })
  @IsOptional()
  @IsIn(JOB_STATES, {
    message: `state 应为 ${JOB_STATES.join(', ')} 之一 / state must be one of ${JOB_STATES.join(', ')}`,
  })
  state?: JobStateFilter;
}

export class JobView {
  @ApiProperty({ example: 'need-1042' })
  jobId: string;
  @ApiProperty({ example: 'matching' })
  queue: string;
  @ApiProperty({ example: 'need-changed' })
  name: string;
  @ApiProperty({ enum: JOB_STATES, example: 'failed' })
  state: JobStateFilter;
  @ApiProperty({ nullable: true, type: String, example: 'UnrecoverableError: malformed need-changed payload' })
  error: string | null;
  @ApiProperty({ example: 0, description: 'Times it was taken back after its worker died' })
  redrives: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { ids: ['3d1f0c4e-8a2b-4c6d-9e1f-2a3b4c5d6e7f'], op: 'upsert', seq: 1042 },
  })
  data: Record<string, unknown>;
  @ApiProperty()
  createdAt: Date;
  @ApiProperty({ nullable: true, type: Date })
  failedAt: Date | null;
}

export class JobPage extends PageMeta {
  @ApiProperty({ type: [JobView] })
  items: JobView[];
}

export class JobRetried {
  @ApiProperty({ example: 'need-1042' })
  jobId: string;
  @ApiProperty({ example: 'pending' })
  state: 'pending';
}
