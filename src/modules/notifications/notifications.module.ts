import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { NotificationEntity, NotificationEventEntity } from './notification.entity.js';
import { NotificationsService } from './notifications.service.js';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity.js';

/** The notification outbox as both processes use it: recording events (API and worker) and the inbox. */
@Module({
  imports: [
    TypeOrmModule.forFeature([NotificationEventEntity, NotificationEntity, WebhookEntity, WebhookDeliveryEntity]),
    JobsModule,
  ],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
