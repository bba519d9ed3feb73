import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const TESTING_ORDER_STATUSES = [
  'requested',
  'accepted',
  'samples_received',
  'testing',
  'report_issued',
  'closed',
  'declined',
  'cancelled',
] as const;
export type TestingOrderStatus = (typeof TESTING_ORDER_STATUSES)[number];

/** An order for a testing service (检验检测), from request to the PDF report. */
@Entity({ name: 'testing_orders' })
@Check(
  'ck_testing_orders_status',
  `"status" IN ('requested', 'accepted', 'samples_received', 'testing', 'report_issued', 'closed', 'declined', 'cancelled')`,
)
@Check('ck_testing_orders_sample_count', `"sample_count" > 0`)
@Check('ck_testing_orders_quantity', `"quantity" > 0`)
@Check('ck_testing_orders_unit_price', `"unit_price_yuan" IS NULL OR "unit_price_yuan" >= 0`)
@Check('ck_testing_orders_amount', `"amount_yuan" IS NULL OR "amount_yuan" >= 0`)
@Check('ck_testing_orders_report_sha256', `"report_sha256" IS NULL OR "report_sha256" ~ '^[0-9a-f]{64}$'`)
@Check('ck_testing_orders_report_storage', `"report_storage" IS NULL OR "report_storage" IN ('database', 'directory')`)
@Index('ix_testing_orders_provider', ['providerOrganizationId', 'status'])
@Index('ix_testing_orders_enterprise', ['enterpriseOrganizationId', 'status'])
@Index('ix_testing_orders_capability', ['capabilityId'])
export class TestingOrderEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_testing_orders' })
  id: string;

  @Column({ name: 'capability_id', type: 'uuid' })
  capabilityId: string;

  @ManyToOne('CapabilityEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'capability_id', foreignKeyConstraintName: 'fk_testing_orders_capability' })
  capability?: unknown;

  @Column({ name: 'provider_organization_id', type: 'uuid' })
  providerOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'provider_organization_id', foreignKeyConstraintName: 'fk_testing_orders_provider' })
  provider?: unknown;

  @Column({ name: 'enterprise_organization_id', type: 'uuid' })
  enterpriseOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'enterprise_organization_id', foreignKeyConstraintName: 'fk_testing_orders_enterprise' })
  enterprise?: unknown;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'fk_testing_orders_requested_by' })
  requester?: unknown;

  /** What the samples are (text). */
  @Column({ type: 'text' })
  samples: string;

  @Column({ name: 'sample_count', type: 'integer' })
  sampleCount: number;

  /** The test standard, e.g. `GB/T 228.1-2021` (trimmed). */
  @Column({ type: 'text' })
  standard: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'unit_price_yuan', type: 'bigint', nullable: true })
  unitPriceYuan: number | null;

  @Column({ name: 'amount_yuan', type: 'bigint', nullable: true })
  amountYuan: number | null;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'text', default: 'requested' })
  status: TestingOrderStatus;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'report_filename', type: 'text', nullable: true })
  reportFilename: string | null;

  @Column({ name: 'report_sha256', type: 'text', nullable: true })
  reportSha256: string | null;

  @Column({ name: 'report_size_bytes', type: 'integer', nullable: true })
  reportSizeBytes: number | null;

  @Column({ name: 'report_storage', type: 'text', nullable: true })
  reportStorage: 'database' | 'directory' | null;

  @Column({ name: 'report_content', type: 'bytea', nullable: true, select: false })
  reportContent: Buffer | null;

  @Column({ name: 'report_path', type: 'text', nullable: true })
  reportPath: string | null;

  @Column({ name: 'report_uploaded_by', type: 'uuid', nullable: true })
  reportUploadedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'report_uploaded_by', foreignKeyConstraintName: 'fk_testing_orders_report_uploaded_by' })
  reportUploader?: unknown;

  @Column({ name: 'report_issued_at', type: 'timestamptz', nullable: true })
  reportIssuedAt: Date | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
