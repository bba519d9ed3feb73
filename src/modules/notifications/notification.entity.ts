import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

/**
 * Something that happened and who should hear of it: written in the same transaction as the change itself (the
 * outbox), then delivered to inboxes (rows of `notifications`), webhooks and e-mail by the `notifications` queue.
 * Its id is the Standard Webhooks `webhook-id` (prefixed `msg_`), the same on every retry.
 */
@Entity({ name: 'notification_events' })
export class NotificationEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notification_events' })
  id: string;

  /** e.g. `match.introduced`, `match.note`, `match.suggested`, `need.deadline_soon`, `need.expired`. */
  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'match_id', type: 'uuid', nullable: true })
  matchId: string | null;

  @ManyToOne('MatchEntity', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'match_id', foreignKeyConstraintName: 'fk_notification_events_match' })
  match?: unknown;

  @Column({ name: 'need_id', type: 'uuid', nullable: true })
  needId: string | null;

  @ManyToOne('NeedEntity', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'fk_notification_events_need' })
  need?: unknown;

  /** What the inbox shows, Chinese first. */
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** What webhooks receive as `data`. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  // Retention deletes old events by age.
  @Index('ix_notification_events_created')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One user's copy of an event: the in-app inbox, and whether it was e-mailed. */
@Entity({ name: 'notifications' })
@Unique('uq_notifications_event_user', ['eventId', 'userId'])
@Index('ix_notifications_user', { synchronize: false })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notifications' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne('NotificationEventEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_notifications_event' })
  event?: unknown;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne('UserEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: unknown;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ name: 'emailed_at', type: 'timestamptz', nullable: true })
  emailedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
