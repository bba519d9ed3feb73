import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const BOOKING_STATUSES = ['requested', 'confirmed', 'declined', 'cancelled', 'completed'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * A booking of an instrument for a period (`[from, to)`, tstzrange). Confirmed and completed bookings of one instrument
 * never overlap: `ex_instrument_bookings_no_overlap` refuses it in PostgreSQL (23P01).
 */
@Entity({ name: 'instrument_bookings' })
@Check('ck_instrument_bookings_status', `"status" IN ('requested', 'confirmed', 'declined', 'cancelled', 'completed')`)
@Check('ck_instrument_bookings_amount', `"amount_yuan" >= 0`)
@Check('ck_instrument_bookings_samples', `"samples" IS NULL OR "samples" > 0`)
@Check(
  'ck_instrument_bookings_period',
  `NOT isempty("period") AND lower_inc("period") AND NOT upper_inc("period") AND NOT lower_inf("period") AND NOT upper_inf("period")`,
)
@Check('ck_instrument_bookings_actual_minutes', `"actual_minutes" IS NULL OR "actual_minutes" > 0`)
@Exclusion(
  'ex_instrument_bookings_no_overlap',
  `USING gist ("instrument_id" WITH =, "period" WITH &&) WHERE ("status" IN ('confirmed', 'completed'))`,
)
@Index('ix_instrument_bookings_instrument', ['instrumentId', 'status'])
@Index('ix_instrument_bookings_enterprise', ['enterpriseOrganizationId', 'status'])
export class InstrumentBookingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_instrument_bookings' })
  id: string;

  @Column({ name: 'instrument_id', type: 'uuid' })
  instrumentId: string;

  @ManyToOne('InstrumentEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'instrument_id', foreignKeyConstraintName: 'fk_instrument_bookings_instrument' })
  instrument?: unknown;

  @Column({ name: 'enterprise_organization_id', type: 'uuid' })
  enterpriseOrganizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'enterprise_organization_id', foreignKeyConstraintName: 'fk_instrument_bookings_enterprise' })
  enterprise?: unknown;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'fk_instrument_bookings_requested_by' })
  requester?: unknown;

  /** `[start, end)` as PostgreSQL prints it. */
  @Column({ type: 'tstzrange' })
  period: string;

  @Column({ type: 'integer', nullable: true })
  samples: number | null;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ name: 'amount_yuan', type: 'bigint' })
  amountYuan: number;

  @Column({ type: 'text', default: 'requested' })
  status: BookingStatus;

  /** Why it was declined or cancelled. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'actual_minutes', type: 'integer', nullable: true })
  actualMinutes: number | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'fk_instrument_bookings_decided_by' })
  decider?: unknown;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'cancelled_by', foreignKeyConstraintName: 'fk_instrument_bookings_cancelled_by' })
  canceller?: unknown;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'completed_by', type: 'uuid', nullable: true })
  completedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'completed_by', foreignKeyConstraintName: 'fk_instrument_bookings_completed_by' })
  completer?: unknown;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
