import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { writeFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../common/redis/redis.module.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

const EVERY_MS = 15_000;

/**
 * The worker has no HTTP port to probe. When WORKER_HEARTBEAT_FILE is set it touches that file every 15 s while
 * PostgreSQL and Redis answer; a container health check tests the file's age.
 */
@Injectable()
export class WorkerHeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHeartbeat');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    const file = this.config.worker.heartbeatFile;
    if (!file) return;
    const beat = async () => {
      try {
        await this.dataSource.query('SELECT 1');
        await this.redis.ping();
        await writeFile(file, new Date().toISOString());
      } catch (err) {
        this.logger.warn({ err }, 'heartbeat skipped: PostgreSQL or Redis did not answer');
      }
    };
    void beat();
    this.timer = setInterval(() => void beat(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
