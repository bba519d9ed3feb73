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
  UpdateDateColumn,
} from 'typeorm';

/** One criterion's score on a sheet: 1–5 with a comment. */
export interface CriterionScore {
  score: number;
  comment: string;
}

/** A reviewer's scores of one application; final once submitted. */
@Entity({ name: 'challenge_review_sheets' })
@Unique('uq_challenge_review_sheets_application_reviewer', ['applicationId', 'reviewerId'])
@Check('ck_challenge_review_sheets_submitted', `"submitted_at" IS NULL OR "weighted" IS NOT NULL`)
@Index('ix_challenge_review_sheets_reviewer', ['reviewerId'])
@Index('ix_challenge_review_sheets_challenge', ['challengeId'])
export class ChallengeReviewSheetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_challenge_review_sheets' })
  id: string;

  @Column({ name: 'challenge_id', type: 'uuid' })
  challengeId: string;

  @ManyToOne('ChallengeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_challenge_review_sheets_challenge' })
  challenge?: unknown;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne('ChallengeApplicationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_challenge_review_sheets_application' })
  application?: unknown;

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId: string;

  @ManyToOne('UserEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'reviewer_id', foreignKeyConstraintName: 'fk_challenge_review_sheets_reviewer' })
  reviewer?: unknown;

  /** `{criterion: {score 1–5, comment}}` over the challenge's criteria. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  scores: Record<string, CriterionScore>;

  /** Σ score × weight / 100 over the challenge's criteria weights (1–5); null until every criterion is scored. */
  @Column({ type: 'double precision', nullable: true })
  weighted: number | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
