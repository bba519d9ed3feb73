import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound } from '../../common/errors/app-errors.js';
import { updateReturning } from '../../database/query.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { JobRequest } from '../../jobs/queues.js';
import { UnitOfWork, type Tx } from '../../jobs/unit-of-work.js';
import { emailJob, webhookJob } from './notification-jobs.js';

export interface NotificationDraft {
  type: string;
  matchId?: string | null;
  needId?: string | null;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  /** Every active member of these organisations gets it in the inbox; their webhooks get it too. */
  organizationIds?: string[];
  /** And these users (e.g. coordinators), in the inbox only. */
  userIds?: string[];
  /** Not told of their own action. */
  exceptUserId?: string | null;
}

export interface InboxItem {
  id: string;
  type: string;
  title: string;
  body: string;
  matchId: string | null;
  needId: string | null;
  payload: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
}

/**
 * The notification outbox. `record` writes an event, its inbox rows, its webhook deliveries and their jobs in the
 * caller's unit of work, so a status change and its notifications stand or fall together; the jobs are sent once it
 * has committed (the relay sends them otherwise).
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async record(tx: Tx, drafts: NotificationDraft[]): Promise<void> {
    const m = tx.manager;
    const jobs: JobRequest[] = [];
    for (const d of drafts) {
      const [event] = await m.query<Array<{ id: string }>>(
        `INSERT INTO notification_events (type, match_id, need_id, title, body, payload)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [d.type, d.matchId ?? null, d.needId ?? null, d.title, d.body, JSON.stringify(d.payload)],
      );
      const orgs = [...new Set(d.organizationIds ?? [])];
      const inboxed = await m.query<Array<{ id: string }>>(
        `INSERT INTO notifications (event_id, user_id)
         SELECT $1, u.id FROM users u
          WHERE u.active AND (u.organization_id = ANY($2::uuid[]) OR u.id = ANY($3::uuid[]))
            AND u.id IS DISTINCT FROM $4::uuid
         ON CONFLICT (event_id, user_id) DO NOTHING RETURNING id`,
        [event.id, orgs, d.userIds ?? [], d.exceptUserId ?? null],
      );
      const deliveries = await m.query<Array<{ id: string }>>(
        `INSERT INTO webhook_deliveries (event_id, organization_id, url)
         SELECT $1, w.organization_id, w.url FROM webhooks w WHERE w.organization_id = ANY($2::uuid[])
         RETURNING id`,
        [event.id, orgs],
      );
      for (const x of deliveries) jobs.push(webhookJob(x.id));
      if (this.config.smtpUrl && inboxed.length) {
        jobs.push(emailJob(event.id));
      }
    }
    await tx.enqueue(jobs);
  }

  /** Records and dispatches notifications in a unit of work of their own. */
  send(drafts: NotificationDraft[]): Promise<void> {
    return this.uow.run((tx) => this.record(tx, drafts));
  }

  async inbox(
    userId: string,
    q: { unread?: boolean; page: number; pageSize: number },
  ): Promise<{ items: InboxItem[]; total: number; page: number; pageSize: number; unread: number }> {
    const items = await this.dataSource.query<InboxItem[]>(
      `SELECT n.id, e.type, e.title, e.body, e.match_id AS "matchId", e.need_id AS "needId", e.payload,
              n.read_at AS "readAt", n.created_at AS "createdAt"
         FROM notifications n JOIN notification_events e ON e.id = n.event_id
        WHERE n.user_id = $1 AND ($2::boolean IS NOT TRUE OR n.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT $3 OFFSET $4`,
      [userId, q.unread ?? null, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const [counts] = await this.dataSource.query<Array<{ total: number; unread: number }>>(
      `SELECT count(*) FILTER (WHERE $2::boolean IS NOT TRUE OR read_at IS NULL)::int AS total,
              count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM notifications WHERE user_id = $1`,
      [userId, q.unread ?? null],
    );
    return { items, total: counts.total, page: q.page, pageSize: q.pageSize, unread: counts.unread };
  }

  /** Marks one of the caller's notifications read (idempotent); 404 for anyone else's. */
  async markRead(userId: string, id: string): Promise<void> {
    const rows = await updateReturning<{ id: string }>(
      this.dataSource,
      `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, userId],
    );
    if (!rows.length) throw notFound('通知 / notification');
  }

  /**
   * Who wants to hear of new suggestions scoring `score` or less (coordinators and admins with a threshold at or
   * below it): the threshold is their notification setting, kept here.
   */
  async scoreWatchers(m: EntityManager, score: number): Promise<Array<{ id: string; minScore: number }>> {
    return m.query<Array<{ id: string; minScore: number }>>(
      `SELECT id, notify_min_score AS "minScore" FROM users
        WHERE active AND role IN ('coordinator', 'admin') AND notify_min_score IS NOT NULL AND notify_min_score <= $1`,
      [score],
    );
  }

  async settings(userId: string): Promise<{ minScore: number | null }> {
    const [u] = await this.dataSource.query<Array<{ min: number | null }>>(
      `SELECT notify_min_score AS min FROM users WHERE id = $1`,
      [userId],
    );
    return { minScore: u?.min ?? null };
  }

  async setMinScore(userId: string, minScore: number | null): Promise<{ minScore: number | null }> {
    await this.dataSource.query(`UPDATE users SET notify_min_score = $2, updated_at = now() WHERE id = $1`, [
      userId,
      minScore,
    ]);
    return { minScore };
  }

  async markAllRead(userId: string): Promise<number> {
    const rows = await updateReturning<{ id: string }>(
      this.dataSource,
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id`,
      [userId],
    );
    return rows.length;
  }
}
