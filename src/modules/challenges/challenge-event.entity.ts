import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What happened to a challenge, one row per step (the audit trail): status changes, applications, attachments,
 * invitations, and the review, notice, award, milestone and ledger steps (challenge-reviews). `actor_id` null: the
 * system (a job).
 */
export const CHALLENGE_EVENT_KINDS = [
  'status',
  'edit',
  'application',
  'attachment',
  'membership',
  'invitation',
  'panel',
  'conflict',
  'score',
  'shortlist',
  'objection',
  'award',
  'milestone',
  'ledger',
] as const;
export type ChallengeEventKind = (typeof CHALLENGE_EVENT_KINDS)[number];

/**
 * Kinds the issuer may read (without their data): the challenge's own steps. Applications, attachments, the panel,
 * conflicts, scores, the shortlist, objections and invitations are coordinators' only (who applied is not the
 * issuer's to know before the notice).
 */
export const OPEN_EVENT_KINDS: readonly ChallengeEventKind[] = ['status', 'edit', 'award', 'milestone', 'ledger'];

@Entity({ name: 'challenge_events' })
@Index('ix_challenge_events_challenge', ['challengeId', 'id'])
export class ChallengeEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_challenge_events' })
  id: number;

  @Column({ name: 'challenge_id', type: 'uuid' })
  challengeId: string;

  @ManyToOne('ChallengeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_challenge_events_challenge' })
  challenge?: unknown;

  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId: string | null;

  @ManyToOne('ChallengeApplicationEntity', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_challenge_events_application' })
  application?: unknown;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_challenge_events_actor' })
  actor?: unknown;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'text', nullable: true })
  toStatus: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
