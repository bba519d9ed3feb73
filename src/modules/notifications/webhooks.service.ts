import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { hasRole, type AuthUser } from '../auth/auth-user.js';
import type { DeliveryList, DeliveryView, WebhookDto, WebhookView } from './dto/notifications.dto.js';
import { webhookJob } from './notification-jobs.js';
import { MIN_SECRET_BYTES, allowList, refuseUrl } from './webhook-target.js';

const DELIVERIES = `SELECT d.id, d.event_id AS "eventId", e.type, d.url, d.status, d.attempts,
    d.last_status_code AS "lastStatusCode", d.last_error AS "lastError", d.created_at AS "createdAt",
    d.delivered_at AS "deliveredAt"
  FROM webhook_deliveries d JOIN notification_events e ON e.id = d.event_id`;

/** Organisations' webhooks: registration (with the SSRF check), the delivery log, and replay of a failed delivery. */
@Injectable()
export class WebhooksService {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.allowed = allowList(config.webhookAllowHosts);
  }

  async put(user: AuthUser, organizationId: string, dto: WebhookDto): Promise<WebhookView> {
    await this.checkMember(user, organizationId);
    if (Buffer.from(dto.secret.slice('whsec_'.length), 'base64').length < MIN_SECRET_BYTES) {
      throw invalidField(
        'secret',
        `secret 至少需要 ${MIN_SECRET_BYTES} 字节 / secret must be at least ${MIN_SECRET_BYTES} bytes`,
      );
    }
    const refused = await refuseUrl(dto.url.trim(), this.allowed);
    if (refused) throw invalidField('url', refused);
    const [row] = await this.dataSource.query<WebhookView[]>(
      `INSERT INTO webhooks (organization_id, url, secret) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, updated_at = now()
       RETURNING organization_id AS "organizationId", url, created_at AS "createdAt", updated_at AS "updatedAt"`,
      [organizationId, dto.url.trim(), dto.secret],
    );
    return row;
  }

  async get(user: AuthUser, organizationId: string): Promise<WebhookView> {
    await this.checkMember(user, organizationId);
    const [row] = await this.dataSource.query<WebhookView[]>(
      `SELECT organization_id AS "organizationId", url, created_at AS "createdAt", updated_at AS "updatedAt"
         FROM webhooks WHERE organization_id = $1`,
      [organizationId],
    );
    if (!row) throw notFound('Webhook ');
    return row;
  }

  async remove(user: AuthUser, organizationId: string): Promise<void> {
    await this.checkMember(user, organizationId);
    await this.dataSource.query(`DELETE FROM webhooks WHERE organization_id = $1`, [organizationId]);
  }

  async deliveries(user: AuthUser, organizationId: string, limit = 50): Promise<DeliveryList> {
    await this.checkMember(user, organizationId);
    const items = await this.dataSource.query<DeliveryView[]>(
      `${DELIVERIES} WHERE d.organization_id = $1 ORDER BY d.created_at DESC, d.id LIMIT $2`,
      [organizationId, limit],
    );
    return { items };
  }

  /** Sends a failed delivery again (same webhook-id, so receivers can tell it is the same message). */
  async replay(user: AuthUser, organizationId: string, deliveryId: string): Promise<DeliveryView> {
    await this.checkMember(user, organizationId);
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const [d] = await m.query<Array<{ status: string; attempts: number }>>(
        `SELECT status, attempts FROM webhook_deliveries WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
        [deliveryId, organizationId],
      );
      if (!d) throw notFound('投递记录 / delivery');
      if (d.status !== 'failed') {
        throw conflict(
          `只能重发失败的投递（当前：${d.status}）/ only a failed delivery can be replayed (now ${d.status})`,
          {
            currentStatus: d.status,
          },
        );
      }
      await m.query(
        `UPDATE webhook_deliveries SET status = 'pending', last_error = NULL, updated_at = now() WHERE id = $1`,
        [deliveryId],
      );
      await tx.enqueue([webhookJob(deliveryId, randomUUID())]);
    });
    const list = await this.dataSource.query<DeliveryView[]>(`${DELIVERIES} WHERE d.id = $1`, [deliveryId]);
    return list[0];
  }

  private async checkMember(user: AuthUser, organizationId: string): Promise<void> {
    const [org] = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM organizations WHERE id = $1`, [
      organizationId,
    ]);
    if (!org) throw notFound('组织 / organisation');
    if (user.organizationId !== organizationId && !hasRole(user, 'admin')) {
      throw forbidden('只有该组织的成员和管理员可以管理它的 Webhook / only its members and admins manage its webhook');
    }
  }
}
