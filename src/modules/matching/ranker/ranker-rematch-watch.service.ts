import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RankerService } from './ranker.service.js';

const EVERY_MS = 30_000;

/**
 * In each worker: when the active model changed and suggestions made before it have not been re-scored (the rematch
 * asked for at the change was refused because one was under way, or PostgreSQL or Redis was away then, or a new
 * release's model became active at start), asks for a rematch of everything. State lives in PostgreSQL only (when
 * the model was activated, when rematches were asked for), so it survives crashes and an emptied Redis; several
 * workers asking at once make one rematch (one of everything at a time).
 */
@Injectable()
export class RankerRematchWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RankerRematchWatch');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly ranker: RankerService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      if (!(await this.ranker.rematchOwed())) return;
      const jobId = await this.ranker.rematchEverything(null);
      if (jobId) this.logger.log({ jobId }, 'suggestions are re-scored by the active model');
    } catch (err) {
      this.logger.warn({ err: String(err) }, 'rematch check skipped (PostgreSQL away?)');
    } finally {
      this.running = false;
    }
  }
}
