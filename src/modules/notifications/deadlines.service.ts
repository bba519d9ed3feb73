import { Injectable, Logger } from '@nestjs/common';
import { updateReturning } from '../../database/query.js';
import { CatalogChangesService } from '../listings/catalog-changes.service.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { NotificationsService } from './notifications.service.js';

/** Days before a need's deadline its owner is told. */
export const DEADLINE_NOTICE_DAYS = 7;
/** Deadlines are dates in Harbin. */
const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * Needs' deadlines: an open need past its deadline closes itself (its open suggestions are withdrawn by the matching
 * job its change queues); its owner is told seven days before, and again whenever the deadline moves.
 */
@Injectable()
export class DeadlinesService {
  private readonly logger = new Logger('Deadlines');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly changes: CatalogChangesService,
    private readonly notifications: NotificationsService,
  ) {}

  async run(): Promise<{ closed: number; warned: number }> {
    // Close: the status change, its catalogue change (and matching job) and the owner's notice in one transaction.
    const closed = await this.changes.write('need', 'upsert', async (tx) => {
      const rows = await updateReturning<{ id: string; title: string; organization_id: string; deadline: string }>(
        tx.manager,
        `UPDATE needs SET status = 'closed', updated_at = now()
          WHERE status = 'open' AND deadline IS NOT NULL AND deadline < ${TODAY}
          RETURNING id, title, organization_id, deadline::text AS deadline`,
        [],
      );
      await this.notifications.record(
        tx,
        rows.map((n) => ({
          type: 'need.expired',
          needId: n.id,
          title: '需求已到截止日期，已自动关闭 / a need passed its deadline and was closed',
          body: `“${n.title}”（截止 ${n.deadline}）已关闭，未审核的推荐已撤回。如仍需对接，请延长截止日期并重新开放。 / closed at its deadline; reopen it with a later deadline if still needed.`,
          payload: { needId: n.id, deadline: n.deadline },
          organizationIds: [n.organization_id],
        })),
      );
      return { result: { count: rows.length }, ids: rows.map((r) => r.id) };
    });

    const warned = await this.uow.run(async (tx) => {
      const rows = await updateReturning<{ id: string; title: string; organization_id: string; deadline: string }>(
        tx.manager,
        `UPDATE needs SET deadline_notified_at = now(), deadline_notified_for = deadline
          WHERE status = 'open' AND deadline IS NOT NULL
            AND deadline >= ${TODAY} AND deadline <= ${TODAY} + ${DEADLINE_NOTICE_DAYS}
            AND deadline_notified_for IS DISTINCT FROM deadline
          RETURNING id, title, organization_id, deadline::text AS deadline`,
        [],
      );
      await this.notifications.record(
        tx,
        rows.map((n) => ({
          type: 'need.deadline_soon',
          needId: n.id,
          title: '需求即将到期 / a need’s deadline is near',
          body: `“${n.title}”将于 ${n.deadline} 截止，届时自动关闭。 / closes itself on ${n.deadline}.`,
          payload: { needId: n.id, deadline: n.deadline },
          organizationIds: [n.organization_id],
        })),
      );
      return { count: rows.length };
    });
    if (closed.count || warned.count) this.logger.log({ closed: closed.count, warned: warned.count }, 'deadlines');
    return { closed: closed.count, warned: warned.count };
  }
}
