import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Jobs accepted by PostgreSQL before they reach Redis (transactional outbox): a row is written in the same
 * transaction as the change that calls for it, dispatched to BullMQ after commit, and kept until the job completes,
 * so a crash between commit and enqueue, or a Redis that restarts empty, loses nothing.
 */
@Entity({ name: 'job_outbox' })
@Index('ix_job_outbox_pending', ['id'], { where: 'completed_at IS NULL AND failed_at IS NULL' })
@Index('ix_job_outbox_failed', ['failedAt'], { where: 'failed_at IS NOT NULL' })
@Index('ix_job_outbox_completed', ['completedAt'], { where: 'completed_at IS NOT NULL' })
export class JobOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'text' })
  queue: string;

  @Column({ type: 'text' })
  name: string;

  @Index('uq_job_outbox_job_id', { unique: true })
  @Column({ name: 'job_id', type: 'text' })
  jobId: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Set only when the job failed for good (bad data, not an outage): shown to admins, who may retry it. */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  /** The last error, also while a job is still being retried after a transient one. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** How often the relay took the job back out of BullMQ's failed state (a stall, a lost lock) to run it again. */
  @Column({ type: 'integer', default: 0 })
  redrives: number;

  /** Failures that were not outages: the fifth fails the job for good, however many outage retries came first. */
  @Column({ type: 'integer', default: 0 })
  failures: number;

  /** BullMQ's priority, where the job has one (rematch chunks yield to imports in the bulk queue). */
  @Column({ type: 'integer', nullable: true })
  priority: number | null;
}
