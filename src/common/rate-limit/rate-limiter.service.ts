import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updateReturning } from '../../database/query.js';

export interface Hit {
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the window ends. */
  resetInSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL. One statement counts and reads, so parallel requests cannot slip past a
 * limit between a read and a write; every API process shares them, and Redis losing its keys resets nothing.
 */
@Injectable()
export class RateLimiterService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts one hit on `key`; a window of `windowSeconds` starts with the first hit after the last one ended. */
  async hit(key: string, windowSeconds: number, by = 1): Promise<Hit> {
    const [row] = await this.dataSource.query<Array<{ count: number; reset: number }>>(
      `INSERT INTO rate_counters AS r (key, count, window_started_at, expires_at)
       VALUES ($1, $3, now(), now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN r.expires_at <= now() THEN $3 ELSE r.count + $3 END,
         window_started_at = CASE WHEN r.expires_at <= now() THEN now() ELSE r.window_started_at END,
         expires_at = CASE WHEN r.expires_at <= now() THEN now() + make_interval(secs => $2) ELSE r.expires_at END,
         next_allowed_at = CASE WHEN r.expires_at <= now() THEN NULL ELSE r.next_allowed_at END
       RETURNING count, ceil(extract(epoch FROM expires_at - now()))::int AS reset`,
      [key, windowSeconds, by],
    );
    return { count: row.count, resetInSeconds: Math.max(1, row.reset) };
  }

  /** Takes back `by` hits (an attempt that turned out not to count), never below zero. */
  async undo(key: string, by = 1): Promise<void> {
    await this.dataSource.query(`UPDATE rate_counters SET count = greatest(count - $2, 0) WHERE key = $1`, [key, by]);
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_counters WHERE key = $1`, [key]);
  }

  /**
   * Claims the next spaced-out slot of `key`: succeeds (null) when the slot is free and moves it `spacingSeconds`
   * ahead; otherwise returns the seconds to wait. Atomic: of parallel callers, one gets the slot.
   */
  async claimSlot(key: string, spacingSeconds: number): Promise<number | null> {
    const taken = await updateReturning<{ ok: number }>(
      this.dataSource,
      `UPDATE rate_counters SET next_allowed_at = now() + make_interval(secs => $2)
        WHERE key = $1 AND (next_allowed_at IS NULL OR next_allowed_at <= now()) RETURNING 1 AS ok`,
      [key, spacingSeconds],
    );
    if (taken.length) return null;
    const rows = await this.dataSource.query<Array<{ wait: number }>>(
      `SELECT ceil(extract(epoch FROM next_allowed_at - now()))::int AS wait FROM rate_counters WHERE key = $1`,
      [key],
    );
    return Math.max(1, rows[0]?.wait ?? 1);
  }
}
