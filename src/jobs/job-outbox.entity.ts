import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Jobs accepted by PostgreSQL before they reach Redis (transactional outbox): a row is written in the same
 * transaction as the change that calls for it, dispatched to BullMQ after commit, and kept until the job completes,
 * so a crash between commit and enqueue, or a Redis that restarts empty, loses nothing.
 */
@Entity({ name: 'job_outbox' })
@Index('ix_job_outbox_pending', ['id'], { where: 'completed_at IS NULL AND failed_at IS NULL' })
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

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
