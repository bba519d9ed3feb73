import { Injectable } from '@nestjs/common';
import type { Tx } from '../../jobs/unit-of-work.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { coordinatorIds } from '../notifications/recipients.js';
import type { SecondmentEventSubject } from './envoys.entity.js';

/**
 * Every step's two traces, written in the step's own transaction: an audit row in secondment_events (the post's
 * trail, `GET /secondment-posts/:id/events`; no actor for the system's own steps) and a notification through the
 * outbox, so the other side hears of it only if the step commits.
 */
@Injectable()
export class EnvoyNotifier {
  constructor(private readonly notifications: NotificationsService) {}

  async event(
    tx: Tx,
    e: {
      postId: string;
      subject: SecondmentEventSubject;
      subjectId: string;
      actorId: string | null;
      kind: string;
      from?: string | null;
      to?: string | null;
      note?: string | null;
      data?: Record<string, unknown>;
    },
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO secondment_events (post_id, subject, subject_id, actor_id, kind, from_status, to_status, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        e.postId,
        e.subject,
        e.subjectId,
        e.actorId,
        e.kind,
        e.from ?? null,
        e.to ?? null,
        e.note ?? null,
        JSON.stringify(e.data ?? {}),
      ],
    );
  }

  /** Tells the other side through the notification outbox, in the step's transaction. Types `secondment.*`. */
  async notify(
    tx: Tx,
    post: { id: string; title: string },
    type: string,
    n: {
      organizationIds?: string[];
      userIds?: string[];
      coordinators?: boolean;
      title: string;
      body?: string;
      payload?: Record<string, unknown>;
      exceptUserId?: string | null;
    },
  ): Promise<void> {
    const userIds = [...(n.userIds ?? []), ...(n.coordinators ? await coordinatorIds(tx.manager) : [])];
    if (!(n.organizationIds?.length || userIds.length)) return;
    await this.notifications.record(tx, [
      {
        type,
        title: n.title,
        body: [`科技特派员岗位 / secondment post：“${post.title}”`, n.body ?? ''].filter(Boolean).join('\n'),
        payload: { postId: post.id, ...(n.payload ?? {}) },
        organizationIds: n.organizationIds ?? [],
        userIds,
        exceptUserId: n.exceptUserId ?? null,
      },
    ]);
  }
}
