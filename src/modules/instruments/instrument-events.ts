import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Tx } from '../../jobs/unit-of-work.js';
import { coordinatorIds } from '../notifications/recipients.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { InstrumentEventSubject } from './entities/instrument-event.entity.js';

export interface InstrumentEventDraft {
  subject: InstrumentEventSubject;
  subjectId: string;
  /** Null: the system (a job). */
  actorId: string | null;
  kind: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

/** The audit trail (instrument_events): every step writes its row in the step's own transaction. */
@Injectable()
export class InstrumentEventsService {
  async record(tx: Tx | Pick<EntityManager, 'query'>, e: InstrumentEventDraft): Promise<void> {
    const m = 'manager' in tx ? tx.manager : tx;
    await m.query(
      `INSERT INTO instrument_events (subject, subject_id, actor_id, kind, from_status, to_status, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
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
}

export interface InstrumentNotice {
  /** `booking.<x>`, `testing_order.<x>`, `service_record.<x>`. */
  type: string;
  /** Every active member of these organisations (and their webhooks). */
  organizationIds: string[];
  coordinators?: boolean;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  /** Not told of their own action. */
  exceptUserId?: string | null;
}

/** Tells the other side of a booking, order or service record what happened, through the outbox, in the step's tx. */
@Injectable()
export class InstrumentsNotifier {
  constructor(private readonly notifications: NotificationsService) {}

  async notify(tx: Tx, n: InstrumentNotice): Promise<void> {
    const userIds = n.coordinators ? await coordinatorIds(tx.manager) : [];
    await this.notifications.record(tx, [
      {
        type: n.type,
        title: n.title,
        body: n.body,
        payload: n.payload,
        organizationIds: n.organizationIds,
        userIds,
        exceptUserId: n.exceptUserId ?? null,
      },
    ]);
  }
}
