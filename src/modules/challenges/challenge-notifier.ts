import { Injectable } from '@nestjs/common';
import type { Tx } from '../../jobs/unit-of-work.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { coordinatorIds } from '../notifications/recipients.js';

export interface ChallengeNotice {
  /** Every active member of these organisations (and their webhooks). */
  organizationIds?: string[];
  /** And these users (coordinators, experts), in the inbox. */
  userIds?: string[];
  /** Also every active coordinator and admin. */
  coordinators?: boolean;
  title: string;
  body?: string;
  payload?: Record<string, unknown>;
  /** Not told of their own action. */
  exceptUserId?: string | null;
}

/**
 * Tells the parties of a challenge what happened, through the notification outbox (inbox, webhooks, e-mail) in the
 * step's own unit of work. Types are `challenge.<type>`; the body starts with the challenge's title and the payload
 * always carries `challengeId`.
 */
@Injectable()
export class ChallengeNotifier {
  constructor(private readonly notifications: NotificationsService) {}

  async notify(
    tx: Tx,
    challenge: { id: string; title: string; status?: string },
    type: string,
    n: ChallengeNotice,
  ): Promise<void> {
    const userIds = [...(n.userIds ?? []), ...(n.coordinators ? await coordinatorIds(tx.manager) : [])];
    if (!(n.organizationIds?.length || userIds.length)) return;
    await this.notifications.record(tx, [
      {
        type: type.startsWith('challenge.') ? type : `challenge.${type}`,
        title: n.title,
        body: [`揭榜挂帅 / challenge：“${challenge.title}”`, n.body ?? ''].filter(Boolean).join('\n'),
        payload: { challengeId: challenge.id, status: challenge.status, ...(n.payload ?? {}) },
        organizationIds: n.organizationIds ?? [],
        userIds,
        exceptUserId: n.exceptUserId ?? null,
      },
    ]);
  }
}
