import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const INSTRUMENT_EVENT_SUBJECTS = ['instrument', 'booking', 'testing_order', 'service_record'] as const;
export type InstrumentEventSubject = (typeof INSTRUMENT_EVENT_SUBJECTS)[number];

/** The audit trail of instruments, bookings, testing orders and service records; `actor_id` null: a job. */
@Entity({ name: 'instrument_events' })
@Check('ck_instrument_events_subject', `"subject" IN ('instrument', 'booking', 'testing_order', 'service_record')`)
@Index('ix_instrument_events_subject', ['subjectId', 'id'])
export class InstrumentEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_instrument_events' })
  id: number;

  @Column({ type: 'text' })
  subject: InstrumentEventSubject;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_instrument_events_actor' })
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
