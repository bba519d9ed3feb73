import { Injectable } from '@nestjs/common';
import type { Tx } from '../../jobs/unit-of-work.js';
import { coordinatorIds } from '../notifications/recipients.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { VoucherEventSubject } from './entities/voucher.entity.js';

export interface VoucherEventDraft {
  programmeId: string;
  subject: VoucherEventSubject;
  subjectId: string;
  actorId: string | null;
  kind: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

export interface VoucherNotice {
  organizationIds?: string[];
  coordinators?: boolean;
  title: string;
  body?: string;
  payload?: Record<string, unknown>;
  exceptUserId?: string | null;
}

/**
 * The audit trail (voucher_events) and the notifications (`voucher.*`, through the outbox) of every voucher step,
 * both written in the step's own transaction.
 */
@Injectable()
export class VoucherAudit {
  constructor(private readonly notifications: NotificationsService) {}

  async record(tx: Tx, e: VoucherEventDraft): Promise<void> {
    await tx.manager.query(
      `INSERT INTO voucher_events (programme_id, subject, subject_id, actor_id, kind, from_status, to_status, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        e.programmeId,
        e.subject,
        e.subjectId,
        e.actorId,
        e.kind,
        e.fromStatus ?? null,
        e.toStatus ?? null,
        e.note ?? null,
        JSON.stringify(e.data ?? {}),
      ],
    );
  }

  async notify(tx: Tx, programme: { id: string; name: string }, type: string, n: VoucherNotice): Promise<void> {
    const userIds = n.coordinators ? await coordinatorIds(tx.manager) : [];
    if (!(n.organizationIds?.length || userIds.length)) return;
    await this.notifications.record(tx, [
      {
        type: `voucher.${type}`,
        title: n.title,
        body: [`创新券 / innovation voucher：“${programme.name}”`, n.body ?? ''].filter(Boolean).join('\n'),
        payload: { programmeId: programme.id, ...(n.payload ?? {}) },
        organizationIds: n.organizationIds ?? [],
        userIds,
        exceptUserId: n.exceptUserId ?? null,
      },
    ]);
  }
}
