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
} from 'typeorm';
import { DISTRICTS, type District } from '../../../common/domain/vocabulary.js';
import type { VoucherShare } from '../split.js';

// The tables of innovation vouchers (创新券), exactly as migration Vouchers1796800000000 builds them.

export const LEDGER_ACCOUNTS = ['programme_budget', 'enterprise_quota', 'provider_payable', 'paid'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];
export const VOUCHER_EVENT_SUBJECTS = ['programme', 'quota', 'claim', 'settlement', 'flag'] as const;
export type VoucherEventSubject = (typeof VOUCHER_EVENT_SUBJECTS)[number];

@Entity({ name: 'voucher_programmes' })
@Check('ck_voucher_programmes_issuer_level', `"issuer_level" IN ('province', 'city', 'district')`)
@Check('ck_voucher_programmes_issuer_district', `("issuer_level" = 'district') = ("issuer_district" IS NOT NULL)`)
@Check('ck_voucher_programmes_period', `"period_end" >= "period_start"`)
@Check('ck_voucher_programmes_cap', `"cap_per_enterprise_yuan" > 0`)
@Check('ck_voucher_programmes_budget', `"budget_yuan" > 0`)
@Check('ck_voucher_programmes_status', `"status" IN ('draft', 'open', 'closed')`)
@Check(
  'ck_voucher_programmes_provider_kinds',
  `"eligible_provider_kinds" <@ ARRAY['enterprise', 'university', 'research_institute', 'lab', 'government', 'intermediary', 'investor']::text[]`,
)
@Check('ck_voucher_programmes_service_kinds', `"eligible_service_kinds" <@ ARRAY['equipment', 'service']::text[]`)
@Check(
  'ck_voucher_programmes_categories',
  `"eligible_enterprise_categories" <@ ARRAY['tech_sme', 'high_tech', 'sme', 'startup']::text[]`,
)
@Index('ix_voucher_programmes_status', ['status', 'periodStart'])
export class VoucherProgrammeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_voucher_programmes' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'issuer_level', type: 'text' })
  issuerLevel: string;

  @Column({ name: 'issuer_district', type: 'enum', enum: DISTRICTS, enumName: 'district', nullable: true })
  issuerDistrict: District | null;

  @Column({ name: 'issuer_name', type: 'text' })
  issuerName: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd: string;

  @Column({ type: 'jsonb' })
  shares: VoucherShare[];

  @Column({ name: 'cap_per_enterprise_yuan', type: 'bigint' })
  capPerEnterpriseYuan: number;

  @Column({
    name: 'eligible_provider_kinds',
    type: 'text',
    array: true,
    default: () => "'{university,research_institute,lab}'",
  })
  eligibleProviderKinds: string[];

  @Column({ name: 'eligible_service_kinds', type: 'text', array: true, default: () => "'{equipment,service}'" })
  eligibleServiceKinds: string[];

  @Column({
    name: 'eligible_enterprise_categories',
    type: 'text',
    array: true,
    default: () => "'{tech_sme,high_tech,sme,startup}'",
  })
  eligibleEnterpriseCategories: string[];

  @Column({ name: 'budget_yuan', type: 'bigint' })
  budgetYuan: number;

  @Column({ type: 'text', default: 'draft' })
  status: string;

  @Column({ type: 'boolean', default: false })
  example: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_voucher_programmes_created_by' })
  creator?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity({ name: 'voucher_quotas' })
@Check('ck_voucher_quotas_category', `"category" IN ('tech_sme', 'high_tech', 'sme', 'startup')`)
@Check('ck_voucher_quotas_requested', `"requested_yuan" > 0`)
@Check('ck_voucher_quotas_approved', `"approved_yuan" IS NULL OR "approved_yuan" > 0`)
@Check('ck_voucher_quotas_status', `"status" IN ('requested', 'approved', 'rejected', 'withdrawn')`)
@Check('ck_voucher_quotas_approved_status', `"status" <> 'approved' OR "approved_yuan" IS NOT NULL`)
@Index('uq_voucher_quotas_live', ['programmeId', 'enterpriseOrganizationId'], {
  unique: true,
  where: `"status" IN ('requested', 'approved')`,
})
@Index('ix_voucher_quotas_enterprise', ['enterpriseOrganizationId'])
export class VoucherQuotaEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_voucher_quotas' })
  id: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId: string;

  @ManyToOne('VoucherProgrammeEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_voucher_quotas_programme' })
  programme?: unknown;

  @Column({ name: 'enterprise_organization_id', type: 'uuid' })
  enterpriseOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'enterprise_organization_id', foreignKeyConstraintName: 'fk_voucher_quotas_enterprise' })
  enterprise?: unknown;

  @Column({ type: 'text' })
  category: string;

  @Column({ name: 'category_evidence', type: 'text', nullable: true })
  categoryEvidence: string | null;

  @Column({ name: 'requested_yuan', type: 'bigint' })
  requestedYuan: number;

  @Column({ name: 'approved_yuan', type: 'bigint', nullable: true })
  approvedYuan: number | null;

  @Column({ type: 'text', default: 'requested' })
  status: string;

  @Column({ name: 'applied_by', type: 'uuid', nullable: true })
  appliedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'applied_by', foreignKeyConstraintName: 'fk_voucher_quotas_applied_by' })
  applicant?: unknown;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'fk_voucher_quotas_decided_by' })
  decider?: unknown;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity({ name: 'voucher_settlements' })
@Unique('uq_voucher_settlements_programme_month', ['programmeId', 'month'])
@Check('ck_voucher_settlements_month', `extract(day FROM "month") = 1`)
export class VoucherSettlementEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_voucher_settlements' })
  id: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId: string;

  @ManyToOne('VoucherProgrammeEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_voucher_settlements_programme' })
  programme?: unknown;

  @Column({ type: 'date' })
  month: string;

  @Column({ name: 'claims_count', type: 'integer' })
  claimsCount: number;

  @Column({ name: 'service_amount_yuan', type: 'bigint' })
  serviceAmountYuan: number;

  @Column({ name: 'reimbursed_yuan', type: 'bigint' })
  reimbursedYuan: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_voucher_settlements_created_by' })
  creator?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'voucher_claims' })
@Unique('uq_voucher_claims_service_record', ['serviceRecordId'])
@Check('ck_voucher_claims_amounts', `"reimbursed_yuan" > 0 AND "reimbursed_yuan" <= "service_amount_yuan"`)
@Check('ck_voucher_claims_status', `"status" IN ('booked', 'settled')`)
@Check('ck_voucher_claims_settled', `("status" = 'settled') = ("settlement_id" IS NOT NULL)`)
@Index('ix_voucher_claims_programme', ['programmeId', 'status', 'createdAt'])
@Index('ix_voucher_claims_quota', ['quotaId'])
@Index('ix_voucher_claims_enterprise', ['enterpriseOrganizationId', 'servedOn'])
@Index('ix_voucher_claims_provider', ['providerOrganizationId'])
@Index('ix_voucher_claims_settlement', ['settlementId'])
export class VoucherClaimEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_voucher_claims' })
  id: string;

  @Column({ name: 'service_record_id', type: 'uuid' })
  serviceRecordId: string;

  @ManyToOne('ServiceRecordEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'service_record_id', foreignKeyConstraintName: 'fk_voucher_claims_service_record' })
  serviceRecord?: unknown;

  @Column({ name: 'quota_id', type: 'uuid' })
  quotaId: string;

  @ManyToOne('VoucherQuotaEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'quota_id', foreignKeyConstraintName: 'fk_voucher_claims_quota' })
  quota?: unknown;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId: string;

  @ManyToOne('VoucherProgrammeEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_voucher_claims_programme' })
  programme?: unknown;

  @Column({ name: 'enterprise_organization_id', type: 'uuid' })
  enterpriseOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'enterprise_organization_id', foreignKeyConstraintName: 'fk_voucher_claims_enterprise' })
  enterprise?: unknown;

  @Column({ name: 'provider_organization_id', type: 'uuid' })
  providerOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'provider_organization_id', foreignKeyConstraintName: 'fk_voucher_claims_provider' })
  provider?: unknown;

  @Column({ name: 'service_amount_yuan', type: 'bigint' })
  serviceAmountYuan: number;

  @Column({ type: 'jsonb' })
  split: unknown;

  @Column({ name: 'reimbursed_yuan', type: 'bigint' })
  reimbursedYuan: number;

  @Column({ type: 'text', default: 'booked' })
  status: string;

  @Column({ name: 'settlement_id', type: 'uuid', nullable: true })
  settlementId: string | null;

  @ManyToOne('VoucherSettlementEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'settlement_id', foreignKeyConstraintName: 'fk_voucher_claims_settlement' })
  settlement?: unknown;

  @Column({ name: 'served_on', type: 'date' })
  servedOn: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_voucher_claims_created_by' })
  creator?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;
}

/**
 * The append-only double-entry ledger (triggers refuse UPDATE, DELETE and TRUNCATE; after each INSERT statement every
 * entry it touched balances and the budget, quotas and payables hold, checked under the programme's row lock; every
 * leg belongs to a claim or a settlement, budget legs are claims' credits, paid legs debits). Money moves from the
 * credited account to the debited one.
 */
@Entity({ name: 'voucher_ledger' })
@Check('ck_voucher_ledger_account', `"account" IN ('programme_budget', 'enterprise_quota', 'provider_payable', 'paid')`)
@Check(
  'ck_voucher_ledger_amounts',
  `"debit_yuan" >= 0 AND "credit_yuan" >= 0 AND ("debit_yuan" > 0) <> ("credit_yuan" > 0)`,
)
@Check('ck_voucher_ledger_subject', `"claim_id" IS NOT NULL OR "settlement_id" IS NOT NULL`)
@Check(
  'ck_voucher_ledger_budget_leg',
  `"account" <> 'programme_budget' OR ("debit_yuan" = 0 AND "account_ref" = "programme_id" AND "claim_id" IS NOT NULL)`,
)
@Check('ck_voucher_ledger_paid_leg', `"account" <> 'paid' OR "credit_yuan" = 0`)
@Index('ix_voucher_ledger_programme', ['programmeId', 'id'])
@Index('ix_voucher_ledger_account', ['accountRef', 'account'])
@Index('ix_voucher_ledger_entry', ['entryId'])
@Index('ix_voucher_ledger_claim', ['claimId'])
export class VoucherLedgerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_voucher_ledger' })
  id: number;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId: string;

  @ManyToOne('VoucherProgrammeEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_voucher_ledger_programme' })
  programme?: unknown;

  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId: string | null;

  @ManyToOne('VoucherClaimEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_voucher_ledger_claim' })
  claim?: unknown;

  @Column({ name: 'settlement_id', type: 'uuid', nullable: true })
  settlementId: string | null;

  @ManyToOne('VoucherSettlementEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'settlement_id', foreignKeyConstraintName: 'fk_voucher_ledger_settlement' })
  settlement?: unknown;

  @Column({ type: 'text' })
  account: LedgerAccount;

  @Column({ name: 'account_ref', type: 'uuid' })
  accountRef: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'debit_yuan', type: 'bigint', default: 0 })
  debitYuan: number;

  @Column({ name: 'credit_yuan', type: 'bigint', default: 0 })
  creditYuan: number;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_voucher_ledger_actor' })
  actor?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** 后补助: a coordinator's flag on a provider organisation for a programme. */
@Entity({ name: 'voucher_provider_flags' })
export class VoucherProviderFlagEntity {
  @PrimaryColumn({ name: 'programme_id', type: 'uuid', primaryKeyConstraintName: 'pk_voucher_provider_flags' })
  programmeId: string;

  @ManyToOne('VoucherProgrammeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_voucher_provider_flags_programme' })
  programme?: unknown;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', primaryKeyConstraintName: 'pk_voucher_provider_flags' })
  organizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_voucher_provider_flags_organization' })
  organization?: unknown;

  @Column({ type: 'boolean' })
  flagged: boolean;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_voucher_provider_flags_updated_by' })
  updater?: unknown;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** The audit trail of vouchers: one row per step of a programme, quota, claim, settlement or provider flag. */
@Entity({ name: 'voucher_events' })
@Check('ck_voucher_events_subject', `"subject" IN ('programme', 'quota', 'claim', 'settlement', 'flag')`)
@Index('ix_voucher_events_programme', ['programmeId', 'id'])
@Index('ix_voucher_events_subject', ['subject', 'subjectId'])
export class VoucherEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_voucher_events' })
  id: number;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId: string;

  @ManyToOne('VoucherProgrammeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_voucher_events_programme' })
  programme?: unknown;

  @Column({ type: 'text' })
  subject: VoucherEventSubject;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_voucher_events_actor' })
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
