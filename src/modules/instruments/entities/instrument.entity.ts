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
import { DISTRICTS, type District } from '../../../common/domain/vocabulary.js';

export const INSTRUMENT_MODES = ['assisted', 'self_service'] as const;
export type InstrumentMode = (typeof INSTRUMENT_MODES)[number];
export const INSTRUMENT_UNITS = ['hour', 'sample'] as const;
export type InstrumentUnit = (typeof INSTRUMENT_UNITS)[number];

/** One weekly opening window: weekday 1 (Monday) … 7 (Sunday), `HH:MM` Harbin time, on 30-minute boundaries. */
export interface OpeningWindow {
  weekday: number;
  from: string;
  to: string;
}

/** A bookable instrument of an `equipment` capability (共享仪器). */
@Entity({ name: 'instruments' })
@Check('ck_instruments_mode', `"mode" IN ('assisted', 'self_service')`)
@Check('ck_instruments_unit', `"unit" IN ('hour', 'sample')`)
@Check('ck_instruments_price', `"price_yuan" >= 0`)
@Check('ck_instruments_notice', `"min_notice_hours" >= 0 AND "min_notice_hours" <= 720`)
@Index('ix_instruments_capability', ['capabilityId'])
@Index('ix_instruments_organization', ['organizationId'])
@Index('ix_instruments_district', ['district'])
export class InstrumentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_instruments' })
  id: string;

  @Column({ name: 'capability_id', type: 'uuid' })
  capabilityId: string;

  @ManyToOne('CapabilityEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'capability_id', foreignKeyConstraintName: 'fk_instruments_capability' })
  capability?: unknown;

  /** The capability's organisation (denormalised). */
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_instruments_organization' })
  organization?: unknown;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  model: string | null;

  @Column({ type: 'enum', enum: DISTRICTS, enumName: 'district' })
  district: District;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text' })
  mode: InstrumentMode;

  @Column({ type: 'text' })
  unit: InstrumentUnit;

  @Column({ name: 'price_yuan', type: 'bigint' })
  priceYuan: number;

  @Column({ name: 'opening_hours', type: 'jsonb', default: () => "'[]'" })
  openingHours: OpeningWindow[];

  @Column({ name: 'blackout_dates', type: 'date', array: true, default: () => "'{}'" })
  blackoutDates: string[];

  @Column({ name: 'min_notice_hours', type: 'integer', default: 24 })
  minNoticeHours: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_instruments_created_by' })
  creator?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
