import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxService } from './outbox.service.js';
import { ALL_QUEUES } from './queues.js';
import { whenRedisReturns } from './schedules.js';

const RELAY_EVERY_MS = 5000;
/** A job is left to its dispatcher this long before the relay sends it itself. */
const GRACE_SECONDS = 30;
const SHUTDOWN_WAIT_MS = 5000;

/**
 * Runs in each worker process. Not a business schedule (those are repeatable jobs): it exists precisely for when
 * Redis has lost jobs, so it cannot itself live in Redis. SKIP LOCKED keeps several workers from sending twice.
 * When a Redis connection comes back (Redis restarted, perhaps empty), the next pass looks at every unfinished job
 * at once instead of waiting out the grace period: recovery takes seconds, not minutes.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private urgent = false;
  private stopped = false;

  constructor(private readonly outbox: OutboxService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.pass(), RELAY_EVERY_MS);
    this.timer.unref();
    for (const name of ALL_QUEUES) {
      whenRedisReturns(this.outbox.queue(name), () => {
        this.urgent = true;
        this.logger.log({ queue: name }, 'Redis is back: checking every unfinished job');
        this.pass();
      });
    }
  }

  private pass(): void {
    if (this.running || this.stopped) return;
    const grace = this.urgent ? 0 : GRACE_SECONDS;
    this.urgent = false;
    this.running = this.drain(grace)
      .catch((err: unknown) => {
        if (grace === 0) this.urgent = true;
        this.logger.warn({ err: String(err) }, 'relay pass failed; trying again');
      })
      .finally(() => (this.running = null));
  }

  /** One pass over every unfinished job old enough, a thousand at a time. */
  private async drain(grace: number): Promise<void> {
    for (;;) {
      const o = await this.outbox.relay(grace, 1000);
      if (this.stopped || o.sent + o.redriven + o.completed + o.failed < 1000) return;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    // A pass stuck on an unreachable Redis must not hold the shutdown: its rows are leased and retried later.
    await Promise.race([this.running, new Promise((r) => setTimeout(r, SHUTDOWN_WAIT_MS).unref())]);
  }
}
