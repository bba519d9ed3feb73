import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

export const RANKER_MODEL_STATUSES = ['active', 'candidate', 'retired', 'rejected'] as const;
export type RankerModelStatus = (typeof RANKER_MODEL_STATUSES)[number];

/**
 * A version of the re-ranker: the shipped one (fitted on the judged set) or one learned from this install's
 * decisions. Exactly one is active; an admin can make an earlier one active again.
 */
@Entity({ name: 'ranker_models' })
@Unique('uq_ranker_models_version', ['version'])
@Check('ck_ranker_models_status', `"status" IN ('active', 'candidate', 'retired', 'rejected')`)
@Index('uq_ranker_models_active', { synchronize: false })
export class RankerModelEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ranker_models' })
  id: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'text' })
  status: RankerModelStatus;

  /** The model itself (ranker.ts RankerModel). */
  @Column({ type: 'jsonb' })
  model: unknown;

  /** Held-out figures it was judged by when trained (and those of the model it was compared with). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  metrics: Record<string, unknown>;

  /** How many coordinator decisions it was trained on. */
  @Column({ type: 'integer', default: 0 })
  decisions: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ name: 'activated_by', type: 'uuid', nullable: true })
  activatedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'activated_by', foreignKeyConstraintName: 'fk_ranker_models_activated_by' })
  activator?: unknown;
}
