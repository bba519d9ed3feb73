import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Fixed-window counters (sign-in failures, exports, imports, rematches per user). In PostgreSQL, so a Redis restart
 * or FLUSHALL does not reset them, and every API process shares them.
 */
@Entity({ name: 'rate_counters' })
export class RateCounterEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_rate_counters' })
  key: string;

  @Column({ type: 'integer', default: 0 })
  count: number;

  @Column({ name: 'window_started_at', type: 'timestamptz', default: () => 'now()' })
  windowStartedAt: Date;

  @Index('ix_rate_counters_expires')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** For spaced-out attempts: the earliest time the next one is allowed. */
  @Column({ name: 'next_allowed_at', type: 'timestamptz', nullable: true })
  nextAllowedAt: Date | null;
}
