import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { DISTRICTS, type District } from '../../common/domain/vocabulary.js';
import type { Explanation } from '../matching/scoring/pair-score.js';
import type { AgreementStatus, NominationStatus, PostKind, PostStatus } from './lifecycle.js';

/** A 科技特派员 or 科技副总 post an enterprise offers (岗位). */
@Entity({ name: 'secondment_posts' })
@Check('ck_secondment_posts_kind', `"kind" IN ('envoy', 'vice_president')`)
@Check('ck_secondment_posts_status', `"status" IN ('draft', 'open', 'filled', 'closed')`)
@Check('ck_secondment_posts_term_months', `"term_months" BETWEEN 1 AND 36`)
@Check('ck_secondment_posts_positions', `"positions" BETWEEN 1 AND 100`)
@Index('ix_secondment_posts_status', ['status', 'createdAt'])
@Index('ix_secondment_posts_organization', ['organizationId'])
export class SecondmentPostEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_secondment_posts' })
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_secondment_posts_organization' })
  organization?: unknown;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_secondment_posts_created_by' })
  creator?: unknown;

  @Column({ type: 'text' })
  kind: PostKind;

  @Column({ type: 'text' })
  title: string;

  /** A sector reference `scheme:code` (checked against the stored schemes). */
  @Column({ type: 'text' })
  field: string;

  @Column({ type: 'text' })
  tasks: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Column({ name: 'term_months', type: 'int' })
  termMonths: number;

  @Column({ type: 'enum', enum: DISTRICTS, enumName: 'district' })
  district: District;

  @Column({ type: 'text', default: '' })
  address: string;

  @Column({ type: 'text', default: '' })
  support: string;

  @Column({ type: 'int', default: 1 })
  positions: number;

  @Column({ type: 'text', default: 'draft' })
  status: PostStatus;

  @Column({ name: 'closed_reason', type: 'text', nullable: true })
  closedReason: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A university, institute or lab proposes an expert (a user of theirs, an expertise capability, or both). */
@Entity({ name: 'secondment_nominations' })
@Check(
  'ck_secondment_nominations_status',
  `"status" IN ('nominated', 'enterprise_accepted', 'nominee_accepted', 'matched', 'declined', 'withdrawn')`,
)
@Check('ck_secondment_nominations_nominee', `"nominee_user_id" IS NOT NULL OR "capability_id" IS NOT NULL`)
@Index('ix_secondment_nominations_post', ['postId', 'status'])
@Index('ix_secondment_nominations_organization', ['nominatingOrganizationId'])
@Index('uq_secondment_nominations_user', ['postId', 'nomineeUserId'], {
  unique: true,
  where: "status NOT IN ('declined', 'withdrawn') AND nominee_user_id IS NOT NULL",
})
@Index('uq_secondment_nominations_capability', ['postId', 'capabilityId'], {
  unique: true,
  where: "status NOT IN ('declined', 'withdrawn') AND capability_id IS NOT NULL",
})
export class SecondmentNominationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_secondment_nominations' })
  id: string;

  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @ManyToOne('SecondmentPostEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_secondment_nominations_post' })
  post?: unknown;

  @Column({ name: 'nominating_organization_id', type: 'uuid' })
  nominatingOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({
    name: 'nominating_organization_id',
    foreignKeyConstraintName: 'fk_secondment_nominations_organization',
  })
  nominatingOrganization?: unknown;

  @Column({ name: 'nominee_user_id', type: 'uuid', nullable: true })
  nomineeUserId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'nominee_user_id', foreignKeyConstraintName: 'fk_secondment_nominations_nominee' })
  nominee?: unknown;

  @Column({ name: 'capability_id', type: 'uuid', nullable: true })
  capabilityId: string | null;

  @ManyToOne('CapabilityEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'capability_id', foreignKeyConstraintName: 'fk_secondment_nominations_capability' })
  capability?: unknown;

  @Column({ name: 'nominee_name', type: 'text' })
  nomineeName: string;

  @Column({ type: 'text', default: '' })
  statement: string;

  @Column({ name: 'nominated_by', type: 'uuid', nullable: true })
  nominatedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'nominated_by', foreignKeyConstraintName: 'fk_secondment_nominations_nominated_by' })
  nominator?: unknown;

  @Column({ type: 'text', default: 'nominated' })
  status: NominationStatus;

  @Column({ name: 'enterprise_accepted_at', type: 'timestamptz', nullable: true })
  enterpriseAcceptedAt: Date | null;

  @Column({ name: 'nominee_accepted_at', type: 'timestamptz', nullable: true })
  nomineeAcceptedAt: Date | null;

  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The secondment agreement of a matched nomination: active once both sides have signed. */
@Entity({ name: 'secondment_agreements' })
@Unique('uq_secondment_agreements_nomination', ['nominationId'])
@Check('ck_secondment_agreements_status', `"status" IN ('draft', 'active', 'completed', 'terminated')`)
@Check('ck_secondment_agreements_dates', `"ends_on" >= "starts_on"`)
@Check(
  'ck_secondment_agreements_active_signed',
  `"status" IN ('draft', 'terminated') OR ("enterprise_signed_at" IS NOT NULL AND "provider_signed_at" IS NOT NULL)`,
)
@Index('ix_secondment_agreements_post', ['postId', 'status'])
export class SecondmentAgreementEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_secondment_agreements' })
  id: string;

  @Column({ name: 'nomination_id', type: 'uuid' })
  nominationId: string;

  @ManyToOne('SecondmentNominationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'nomination_id', foreignKeyConstraintName: 'fk_secondment_agreements_nomination' })
  nomination?: unknown;

  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @ManyToOne('SecondmentPostEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_secondment_agreements_post' })
  post?: unknown;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Column({ type: 'text' })
  terms: string;

  @Column({ type: 'text', default: 'draft' })
  status: AgreementStatus;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_secondment_agreements_created_by' })
  creator?: unknown;

  @Column({ name: 'enterprise_signed_by', type: 'uuid', nullable: true })
  enterpriseSignedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'enterprise_signed_by', foreignKeyConstraintName: 'fk_secondment_agreements_enterprise_signer' })
  enterpriseSigner?: unknown;

  @Column({ name: 'enterprise_signed_at', type: 'timestamptz', nullable: true })
  enterpriseSignedAt: Date | null;

  @Column({ name: 'provider_signed_by', type: 'uuid', nullable: true })
  providerSignedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'provider_signed_by', foreignKeyConstraintName: 'fk_secondment_agreements_provider_signer' })
  providerSigner?: unknown;

  @Column({ name: 'provider_signed_at', type: 'timestamptz', nullable: true })
  providerSignedAt: Date | null;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'termination_reason', type: 'text', nullable: true })
  terminationReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One month's work log (工作纪实) of an agreement, written by the envoy. */
@Entity({ name: 'envoy_work_logs' })
@Unique('uq_envoy_work_logs_agreement_month', ['agreementId', 'month'])
@Check('ck_envoy_work_logs_month', `EXTRACT(DAY FROM "month") = 1`)
@Check('ck_envoy_work_logs_hours', `"hours" BETWEEN 0 AND 744`)
export class EnvoyWorkLogEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_envoy_work_logs' })
  id: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @ManyToOne('SecondmentAgreementEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'fk_envoy_work_logs_agreement' })
  agreement?: unknown;

  /** The first day of the month. */
  @Column({ type: 'date' })
  month: string;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_envoy_work_logs_author' })
  author?: unknown;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'int' })
  hours: number;

  @Column({ type: 'text', default: '' })
  achievements: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The enterprise's evaluation of an envoy at the end of the agreement (or on its termination). */
@Entity({ name: 'envoy_evaluations' })
@Check('ck_envoy_evaluations_rating', `"rating" BETWEEN 1 AND 5`)
export class EnvoyEvaluationEntity {
  @PrimaryColumn({ name: 'agreement_id', type: 'uuid', primaryKeyConstraintName: 'pk_envoy_evaluations' })
  agreementId: string;

  @ManyToOne('SecondmentAgreementEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'fk_envoy_evaluations_agreement' })
  agreement?: unknown;

  @Column({ type: 'smallint' })
  rating: number;

  @Column({ type: 'text', default: '' })
  comment: string;

  @Column({ name: 'would_renew', type: 'boolean' })
  wouldRenew: boolean;

  @Column({ name: 'evaluated_by', type: 'uuid', nullable: true })
  evaluatedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'evaluated_by', foreignKeyConstraintName: 'fk_envoy_evaluations_evaluated_by' })
  evaluator?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const SECONDMENT_EVENT_SUBJECTS = [
  'post',
  'nomination',
  'agreement',
  'log',
  'evaluation',
  'candidates',
] as const;
export type SecondmentEventSubject = (typeof SECONDMENT_EVENT_SUBJECTS)[number];

/** The audit trail: one row per step of a post, nomination or agreement. `actor_id` null: the system (a job). */
@Entity({ name: 'secondment_events' })
@Check(
  'ck_secondment_events_subject',
  `"subject" IN ('post', 'nomination', 'agreement', 'log', 'evaluation', 'candidates')`,
)
@Index('ix_secondment_events_post', ['postId', 'id'])
export class SecondmentEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_secondment_events' })
  id: number;

  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @ManyToOne('SecondmentPostEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_secondment_events_post' })
  post?: unknown;

  @Column({ type: 'text' })
  subject: SecondmentEventSubject;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_secondment_events_actor' })
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

/**
 * The expertise capabilities the matching engine ranks best for a post, with the engine's explanation; when none
 * passes the engine's floor, the closest below it, flagged `near_miss` (接近的专家).
 */
@Entity({ name: 'secondment_post_candidates' })
@Index('ix_secondment_post_candidates_capability', ['capabilityId'])
export class SecondmentPostCandidateEntity {
  @PrimaryColumn({ name: 'post_id', type: 'uuid', primaryKeyConstraintName: 'pk_secondment_post_candidates' })
  postId: string;

  @PrimaryColumn({ name: 'capability_id', type: 'uuid', primaryKeyConstraintName: 'pk_secondment_post_candidates' })
  capabilityId: string;

  @ManyToOne('SecondmentPostEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'fk_secondment_post_candidates_post' })
  post?: unknown;

  @ManyToOne('CapabilityEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'capability_id', foreignKeyConstraintName: 'fk_secondment_post_candidates_capability' })
  capability?: unknown;

  @Column({ type: 'int' })
  rank: number;

  @Column({ type: 'double precision' })
  score: number;

  @Column({ type: 'jsonb' })
  explanation: Explanation;

  /** Below the engine's floor: kept (after the suggestions) only when no expert passes it. */
  @Column({ name: 'near_miss', type: 'boolean', default: false })
  nearMiss: boolean;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;
}
