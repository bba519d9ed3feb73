import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { Agent, request } from 'undici';
import { APP_CONFIG } from '../../config/config.module.js';
import { ExternalServiceError } from '../../jobs/job-runner.js';
import type { AppConfig } from '../../config/app-config.js';
import { allowList, guardedLookup, refuseUrl } from './webhook-target.js';

const TIMEOUT_MS = 10_000;

/** The body every webhook receives (Standard Webhooks: `type`, `timestamp`, `data`). */
export function webhookBody(e: {
  id: string;
  type: string;
  created_at: Date;
  title: string;
  body: string;
  payload: Record<string, unknown>;
}): string {
  return JSON.stringify({
    type: e.type,
    timestamp: new Date(e.created_at).toISOString(),
    data: { eventId: e.id, title: e.title, body: e.body, ...e.payload },
  });
}

/**
 * Sends one webhook delivery: signed as Standard Webhooks says, to a public address (or one WEBHOOK_ALLOW_HOSTS
 * lists), no redirects, a time limit. A delivery already made is not made again; a failure is recorded in the
 * delivery log and thrown, so BullMQ retries it with backoff.
 */
@Injectable()
export class WebhookSenderService implements OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly allowed: ReadonlySet<string>;
  private readonly agent: Agent;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.allowed = allowList(config.webhookAllowHosts);
    this.agent = new Agent({
      connect: { lookup: guardedLookup(this.allowed), timeout: TIMEOUT_MS },
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  async deliver(deliveryId: string): Promise<{ status: string; code?: number }> {
    const [d] = await this.dataSource.query<
      Array<{
        status: string;
        url: string | null;
        secret: string | null;
        id: string;
        type: string;
        created_at: Date;
        title: string;
        body: string;
        payload: Record<string, unknown>;
      }>
    >(
      `SELECT d.status, w.url, w.secret, e.id, e.type, e.created_at, e.title, e.body, e.payload
         FROM webhook_deliveries d
         JOIN notification_events e ON e.id = d.event_id
         LEFT JOIN webhooks w ON w.organization_id = d.organization_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    if (!d) return { status: 'gone' };
    if (d.status === 'delivered') return { status: 'delivered' };
    if (!d.url || !d.secret) {
      await this.record(deliveryId, 'failed', null, '该组织已删除 Webhook / the organisation removed its webhook');
      throw new UnrecoverableError('webhook removed');
    }
    // A literal address is checked here (no lookup happens for it); a name, by the connection's guarded lookup.
    const refused = await refuseUrl(d.url, this.allowed, { resolve: false });
    if (refused) {
      await this.record(deliveryId, 'failed', null, refused);
      throw new UnrecoverableError(refused);
    }
    const body = webhookBody(d);
    const msgId = `msg_${d.id}`;
    const at = new Date();
    const signature = new Webhook(d.secret).sign(msgId, at, body);
    let code: number;
    try {
      const res = await request(d.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'techmatch-webhooks/1',
          'webhook-id': msgId,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      code = res.statusCode;
      await res.body.dump();
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      await this.record(deliveryId, 'pending', null, message);
      throw new ExternalServiceError(`webhook delivery failed: ${message}`, { cause: err });
    }
    // Redirects are not followed: only a 2xx answer counts as delivered.
    if (code < 200 || code >= 300) {
      await this.record(deliveryId, 'pending', code, `HTTP ${code}`);
      throw new ExternalServiceError(`webhook answered HTTP ${code}`);
    }
    await this.record(deliveryId, 'delivered', code, null);
    this.logger.log({ deliveryId, code }, 'webhook delivered');
    return { status: 'delivered', code };
  }

  /** A delivery whose retries are spent. */
  async giveUp(deliveryId: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'failed', last_error = COALESCE(last_error, $2), updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [deliveryId, reason.slice(0, 2000)],
    );
  }

  private async record(id: string, status: string, code: number | null, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries
          SET status = $2, attempts = attempts + 1, last_status_code = $3, last_error = $4, updated_at = now(),
              delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
        WHERE id = $1`,
      [id, status, code, error?.slice(0, 2000) ?? null],
    );
  }
}
