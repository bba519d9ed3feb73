import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { HttpStatus, type ArgumentsHost, type INestApplication } from '@nestjs/common';
import type { Redis } from 'ioredis';
import ejs from 'ejs';
import type { Express, NextFunction, Request, Response } from 'express';
import { AppError } from '../../common/errors/app-errors.js';
import {
  HttpExceptionFilter,
  OUTAGE_MESSAGES,
  OUTAGE_RETRY_AFTER_SECONDS,
} from '../../common/errors/http-exception.filter.js';
import { REDIS } from '../../common/redis/redis.module.js';
import { outageOf } from '../../common/errors/infra-errors.js';
import { ALL_QUEUES } from '../../jobs/queues.js';
import { OutboxService } from '../../jobs/outbox.service.js';
import { hasRole } from '../auth/auth-user.js';
import { AuthGuard, lacksRole } from '../auth/auth.guard.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board's page as our Content-Security-Policy allows it: the web fonts it would fetch from Google are left out
 * (the system's fonts serve; nothing is loaded from another origin).
 */
export function hardenBoardPage(html: string): string {
  return html.replace(/<link[^>]+fonts\.googleapis\.com[^>]*>/g, '');
}

/**
 * Bull Board at /admin/queues, for admins (session cookie or bearer token, like the API): every queue with its
 * jobs, failed ones with their error and data, retried from there. Mounted on the API's Express instance, outside
 * /api/v1.
 */
export function mountQueueBoard(app: INestApplication): void {
  const outbox = app.get(OutboxService);
  const redis = app.get<symbol, Redis>(REDIS);
  const guard = app.get(AuthGuard);
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((q) => new BullMQAdapter(outbox.queue(q), { allowRetries: true })),
    serverAdapter: board,
    options: {
      uiConfig: {
        boardTitle: '后台任务队列 Queues',
        locale: { lng: 'zh-CN' },
        hideDocsLink: true,
        miscLinks: [{ text: '返回控制台 / Console', url: '/admin/jobs' }],
      },
    },
  });
  const router = board.getRouter() as Express;
  router.engine('ejs', (file: string, options: object, done: (err: unknown, html?: string) => void) => {
    ejs.renderFile(file, options, (err, html) => done(err, err ? undefined : hardenBoardPage(html)));
  });
  // The board's own API answers an outage as the service does (503, which service), not with a bare 500.
  // (Bull Board's type lists the statuses it uses itself; Express sends any.)
  board.setErrorHandler((err: Error) => {
    const service = outageOf(err);
    return service
      ? {
          status: 503 as 500,
          body: { statusCode: 503, error: 'Service Unavailable', message: OUTAGE_MESSAGES[service] },
        }
      : {
          status: 500,
          body: { statusCode: 500, error: 'Internal Server Error', message: '内部错误 / internal error' },
        };
  });
  const errors = new HttpExceptionFilter();
  const hostOf = (req: Request, res: Response) =>
    ({ switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) }) as unknown as ArgumentsHost;
  const adminsOnly = (req: Request, res: Response, next: NextFunction) => {
    guard
      .authenticate(req)
      .then((user) => {
        if (!hasRole(user, 'admin')) throw lacksRole('admin');
        // The board's reads wait on Redis for as long as it is away: say so at once instead (the page itself
        // needs no Redis, and shows this answer).
        if (req.path.startsWith('/api/') && redis.status !== 'ready') {
          res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
          throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, OUTAGE_MESSAGES.redis, { service: 'redis' });
        }
        next();
      })
      .catch((err: unknown) => errors.catch(err, hostOf(req, res)));
  };
  app.use(QUEUE_BOARD_PATH, adminsOnly, router);
}
