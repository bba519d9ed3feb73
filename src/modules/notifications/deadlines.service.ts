import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { NeedDeadlinesService } from '../needs/need-deadlines.service.js';
import { NotificationsService } from './notifications.service.js';

/** Days before a need's deadline its owner is told. */
export const DEADLINE_NOTICE_DAYS = 7;

/**
 * The hourly deadline check, as notifications see it: needs apply their own deadline rules (NeedDeadlinesService:
 * an open need past its deadline closes itself, and its open suggestions are withdrawn by the matching job its
 * change queues), and their owners are told, in the same transaction: when a need closed, seven days before, and
 * again whenever the deadline moves.
 */
@Injectable()
export class DeadlinesService {
  private readonly logger = new Logger('Deadlines');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly needs: NeedDeadlinesService,
    private readonly notifications: NotificationsService,
  ) {}

  async run(): Promise<{ closed: number; warned: number }> {
    const closed = await this.uow.run(async (tx) => {
      const needs = await this.needs.closeExpired(tx);
      await this.notifications.record(
        tx,
        needs.map((n) => ({
          type: 'need.expired',
          needId: n.id,
          title: '需求已到截止日期，已自动关闭 / a need passed its deadline and was closed',
          body: `“${n.title}”（截止 ${n.deadline}）已关闭，未审核的推荐已撤回。如仍需对接，请延长截止日期并重新开放。 / closed at its deadline; reopen it with a later deadline if still needed.`,
          payload: { needId: n.id, deadline: n.deadline },
          organizationIds: [n.organizationId],
        })),
      );
      return needs.length;
    });

    const warned = await this.uow.run(async (tx) => {
      const needs = await this.needs.markDueSoon(tx, DEADLINE_NOTICE_DAYS);
      await this.notifications.record(
        tx,
        needs.map((n) => ({
          type: 'need.deadline_soon',
          needId: n.id,
          title: '需求即将到期 / a need’s deadline is near',
          body: `“${n.title}”将于 ${n.deadline} 截止，届时自动关闭。 / closes itself on ${n.deadline}.`,
          payload: { needId: n.id, deadline: n.deadline },
          organizationIds: [n.organizationId],
        })),
      );
      return needs.length;
    });
    if (closed || warned) this.logger.log({ closed, warned }, 'deadlines');
    return { closed, warned };
  }
}
