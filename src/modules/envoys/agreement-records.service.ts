import { Injectable } from '@nestjs/common';
import { todayInHarbin } from '../../common/domain/dates.js';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { AgreementView, EvaluationDto, WorkLogDto, WorkLogView } from './dto/envoys.dto.js';
import { AgreementsService } from './agreements.service.js';
import { agreementSide, isEnvoy } from './envoy-access.js';
import { EnvoyNotifier } from './envoy-notifier.js';
import { agreementRow } from './envoy-rows.js';
import { AGREEMENT_STATUS_LABELS, checkLogMonth, mayEvaluate, takesLogs } from './lifecycle.js';

/**
 * The record of an agreement in force: the envoy's monthly work logs, and the enterprise's evaluation at its end
 * (which completes an active agreement).
 */
@Injectable()
export class AgreementRecordsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifier: EnvoyNotifier,
    private readonly agreements: AgreementsService,
  ) {}

  async putLog(
    user: AuthUser,
    id: string,
    month: string,
    dto: WorkLogDto,
  ): Promise<{ created: boolean; log: WorkLogView }> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw invalidField('month', 'month 应为 YYYY-MM / month must be YYYY-MM');
    }
    const created = await this.uow.run(async (tx) => {
      const a = await agreementRow(tx.manager, id, true);
      const side = a ? agreementSide(user, a) : null;
      if (!a || !side) throw notFound('协议');
      if (!isEnvoy(user, a)) {
        throw forbidden('工作记录由特派员本人填写 / the envoy writes the work log');
      }
      if (a.status === 'draft') {
        throw conflict('协议尚未生效 / the agreement is not in force yet', { allowed: ['sign'] });
      }
      if (!takesLogs(a.status, !!a.activated_at)) {
        throw conflict('协议未生效即已终止，没有工作记录 / the agreement ended before it came into force', {
          allowed: [],
        });
      }
      // An ended agreement (terminated or completed) takes logs up to the month it ended in, under the usual deadline.
      const check = checkLogMonth({
        month,
        startsOn: a.starts_on,
        endsOn: a.ends_on,
        today: todayInHarbin(),
        endedOn: a.status === 'active' ? null : a.ended_on,
      });
      if (!check.ok) {
        throw check.status === 400 ? invalidField('month', check.message) : conflict(check.message, check.details);
      }
      const first = `${month}-01`;
      const [existing] = await tx.manager.query<Array<{ id: string; author_id: string | null }>>(
        `SELECT id, author_id FROM envoy_work_logs WHERE agreement_id = $1 AND month = $2 FOR UPDATE`,
        [id, first],
      );
      if (existing && existing.author_id !== user.id) {
        throw forbidden('只有填写人可以修改 / only its author edits a log');
      }
      if (existing) {
        await tx.manager.query(
          `UPDATE envoy_work_logs SET summary = $2, hours = $3, achievements = $4, updated_at = now() WHERE id = $1`,
          [existing.id, dto.summary, dto.hours, dto.achievements ?? ''],
        );
      } else {
        await tx.manager.query(
          `INSERT INTO envoy_work_logs (agreement_id, month, author_id, summary, hours, achievements)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, first, user.id, dto.summary, dto.hours, dto.achievements ?? ''],
        );
      }
      await this.notifier.event(tx, {
        postId: a.post_id,
        subject: 'log',
        subjectId: id,
        actorId: user.id,
        kind: existing ? 'log_edited' : 'log_written',
        data: { month, hours: dto.hours },
      });
      await this.notifier.notify(tx, { id: a.post_id, title: a.post_title }, 'secondment.log', {
        organizationIds: [a.post_organization_id],
        exceptUserId: user.id,
        title: `${a.nominee_name} ${existing ? '修改' : '提交'}了 ${month} 工作记录 / ${existing ? 'edited' : 'wrote'} the work log of ${month}`,
        body: dto.summary,
        payload: { agreementId: id, month },
      });
      return !existing;
    });
    const view = await this.agreements.getAgreement(user, id);
    return { created, log: view.logs!.find((l) => l.month === month)! };
  }

  async evaluate(user: AuthUser, id: string, dto: EvaluationDto): Promise<AgreementView> {
    await this.uow.run(async (tx) => {
      const a = await agreementRow(tx.manager, id, true);
      const side = a ? agreementSide(user, a) : null;
      if (!a || !side) throw notFound('协议');
      if (side !== 'enterprise') throw forbidden('评价由用人企业作出 / the enterprise evaluates');
      const [done] = await tx.manager.query<unknown[]>(`SELECT 1 FROM envoy_evaluations WHERE agreement_id = $1`, [id]);
      if (done) throw conflict('该协议已评价 / the agreement has been evaluated', { allowed: [] });
      const today = todayInHarbin();
      if (!mayEvaluate(a.status, a.ends_on, today, !!a.activated_at)) {
        throw conflict(
          a.status === 'active'
            ? `协议 ${a.ends_on} 期满后才能评价 / evaluate at or after the agreement's last day ${a.ends_on}`
            : a.status === 'terminated'
              ? '协议未生效即已终止，不能评价 / an agreement terminated before it came into force cannot be evaluated'
              : `协议${AGREEMENT_STATUS_LABELS[a.status].split(' / ')[0]}，不能评价 / a ${a.status} agreement cannot be evaluated`,
          { allowed: a.status === 'active' ? ['terminated'] : [], endsOn: a.ends_on },
        );
      }
      await tx.manager.query(
        `INSERT INTO envoy_evaluations (agreement_id, rating, comment, would_renew, evaluated_by) VALUES ($1, $2, $3, $4, $5)`,
        [id, dto.rating, dto.comment ?? '', dto.wouldRenew, user.id],
      );
      await this.notifier.event(tx, {
        postId: a.post_id,
        subject: 'evaluation',
        subjectId: id,
        actorId: user.id,
        kind: 'evaluated',
        data: { rating: dto.rating, wouldRenew: dto.wouldRenew },
      });
      if (a.status === 'active') {
        await tx.manager.query(
          `UPDATE secondment_agreements SET status = 'completed', ended_at = now(), updated_at = now() WHERE id = $1`,
          [id],
        );
        await this.notifier.event(tx, {
          postId: a.post_id,
          subject: 'agreement',
          subjectId: id,
          actorId: user.id,
          kind: 'status',
          from: 'active',
          to: 'completed',
        });
      }
      await this.notifier.notify(tx, { id: a.post_id, title: a.post_title }, 'secondment.evaluated', {
        organizationIds: [a.nominating_organization_id],
        exceptUserId: user.id,
        title: `企业已评价 ${a.nominee_name}：${dto.rating} 星 / the enterprise rated the secondment ${dto.rating}/5`,
        body: dto.comment,
        payload: { agreementId: id, rating: dto.rating },
      });
    });
    return this.agreements.getAgreement(user, id);
  }
}
