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
import type { OrganizationKind, District } from '../../common/domain/vocabulary.js';
import { CHALLENGE_STATUSES, type ChallengeStatus } from './lifecycle.js';

/** 指标: what the winner must reach, and how it is verified. */
export interface ChallengeIndicator {
  name: string;
  target: string;
  unit: string;
  verification: string;
}

export const FUNDING_SOURCE_KINDS = ['government', 'enterprise', 'other'] as const;
export type FundingSourceKind = (typeof FUNDING_SOURCE_KINDS)[number];
export const FUNDING_SOURCE_LABELS: Record<FundingSourceKind, string> = {
  government: '政府资金 / government',
  enterprise: '发榜企业 / issuing enterprise',
  other: '其他 / other',
};

export interface FundingSource {
  source: FundingSourceKind;
  name: string;
  amountYuan: number;
}

/** Who may apply: organisation kinds, districts (empty: any Harbin district), TRL and team size. */
export interface Eligibility {
  organizationKinds: OrganizationKind[];
  districts: Array<Exclude<District, 'outside'>>;
  allowOutside: boolean;
  minTrl: number | null;
  minTeamSize: number | null;
  maxTeamSize: number | null;
}

export const CRITERIA = ['technical_merit', 'feasibility', 'team', 'budget', 'local_conversion'] as const;
export type Criterion = (typeof CRITERIA)[number];
export type CriteriaWeights = Record<Criterion, number>;
export const DEFAULT_CRITERIA_WEIGHTS: CriteriaWeights = {
  technical_merit: 30,
  feasibility: 25,
  team: 15,
  budget: 10,
  local_conversion: 20,
};

/** 榜: an open challenge (揭榜挂帅). Its status moves only through ChallengeStepsService (lifecycle.ts). */
@Entity({ name: 'challenges' })
@Check('ck_challenges_funding', `"funding_total_yuan" > 0`)
@Check('ck_challenges_winners', `"max_winners" >= 1 AND ("multiple_winners" OR "max_winners" = 1)`)
@Index('ix_challenges_status_created', ['status', 'createdAt'])
export class ChallengeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_challenges' })
  id: string;

  @Column({ type: 'enum', enum: CHALLENGE_STATUSES, enumName: 'challenge_status', default: 'draft' })
  status: ChallengeStatus;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  problem: string;

  @Index('ix_challenges_source_need')
  @Column({ name: 'source_need_id', type: 'uuid', nullable: true })
  sourceNeedId: string | null;

  @ManyToOne('NeedEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'source_need_id', foreignKeyConstraintName: 'fk_challenges_source_need' })
  sourceNeed?: unknown;

  /** The confirmed common problem (共性技术难题) it was made from. */
  @Index('ix_challenges_common_problem')
  @Column({ name: 'common_problem_id', type: 'uuid', nullable: true })
  commonProblemId: string | null;

  @ManyToOne('CommonProblemEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'common_problem_id', foreignKeyConstraintName: 'fk_challenges_common_problem' })
  commonProblem?: unknown;

  @Index('ix_challenges_issuer')
  @Column({ name: 'issuer_organization_id', type: 'uuid' })
  issuerOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'issuer_organization_id', foreignKeyConstraintName: 'fk_challenges_issuer' })
  issuer?: unknown;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_challenges_created_by' })
  creator?: unknown;

  @Column({ name: 'sector_keys', type: 'text', array: true, default: () => "'{}'" })
  sectorKeys: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Column({ type: 'jsonb' })
  indicators: ChallengeIndicator[];

  @Column({ name: 'funding_total_yuan', type: 'bigint' })
  fundingTotalYuan: number;

  @Column({ name: 'funding_sources', type: 'jsonb' })
  fundingSources: FundingSource[];

  @Column({ type: 'jsonb' })
  eligibility: Eligibility;

  @Column({ name: 'application_deadline', type: 'timestamptz' })
  applicationDeadline: Date;

  @Column({ name: 'ip_terms', type: 'text' })
  ipTerms: string;

  @Column({ name: 'multiple_winners', type: 'boolean', default: false })
  multipleWinners: boolean;

  @Column({ name: 'max_winners', type: 'integer', default: 1 })
  maxWinners: number;

  @Column({ name: 'criteria_weights', type: 'jsonb' })
  criteriaWeights: CriteriaWeights;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'review_started_at', type: 'timestamptz', nullable: true })
  reviewStartedAt: Date | null;

  @Column({ name: 'notice_started_at', type: 'timestamptz', nullable: true })
  noticeStartedAt: Date | null;

  /** The last day of the public notice (公示), a calendar day in Harbin. */
  @Column({ name: 'notice_ends_on', type: 'date', nullable: true })
  noticeEndsOn: string | null;

  @Column({ name: 'awarded_at', type: 'timestamptz', nullable: true })
  awardedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A milestone of the challenge (验收节点): its date and the share of the funding paid when it is accepted. */
@Entity({ name: 'challenge_milestones' })
@Check('ck_challenge_milestones_share', `"share_pct" BETWEEN 1 AND 100`)
@Unique('uq_challenge_milestones_seq', ['challengeId', 'seq'])
export class ChallengeMilestoneEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_challenge_milestones' })
  id: string;

  @Column({ name: 'challenge_id', type: 'uuid' })
  challengeId: string;

  @ManyToOne('ChallengeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_challenge_milestones_challenge' })
  challenge?: unknown;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ name: 'share_pct', type: 'integer' })
  sharePct: number;
}
