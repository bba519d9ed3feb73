import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { OutboxService } from './outbox.service.js';

/** One table's clean-up: deletes what is older than `days` and no longer needed; returns how many rows went. */
export type RetentionTask = (days: number) => Promise<number>;

/**
 * Retention: the daily clean-up that keeps the bookkeeping tables from growing for ever. It knows only its own
 * table (the outbox); each feature registers the clean-up of its own tables at start.
 * Runs as the `retention` job of the maintenance queue, once a day, whatever the number of workers.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');
  private readonly tasks = new Map<string, RetentionTask>();

  constructor(
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(table: string, task: RetentionTask): void {
    this.tasks.set(table, task);
  }

  async run(days = this.config.retentionDays): Promise<Record<string, number>> {
    const removed: Record<string, number> = {
      job_outbox: await this.outbox.prune(days),
    };
    for (const [table, task] of this.tasks) removed[table] = await task(days);
    this.logger.log({ days, removed }, 'retention done');
    return removed;
  }
}
