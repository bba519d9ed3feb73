import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { RetentionService } from '../../jobs/retention.service.js';
import { RematchRunsService } from './rematch-runs.service.js';

const EVERY_MS = 30_000;

/**
 * In each worker: brings rematch runs in line with their chunks and jobs every 30 s (RematchRunsService.reconcile),
 * so that a run always ends `completed` or `failed` with a reason. Like the outbox relay it repairs what Redis or a
 * crash may have lost, so it cannot itself be a job in Redis.
 */
@Injectable()
export class RematchWatchdogService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RematchWatchdog');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly rematches: RematchRunsService,
    private readonly retention: RetentionService,
  ) {}

  onModuleInit(): void {
    this.retention.register('rematch_chunks', (days) => this.rematches.pruneChunks(days));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const r = await this.rematches.reconcile();
      if (r.completed || r.failed || r.requeued || r.revived) this.logger.log(r, 'rematch runs reconciled');
    } catch (err) {
      this.logger.warn({ err: String(err) }, 'rematch reconciliation skipped (PostgreSQL away?)');
    } finally {
      this.running = false;
    }
  }
}
