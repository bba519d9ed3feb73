import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { notFound } from '../../common/errors/app-errors.js';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { pageOf, skipTake } from '../../common/pagination/pagination.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import { MinRole } from '../auth/auth.decorators.js';
import { JobPage, JobRetried, JobsQuery, type JobStateFilter, type JobView } from './dto/jobs.dto.js';

const JOB_ID = /^[A-Za-z0-9_.-]{1,200}$/;

@ApiTags('operations 运维')
@ApiBearerAuth()
@MinRole('admin')
@Controller('admin/jobs')
export class OperationsController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @ApiOperation({
    summary: '后台任务 / Background jobs that did not finish',
    description:
      'Admins. Jobs that failed for good (bad data or a bug: they are not retried by themselves) are told apart from ' +
      'jobs retried by themselves because PostgreSQL or Redis was away. Failed first by default.',
  })
  @ApiOkResponse({ type: JobPage })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: JobsQuery): Promise<JobPage> {
    const state: JobStateFilter = q.state ?? 'failed';
    const { rows, total } = await this.outbox.unfinished(state, skipTake(q).skip, skipTake(q).take);
    const items: JobView[] = rows.map((r) => ({
      jobId: r.job_id,
      queue: r.queue,
      name: r.name,
      state: r.failed_at ? 'failed' : r.error ? 'retrying' : 'pending',
      error: r.error,
      redrives: r.redrives,
      data: r.data,
      createdAt: r.created_at,
      failedAt: r.failed_at,
    }));
    return pageOf(items, total, q);
  }

  @Post(':jobId/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: '重试失败的任务 / Retry a job that failed for good',
    description: 'Admins, once what it tripped on is fixed: the job is queued afresh (same id, so it runs once).',
  })
  @ApiAcceptedResponse({ type: JobRetried })
  @ApiErrors(401, 403, 404)
  async retry(@Param('jobId') jobId: string): Promise<JobRetried> {
    if (!JOB_ID.test(jobId) || !(await this.outbox.retryFailed(jobId))) throw notFound('失败的任务 / failed job');
    return { jobId, state: 'pending' };
  }
}
