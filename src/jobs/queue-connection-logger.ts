import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { logConnectionErrors } from './job-runner.js';
import { QUEUES } from './queues.js';

/**
 * Listens for the queues' connection errors from the moment they exist. It depends on the queues alone, so Nest
 * builds it at once; a provider that also waits for PostgreSQL (the outbox) would attach its listener too late, and
 * BullMQ prints an error nobody listens for as a raw stack trace on every reconnection while Redis is down at start.
 */
@Injectable()
export class QueueConnectionLogger {
  private readonly logger = new Logger('Queues');

  constructor(
    @InjectQueue(QUEUES.matching) matching: Queue,
    @InjectQueue(QUEUES.matchingBulk) matchingBulk: Queue,
    @InjectQueue(QUEUES.notifications) notifications: Queue,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
  ) {
    for (const q of [matching, matchingBulk, notifications, maintenance]) {
      logConnectionErrors(q, this.logger, `queue ${q.name}`);
    }
  }
}
