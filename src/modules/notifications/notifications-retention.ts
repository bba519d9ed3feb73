import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deleteInBatches } from '../../database/query.js';
import { RetentionService } from '../../jobs/retention.service.js';

/**
 * The daily clean-up of notifications: finished webhook deliveries older than the retention period, and events
 * older than it once every inbox copy was read and every delivery finished (an unread message stays until read).
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
         AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.event_id = notification_events.id AND n.read_at IS NULL)
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                          WHERE d.event_id = notification_events.id AND d.status = 'pending')`,
        [days],
      ),
    );
  }
}
