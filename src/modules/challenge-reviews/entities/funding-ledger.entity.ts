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

export const LEDGER_KINDS = ['commit', 'release', 'cancel'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * The funding ledger of challenges, in whole yuan: a `commit` per winner at the award, a `release` per accepted
 * milestone, and a `cancel` per winner when the challenge fails after the award (the unreleased remainder withdrawn,
 * a positive amount: outstanding = committed − released − cancelled). Append-only (triggers refuse UPDATE, DELETE and TRUNCATE), and a constraint trigger checks under the
 * challenge's row lock that commitments never exceed its funding nor releases the commitments (migration
 * ChallengeReviews1796600000000).
 */
@Entity({ name: 'funding_ledger' })
@Unique('uq_funding_ledger_award_milestone', ['awardMilestoneId'])
@Check('ck_funding_ledger_kind', `"kind" IN ('commit', 'release', 'cancel')`)
@Check('ck_funding_ledger_amount', `"amount_yuan" > 0`)
@Check('ck_funding_ledger_release_milestone', `("kind" = 'release') = ("award_milestone_id" IS NOT NULL)`)
@Index('ix_funding_ledger_challenge', ['challengeId', 'id'])
@Index('uq_funding_ledger_commit', ['awardId'], { unique: true, where: `"kind" = 'commit'` })
@Index('uq_funding_ledger_cancel', ['awardId'], { unique: true, where: `"kind" = 'cancel'` })
export class FundingLedgerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_funding_ledger' })
  id: number;

  @Column({ name: 'challenge_id', type: 'uuid' })
  challengeId: string;

  @ManyToOne('ChallengeEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_funding_ledger_challenge' })
  challenge?: unknown;

  @Column({ name: 'award_id', type: 'uuid' })
  awardId: string;

  @ManyToOne('ChallengeAwardEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'award_id', foreignKeyConstraintName: 'fk_funding_ledger_award' })
  award?: unknown;

  @Column({ name: 'award_milestone_id', type: 'uuid', nullable: true })
  awardMilestoneId: string | null;

  @ManyToOne('ChallengeAwardMilestoneEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'award_milestone_id', foreignKeyConstraintName: 'fk_funding_ledger_award_milestone' })
  awardMilestone?: unknown;

  @Column({ type: 'text' })
  kind: LedgerKind;

  @Column({ name: 'amount_yuan', type: 'bigint' })
  amountYuan: number;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_funding_ledger_actor' })
  actor?: unknown;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
