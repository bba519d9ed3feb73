import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, todayInHarbin } from '../../common/domain/dates.js';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake } from '../../common/pagination/pagination.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import { isCoordinator } from '../auth/auth-user.js';
import type {
  AgreementPage,
  AgreementQuery,
  AgreementTransitionDto,
  AgreementView,
  CreateAgreementDto,
} from './dto/envoys.dto.js';
import { agreementSide, lockNomination, nominationSide } from './envoy-access.js';
import { EnvoyNotifier } from './envoy-notifier.js';
import { activeAgreements, AGREEMENT_SELECT, agreementRow, postRow, type AgreementRow } from './envoy-rows.js';
import { EnvoyViews } from './envoy-views.js';
import {
  AGREEMENT_NEXT,
  AGREEMENT_STATUS_LABELS,
  MAX_TERM_MONTHS,
  NOMINATION_STATUS_LABELS,
  POST_STATUS_LABELS,
  allowedNominationActions,
  checkStep,
  stepRefused,
  termEndDate,
} from './lifecycle.js';
import { PostSettlementService } from './post-settlement.service.js';

/**
 * Secondment agreements: drafted after a match, signed by both sides (the second signature puts it in force and may
 * fill the post), terminated by either side or a coordinator (an active one ending may open the post again).
 */
@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifier: EnvoyNotifier,
    private readonly views: EnvoyViews,
    private readonly settlement: PostSettlementService,
  ) {}

  async createAgreement(user: AuthUser, nominationId: string, dto: CreateAgreementDto): Promise<AgreementView> {
    const id = await this.uow.run(async (tx) => {
      const { n, post } = await lockNomination(tx, nominationId);
      const side = n && post ? nominationSide(user, post, n) : 'other';
      if (!n || !post || side === 'other') throw notFound('推荐');
      if (n.status !== 'matched') {
        throw conflict(
          `双方均接受后才能起草协议（当前：${NOMINATION_STATUS_LABELS[n.status]}）/ the agreement follows a match (now ${n.status})`,
          { allowed: allowedNominationActions(side, n.status) },
        );
      }
      if (post.status !== 'open') {
        throw conflict(
          `岗位不在征集中（${POST_STATUS_LABELS[post.status]}），不能起草协议 / the post is ${post.status}: no new agreement`,
          { allowed: [] },
        );
      }
      const [existing] = await tx.manager.query<Array<{ id: string }>>(
        `SELECT id FROM secondment_agreements WHERE nomination_id = $1`,
        [nominationId],
      );
      if (existing)
        throw conflict('该推荐已有协议 / this nomination already has an agreement', { agreementId: existing.id });
      const today = todayInHarbin();
      const [earliest, latest] = [addDays(today, -366), addDays(today, 366)];
      if (dto.startsOn < earliest || dto.startsOn > latest) {
        throw invalidField(
          'startsOn',
          `startsOn 应在 ${earliest} 至 ${latest} 之间 / startsOn must be between ${earliest} and ${latest}`,
        );
      }
      const endsOn = dto.endsOn ?? termEndDate(dto.startsOn, post.term_months);
      const longest = termEndDate(dto.startsOn, MAX_TERM_MONTHS);
      if (endsOn < dto.startsOn || endsOn > longest) {
        throw invalidField(
          'endsOn',
          `endsOn 应在 startsOn 与 ${longest}（36个月）之间 / endsOn must be from startsOn to ${longest} (36 months)`,
        );
      }
      const [row] = await tx.manager.query<Array<{ id: string }>>(
        `INSERT INTO secondment_agreements (nomination_id, post_id, starts_on, ends_on, terms, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [nominationId, post.id, dto.startsOn, endsOn, dto.terms, user.id],
      );
      await this.notifier.event(tx, {
        postId: post.id,
        subject: 'agreement',
        subjectId: row.id,
        actorId: user.id,
        kind: 'drafted',
        to: 'draft',
        data: { nominationId, startsOn: dto.startsOn, endsOn },
      });
      await this.notifier.notify(tx, post, 'secondment.agreement_drafted', {
        organizationIds: [post.organization_id, n.nominating_organization_id],
        exceptUserId: user.id,
        title: `协议已起草，待双方签署：${n.nominee_name} / an agreement awaits signatures`,
        body: `${dto.startsOn} 至 ${endsOn}`,
        payload: { agreementId: row.id },
      });
      return row.id;
    });
    return this.getAgreement(user, id);
  }

  async sign(user: AuthUser, id: string): Promise<AgreementView> {
    await this.uow.run(async (tx) => {
      const pre = await agreementRow(tx.manager, id);
      if (!pre) throw notFound('协议');
      // The post first, then the agreement: signing may fill the post.
      const post = await postRow(tx.manager, pre.post_id, true);
      const a = await agreementRow(tx.manager, id, true);
      const side = a ? agreementSide(user, a) : null;
      if (!a || !post || !side) throw notFound('协议');
      if (side === 'coordinator')
        throw forbidden('协议须由企业和推荐单位签署 / the parties sign the agreement themselves');
      if (a.status !== 'draft') {
        throw stepRefused(AGREEMENT_STATUS_LABELS, a.status, 'active', AGREEMENT_NEXT[a.status]);
      }
      const signedAt = side === 'enterprise' ? a.enterprise_signed_at : a.provider_signed_at;
      if (signedAt) throw conflict('贵方已签署 / your side has already signed', { allowed: [] });
      const otherSigned = side === 'enterprise' ? a.provider_signed_at : a.enterprise_signed_at;
      // A draft is signed only while its post is open (a filled post may open again when an agreement ends).
      if (post.status !== 'open') {
        throw conflict(
          `岗位不在征集中（${POST_STATUS_LABELS[post.status]}），协议不能签署 / the post is ${post.status}: the agreement cannot be signed`,
          { allowed: ['terminated'] },
        );
      }
      if (otherSigned) {
        const active = await activeAgreements(tx.manager, post.id);
        if (active >= post.positions) {
          throw conflict(
            `岗位名额已满（${active}/${post.positions}），协议不能生效 / all ${post.positions} positions are taken`,
            { allowed: ['terminated'], positions: post.positions, activeAgreements: active },
          );
        }
      }
      await tx.manager.query(
        side === 'enterprise'
          ? `UPDATE secondment_agreements SET enterprise_signed_by = $2, enterprise_signed_at = now(), updated_at = now() WHERE id = $1`
          : `UPDATE secondment_agreements SET provider_signed_by = $2, provider_signed_at = now(), updated_at = now() WHERE id = $1`,
        [id, user.id],
      );
      await this.notifier.event(tx, {
        postId: post.id,
        subject: 'agreement',
        subjectId: id,
        actorId: user.id,
        kind: 'signed',
        data: { side },
      });
      const other = side === 'enterprise' ? a.nominating_organization_id : a.post_organization_id;
      if (!otherSigned) {
        await this.notifier.notify(tx, post, 'secondment.agreement_signed', {
          organizationIds: [other],
          exceptUserId: user.id,
          title: `对方已签署协议，请签署：${a.nominee_name} / the other side signed: please sign`,
          payload: { agreementId: id },
        });
        return;
      }
      await tx.manager.query(`UPDATE secondment_agreements SET status = 'active', activated_at = now() WHERE id = $1`, [
        id,
      ]);
      await this.notifier.event(tx, {
        postId: post.id,
        subject: 'agreement',
        subjectId: id,
        actorId: user.id,
        kind: 'status',
        from: 'draft',
        to: 'active',
      });
      await this.notifier.notify(tx, post, 'secondment.agreement_active', {
        organizationIds: [a.post_organization_id, a.nominating_organization_id],
        exceptUserId: user.id,
        title: `协议已生效：${a.nominee_name}（${a.starts_on} 至 ${a.ends_on}）/ the agreement is in force`,
        payload: { agreementId: id },
      });
      await this.settlement.fillIfFull(tx, post);
    });
    return this.getAgreement(user, id);
  }

  async listAgreements(user: AuthUser, q: AgreementQuery): Promise<AgreementPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!isCoordinator(user)) {
      params.push(user.organizationId);
      where.push(`(p.organization_id = $1 OR n.nominating_organization_id = $1)`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`a.status = $${params.length}`);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM secondment_agreements a
         JOIN secondment_nominations n ON n.id = a.nomination_id JOIN secondment_posts p ON p.id = a.post_id ${w}`,
      params,
    );
    const { skip, take } = skipTake(q);
    const rows = await this.dataSource.query<AgreementRow[]>(
      `${AGREEMENT_SELECT} ${w} ORDER BY a.created_at DESC, a.id LIMIT ${take} OFFSET ${skip}`,
      params,
    );
    const items: AgreementView[] = [];
    for (const r of rows) items.push(await this.views.agreementView(user, r, false));
    return pageOf(items, total, q);
  }

  async getAgreement(user: AuthUser, id: string): Promise<AgreementView> {
    const a = await agreementRow(this.dataSource.manager, id);
    if (!a || !agreementSide(user, a)) throw notFound('协议');
    return this.views.agreementView(user, a, true);
  }

  async transitionAgreement(user: AuthUser, id: string, dto: AgreementTransitionDto): Promise<AgreementView> {
    await this.uow.run(async (tx) => {
      const pre = await agreementRow(tx.manager, id);
      if (!pre) throw notFound('协议');
      // The post first, then the agreement (as signing does): terminating an active agreement may reopen the post.
      const post = await postRow(tx.manager, pre.post_id, true);
      const a = await agreementRow(tx.manager, id, true);
      const side = a ? agreementSide(user, a) : null;
      if (!a || !post || !side) throw notFound('协议');
      const step = checkStep(AGREEMENT_NEXT, a.status, dto.to);
      if (!step.ok) throw stepRefused(AGREEMENT_STATUS_LABELS, a.status, dto.to, step.allowed);
      await tx.manager.query(
        `UPDATE secondment_agreements SET status = 'terminated', termination_reason = $2, ended_at = now(), updated_at = now()
          WHERE id = $1`,
        [id, dto.reason],
      );
      await this.notifier.event(tx, {
        postId: a.post_id,
        subject: 'agreement',
        subjectId: id,
        actorId: user.id,
        kind: 'status',
        from: a.status,
        to: 'terminated',
        note: dto.reason,
      });
      await this.notifier.notify(tx, { id: a.post_id, title: a.post_title }, 'secondment.agreement_terminated', {
        organizationIds:
          side === 'coordinator'
            ? [a.post_organization_id, a.nominating_organization_id]
            : [side === 'enterprise' ? a.nominating_organization_id : a.post_organization_id],
        exceptUserId: user.id,
        title: `协议已终止：${a.nominee_name} / the agreement was terminated`,
        body: `原因 / reason: ${dto.reason}`,
        payload: { agreementId: id },
      });
      if (a.status === 'active') await this.settlement.reopenIfFree(tx, post);
    });
    return this.getAgreement(user, id);
  }
}
