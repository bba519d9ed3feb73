import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Tx } from '../../jobs/unit-of-work.js';
import type { ChallengeEventKind } from './challenge-event.entity.js';

export interface ChallengeEventDraft {
  challengeId: string;
  applicationId?: string | null;
  /** Null: the system (a job). */
  actorId: string | null;
  kind: ChallengeEventKind;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

export interface ChallengeEventRow {
  id: number;
  challengeId: string;
  applicationId: string | null;
  actorId: string | null;
  actorName: string | null;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** The challenge's audit trail (challenge_events): every step writes its row in the step's own transaction. */
@Injectable()
export class ChallengeEventsService {
  /** Writes one audit row in the caller's transaction; returns its id. */
  async record(tx: Tx | Pick<EntityManager, 'query'>, e: ChallengeEventDraft): Promise<number> {
    const m = 'manager' in tx ? tx.manager : tx;
    const [row] = await m.query<Array<{ id: number }>>(
      `INSERT INTO challenge_events (challenge_id, application_id, actor_id, kind, from_status, to_status, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        e.challengeId,
        e.applicationId ?? null,
        e.actorId,
        e.kind,
        e.fromStatus ?? null,
        e.toStatus ?? null,
        e.note ?? null,
        JSON.stringify(e.data ?? {}),
      ],
    );
    return row.id;
  }

  /** One page of the trail, oldest first (`kinds` as for list), and how many rows there are in all. */
  async page(
    m: Pick<EntityManager, 'query'>,
    challengeId: string,
    kinds: readonly string[] | null,
    page: { skip: number; take: number },
  ): Promise<{ rows: ChallengeEventRow[]; total: number }> {
    const rows = await m.query<ChallengeEventRow[]>(
      `SELECT e.id, e.challenge_id AS "challengeId", e.application_id AS "applicationId", e.actor_id AS "actorId",
              u.name AS "actorName", e.kind, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.note, e.data,
              e.created_at AS "createdAt"
         FROM challenge_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.challenge_id = $1 AND ($2::text[] IS NULL OR e.kind = ANY($2::text[]))
        ORDER BY e.id
        LIMIT $3 OFFSET $4`,
      [challengeId, kinds, page.take, page.skip],
    );
    const [{ total }] = await m.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM challenge_events e
        WHERE e.challenge_id = $1 AND ($2::text[] IS NULL OR e.kind = ANY($2::text[]))`,
      [challengeId, kinds],
    );
    return { rows, total };
  }

  /** The trail of one challenge, oldest first; `kinds` restricts it (null: every kind). */
  async list(
    m: Pick<EntityManager, 'query'>,
    challengeId: string,
    kinds: readonly string[] | null,
    applicationIds: readonly string[] | null = null,
  ): Promise<ChallengeEventRow[]> {
    return m.query<ChallengeEventRow[]>(
      `SELECT e.id, e.challenge_id AS "challengeId", e.application_id AS "applicationId", e.actor_id AS "actorId",
              u.name AS "actorName", e.kind, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.note, e.data,
              e.created_at AS "createdAt"
         FROM challenge_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.challenge_id = $1 AND ($2::text[] IS NULL OR e.kind = ANY($2::text[]))
          AND ($3::uuid[] IS NULL OR e.application_id IS NULL OR e.application_id = ANY($3::uuid[]))
        ORDER BY e.id`,
      [challengeId, kinds, applicationIds],
    );
  }
}
