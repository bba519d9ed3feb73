import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { todayInHarbin } from '../../common/domain/dates.js';
import { conflict, forbidden, invalidField, invalidInput, notFound } from '../../common/errors/app-errors.js';
import type { FieldError } from '../../common/errors/error-body.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { updateReturning } from '../../database/query.js';
import { UnitOfWork, type Tx } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { ChallengeAccess } from '../challenges/challenge-access.js';
import { ChallengeEventsService } from '../challenges/challenge-events.service.js';
import { ChallengeNotifier } from '../challenges/challenge-notifier.js';
import type { ChallengeRecord } from '../challenges/challenge-record.js';
import { ChallengeStepsService, type StepEvent } from '../challenges/challenge-steps.service.js';
import type {
  AcceptDto,
  AcceptSide,
  AwardDto,
  AwardView,
  DeliverDto,
  LedgerView,
  MilestoneList,
  AwardMilestoneView,
  NoticeDto,
  NoticeView,
  ObjectionDto,
  ObjectionList,
  ObjectionView,
  ResolveObjectionDto,
  ReturnDto,
  WinnerView,
} from './dto/challenge-reviews.dto.js';
import { AWARD_MILESTONE_STATUSES, type AwardMilestoneStatus } from './entities/award.entity.js';
import type { LedgerKind } from './entities/funding-ledger.entity.js';
import {
  applicantOrganizations,
  countedMember,
  organizationsOf,
  panelUserIds,
  requireStatus,
} from './review-parties.js';
import { addWorkingDays, splitByShares } from './rules.js';

type Q = Pick<EntityManager, 'query'>;

const MILESTONE = '验收节点 / milestone';
const OBJECTION = '异议 / objection';

const MILESTONE_LABELS: Record<AwardMilestoneStatus, string> = {
  open: '待提交 / open',
  delivered: '已提交待验收 / delivered, awaiting acceptance',
  accepted: '已验收 / accepted',
  returned: '已退回 / returned',
  closed: '已关闭（榜单已终止）/ closed (the challenge failed)',
};

const MILESTONE_NEXT: Record<AwardMilestoneStatus, readonly string[]> = {
  open: ['delivered'],
  returned: ['delivered'],
  delivered: ['accepted', 'returned'],
  accepted: [],
  closed: [],
};

function milestoneConflict(status: AwardMilestoneStatus, action: string): never {
  const allowed = MILESTONE_NEXT[status];
  const final = status === 'closed' ? '榜单已终止，该节点不能再提交或验收' : '已验收，不能再变更';
  const finalEn = status === 'closed' ? 'the challenge failed: it is closed' : 'it is final';
  throw conflict(
    `验收节点当前为「${MILESTONE_LABELS[status]}」，不能${action}；` +
      `${allowed.length ? `下一步只能是：${allowed.join('、')}` : final} / ` +
      `the milestone is ${status}: cannot ${action}; ${allowed.length ? `allowed next: ${allowed.join(', ')}` : finalEn}`,
    { currentStatus: status, allowed },
  );
}

interface LockedMilestone {
  id: string;
  awardId: string;
  applicationId: string;
  leadOrganizationId: string;
  winnerName: string;
  status: AwardMilestoneStatus;
  amountYuan: number;
  title: string;
  seq: number;
  issuerAcceptedAt: Date | null;
  issuerAcceptedBy: string | null;
  coordinatorAcceptedAt: Date | null;
  coordinatorAcceptedBy: string | null;
}

/**
 * 公示, award and 验收: the notice of intended winners and its objections, the award with the three-party agreement
 * and the funding split, each winner's milestones, and the funding ledger. Every step is one transaction: the
 * challenge row locked first (so the ledger's writers queue on it), the audit row, and the notifications.
 */
@Injectable()
export class AwardsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly access: ChallengeAccess,
    private readonly steps: ChallengeStepsService,
    private readonly events: ChallengeEventsService,
    private readonly notifier: ChallengeNotifier,
  ) {}

  /** A challenge that fails after its notice or award closes what this module opened (closeFailed). */
  onModuleInit(): void {
    this.steps.onStep('failed', (tx, c, step) => this.closeFailed(tx, c, step));
  }

  /**
   * In the transaction that moves a challenge to `failed` (the challenge row locked by the step): intended winners
   * of a notice that never led to an award become `not_selected`; winners stay `winner` (the award happened and its
   * agreement stands in the record) but every milestone not yet accepted is `closed` (no more delivery nor
   * acceptance: 409); and for each winner the ledger gets a `cancel` entry of what was committed and not released
   * (the ledger is append-only: the commitment stays, outstanding = committed − released − cancelled). Every change
   * has its audit row; the issuer, the winners and coordinators are told what was withdrawn.
   */
  async closeFailed(tx: Tx, c: ChallengeRecord, step: StepEvent): Promise<void> {
    const m = tx.manager;
    const reason = step.reason?.trim() || step.note?.trim() || null;
    const actorId = step.user?.id ?? null;
    const dropped = await updateReturning<{ id: string }>(
      m,
      `UPDATE challenge_applications SET status = 'not_selected', updated_at = now()
        WHERE challenge_id = $1 AND status = 'intended_winner' RETURNING id`,
      [c.id],
    );
    for (const a of dropped) {
      await this.events.record(tx, {
        challengeId: c.id,
        applicationId: a.id,
        actorId,
        kind: 'application',
        fromStatus: 'intended_winner',
        toStatus: 'not_selected',
        note: reason,
        data: { cause: 'challenge_failed' },
      });
    }
    const awards = await m.query<
      Array<{ awardId: string; applicationId: string; committed: number; released: number; cancelled: number }>
    >(
      `SELECT w.id AS "awardId", w.application_id AS "applicationId",
              coalesce(sum(l.amount_yuan) FILTER (WHERE l.kind = 'commit'), 0)::bigint AS committed,
              coalesce(sum(l.amount_yuan) FILTER (WHERE l.kind = 'release'), 0)::bigint AS released,
              coalesce(sum(l.amount_yuan) FILTER (WHERE l.kind = 'cancel'), 0)::bigint AS cancelled
         FROM challenge_awards w LEFT JOIN funding_ledger l ON l.award_id = w.id
        WHERE w.challenge_id = $1 GROUP BY w.id ORDER BY w.created_at, w.id`,
      [c.id],
    );
    const withdrawn: Array<{ applicationId: string; amountYuan: number; closedMilestones: number }> = [];
    for (const w of awards) {
      const closed = await updateReturning<{ id: string; status: AwardMilestoneStatus }>(
        m,
        `UPDATE challenge_award_milestones am SET status = 'closed', updated_at = now()
           FROM challenge_award_milestones old
          WHERE am.id = old.id AND am.award_id = $1 AND am.status NOT IN ('accepted', 'closed')
          RETURNING am.id, old.status`,
        [w.awardId],
      );
      if (closed.length) {
        await this.events.record(tx, {
          challengeId: c.id,
          applicationId: w.applicationId,
          actorId,
          kind: 'milestone',
          toStatus: 'closed',
          note: reason,
          data: {
            step: 'closed',
            cause: 'challenge_failed',
            closed: closed.map((x) => ({ id: x.id, from: x.status })),
          },
        });
      }
      const remainder = w.committed - w.released - w.cancelled;
      if (remainder > 0) {
        await this.ledger(
          tx,
          c,
          {
            awardId: w.awardId,
            applicationId: w.applicationId,
            kind: 'cancel',
            amountYuan: remainder,
            note: `榜单终止，撤销未拨付资金 / challenge failed, unreleased funding withdrawn${reason ? `: ${reason}` : ''}`,
          },
          step.user,
        );
      }
      withdrawn.push({
        applicationId: w.applicationId,
        amountYuan: Math.max(remainder, 0),
        closedMilestones: closed.length,
      });
    }
    if (!awards.length && !dropped.length) return;
    const total = withdrawn.reduce((a, x) => a + x.amountYuan, 0);
    const parties = await organizationsOf(m, [...awards.map((w) => w.applicationId), ...dropped.map((a) => a.id)]);
    await this.notifier.notify(tx, c, 'award_cancelled', {
      organizationIds: [c.issuerOrganizationId, ...parties],
      coordinators: true,
      title: awards.length
        ? `榜单已终止：未拨付的 ${total} 元已撤销，未验收节点已关闭 / the challenge failed: ${total} yuan not yet ` +
          'released is withdrawn and the milestones not accepted are closed'
        : '榜单已终止，拟揭榜公示作废 / the challenge failed: the intended winners are not selected',
      body: reason ?? '',
      payload: { withdrawn, notSelected: dropped.map((a) => a.id) },
      exceptUserId: actorId,
    });
  }

  // ── 公示 Notice ──────────────────────────────────────────────────────────────────────────────────────────────

  async notice(user: AuthUser, challengeId: string): Promise<NoticeView> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, challengeId);
    return {
      challengeId,
      status: c.status,
      noticeStartedAt: c.status === 'notice' ? c.noticeStartedAt : null,
      noticeEndsOn: c.status === 'notice' ? c.noticeEndsOn : null,
      workingDays: this.config.noticeWorkingDays,
      intendedWinners: c.status === 'notice' ? await this.winners(m, challengeId, ['intended_winner']) : [],
    };
  }

  /** reviewing → notice: the intended winners are published for NOTICE_WORKING_DAYS working days. */
  async startNotice(user: AuthUser, challengeId: string, dto: NoticeDto): Promise<NoticeView> {
    const ids = [...new Set(dto.winnerApplicationIds.map((id) => id.toLowerCase()))];
    const endsOn = addWorkingDays(todayInHarbin(), this.config.noticeWorkingDays);
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      // The challenge first (as every step), then its applications: their statuses before the notice are kept in the
      // step's audit row, so that an upheld objection can put each back (shortlisted or not) for another choice.
      await this.access.load(m, user, challengeId, true);
      const live = await m.query<Array<{ id: string; status: string }>>(
        `SELECT id, status FROM challenge_applications WHERE challenge_id = $1 AND status <> 'withdrawn'
          ORDER BY id FOR UPDATE`,
        [challengeId],
      );
      const c = await this.steps.move(tx, user, challengeId, 'notice', {
        note: dto.note,
        noticeEndsOn: endsOn,
        data: {
          winnerApplicationIds: ids,
          noticeEndsOn: endsOn,
          statusesBefore: Object.fromEntries(live.map((a) => [a.id, a.status])),
        },
      });
      const shortlisted = live.some((a) => a.status === 'shortlisted');
      const errors: FieldError[] = dto.winnerApplicationIds.flatMap((raw, i) => {
        const a = live.find((x) => x.id === raw.toLowerCase());
        if (!a) {
          return [
            {
              field: `winnerApplicationIds[${i}]`,
              message: `不是该榜单的有效申请：${raw} / not a live application of this challenge`,
            },
          ];
        }
        if (shortlisted && a.status !== 'shortlisted') {
          return [{ field: `winnerApplicationIds[${i}]`, message: `该申请未入围 / ${raw} is not on the shortlist` }];
        }
        return [];
      });
      if (errors.length) throw invalidInput(errors);
      if (ids.length > 1 && !c.multipleWinners) {
        throw invalidField('winnerApplicationIds', '该榜单只能有一个揭榜方 / this challenge takes one winner only');
      }
      if (ids.length > c.maxWinners) {
        throw invalidField(
          'winnerApplicationIds',
          `该榜单最多 ${c.maxWinners} 个揭榜方 / this challenge takes at most ${c.maxWinners} winners`,
        );
      }
      await m.query(
        `UPDATE challenge_applications
            SET status = CASE WHEN id = ANY($2::uuid[]) THEN 'intended_winner'
                              WHEN status = 'intended_winner' THEN 'shortlisted' ELSE status END::application_status,
                updated_at = now()
          WHERE challenge_id = $1 AND status <> 'withdrawn'`,
        [challengeId, ids],
      );
      const winners = await this.winners(m, challengeId, ['intended_winner']);
      const names = winners.map((w) => `${w.leadOrganizationName}（${w.title}）`).join('；');
      await this.notifier.notify(tx, c, 'notice', {
        organizationIds: [c.issuerOrganizationId, ...(await applicantOrganizations(m, challengeId))],
        userIds: await panelUserIds(m, challengeId),
        coordinators: true,
        title: `拟揭榜名单公示至 ${endsOn} / intended winners in public notice until ${endsOn}`,
        body:
          `拟揭榜：${names} / intended: ${winners.map((w) => w.leadOrganizationName).join(', ')}\n` +
          `如有异议，请在 ${endsOn}（含）前提交：POST /challenges/${challengeId}/objections / ` +
          `objections until ${endsOn} inclusive`,
        payload: { winnerApplicationIds: ids, noticeEndsOn: endsOn },
        exceptUserId: user.id,
      });
    });
    return this.notice(user, challengeId);
  }

  /** Anyone signed in, while the notice runs (to its last day inclusive, Harbin time). */
  async object(user: AuthUser, challengeId: string, dto: ObjectionDto): Promise<ObjectionView> {
    const reason = dto.reason.trim();
    if (reason.length < 5) throw invalidField('reason', '请写明异议的理由 / give the objection’s grounds');
    const id = await this.uow.run(async (tx) => {
      const m = tx.manager;
      const c = await this.access.load(m, user, challengeId, true);
      requireStatus(c, ['notice'], { zh: '提出异议', en: 'objections are filed' });
      if (c.noticeEndsOn && todayInHarbin() > c.noticeEndsOn) {
        throw conflict(`公示期已于 ${c.noticeEndsOn} 结束 / the notice ended on ${c.noticeEndsOn}`, {
          noticeEndsOn: c.noticeEndsOn,
        });
      }
      const applicationId = dto.applicationId?.toLowerCase() ?? null;
      if (applicationId) {
        const [a] = await m.query<unknown[]>(
          `SELECT 1 FROM challenge_applications WHERE id = $1 AND challenge_id = $2 AND status = 'intended_winner'`,
          [applicationId, challengeId],
        );
        if (!a) throw invalidField('applicationId', '不是公示中的拟揭榜申请 / not an intended winner of this notice');
      }
      // One open objection per person and target (an application, or the notice as a whole): a second one waits for
      // the answer to the first (serialised by the challenge's row lock above).
      const [open] = await m.query<Array<{ id: string; createdAt: Date }>>(
        `SELECT id, created_at AS "createdAt" FROM challenge_objections
          WHERE challenge_id = $1 AND filed_by = $2 AND application_id IS NOT DISTINCT FROM $3::uuid AND status = 'open'`,
        [challengeId, user.id, applicationId],
      );
      if (open) {
        throw conflict(
          `您对${applicationId ? '该申请' : '本次公示'}已有一项待处理的异议（${open.id}），请等待答复或补充说明 / you already ` +
            `have an open objection to ${applicationId ? 'this application' : 'this notice'} (${open.id}): wait for ` +
            'its answer',
          { openObjectionId: open.id, applicationId, createdAt: open.createdAt },
        );
      }
      const [row] = await m.query<Array<{ id: string }>>(
        `INSERT INTO challenge_objections (challenge_id, application_id, filed_by, reason) VALUES ($1, $2, $3, $4)
         RETURNING id`,
        [challengeId, applicationId, user.id, reason],
      );
      await this.events.record(tx, {
        challengeId,
        applicationId,
        actorId: user.id,
        kind: 'objection',
        note: reason,
        data: { objectionId: row.id, status: 'open' },
      });
      await this.notifier.notify(tx, c, 'objection', {
        coordinators: true,
        title: '公示期收到异议，授榜前须逐一处理 / an objection was filed: resolve it before the award',
        body: reason,
        payload: { objectionId: row.id, applicationId },
        exceptUserId: user.id,
      });
      await this.notifier.notify(tx, c, 'objection_received', {
        userIds: [user.id],
        title: '您的异议已收到，协调员将处理并答复 / your objection was received; a coordinator will answer it',
        payload: { objectionId: row.id },
      });
      return row.id;
    });
    return this.objectionView(user, challengeId, id);
  }

  /** Coordinators: all; anyone else: the objections they filed. */
  async objections(user: AuthUser, challengeId: string): Promise<ObjectionList> {
    const m = this.dataSource.manager;
    await this.access.load(m, user, challengeId);
    return { items: await this.readObjections(m, user, challengeId, null) };
  }

  /** Coordinators: upheld or dismissed with a resolution; upheld may send the challenge back to review. */
  async resolve(
    user: AuthUser,
    challengeId: string,
    objectionId: string,
    dto: ResolveObjectionDto,
  ): Promise<ObjectionView> {
    const resolution = dto.resolution.trim();
    if (resolution.length < 2) throw invalidField('resolution', '请写明处理意见 / give the resolution');
    if (dto.backToReview && dto.outcome !== 'upheld') {
      throw invalidField(
        'backToReview',
        '只有异议成立时才能退回评审 / only an upheld objection sends it back to review',
      );
    }
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      let c = await this.access.load(m, user, challengeId, true);
      const [o] = await m.query<Array<{ status: string; filedBy: string | null; applicationId: string | null }>>(
        `SELECT status, filed_by AS "filedBy", application_id AS "applicationId" FROM challenge_objections
          WHERE id = $1 AND challenge_id = $2 FOR UPDATE`,
        [objectionId, challengeId],
      );
      if (!o) throw notFound(OBJECTION);
      requireStatus(c, ['notice', 'reviewing'], { zh: '处理异议', en: 'objections are resolved' });
      if (o.status !== 'open') {
        throw conflict(`该异议已处理（${o.status}）/ the objection is already resolved (${o.status})`, {
          currentStatus: o.status,
          allowed: [],
        });
      }
      await m.query(
        `UPDATE challenge_objections SET status = $2, resolution = $3, resolved_by = $4, resolved_at = now() WHERE id = $1`,
        [objectionId, dto.outcome, resolution, user.id],
      );
      await this.events.record(tx, {
        challengeId,
        applicationId: o.applicationId,
        actorId: user.id,
        kind: 'objection',
        note: resolution,
        data: { objectionId, status: dto.outcome, backToReview: dto.backToReview === true },
      });
      const back = dto.backToReview === true;
      if (back) {
        // Each intended winner goes back to what it was before the notice (shortlisted only if it had been), so the
        // coordinator may choose another winner among the same applications as before.
        const [last] = await m.query<Array<{ before: Record<string, string> | null }>>(
          `SELECT data -> 'statusesBefore' AS before FROM challenge_events
            WHERE challenge_id = $1 AND kind = 'status' AND to_status = 'notice' ORDER BY id DESC LIMIT 1`,
          [challengeId],
        );
        const restored = await updateReturning<{ id: string; status: string }>(
          m,
          `UPDATE challenge_applications a
              SET status = coalesce($2::jsonb ->> a.id::text,
                                    CASE WHEN EXISTS (SELECT 1 FROM challenge_applications s
                                                       WHERE s.challenge_id = a.challenge_id AND s.status = 'shortlisted')
                                         THEN 'shortlisted' ELSE 'submitted' END)::application_status,
                  updated_at = now()
            WHERE a.challenge_id = $1 AND a.status = 'intended_winner'
            RETURNING a.id, a.status`,
          [challengeId, JSON.stringify(last?.before ?? {})],
        );
        c = await this.steps.move(tx, user, challengeId, 'reviewing', {
          note: `异议成立，退回评审 / objection upheld, back to review: ${resolution}`,
          data: { objectionId, restored: Object.fromEntries(restored.map((r) => [r.id, r.status])) },
        });
        await m.query(`UPDATE challenges SET notice_started_at = NULL, notice_ends_on = NULL WHERE id = $1`, [
          challengeId,
        ]);
      }
      const outcome = dto.outcome === 'upheld' ? '异议成立 / upheld' : '异议不成立 / dismissed';
      await this.notifier.notify(tx, c, 'objection_resolved', {
        userIds: o.filedBy ? [o.filedBy] : [],
        organizationIds: [
          c.issuerOrganizationId,
          ...(o.applicationId ? await organizationsOf(m, [o.applicationId]) : []),
        ],
        coordinators: true,
        title: `异议已处理：${outcome} / an objection was resolved: ${dto.outcome}`,
        body: resolution,
        payload: { objectionId, outcome: dto.outcome, backToReview: back },
        exceptUserId: user.id,
      });
      if (back) {
        await this.notifier.notify(tx, c, 'notice_withdrawn', {
          organizationIds: [c.issuerOrganizationId, ...(await applicantOrganizations(m, challengeId))],
          userIds: await panelUserIds(m, challengeId),
          coordinators: true,
          title: '公示撤回，榜单重新评审 / the notice is withdrawn and the challenge is under review again',
          body: resolution,
          exceptUserId: user.id,
        });
      }
    });
    return this.objectionView(user, challengeId, objectionId);
  }

  private async objectionView(user: AuthUser, challengeId: string, id: string): Promise<ObjectionView> {
    const [o] = await this.readObjections(this.dataSource.manager, user, challengeId, id);
    if (!o) throw notFound(OBJECTION);
    return o;
  }

  private readObjections(m: Q, user: AuthUser, challengeId: string, id: string | null): Promise<ObjectionView[]> {
    const coordinator = isCoordinator(user);
    return m.query<ObjectionView[]>(
      `SELECT o.id, o.challenge_id AS "challengeId", o.application_id AS "applicationId", a.title AS "applicationTitle",
              o.filed_by AS "filedBy", CASE WHEN $3 THEN u.name END AS "filedByName", o.reason, o.status, o.resolution,
              o.resolved_at AS "resolvedAt", o.created_at AS "createdAt"
         FROM challenge_objections o
         LEFT JOIN challenge_applications a ON a.id = o.application_id
         LEFT JOIN users u ON u.id = o.filed_by
        WHERE o.challenge_id = $1 AND ($3 OR o.filed_by = $2) AND ($4::uuid IS NULL OR o.id = $4)
        ORDER BY o.created_at, o.id`,
      [challengeId, user.id, coordinator, id],
    );
  }

  // ── Award ─────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * notice → awarded: after the notice's last day, with every objection resolved; the split over the intended
   * winners sums to the funding. Records the agreement, each winner's milestones (amount × share, whole yuan) and a
   * ledger commitment per winner.
   */
  async award(user: AuthUser, challengeId: string, dto: AwardDto): Promise<AwardView> {
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const before = await this.access.load(m, user, challengeId, true);
      const today = todayInHarbin();
      if (before.status === 'notice') {
        if (!before.noticeEndsOn || today <= before.noticeEndsOn) {
          throw conflict(
            `公示期至 ${before.noticeEndsOn} 结束，次日起方可授榜 / the notice runs until ${before.noticeEndsOn}: ` +
              'the award is possible from the day after',
            { currentStatus: before.status, noticeEndsOn: before.noticeEndsOn, today },
          );
        }
        const open = await m.query<Array<{ id: string; reason: string; createdAt: Date }>>(
          `SELECT id, reason, created_at AS "createdAt" FROM challenge_objections
            WHERE challenge_id = $1 AND status = 'open' ORDER BY created_at, id`,
          [challengeId],
        );
        if (open.length) {
          throw conflict(
            `尚有 ${open.length} 项异议未处理，授榜前须逐一处理：${open.map((o) => o.id).join('、')} / ` +
              `${open.length} objection(s) still open: resolve each before the award: ${open.map((o) => o.id).join(', ')}`,
            { openObjections: open.map((o) => ({ id: o.id, reason: o.reason.slice(0, 200), createdAt: o.createdAt })) },
          );
        }
      }
      const c = await this.steps.move(tx, user, challengeId, 'awarded', {
        note: dto.note,
        data: { split: dto.split },
      });
      const winners = await m.query<Array<{ id: string; title: string; leadOrganizationId: string }>>(
        `SELECT id, title, lead_organization_id AS "leadOrganizationId" FROM challenge_applications
          WHERE challenge_id = $1 AND status = 'intended_winner' ORDER BY submitted_at, id FOR UPDATE`,
        [challengeId],
      );
      this.checkAward(dto, c, winners, today);
      const milestones = await m.query<Array<{ id: string; sharePct: number; title: string }>>(
        `SELECT id, share_pct AS "sharePct", title FROM challenge_milestones WHERE challenge_id = $1 ORDER BY seq`,
        [challengeId],
      );
      if (!milestones.length) {
        throw conflict('该榜单没有验收节点，无法分期拨付 / the challenge has no milestones to pay against');
      }
      const agreement = {
        signedOn: dto.agreement.signedOn,
        issuerSignatory: dto.agreement.issuerSignatory.trim(),
        bureauSignatory: dto.agreement.bureauSignatory.trim(),
        winnerSignatories: dto.agreement.winnerSignatories.map((w) => ({
          applicationId: w.applicationId.toLowerCase(),
          name: w.name.trim(),
        })),
        terms: dto.agreement.terms.trim(),
      };
      for (const s of dto.split) {
        const appId = s.applicationId.toLowerCase();
        const [award] = await m.query<Array<{ id: string }>>(
          `INSERT INTO challenge_awards (challenge_id, application_id, amount_yuan, agreement, awarded_by)
           VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [challengeId, appId, s.amountYuan, JSON.stringify(agreement), user.id],
        );
        const parts = splitByShares(
          s.amountYuan,
          milestones.map((x) => x.sharePct),
        );
        for (const [i, ms] of milestones.entries()) {
          await m.query(
            `INSERT INTO challenge_award_milestones (award_id, milestone_id, amount_yuan) VALUES ($1, $2, $3)`,
            [award.id, ms.id, parts[i]],
          );
        }
        await this.events.record(tx, {
          challengeId,
          applicationId: appId,
          actorId: user.id,
          kind: 'award',
          note: null,
          data: { awardId: award.id, amountYuan: s.amountYuan, milestones: parts },
        });
        await this.ledger(
          tx,
          c,
          { awardId: award.id, applicationId: appId, kind: 'commit', amountYuan: s.amountYuan },
          user,
        );
      }
      await m.query(
        `UPDATE challenge_applications
            SET status = CASE WHEN status = 'intended_winner' THEN 'winner' ELSE 'not_selected' END::application_status,
                updated_at = now()
          WHERE challenge_id = $1 AND status <> 'withdrawn'`,
        [challengeId],
      );
      const winnerIds = winners.map((w) => w.id);
      const winnerOrgs = await organizationsOf(m, winnerIds);
      const all = await applicantOrganizations(m, challengeId);
      const amounts = dto.split.map(
        (s) => `${winners.find((w) => w.id === s.applicationId.toLowerCase())?.title}：${s.amountYuan} 元`,
      );
      await this.notifier.notify(tx, c, 'awarded', {
        organizationIds: [c.issuerOrganizationId, ...winnerOrgs],
        userIds: await panelUserIds(m, challengeId),
        coordinators: true,
        title: '榜单已授榜，三方协议已登记 / the challenge is awarded; the three-party agreement is recorded',
        body: `${amounts.join('；')} / split in yuan; milestones open for delivery`,
        payload: { winnerApplicationIds: winnerIds, split: dto.split, signedOn: agreement.signedOn },
        exceptUserId: user.id,
      });
      await this.notifier.notify(tx, c, 'not_selected', {
        organizationIds: all.filter((o) => !winnerOrgs.includes(o) && o !== c.issuerOrganizationId),
        title: '榜单已授榜，您的申请未获选 / the challenge was awarded to others; thank you for applying',
      });
    });
    return this.awardView(user, challengeId);
  }

  private checkAward(
    dto: AwardDto,
    c: ChallengeRecord,
    winners: Array<{ id: string; title: string }>,
    today: string,
  ): void {
    const errors: FieldError[] = [];
    const winnerIds = winners.map((w) => w.id);
    const splitIds = dto.split.map((s) => s.applicationId.toLowerCase());
    dto.split.forEach((s, i) => {
      if (!winnerIds.includes(s.applicationId.toLowerCase())) {
        errors.push({
          field: `split[${i}].applicationId`,
          message: `不是拟揭榜申请：${s.applicationId} / not an intended winner`,
        });
      } else if (splitIds.indexOf(s.applicationId.toLowerCase()) !== i) {
        errors.push({ field: `split[${i}].applicationId`, message: '重复的申请 / listed twice' });
      }
    });
    const missing = winners.filter((w) => !splitIds.includes(w.id));
    if (missing.length) {
      errors.push({
        field: 'split',
        message: `资金分配缺少拟揭榜方：${missing.map((w) => w.title).join('、')} / the split misses intended winners: ${missing.map((w) => w.id).join(', ')}`,
      });
    }
    const sum = dto.split.reduce((a, s) => a + s.amountYuan, 0);
    if (sum !== Number(c.fundingTotalYuan)) {
      errors.push({
        field: 'split',
        message: `资金分配合计 ${sum} 元，应等于榜单总额 ${c.fundingTotalYuan} 元 / the split sums to ${sum} yuan, not the funding of ${c.fundingTotalYuan}`,
      });
    }
    if (dto.agreement.signedOn > today) {
      errors.push({ field: 'agreement.signedOn', message: '签订日期不能晚于今天 / signedOn cannot be in the future' });
    }
    const signed = dto.agreement.winnerSignatories.map((w) => w.applicationId.toLowerCase());
    dto.agreement.winnerSignatories.forEach((w, i) => {
      if (!winnerIds.includes(w.applicationId.toLowerCase())) {
        errors.push({
          field: `agreement.winnerSignatories[${i}].applicationId`,
          message: `不是拟揭榜申请：${w.applicationId} / not an intended winner`,
        });
      }
    });
    const unsigned = winners.filter((w) => !signed.includes(w.id));
    if (unsigned.length) {
      errors.push({
        field: 'agreement.winnerSignatories',
        message: `缺少揭榜方签字人：${unsigned.map((w) => w.title).join('、')} / a signatory is missing for ${unsigned.map((w) => w.id).join(', ')}`,
      });
    }
    if (errors.length) throw invalidInput(errors);
  }

  async awardView(user: AuthUser, challengeId: string): Promise<AwardView> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, challengeId);
    const party = await this.party(m, user, c);
    const awards = await m.query<AwardView['awards']>(
      `SELECT w.id AS "awardId", w.application_id AS "applicationId", a.title,
              a.lead_organization_id AS "leadOrganizationId", o.name AS "leadOrganizationName", w.amount_yuan AS "amountYuan"
         FROM challenge_awards w JOIN challenge_applications a ON a.id = w.application_id
         JOIN organizations o ON o.id = a.lead_organization_id
        WHERE w.challenge_id = $1 ORDER BY w.created_at, w.id`,
      [challengeId],
    );
    if (!party.any)
      throw forbidden('只有发榜方、揭榜方与协调员可以查看授榜信息 / only the parties and coordinators see the award');
    const [first] = await m.query<Array<{ agreement: Record<string, unknown> }>>(
      `SELECT agreement FROM challenge_awards WHERE challenge_id = $1 LIMIT 1`,
      [challengeId],
    );
    return {
      challengeId,
      status: c.status,
      awardedAt: c.awardedAt,
      fundingTotalYuan: Number(c.fundingTotalYuan),
      agreement: first?.agreement ?? null,
      awards,
    };
  }

  // ── 验收 Milestones ───────────────────────────────────────────────────────────────────────────────────────────

  async milestones(user: AuthUser, challengeId: string): Promise<MilestoneList> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, challengeId);
    const party = await this.party(m, user, c);
    if (!party.any)
      throw forbidden('只有发榜方、揭榜方与协调员可以查看验收节点 / only the parties and coordinators see milestones');
    return { items: await this.readMilestones(m, challengeId, party.all ? null : party.applicationIds, null) };
  }

  /** The winner's lead organisation delivers (open or returned → delivered). */
  async deliver(user: AuthUser, challengeId: string, id: string, dto: DeliverDto): Promise<AwardMilestoneView> {
    const report = dto.report.trim();
    if (report.length < 2) throw invalidField('report', '请填写交付说明 / describe what was delivered');
    await this.uow.run(async (tx) => {
      const { c, ms } = await this.lockMilestone(tx, user, challengeId, id);
      if (user.organizationId !== ms.leadOrganizationId) {
        throw forbidden('只有该揭榜方的牵头单位可以提交验收 / only the winner’s lead organisation delivers');
      }
      if (ms.status !== 'open' && ms.status !== 'returned') milestoneConflict(ms.status, '提交 / deliver');
      await tx.manager.query(
        `UPDATE challenge_award_milestones
            SET status = 'delivered', report = $2, delivered_at = now(), delivered_by = $3,
                issuer_accepted_by = NULL, issuer_accepted_at = NULL,
                coordinator_accepted_by = NULL, coordinator_accepted_at = NULL, updated_at = now()
          WHERE id = $1`,
        [id, report, user.id],
      );
      await this.milestoneEvent(tx, c, ms, user, 'delivered', report);
      await this.notifier.notify(tx, c, 'milestone_delivered', {
        organizationIds: [c.issuerOrganizationId, ...(await organizationsOf(tx.manager, [ms.applicationId]))],
        coordinators: true,
        title: `验收节点已提交，待发榜方与协调员验收：${ms.title} / milestone delivered, awaiting acceptance`,
        body: `${ms.winnerName}：${report}`,
        payload: { awardMilestoneId: id, applicationId: ms.applicationId, status: 'delivered' },
        exceptUserId: user.id,
      });
    });
    return this.milestoneView(challengeId, id);
  }

  /**
   * The issuer's members and coordinators each accept; the second acceptance makes it accepted and releases its
   * amount into the ledger, and the last milestone accepted completes the challenge.
   */
  async accept(user: AuthUser, challengeId: string, id: string, dto: AcceptDto): Promise<AwardMilestoneView> {
    const note = dto.note?.trim() || null;
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const { c, ms } = await this.lockMilestone(tx, user, challengeId, id);
      const side = this.acceptSide(user, c, ms, dto.side);
      if (ms.status !== 'delivered') milestoneConflict(ms.status, '验收 / accept');
      const mine =
        ms.issuerAcceptedBy === user.id ? 'issuer' : ms.coordinatorAcceptedBy === user.id ? 'coordinator' : null;
      if (mine) {
        const other = mine === 'issuer' ? 'coordinator' : 'issuer';
        throw conflict(
          `您已代表${mine === 'issuer' ? '发榜方' : '协调员'}验收；同一人不能同时签署两方，` +
            `${other === 'issuer' ? '发榜方' : '协调员'}一方须由他人验收 / you signed the ${mine} side: one person ` +
            `never signs both sides; the ${other} side needs someone else`,
          { currentStatus: ms.status, signedAs: mine, awaiting: other },
        );
      }
      if ((side === 'issuer' && ms.issuerAcceptedAt) || (side === 'coordinator' && ms.coordinatorAcceptedAt)) {
        throw conflict(
          side === 'issuer'
            ? '发榜方已验收，等待协调员验收 / the issuer has accepted: a coordinator’s acceptance is awaited'
            : '协调员已验收，等待发榜方验收 / a coordinator has accepted: the issuer’s acceptance is awaited',
          { currentStatus: ms.status, awaiting: side === 'issuer' ? 'coordinator' : 'issuer' },
        );
      }
      const both = side === 'issuer' ? !!ms.coordinatorAcceptedAt : !!ms.issuerAcceptedAt;
      await m.query(
        `UPDATE challenge_award_milestones
            SET issuer_accepted_by = CASE WHEN $2 = 'issuer' THEN $3::uuid ELSE issuer_accepted_by END,
                issuer_accepted_at = CASE WHEN $2 = 'issuer' THEN now() ELSE issuer_accepted_at END,
                coordinator_accepted_by = CASE WHEN $2 = 'coordinator' THEN $3::uuid ELSE coordinator_accepted_by END,
                coordinator_accepted_at = CASE WHEN $2 = 'coordinator' THEN now() ELSE coordinator_accepted_at END,
                status = CASE WHEN $4 THEN 'accepted'::award_milestone_status ELSE status END,
                accepted_at = CASE WHEN $4 THEN now() ELSE accepted_at END,
                updated_at = now()
          WHERE id = $1`,
        [id, side, user.id, both],
      );
      await this.milestoneEvent(tx, c, ms, user, both ? 'accepted' : `accepted_by_${side}`, note);
      const parties = [c.issuerOrganizationId, ...(await organizationsOf(m, [ms.applicationId]))];
      if (!both) {
        await this.notifier.notify(tx, c, 'milestone_accepted_partly', {
          organizationIds: parties,
          coordinators: true,
          title:
            side === 'issuer'
              ? `发榜方已验收，待协调员验收：${ms.title} / accepted by the issuer; a coordinator’s acceptance is awaited`
              : `协调员已验收，待发榜方验收：${ms.title} / accepted by a coordinator; the issuer’s acceptance is awaited`,
          body: note ?? '',
          payload: { awardMilestoneId: id, applicationId: ms.applicationId, acceptedBy: side },
          exceptUserId: user.id,
        });
        return;
      }
      if (ms.amountYuan > 0) {
        await this.ledger(
          tx,
          c,
          {
            awardId: ms.awardId,
            applicationId: ms.applicationId,
            kind: 'release',
            amountYuan: ms.amountYuan,
            awardMilestoneId: id,
          },
          user,
        );
      }
      await this.notifier.notify(tx, c, 'milestone_accepted', {
        organizationIds: parties,
        coordinators: true,
        title: `验收通过，拨付 ${ms.amountYuan} 元：${ms.title} / milestone accepted: ${ms.amountYuan} yuan released`,
        body: note ?? '',
        payload: { awardMilestoneId: id, applicationId: ms.applicationId, releasedYuan: ms.amountYuan },
        exceptUserId: user.id,
      });
      const [{ left }] = await m.query<Array<{ left: number }>>(
        `SELECT count(*)::int AS left FROM challenge_award_milestones am JOIN challenge_awards w ON w.id = am.award_id
          WHERE w.challenge_id = $1 AND am.status <> 'accepted'`,
        [challengeId],
      );
      if (left === 0) {
        const done = await this.steps.move(tx, null, challengeId, 'completed', {
          note: '全部验收节点已验收 / every milestone accepted',
        });
        await this.notifier.notify(tx, done, 'completed', {
          organizationIds: [c.issuerOrganizationId, ...(await applicantOrganizations(m, challengeId))],
          userIds: await panelUserIds(m, challengeId),
          coordinators: true,
          title: '全部验收通过，榜单已完成 / every milestone accepted: the challenge is completed',
        });
      }
    });
    return this.milestoneView(challengeId, id);
  }

  /**
   * Which side the caller signs: `requested` when given (403 if they may not sign it); otherwise a coordinator signs
   * the coordinator side while it is open, and a member of the issuing organisation the issuer side. A coordinator
   * who belongs to the issuing organisation may sign either, never both (checked by the caller).
   */
  private acceptSide(
    user: AuthUser,
    c: ChallengeRecord,
    ms: LockedMilestone,
    requested: AcceptSide | undefined,
  ): AcceptSide {
    const coordinator = isCoordinator(user);
    const issuerMember = user.organizationId === c.issuerOrganizationId;
    if (!coordinator && !issuerMember) {
      throw forbidden('只有发榜方与协调员可以验收 / only the issuer and coordinators accept milestones');
    }
    if (requested === 'coordinator' && !coordinator) {
      throw forbidden('只有协调员可以代表协调员一方验收 / only coordinators sign the coordinator side');
    }
    if (requested === 'issuer' && !issuerMember) {
      throw forbidden(
        '只有发榜单位的成员可以代表发榜方验收 / only members of the issuing organisation sign the issuer side',
      );
    }
    if (requested) return requested;
    if (coordinator && !ms.coordinatorAcceptedAt) return 'coordinator';
    if (issuerMember && !ms.issuerAcceptedAt) return 'issuer';
    return coordinator ? 'coordinator' : 'issuer';
  }

  /** The issuer or a coordinator returns a delivered milestone with the reasons; the winner delivers again. */
  async returnMilestone(user: AuthUser, challengeId: string, id: string, dto: ReturnDto): Promise<AwardMilestoneView> {
    const reason = dto.reason.trim();
    if (reason.length < 2) throw invalidField('reason', '请写明退回原因 / say why it is returned');
    await this.uow.run(async (tx) => {
      const { c, ms } = await this.lockMilestone(tx, user, challengeId, id);
      if (!isCoordinator(user) && user.organizationId !== c.issuerOrganizationId) {
        throw forbidden('只有发榜方与协调员可以退回 / only the issuer and coordinators return milestones');
      }
      if (ms.status !== 'delivered') milestoneConflict(ms.status, '退回 / return');
      await tx.manager.query(
        `UPDATE challenge_award_milestones
            SET status = 'returned', return_reason = $2, returned_by = $3, returned_at = now(),
                issuer_accepted_by = NULL, issuer_accepted_at = NULL,
                coordinator_accepted_by = NULL, coordinator_accepted_at = NULL, updated_at = now()
          WHERE id = $1`,
        [id, reason, user.id],
      );
      await this.milestoneEvent(tx, c, ms, user, 'returned', reason);
      await this.notifier.notify(tx, c, 'milestone_returned', {
        organizationIds: [c.issuerOrganizationId, ...(await organizationsOf(tx.manager, [ms.applicationId]))],
        coordinators: true,
        title: `验收节点被退回：${ms.title} / milestone returned`,
        body: `退回原因 / reasons: ${reason}`,
        payload: { awardMilestoneId: id, applicationId: ms.applicationId, status: 'returned', reason },
        exceptUserId: user.id,
      });
    });
    return this.milestoneView(challengeId, id);
  }

  /** Locks the challenge (first, as every ledger writer does), then the milestone; the challenge must be awarded. */
  private async lockMilestone(
    tx: Tx,
    user: AuthUser,
    challengeId: string,
    id: string,
  ): Promise<{ c: ChallengeRecord; ms: LockedMilestone }> {
    const m = tx.manager;
    const c = await this.access.load(m, user, challengeId, true);
    const [ms] = await m.query<LockedMilestone[]>(
      `SELECT am.id, am.award_id AS "awardId", w.application_id AS "applicationId",
              a.lead_organization_id AS "leadOrganizationId", o.name AS "winnerName", am.status,
              am.amount_yuan AS "amountYuan", cm.title, cm.seq,
              am.issuer_accepted_at AS "issuerAcceptedAt", am.issuer_accepted_by AS "issuerAcceptedBy",
              am.coordinator_accepted_at AS "coordinatorAcceptedAt", am.coordinator_accepted_by AS "coordinatorAcceptedBy"
         FROM challenge_award_milestones am
         JOIN challenge_awards w ON w.id = am.award_id
         JOIN challenge_applications a ON a.id = w.application_id
         JOIN organizations o ON o.id = a.lead_organization_id
         JOIN challenge_milestones cm ON cm.id = am.milestone_id
        WHERE am.id = $1 AND w.challenge_id = $2
          FOR UPDATE OF am`,
      [id, challengeId],
    );
    const party =
      ms &&
      (isCoordinator(user) ||
        user.organizationId === c.issuerOrganizationId ||
        (await organizationsOf(m, [ms.applicationId])).includes(user.organizationId));
    if (!ms || !party) throw notFound(MILESTONE);
    if (ms.status === 'closed') milestoneConflict(ms.status, '提交或验收 / deliver or accept');
    requireStatus(c, ['awarded'], { zh: '验收', en: 'milestones move' });
    return { c, ms };
  }

  private async milestoneEvent(
    tx: Tx,
    c: ChallengeRecord,
    ms: LockedMilestone,
    user: AuthUser,
    step: string,
    note: string | null,
  ): Promise<void> {
    await this.events.record(tx, {
      challengeId: c.id,
      applicationId: ms.applicationId,
      actorId: user.id,
      kind: 'milestone',
      fromStatus: ms.status,
      toStatus: AWARD_MILESTONE_STATUSES.includes(step as AwardMilestoneStatus) ? step : ms.status,
      note,
      data: { awardMilestoneId: ms.id, step, seq: ms.seq, title: ms.title, amountYuan: ms.amountYuan },
    });
  }

  private async milestoneView(challengeId: string, id: string): Promise<AwardMilestoneView> {
    const [v] = await this.readMilestones(this.dataSource.manager, challengeId, null, id);
    if (!v) throw notFound(MILESTONE);
    return v;
  }

  private readMilestones(
    m: Q,
    challengeId: string,
    applicationIds: string[] | null,
    id: string | null,
  ): Promise<AwardMilestoneView[]> {
    return m.query<AwardMilestoneView[]>(
      `SELECT am.id, am.award_id AS "awardId", w.application_id AS "applicationId", o.name AS "winnerOrganizationName",
              am.milestone_id AS "milestoneId", cm.seq, cm.title, cm.due_on AS "dueOn", cm.share_pct AS "sharePct",
              am.amount_yuan AS "amountYuan", am.status, am.report, am.delivered_at AS "deliveredAt",
              am.issuer_accepted_at AS "issuerAcceptedAt", iu.name AS "issuerAcceptedByName",
              am.coordinator_accepted_at AS "coordinatorAcceptedAt", cu.name AS "coordinatorAcceptedByName",
              am.accepted_at AS "acceptedAt", am.return_reason AS "returnReason", am.returned_at AS "returnedAt",
              EXISTS (SELECT 1 FROM funding_ledger l WHERE l.award_milestone_id = am.id) AS released
         FROM challenge_award_milestones am
         JOIN challenge_awards w ON w.id = am.award_id
         JOIN challenge_applications a ON a.id = w.application_id
         JOIN organizations o ON o.id = a.lead_organization_id
         JOIN challenge_milestones cm ON cm.id = am.milestone_id
         LEFT JOIN users iu ON iu.id = am.issuer_accepted_by
         LEFT JOIN users cu ON cu.id = am.coordinator_accepted_by
        WHERE w.challenge_id = $1 AND ($2::uuid[] IS NULL OR w.application_id = ANY($2::uuid[]))
          AND ($3::uuid IS NULL OR am.id = $3)
        ORDER BY w.created_at, w.id, cm.seq`,
      [challengeId, applicationIds, id],
    );
  }

  // ── Ledger ────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Appends to the ledger under the challenge's row lock (the caller holds it): commitments never above the
   * funding, releases never above the winner's commitment. The database checks again (constraint trigger).
   */
  private async ledger(
    tx: Tx,
    c: ChallengeRecord,
    e: {
      awardId: string;
      applicationId: string;
      kind: LedgerKind;
      amountYuan: number;
      awardMilestoneId?: string;
      note?: string | null;
    },
    user: AuthUser | null,
  ): Promise<void> {
    const m = tx.manager;
    const [t] = await m.query<
      Array<{
        committed: number;
        released: number;
        awardCommitted: number;
        awardReleased: number;
        awardCancelled: number;
      }>
    >(
      `SELECT coalesce(sum(amount_yuan) FILTER (WHERE kind = 'commit'), 0)::bigint AS committed,
              coalesce(sum(amount_yuan) FILTER (WHERE kind = 'release'), 0)::bigint AS released,
              coalesce(sum(amount_yuan) FILTER (WHERE kind = 'commit' AND award_id = $2), 0)::bigint AS "awardCommitted",
              coalesce(sum(amount_yuan) FILTER (WHERE kind = 'release' AND award_id = $2), 0)::bigint AS "awardReleased",
              coalesce(sum(amount_yuan) FILTER (WHERE kind = 'cancel' AND award_id = $2), 0)::bigint AS "awardCancelled"
         FROM funding_ledger WHERE challenge_id = $1`,
      [c.id, e.awardId],
    );
    const funding = Number(c.fundingTotalYuan);
    if (e.kind === 'commit' && t.committed + e.amountYuan > funding) {
      throw conflict(`承诺资金将超过榜单总额 ${funding} 元 / commitments would exceed the funding of ${funding} yuan`, {
        fundingTotalYuan: funding,
        committedYuan: t.committed,
      });
    }
    if (e.kind !== 'commit' && t.awardReleased + t.awardCancelled + e.amountYuan > t.awardCommitted) {
      throw conflict(
        `拨付与撤销将超过对该揭榜方的承诺 ${t.awardCommitted} 元 / the ${e.kind} would exceed the ` +
          `${t.awardCommitted} yuan committed`,
        { committedYuan: t.awardCommitted, releasedYuan: t.awardReleased, cancelledYuan: t.awardCancelled },
      );
    }
    const [row] = await m.query<Array<{ id: number }>>(
      `INSERT INTO funding_ledger (challenge_id, award_id, award_milestone_id, kind, amount_yuan, actor_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [c.id, e.awardId, e.awardMilestoneId ?? null, e.kind, e.amountYuan, user?.id ?? null, e.note ?? null],
    );
    await this.events.record(tx, {
      challengeId: c.id,
      applicationId: e.applicationId,
      actorId: user?.id ?? null,
      kind: 'ledger',
      note: e.note ?? null,
      data: { entryId: row.id, kind: e.kind, amountYuan: e.amountYuan, awardMilestoneId: e.awardMilestoneId ?? null },
    });
  }

  async ledgerView(user: AuthUser, challengeId: string): Promise<LedgerView> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, challengeId);
    const party = await this.party(m, user, c);
    if (!party.any)
      throw forbidden('只有发榜方、揭榜方与协调员可以查看资金台账 / only the parties and coordinators see the ledger');
    const entries = await m.query<LedgerView['entries']>(
      `SELECT l.id, l.kind, l.amount_yuan AS "amountYuan", l.award_id AS "awardId", w.application_id AS "applicationId",
              o.name AS "winnerOrganizationName", l.award_milestone_id AS "awardMilestoneId", cm.title AS "milestoneTitle",
              u.name AS "actorName", l.note, l.created_at AS "createdAt"
         FROM funding_ledger l
         JOIN challenge_awards w ON w.id = l.award_id
         JOIN challenge_applications a ON a.id = w.application_id
         JOIN organizations o ON o.id = a.lead_organization_id
         LEFT JOIN challenge_award_milestones am ON am.id = l.award_milestone_id
         LEFT JOIN challenge_milestones cm ON cm.id = am.milestone_id
         LEFT JOIN users u ON u.id = l.actor_id
        WHERE l.challenge_id = $1 AND ($2::uuid[] IS NULL OR w.application_id = ANY($2::uuid[]))
        ORDER BY l.id`,
      [challengeId, party.all ? null : party.applicationIds],
    );
    const committed = entries.filter((e) => e.kind === 'commit').reduce((a, e) => a + e.amountYuan, 0);
    const released = entries.filter((e) => e.kind === 'release').reduce((a, e) => a + e.amountYuan, 0);
    const cancelled = entries.filter((e) => e.kind === 'cancel').reduce((a, e) => a + e.amountYuan, 0);
    return {
      challengeId,
      entries,
      totals: {
        fundingTotalYuan: Number(c.fundingTotalYuan),
        committedYuan: committed,
        releasedYuan: released,
        cancelledYuan: cancelled,
        outstandingYuan: committed - released - cancelled,
      },
    };
  }

  // ── Who is who ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Coordinators and the issuer see all winners; a winner's organisations see their own award. */
  private async party(
    m: Q,
    user: AuthUser,
    c: ChallengeRecord,
  ): Promise<{ any: boolean; all: boolean; applicationIds: string[] }> {
    if (isCoordinator(user) || user.organizationId === c.issuerOrganizationId) {
      return { any: true, all: true, applicationIds: [] };
    }
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT w.application_id AS id FROM challenge_awards w
         JOIN challenge_application_members mb ON mb.application_id = w.application_id AND ${countedMember()}
        WHERE w.challenge_id = $1 AND mb.organization_id = $2`,
      [c.id, user.organizationId],
    );
    return { any: rows.length > 0, all: false, applicationIds: rows.map((r) => r.id) };
  }

  private winners(m: Q, challengeId: string, statuses: string[]): Promise<WinnerView[]> {
    return m.query<WinnerView[]>(
      `SELECT a.id AS "applicationId", a.title, o.name AS "leadOrganizationName",
              (SELECT coalesce(array_agg(mo.name ORDER BY mb.is_lead DESC, mo.name), '{}')
                 FROM challenge_application_members mb JOIN organizations mo ON mo.id = mb.organization_id
                WHERE mb.application_id = a.id AND ${countedMember()}) AS consortium
         FROM challenge_applications a JOIN organizations o ON o.id = a.lead_organization_id
        WHERE a.challenge_id = $1 AND a.status::text = ANY($2::text[])
        ORDER BY a.submitted_at, a.id`,
      [challengeId, statuses],
    );
  }
}
