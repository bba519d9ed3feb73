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
import type { Explanation } from './scoring/pair-score.js';

export const MATCH_STATUSES = [
  'suggested',
  'approved',
  'rejected',
  'introduced',
  'negotiating',
  'contracted',
  'closed_no_deal',
] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** Statuses a coordinator has acted on: a rematch never touches these. */
export const REVIEWED_STATUSES: readonly MatchStatus[] = MATCH_STATUSES.filter((s) => s !== 'suggested');
/** What the owners of the need and the capability may see: approved and later (not rejected, not suggested). */
export const OWNER_VISIBLE_STATUSES: readonly MatchStatus[] = [
  'approved',
  'introduced',
  'negotiating',
  'contracted',
  'closed_no_deal',
];

@Entity({ name: 'matches' })
// The exports' keyset order (created_at DESC, …): made by the migration, TypeORM cannot express DESC.
@Index('ix_matches_created_need_rank', { synchronize: false })
@Check('ck_matches_band', `"band" IS NULL OR "band" IN ('high', 'medium', 'low')`)
@Check(
  'ck_matches_reject_reason',
  `"reject_reason" IS NULL OR "reject_reason" IN ('not_relevant', 'stage_mismatch', 'unclear_need', 'already_cooperating', 'other')`,
)
@Check('ck_matches_contract_amount', '"contract_amount_cny" IS NULL OR "contract_amount_cny" >= 0')
@Unique('uq_matches_pair', ['needId', 'capabilityId'])
// Multi-column indexes in another order than the table's are created by the migration (TypeORM misreads them).
@Index('ix_matches_need_status_score', { synchronize: false })
@Index('ix_matches_capability_status', ['capabilityId', 'status'])
// The review queue's orders (migration ReviewQueueIndexes).
@Index('ix_matches_queue_score', { synchronize: false })
@Index('ix_matches_queue_created', { synchronize: false })
// The queue in band order, then best first (migration ReviewQueueBands).
@Index('ix_matches_queue_band', { synchronize: false })
// The queue's totals under a sector or a district filter (migration ReviewQueueFilters).
@Index('ix_matches_sector_keys', { synchronize: false })
@Index('ix_matches_queue_districts', { synchronize: false })
export class MatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'need_id', type: 'uuid' })
  needId: string;

  @ManyToOne('NeedEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'fk_matches_need' })
  need?: unknown;

  @Column({ name: 'capability_id', type: 'uuid' })
  capabilityId: string;

  @ManyToOne('CapabilityEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'capability_id', foreignKeyConstraintName: 'fk_matches_capability' })
  capability?: unknown;

  @Column({ type: 'double precision' })
  score: number;

  /** Position among the need's suggestions when it was last scored (1 = best). */
  @Column({ type: 'integer' })
  rank: number;

  @Column({ type: 'enum', enum: MATCH_STATUSES, enumName: 'match_status', default: 'suggested' })
  status: MatchStatus;

  /**
   * Both listings' sectors as 64-bit keys (hashtextextended), for the review queue's filter: written with the
   * suggestion, kept current when a listing changes, small enough for the queue's covering indexes.
   */
  @Column({ name: 'listing_sector_keys', type: 'bigint', array: true, default: () => "'{}'" })
  listingSectorKeys: string[];

  /** Both listings' districts, likewise. */
  @Column({ name: 'listing_districts', type: 'text', array: true, default: () => "'{}'" })
  listingDistricts: string[];

  @Column({ type: 'jsonb' })
  explanation: Explanation;

  /** The measured confidence band of a suggestion (see ranker/ranker.ts); null on matches from before bands. */
  @Column({ type: 'text', nullable: true })
  band: 'high' | 'medium' | 'low' | null;

  /** Why a coordinator rejected it (one of REJECT_REASONS); the note says more. */
  @Column({ name: 'reject_reason', type: 'text', nullable: true })
  rejectReason: string | null;

  @Column({ name: 'algorithm_version', type: 'text' })
  algorithmVersion: string;

  /** Bumped on every status change: the optimistic-concurrency token of reviews and transitions. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  /** The outcome of the introduction: the contract (cooperation mode, amount in CNY, signing date, 技术合同登记号). */
  @Column({ name: 'contract_mode', type: 'text', nullable: true })
  contractMode: string | null;

  @Column({ name: 'contract_amount_cny', type: 'bigint', nullable: true })
  contractAmountCny: number | null;

  @Column({ name: 'contract_signed_on', type: 'date', nullable: true })
  contractSignedOn: string | null;

  @Column({ name: 'contract_registration_no', type: 'text', nullable: true })
  contractRegistrationNo: string | null;

  /** Why an introduction ended without a deal: one of CLOSE_REASONS, and the coordinator's words. */
  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  @Column({ name: 'close_note', type: 'text', nullable: true })
  closeNote: string | null;

  @Column({ name: 'introduced_at', type: 'timestamptz', nullable: true })
  introducedAt: Date | null;

  /** When it was contracted or closed without a deal. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
