import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deleteInBatches } from '../../database/query.js';
import { RetentionService } from '../../jobs/retention.service.js';

/** How long an unread inbox message is kept (or the retention period, if that is longer): after a year it is not news. */
const UNREAD_KEPT_DAYS = 365;

/**
 * The daily clean-up of notifications: finished webhook deliveries older than the retention period, and events
 * older than it once every inbox copy was read and every delivery finished. An unread message stays for a year,
 * so the inboxes of people who never sign in again do not grow for ever.
 */
@Injectable()
export class NotificationsRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.retention.register('webhook_deliveries', (days) =>
      deleteInBatches(
        this.dataSource,
        'webhook_deliveries',
        `status <> 'pending' AND updated_at < now() - make_interval(days => $1)`,
        [days],
      ),
    );
    this.retention.register('notification_events', (days) =>
      deleteInBatches(
        this.dataSource,
        'notification_events',
        `created_at < now() - make_interval(days => $1)
         AND (created_at < now() - make_interval(days => $2) OR NOT EXISTS (
               SELECT 1 FROM notifications n WHERE n.event_id = notification_events.id AND n.read_at IS NULL))
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                          WHERE d.event_id = notification_events.id AND d.status = 'pending')`,
        [days, Math.max(days, UNREAD_KEPT_DAYS)],
      ),
    );
  }
}
