import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxService } from './outbox.service.js';

const RELAY_EVERY_MS = 5000;

/**
 * Runs in each worker process. Not a business schedule (those are repeatable jobs): it exists precisely for when
 * Redis has lost jobs, so it cannot itself live in Redis. SKIP LOCKED keeps several workers from sending twice.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly outbox: OutboxService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.outbox
        .relay()
        .catch((err: unknown) => this.logger.warn({ err }, 'relay pass failed'))
        .finally(() => (this.running = null));
    }, RELAY_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
