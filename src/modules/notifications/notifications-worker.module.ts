import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { NeedDeadlinesModule } from '../needs/need-deadlines.module.js';
import { DeadlinesService } from './deadlines.service.js';
import { EmailSenderService } from './email-sender.service.js';
import { NotificationsModule } from './notifications.module.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { NotificationsRetention } from './notifications-retention.js';
import { WebhookSenderService } from './webhook-sender.service.js';

/** The notifications worker: webhook deliveries, e-mail and deadlines. Only the worker process imports it. */
@Module({
  imports: [JobsModule, NeedDeadlinesModule, NotificationsModule],
  providers: [
    WebhookSenderService,
    EmailSenderService,
    DeadlinesService,
    NotificationsProcessor,
    NotificationsRetention,
  ],
})
export class NotificationsWorkerModule {}
