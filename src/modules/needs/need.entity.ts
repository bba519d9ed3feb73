import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import {
  DISTRICTS,
  NEED_KINDS,
  NEED_STATUSES,
  VISIBILITIES,
  type CooperationMode,
  type District,
  type NeedKind,
  type NeedStatus,
  type Visibility,
} from '../../common/domain/vocabulary.js';

@Entity({ name: 'needs' })
// The exports' keyset order (created_at DESC, …): made by the migration, TypeORM cannot express DESC.
@Index('ix_needs_created_id', { synchronize: false })
// `?q=` and the hall's search: a GIN index of the listing's terms (migration ListingFullText).
@Index('ix_needs_terms', { synchronize: false })
@Index('ix_needs_search_version', ['searchVersion'])
@Index('ix_needs_district', ['district'])
@Index('ix_needs_org_created', ['organizationId', 'createdAt'])
@Index('ix_needs_status_created', ['status', 'createdAt'])
export class NeedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_needs_organization' })
  organization?: unknown;

  @Column({ type: 'enum', enum: NEED_KINDS, enumName: 'need_kind' })
  kind: NeedKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Index('ix_needs_sectors', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  sectors: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Column({ name: 'cooperation_modes', type: 'text', array: true, default: () => "'{}'" })
  cooperationModes: CooperationMode[];

  @Column({ name: 'budget_min', type: 'bigint', nullable: true })
  budgetMin: number | null;

  @Column({ name: 'budget_max', type: 'bigint', nullable: true })
  budgetMax: number | null;

  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  /** When the owner was told the deadline is near (once per deadline). */
  @Column({ name: 'deadline_notified_at', type: 'timestamptz', nullable: true })
  deadlineNotifiedAt: Date | null;

  /** The deadline that notice named: a moved deadline is announced again. */
  @Column({ name: 'deadline_notified_for', type: 'date', nullable: true })
  deadlineNotifiedFor: string | null;

  @Column({ type: 'enum', enum: DISTRICTS, enumName: 'district' })
  district: District;

  @Column({ type: 'enum', enum: VISIBILITIES, enumName: 'visibility', default: 'public' })
  visibility: Visibility;

  @Column({ type: 'enum', enum: NEED_STATUSES, enumName: 'need_status', default: 'open' })
  status: NeedStatus;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /**
   * The listing's terms for full-text search (common/text/search.ts), written with it; never read back with the
   * listing. Null until the worker has built it for a listing from before search terms (or of another version).
   */
  @Column({ name: 'search_terms', type: 'tsvector', nullable: true, select: false })
  searchTerms?: string | null;

  /** The analysis `search_terms` was built with (SEARCH_TERMS_VERSION). */
  @Column({ name: 'search_version', type: 'smallint', nullable: true, select: false })
  searchVersion?: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
