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
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/** An organisation's webhook endpoint (one per organisation) and its Standard Webhooks secret (`whsec_…`). */
@Entity({ name: 'webhooks' })
export class WebhookEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid', primaryKeyConstraintName: 'pk_webhooks' })
  organizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_webhooks_organization' })
  organization?: unknown;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', select: false })
  secret: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event sent to one organisation's webhook: the delivery log, and what a replay starts again. */
@Entity({ name: 'webhook_deliveries' })
@Unique('uq_webhook_deliveries_event_org', ['eventId', 'organizationId'])
@Check('ck_webhook_deliveries_status', `"status" IN ('pending', 'delivered', 'failed')`)
@Index('ix_webhook_deliveries_org', { synchronize: false })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne('NotificationEventEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_webhook_deliveries_event' })
  event?: unknown;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne('OrganizationEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_webhook_deliveries_organization' })
  organization?: unknown;

  /** The URL at the time of the event. */
  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
