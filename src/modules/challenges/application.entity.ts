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
  UpdateDateColumn,
} from 'typeorm';
import { APPLICATION_STATUSES, type ApplicationStatus } from './lifecycle.js';

export interface TeamMember {
  name: string;
  role: string;
  title?: string | null;
}

export interface BudgetItem {
  item: string;
  amountYuan: number;
}

export interface PlanStep {
  title: string;
  dueOn: string;
  deliverable: string;
}

/** 揭榜申请: a lead organisation's proposal, alone or for a consortium (challenge_application_members). */
@Entity({ name: 'challenge_applications' })
@Check('ck_challenge_applications_team_size', `"team_size" >= 1`)
@Check('ck_challenge_applications_trl', `"trl" BETWEEN 1 AND 9`)
@Index('ix_challenge_applications_challenge', ['challengeId', 'status'])
@Index('uq_challenge_applications_live', ['challengeId', 'leadOrganizationId'], {
  unique: true,
  where: "status <> 'withdrawn'",
})
export class ChallengeApplicationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_challenge_applications' })
  id: string;

  @Column({ name: 'challenge_id', type: 'uuid' })
  challengeId: string;

  @ManyToOne('ChallengeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_challenge_applications_challenge' })
  challenge?: unknown;

  @Column({ name: 'lead_organization_id', type: 'uuid' })
  leadOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'lead_organization_id', foreignKeyConstraintName: 'fk_challenge_applications_lead' })
  lead?: unknown;

  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'submitted_by', foreignKeyConstraintName: 'fk_challenge_applications_submitted_by' })
  submitter?: unknown;

  @Column({ type: 'enum', enum: APPLICATION_STATUSES, enumName: 'application_status', default: 'submitted' })
  status: ApplicationStatus;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  approach: string;

  @Column({ type: 'jsonb' })
  team: TeamMember[];

  @Column({ name: 'team_size', type: 'integer' })
  teamSize: number;

  @Column({ type: 'integer' })
  trl: number;

  @Column({ type: 'jsonb' })
  budget: BudgetItem[];

  @Column({ type: 'jsonb' })
  plan: PlanStep[];

  @Column({ name: 'prior_results', type: 'text', nullable: true })
  priorResults: string | null;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'integer', default: 1 })
  version: number;
}

export const MEMBERSHIP_STATUSES = ['invited', 'accepted', 'declined'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/**
 * The organisations of an application: the lead (is_lead, always `accepted`) and each consortium member with its
 * role. A member is `invited` until its own members accept (or decline) and may leave (`declined`) until the
 * deadline; only accepted members count (one live application per organisation, eligibility, public views, reviewer
 * conflicts).
 */
@Entity({ name: 'challenge_application_members' })
@Check('ck_challenge_application_members_status', `"status" IN ('invited', 'accepted', 'declined')`)
@Check('ck_challenge_application_members_lead', `NOT "is_lead" OR "status" = 'accepted'`)
@Index('ix_challenge_application_members_org', ['organizationId'])
export class ChallengeApplicationMemberEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid', primaryKeyConstraintName: 'pk_challenge_application_members' })
  applicationId: string;

  @PrimaryColumn({
    name: 'organization_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_challenge_application_members',
  })
  organizationId: string;

  @ManyToOne('ChallengeApplicationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_challenge_application_members_application' })
  application?: unknown;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_challenge_application_members_organization' })
  organization?: unknown;

  @Column({ type: 'text' })
  role: string;

  @Column({ name: 'is_lead', type: 'boolean', default: false })
  isLead: boolean;

  @Column({ type: 'text', default: 'invited' })
  status: MembershipStatus;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ name: 'response_note', type: 'text', nullable: true })
  responseNote: string | null;
}

export const ATTACHMENT_STORAGES = ['database', 'directory'] as const;
export type AttachmentStorage = (typeof ATTACHMENT_STORAGES)[number];

/** A PDF of an application (≤ 20 MB), in PostgreSQL (`content`) or under ATTACHMENTS_DIR (`path`), with its SHA-256. */
@Entity({ name: 'challenge_attachments' })
@Check('ck_challenge_attachments_type', `"content_type" = 'application/pdf'`)
@Check('ck_challenge_attachments_size', `"size_bytes" > 0 AND "size_bytes" <= 20971520`)
@Check('ck_challenge_attachments_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
@Check(
  'ck_challenge_attachments_storage',
  `("storage" = 'database' AND "content" IS NOT NULL AND "path" IS NULL) OR ("storage" = 'directory' AND "content" IS NULL AND "path" IS NOT NULL)`,
)
@Index('ix_challenge_attachments_application', ['applicationId', 'createdAt'])
export class ChallengeAttachmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_challenge_attachments' })
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne('ChallengeApplicationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_challenge_attachments_application' })
  application?: unknown;

  @Column({ type: 'text' })
  filename: string;

  @Column({ name: 'content_type', type: 'text', default: 'application/pdf' })
  contentType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'text' })
  storage: AttachmentStorage;

  @Column({ type: 'bytea', nullable: true, select: false })
  content?: Buffer | null;

  @Column({ type: 'text', nullable: true })
  path: string | null;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'fk_challenge_attachments_uploaded_by' })
  uploader?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
