import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.module.js';
import { TooManyRequests } from '../rate-limit/rate-limit.js';

const KEY = 'techmatch:upload:';
/** How long a slot outlives a process that died holding it (an upload of 20 MB takes far less). */
const SLOT_TTL_MS = 10 * 60_000;
/** What a refused caller is told to wait. */
export const UPLOAD_RETRY_AFTER_SECONDS = 5;

/**
 * One file upload (a challenge attachment, a testing report) at a time per user, across the API processes: a slot in Redis (SET NX with a time to live,
 * released by its owner only), and in this process a set of the users uploading (which also holds when Redis is
 * away: then each process still lets a user upload one file at a time). A second upload meanwhile: 429 with
 * Retry-After. Uploads stream to disk (PdfUploads), so memory does not limit how many users upload at once.
 */
@Injectable()
export class UploadSlots {
  private readonly logger = new Logger('UploadSlots');
  private readonly local = new Set<string>();

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Takes the user's slot (429 when taken); returns its release, to call once the upload is over. */
  async acquire(userId: string): Promise<() => void> {
    if (this.local.has(userId)) throw busy();
    this.local.add(userId);
    const token = randomUUID();
    let shared = false;
    try {
      shared = (await this.redis.set(KEY + userId, token, 'PX', SLOT_TTL_MS, 'NX')) === 'OK';
      if (!shared) {
        this.local.delete(userId);
        throw busy();
      }
    } catch (err) {
      if (err instanceof TooManyRequests) throw err;
      // Redis away: this process's own slot still holds.
      this.logger.warn({ err: (err as Error).message }, 'upload slot: Redis unavailable, per-process slot only');
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.local.delete(userId);
      if (shared) {
        this.redis
          .eval(
            `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`,
            1,
            KEY + userId,
            token,
          )
          .catch(() => undefined);
      }
    };
  }
}

function busy(): TooManyRequests {
  return new TooManyRequests(
    `您已有一个文件正在上传，请等它完成后再传（${UPLOAD_RETRY_AFTER_SECONDS} 秒后重试）/ you already have an upload in ` +
      `progress: wait for it to finish (retry after ${UPLOAD_RETRY_AFTER_SECONDS} s)`,
    UPLOAD_RETRY_AFTER_SECONDS,
  );
}
