import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export const CONFLICT_SOURCES = ['declared', 'same_organization'] as const;
export type ConflictSource = (typeof CONFLICT_SOURCES)[number];

/**
 * A reviewer kept away from an application: declared by the reviewer, or found because the reviewer's organisation
 * is in the application's consortium (also checked live, for applications and memberships that came later).
 */
@Entity({ name: 'challenge_conflicts' })
@Check('ck_challenge_conflicts_source', `"source" IN ('declared', 'same_organization')`)
@Index('ix_challenge_conflicts_challenge', ['challengeId', 'userId'])
export class ChallengeConflictEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid', primaryKeyConstraintName: 'pk_challenge_conflicts' })
  applicationId: string;

  @ManyToOne('ChallengeApplicationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_challenge_conflicts_application' })
  application?: unknown;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_challenge_conflicts' })
  userId: string;

  @ManyToOne('UserEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_challenge_conflicts_user' })
  user?: unknown;

  @Column({ name: 'challenge_id', type: 'uuid' })
  challengeId: string;

  @ManyToOne('ChallengeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_challenge_conflicts_challenge' })
  challenge?: unknown;

  @Column({ type: 'text' })
  source: ConflictSource;

  @Column({ type: 'text' })
  reason: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
