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
} from 'typeorm';

export const COMMON_PROBLEM_STATUSES = ['candidate', 'confirmed', 'dismissed'] as const;
export type CommonProblemStatus = (typeof COMMON_PROBLEM_STATUSES)[number];

export const COMMON_PROBLEM_EVENT_KINDS = [
  'detected',
  'refreshed',
  'edited',
  'confirmed',
  'dismissed',
  'introduced',
] as const;
export type CommonProblemEventKind = (typeof COMMON_PROBLEM_EVENT_KINDS)[number];

/** 共性技术难题: open needs of different organisations stating the same problem (proposed by the worker). */
@Entity({ name: 'common_problems' })
@Index('ix_common_problems_status_created', ['status', 'createdAt'])
@Index('ix_common_problems_fingerprint', ['fingerprint'])
export class CommonProblemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: COMMON_PROBLEM_STATUSES, enumName: 'common_problem_status', default: 'candidate' })
  status: CommonProblemStatus;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  summary: string;

  /** Terms most member needs state (the analyzer's terms, most specific first). */
  @Column({ name: 'shared_terms', type: 'text', array: true, default: () => "'{}'" })
  sharedTerms: string[];

  /** The members' sectors (scheme:code), most frequent first. */
  @Column({ name: 'sector_keys', type: 'text', array: true, default: () => "'{}'" })
  sectorKeys: string[];

  @Column({ name: 'lead_need_id', type: 'uuid', nullable: true })
  leadNeedId: string | null;

  @ManyToOne('NeedEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'lead_need_id', foreignKeyConstraintName: 'fk_common_problems_lead_need' })
  leadNeed?: unknown;

  /** Why that need leads (most specific, largest budget), or that a coordinator chose it. */
  @Column({ name: 'lead_reason', type: 'text', nullable: true })
  leadReason: string | null;

  /** sha-256 of the sorted member need ids, as detected: a re-run recognises the cluster by it. */
  @Column({ type: 'text' })
  fingerprint: string;

  /** Mean similarity of the member needs' linked pairs (0–1). */
  @Column({ type: 'double precision', default: 0 })
  cohesion: number;

  /** A coordinator edited it: a re-run keeps its members and text. */
  @Column({ type: 'boolean', default: false })
  edited: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** When the worker last worked out its shared terms and capabilities. */
  @Column({ name: 'refreshed_at', type: 'timestamptz', default: () => 'now()' })
  refreshedAt: Date;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'fk_common_problems_decided_by' })
  decider?: unknown;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'dismiss_reason', type: 'text', nullable: true })
  dismissReason: string | null;
}

@Entity({ name: 'common_problem_needs' })
@Index('ix_common_problem_needs_need', ['needId'])
export class CommonProblemNeedEntity {
  @PrimaryColumn({ name: 'problem_id', type: 'uuid' })
  problemId: string;

  @ManyToOne(() => CommonProblemEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'problem_id', foreignKeyConstraintName: 'fk_common_problem_needs_problem' })
  problem?: unknown;

  @PrimaryColumn({ name: 'need_id', type: 'uuid' })
  needId: string;

  @ManyToOne('NeedEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'fk_common_problem_needs_need' })
  need?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A capability that fits the problem's needs, scored against each member by matching's scoring. */
@Entity({ name: 'common_problem_capabilities' })
export class CommonProblemCapabilityEntity {
  @PrimaryColumn({ name: 'problem_id', type: 'uuid' })
  problemId: string;

  @ManyToOne(() => CommonProblemEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'problem_id', foreignKeyConstraintName: 'fk_common_problem_capabilities_problem' })
  problem?: unknown;

  @PrimaryColumn({ name: 'capability_id', type: 'uuid' })
  capabilityId: string;

  @ManyToOne('CapabilityEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'capability_id', foreignKeyConstraintName: 'fk_common_problem_capabilities_capability' })
  capability?: unknown;

  @Column({ type: 'integer' })
  rank: number;

  /** Mean ranking score over the member needs (0 for a member it does not fit). */
  @Column({ type: 'double precision' })
  score: number;

  /** How many member needs it fits (suggestible for them). */
  @Column({ type: 'integer' })
  covered: number;

  @Column({ name: 'fits_all', type: 'boolean' })
  fitsAll: boolean;

  /** Per member need: `{needId, fits, score, band, summary: {zh, en}}`, as matching explains a pair. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  explanations: unknown[];
}

/** The audit trail of a common problem: detection, refreshes, edits, decisions and introductions. */
@Entity({ name: 'common_problem_events' })
@Check(
  'ck_common_problem_events_kind',
  `"kind" IN ('detected', 'refreshed', 'edited', 'confirmed', 'dismissed', 'introduced')`,
)
@Index('ix_common_problem_events_problem', ['problemId', 'id'])
export class CommonProblemEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'problem_id', type: 'uuid' })
  problemId: string;

  @ManyToOne(() => CommonProblemEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'problem_id', foreignKeyConstraintName: 'fk_common_problem_events_problem' })
  problem?: unknown;

  /** Null for the detection job. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_common_problem_events_actor' })
  actor?: unknown;

  @Column({ type: 'text' })
  kind: CommonProblemEventKind;

  @Column({
    name: 'from_status',
    type: 'enum',
    enum: COMMON_PROBLEM_STATUSES,
    enumName: 'common_problem_status',
    nullable: true,
  })
  fromStatus: CommonProblemStatus | null;

  @Column({
    name: 'to_status',
    type: 'enum',
    enum: COMMON_PROBLEM_STATUSES,
    enumName: 'common_problem_status',
    nullable: true,
  })
  toStatus: CommonProblemStatus | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Member enterprises introduced to a consortium of capability owners, from a confirmed common problem. */
@Entity({ name: 'common_problem_introductions' })
@Index('ix_common_problem_introductions_problem', ['problemId', 'createdAt'])
export class CommonProblemIntroductionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'problem_id', type: 'uuid' })
  problemId: string;

  @ManyToOne(() => CommonProblemEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'problem_id', foreignKeyConstraintName: 'fk_common_problem_introductions_problem' })
  problem?: unknown;

  @Column({ name: 'capability_ids', type: 'uuid', array: true })
  capabilityIds: string[];

  /** Every party told: the member organisations and the capability owners. */
  @Column({ name: 'organization_ids', type: 'uuid', array: true })
  organizationIds: string[];

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_common_problem_introductions_created_by' })
  creator?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
