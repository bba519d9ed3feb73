import { Injectable } from '@nestjs/common';
import { updateReturning } from '../../database/query.js';
import type { Tx } from '../../jobs/unit-of-work.js';
import { CatalogChangesService } from '../listings/catalog-changes.service.js';

/** Deadlines are dates in Harbin. */
const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

/** A need whose deadline has come or is near, as its owner is told of it. */
export interface DeadlineNeed {
  id: string;
  title: string;
  organizationId: string;
  /** 'YYYY-MM-DD'. */
  deadline: string;
}

type Row = { id: string; title: string; organization_id: string; deadline: string };
const toNeed = (r: Row): DeadlineNeed => ({
  id: r.id,
  title: r.title,
  organizationId: r.organization_id,
  deadline: r.deadline,
});

/**
 * Needs' deadlines as the needs' own rules: an open need past its deadline closes itself, and a need whose deadline
 * is near is marked once per deadline (a moved deadline is told again). Both run in the caller's unit of work, so
 * whoever tells the owners (notifications) does it in the same transaction.
 */
@Injectable()
export class NeedDeadlinesService {
  constructor(private readonly changes: CatalogChangesService) {}

  /** Closes the open needs past their deadline; matching withdraws their open suggestions when it hears of it. */
  async closeExpired(tx: Tx): Promise<DeadlineNeed[]> {
    const rows = await updateReturning<Row>(
      tx.manager,
      `UPDATE needs SET status = 'closed', updated_at = now()
        WHERE status = 'open' AND deadline IS NOT NULL AND deadline < ${TODAY}
        RETURNING id, title, organization_id, deadline::text AS deadline`,
      [],
    );
    await this.changes.record(
      tx,
      'need',
      rows.map((r) => r.id),
      'upsert',
    );
    return rows.map(toNeed);
  }

  /** Marks the open needs whose deadline is within `days` and whose owners were not told of it yet. */
  async markDueSoon(tx: Tx, days: number): Promise<DeadlineNeed[]> {
    // A raw UPDATE of bookkeeping columns: updated_at (the need's version, which matching follows) stays as it is.
    const rows = await updateReturning<Row>(
      tx.manager,
      `UPDATE needs SET deadline_notified_at = now(), deadline_notified_for = deadline
        WHERE status = 'open' AND deadline IS NOT NULL
          AND deadline >= ${TODAY} AND deadline <= ${TODAY} + $1::int
          AND deadline_notified_for IS DISTINCT FROM deadline
        RETURNING id, title, organization_id, deadline::text AS deadline`,
      [days],
    );
    return rows.map(toNeed);
  }
}
