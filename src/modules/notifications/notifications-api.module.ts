import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsModule } from './notifications.module.js';
import { WebhooksService } from './webhooks.service.js';

/** The API's side of notifications: the inbox and organisations' webhooks. */
@Module({
  imports: [JobsModule, NotificationsModule],
  controllers: [NotificationsController],
  providers: [WebhooksService],
})
export class NotificationsApiModule {}
