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
import { MILESTONE_STATUSES } from '../../challenges/lifecycle.js';

/**
 * A winner's milestone: lifecycle.ts's statuses, and `closed` when the challenge fails before it was accepted (it can
 * no longer be delivered nor accepted; its unreleased amount is cancelled in the ledger).
 */
export const AWARD_MILESTONE_STATUSES = [...MILESTONE_STATUSES, 'closed'] as const;
export type AwardMilestoneStatus = (typeof AWARD_MILESTONE_STATUSES)[number];

/** The three-party agreement (issuer, winner, bureau) recorded with an award. */
export interface AwardAgreement {
  signedOn: string;
  issuerSignatory: string;
  bureauSignatory: string;
  winnerSignatories: Array<{ applicationId: string; name: string }>;
  terms: string;
}

/** One winner of a challenge and its part of the funding (two or more in 赛马). */
@Entity({ name: 'challenge_awards' })
@Unique('uq_challenge_awards_application', ['applicationId'])
@Check('ck_challenge_awards_amount', `"amount_yuan" > 0`)
@Index('ix_challenge_awards_challenge', ['challengeId'])
export class ChallengeAwardEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_challenge_awards' })
  id: string;

  @Column({ name: 'challenge_id', type: 'uuid' })
  challengeId: string;

  @ManyToOne('ChallengeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_challenge_awards_challenge' })
  challenge?: unknown;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne('ChallengeApplicationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_challenge_awards_application' })
  application?: unknown;

  @Column({ name: 'amount_yuan', type: 'bigint' })
  amountYuan: number;

  @Column({ type: 'jsonb' })
  agreement: AwardAgreement;

  @Column({ name: 'awarded_by', type: 'uuid', nullable: true })
  awardedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'awarded_by', foreignKeyConstraintName: 'fk_challenge_awards_awarded_by' })
  awarder?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A winner's share of one of the challenge's milestones: delivered, then accepted (验收) by the issuer and a coordinator. */
@Entity({ name: 'challenge_award_milestones' })
@Unique('uq_challenge_award_milestones_award_milestone', ['awardId', 'milestoneId'])
@Check('ck_challenge_award_milestones_amount', `"amount_yuan" >= 0`)
export class ChallengeAwardMilestoneEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_challenge_award_milestones' })
  id: string;

  @Column({ name: 'award_id', type: 'uuid' })
  awardId: string;

  @ManyToOne(() => ChallengeAwardEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'award_id', foreignKeyConstraintName: 'fk_challenge_award_milestones_award' })
  award?: unknown;

  @Column({ name: 'milestone_id', type: 'uuid' })
  milestoneId: string;

  @ManyToOne('ChallengeMilestoneEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'milestone_id', foreignKeyConstraintName: 'fk_challenge_award_milestones_milestone' })
  milestone?: unknown;

  /** The winner's amount × the milestone's share, in whole yuan; the last milestone takes the remainder. */
  @Column({ name: 'amount_yuan', type: 'bigint' })
  amountYuan: number;

  @Column({ type: 'enum', enum: AWARD_MILESTONE_STATUSES, enumName: 'award_milestone_status', default: 'open' })
  status: AwardMilestoneStatus;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'delivered_by', type: 'uuid', nullable: true })
  deliveredBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'delivered_by', foreignKeyConstraintName: 'fk_challenge_award_milestones_delivered_by' })
  deliverer?: unknown;

  @Column({ type: 'text', nullable: true })
  report: string | null;

  @Column({ name: 'issuer_accepted_by', type: 'uuid', nullable: true })
  issuerAcceptedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'issuer_accepted_by',
    foreignKeyConstraintName: 'fk_challenge_award_milestones_issuer_accepted_by',
  })
  issuerAccepter?: unknown;

  @Column({ name: 'issuer_accepted_at', type: 'timestamptz', nullable: true })
  issuerAcceptedAt: Date | null;

  @Column({ name: 'coordinator_accepted_by', type: 'uuid', nullable: true })
  coordinatorAcceptedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'coordinator_accepted_by',
    foreignKeyConstraintName: 'fk_challenge_award_milestones_coordinator_accepted_by',
  })
  coordinatorAccepter?: unknown;

  @Column({ name: 'coordinator_accepted_at', type: 'timestamptz', nullable: true })
  coordinatorAcceptedAt: Date | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason: string | null;

  @Column({ name: 'returned_by', type: 'uuid', nullable: true })
  returnedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'returned_by', foreignKeyConstraintName: 'fk_challenge_award_milestones_returned_by' })
  returner?: unknown;

  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
