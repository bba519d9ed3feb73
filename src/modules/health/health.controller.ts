import { Controller, Get, Inject, Logger } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-errors.js';
import { ErrorBody } from '../../common/errors/error-body.js';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../../common/errors/http-exception.filter.js';
import { REDIS } from '../../common/redis/redis.module.js';
import { Public } from '../auth/auth.decorators.js';

const TIMEOUT_MS = 1500;
const logger = new Logger('Health');

type Check = { status: 'up' } | { status: 'down' };

/** Up or down; why it is down goes to the log only (the check is public: no addresses or user names in it). */
async function probe(what: string, work: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    logger.warn({ service: what, err: err instanceof Error ? err.message : String(err) }, 'readiness: service down');
    return { status: 'down' };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health 运行状态')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @ApiOperation({ summary: '存活检查 / Liveness', description: 'The process answers; checks nothing else.' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: '就绪检查 / Readiness',
    description:
      'PostgreSQL and Redis both answer within 1.5 s. Otherwise 503 with Retry-After, naming the service that is down ' +
      'in the message and in `details` (`{postgres: {status}, redis: {status}}`; the reason goes to the log only).',
  })
  @ApiOkResponse({
    schema: { example: { status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } } },
  })
  @ApiServiceUnavailableResponse({ type: ErrorBody, description: 'PostgreSQL or Redis is down; the body says which' })
  async ready(): Promise<{ status: 'ok'; info: Record<string, Check> }> {
    const [postgres, redis] = await Promise.all([
      probe('postgres', () => this.dataSource.query('SELECT 1')),
      probe('redis', async () => {
        if ((await this.redis.ping()) !== 'PONG') throw new Error('unexpected reply');
      }),
    ]);
    const info = { postgres, redis };
    const down = Object.entries(info)
      .filter(([, c]) => c.status === 'down')
      .map(([name]) => (name === 'postgres' ? 'PostgreSQL' : 'Redis'));
    if (down.length) {
      const err = new AppError(503, `${down.join('、')} 不可用 / ${down.join(' and ')} down`, info);
      (err as AppError & { headers?: Record<string, string> }).headers = {
        'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS),
      };
      throw err;
    }
    return { status: 'ok', info };
  }
}
