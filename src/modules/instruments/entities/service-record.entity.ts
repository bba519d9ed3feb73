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
} from 'typeorm';

export const SERVICE_RECORD_SOURCES = ['booking', 'testing_order'] as const;
export type ServiceRecordSource = (typeof SERVICE_RECORD_SOURCES)[number];
export const SERVICE_KINDS = ['equipment', 'service'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const SERVICE_UNITS = ['hour', 'sample'] as const;
export type ServiceUnit = (typeof SERVICE_UNITS)[number];

/**
 * What a provider served an enterprise: created once, in the step's transaction, when a booking is completed or a
 * testing order's report is issued (exactly one of `booking_id` / `testing_order_id`, each UNIQUE). The provider marks
 * it paid (invoice number), the enterprise rates it once; innovation vouchers (part B) claim paid ones.
 */
@Entity({ name: 'service_records' })
@Unique('uq_service_records_booking', ['bookingId'])
@Unique('uq_service_records_testing_order', ['testingOrderId'])
@Check(
  'ck_service_records_source',
  `("source" = 'booking' AND "booking_id" IS NOT NULL AND "testing_order_id" IS NULL) OR ("source" = 'testing_order' AND "testing_order_id" IS NOT NULL AND "booking_id" IS NULL)`,
)
@Check('ck_service_records_capability_kind', `"capability_kind" IN ('equipment', 'service')`)
@Check('ck_service_records_unit', `"unit" IN ('hour', 'sample')`)
@Check('ck_service_records_quantity', `"quantity" > 0`)
@Check('ck_service_records_amount', `"amount_yuan" >= 0`)
@Check('ck_service_records_served', `"served_from" <= "served_to"`)
@Check('ck_service_records_paid', `("paid_at" IS NULL) = ("payment_ref" IS NULL)`)
@Check('ck_service_records_rating', `"rating" IS NULL OR ("rating" >= 1 AND "rating" <= 5)`)
@Index('ix_service_records_provider', ['providerOrganizationId', 'completedAt'])
@Index('ix_service_records_enterprise', ['enterpriseOrganizationId', 'completedAt'])
export class ServiceRecordEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_service_records' })
  id: string;

  @Column({ type: 'text' })
  source: ServiceRecordSource;

  @Column({ name: 'booking_id', type: 'uuid', nullable: true })
  bookingId: string | null;

  @ManyToOne('InstrumentBookingEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'booking_id', foreignKeyConstraintName: 'fk_service_records_booking' })
  booking?: unknown;

  @Column({ name: 'testing_order_id', type: 'uuid', nullable: true })
  testingOrderId: string | null;

  @ManyToOne('TestingOrderEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'testing_order_id', foreignKeyConstraintName: 'fk_service_records_testing_order' })
  testingOrder?: unknown;

  @Column({ name: 'capability_id', type: 'uuid' })
  capabilityId: string;

  @ManyToOne('CapabilityEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'capability_id', foreignKeyConstraintName: 'fk_service_records_capability' })
  capability?: unknown;

  @Column({ name: 'capability_kind', type: 'text' })
  capabilityKind: ServiceKind;

  @Column({ name: 'provider_organization_id', type: 'uuid' })
  providerOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'provider_organization_id', foreignKeyConstraintName: 'fk_service_records_provider' })
  provider?: unknown;

  @Column({ name: 'enterprise_organization_id', type: 'uuid' })
  enterpriseOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'enterprise_organization_id', foreignKeyConstraintName: 'fk_service_records_enterprise' })
  enterprise?: unknown;

  @Column({ type: 'text' })
  description: string;

  /** Hours (two decimals) or samples; read as a string by pg (numeric). */
  @Column({ type: 'numeric', precision: 10, scale: 2 })
  quantity: string;

  @Column({ type: 'text' })
  unit: ServiceUnit;

  @Column({ name: 'amount_yuan', type: 'bigint' })
  amountYuan: number;

  @Column({ name: 'served_from', type: 'timestamptz' })
  servedFrom: Date;

  @Column({ name: 'served_to', type: 'timestamptz' })
  servedTo: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', default: () => 'now()' })
  completedAt: Date;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  /** The invoice number (发票号码). */
  @Column({ name: 'payment_ref', type: 'text', nullable: true })
  paymentRef: string | null;

  @Column({ name: 'paid_by', type: 'uuid', nullable: true })
  paidBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'paid_by', foreignKeyConstraintName: 'fk_service_records_paid_by' })
  payer?: unknown;

  @Column({ type: 'smallint', nullable: true })
  rating: number | null;

  @Column({ name: 'rating_comment', type: 'text', nullable: true })
  ratingComment: string | null;

  @Column({ name: 'rated_at', type: 'timestamptz', nullable: true })
  ratedAt: Date | null;

  @Column({ name: 'rated_by', type: 'uuid', nullable: true })
  ratedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'rated_by', foreignKeyConstraintName: 'fk_service_records_rated_by' })
  rater?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
