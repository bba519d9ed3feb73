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
  CAPABILITY_KINDS,
  CAPABILITY_STATUSES,
  DISTRICTS,
  IP_STATUSES,
  type CapabilityKind,
  type CapabilityStatus,
  type CooperationMode,
  type District,
  type IpStatus,
} from '../../common/domain/vocabulary.js';

@Entity({ name: 'capabilities' })
// The exports' keyset order (created_at DESC, …): made by the migration, TypeORM cannot express DESC.
@Index('ix_capabilities_created_id', { synchronize: false })
// `?q=` and the hall's search: a GIN index of the listing's terms (migration ListingFullText).
@Index('ix_capabilities_terms', { synchronize: false })
@Index('ix_capabilities_search_version', ['searchVersion'])
@Index('ix_capabilities_district', ['district'])
@Index('ix_capabilities_org_created', ['organizationId', 'createdAt'])
@Index('ix_capabilities_status_created', ['status', 'createdAt'])
// When the catalogue last changed (a need's ranking state).
@Index('ix_capabilities_updated', ['updatedAt'])
export class CapabilityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_capabilities_organization' })
  organization?: unknown;

  @Column({ type: 'enum', enum: CAPABILITY_KINDS, enumName: 'capability_kind' })
  kind: CapabilityKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Index('ix_capabilities_sectors', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  sectors: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Column({ type: 'smallint', nullable: true })
  trl: number | null;

  @Column({ name: 'ip_status', type: 'enum', enum: IP_STATUSES, enumName: 'ip_status', nullable: true })
  ipStatus: IpStatus | null;

  @Column({ name: 'cooperation_modes', type: 'text', array: true, default: () => "'{}'" })
  cooperationModes: CooperationMode[];

  @Column({ type: 'enum', enum: DISTRICTS, enumName: 'district' })
  district: District;

  @Column({ name: 'max_active_introductions', type: 'integer', nullable: true })
  maxActiveIntroductions: number | null;

  @Column({ type: 'enum', enum: CAPABILITY_STATUSES, enumName: 'capability_status', default: 'active' })
  status: CapabilityStatus;

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
