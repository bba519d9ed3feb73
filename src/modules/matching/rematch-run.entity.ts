import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

export const REMATCH_STATES = ['waiting', 'active', 'completed', 'failed'] as const;
export type RematchState = (typeof REMATCH_STATES)[number];

export type RematchScope = { scope: 'all' } | { needIds: string[] } | { capabilityIds: string[] };

/** A rematch, split into chunks; PostgreSQL keeps its progress so that it survives workers and Redis. */
@Entity({ name: 'rematch_runs' })
// One `all` rematch waits or runs at a time: a partial unique index on an expression, made by the migration.
@Index('uq_rematch_runs_one_all', { synchronize: false })
export class RematchRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'jsonb' })
  scope: RematchScope;

  @Column({ type: 'enum', enum: REMATCH_STATES, enumName: 'rematch_state', default: 'waiting' })
  state: RematchState;

  @Column({ name: 'total_chunks', type: 'integer', nullable: true })
  totalChunks: number | null;

  @Column({ name: 'done_chunks', type: 'integer', default: 0 })
  doneChunks: number;

  /** Needs or capabilities the rematch covers. */
  @Column({ type: 'integer', default: 0 })
  items: number;

  /** Suggestions written. */
  @Column({ type: 'integer', default: 0 })
  suggestions: number;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Last progress (a chunk done, the split): the watchdog tells a stuck run from a slow one by it. */
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity({ name: 'rematch_chunks' })
export class RematchChunkEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId: string;

  @ManyToOne(() => RematchRunEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'fk_rematch_chunks_run' })
  run?: unknown;

  @PrimaryColumn({ name: 'chunk_no', type: 'integer' })
  chunkNo: number;

  @Column({ type: 'text' })
  kind: 'needs' | 'capabilities';

  @Column({ name: 'item_ids', type: 'uuid', array: true })
  itemIds: string[];

  /** How many times a worker started it, and which worker finished it: a chunk is done once. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'done_by', type: 'text', nullable: true })
  doneBy: string | null;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;
}
