import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** An objection to the intended winners filed during the public notice (公示异议); each is resolved before the award. */
@Entity({ name: 'challenge_objections' })
@Check('ck_challenge_objections_status', `"status" IN ('open', 'upheld', 'dismissed')`)
@Check('ck_challenge_objections_resolved', `("status" = 'open') = ("resolved_at" IS NULL)`)
@Index('ix_challenge_objections_challenge', ['challengeId', 'status'])
export class ChallengeObjectionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_challenge_objections' })
  id: string;

  @Column({ name: 'challenge_id', type: 'uuid' })
  challengeId: string;

  @ManyToOne('ChallengeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_challenge_objections_challenge' })
  challenge?: unknown;

  /** The intended winner objected to; null: the notice as a whole. */
  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId: string | null;

  @ManyToOne('ChallengeApplicationEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_challenge_objections_application' })
  application?: unknown;

  @Column({ name: 'filed_by', type: 'uuid', nullable: true })
  filedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'filed_by', foreignKeyConstraintName: 'fk_challenge_objections_filed_by' })
  filer?: unknown;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', default: 'open' })
  status: ObjectionStatus;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'resolved_by', foreignKeyConstraintName: 'fk_challenge_objections_resolved_by' })
  resolver?: unknown;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
