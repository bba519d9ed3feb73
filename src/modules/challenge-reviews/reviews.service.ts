import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict, forbidden, invalidField, invalidInput, notFound } from '../../common/errors/app-errors.js';
import { updateReturning } from '../../database/query.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { APPLICATION, ChallengeAccess } from '../challenges/challenge-access.js';
import { ChallengeEventsService } from '../challenges/challenge-events.service.js';
import { ChallengeNotifier } from '../challenges/challenge-notifier.js';
import { readApplications } from '../challenges/challenge-record.js';
import { CRITERIA, type CriteriaWeights } from '../challenges/challenge.entity.js';
import { CHALLENGE_STATUS_LABELS } from '../challenges/lifecycle.js';
import type {
  ApplicationStatusList,
  AssignmentList,
  AssignmentQuery,
  ConflictDto,
  CriterionView,
  PanelDto,
  PanelView,
  RankingView,
  ReviewSheetDto,
  ReviewView,
  SheetView,
  ShortlistDto,
} from './dto/challenge-reviews.dto.js';
import type { CriterionScore } from './entities/review-sheet.entity.js';
import {
  ASSIGNMENTS_SQL,
  assignmentOf,
  assignments,
  countedMember,
  organizationsOf,
  panelUserIds,
  requireStatus,
  REVIEW_OPEN_STATUSES,
  reviewOpen,
  type AssignmentRow,
} from './review-parties.js';
import { CRITERION_LABELS, rankApplications, spreadOf, weightedScore } from './rules.js';

/** Until the notice the panel may change (experts join late, or one drops out before scoring). */
const PANEL_STATUSES = ['draft', 'pending_approval', 'published', 'reviewing'] as const;

/**
 * The expert review of a challenge: the panel, conflicts of interest, the reviewers' sheets, the coordinators'
 * ranking and the shortlist. Every change is one transaction with its audit row (challenge_events) and its
 * notifications (outbox), as the review's transitions do.
 */
@Injectable()
export class ReviewsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: ChallengeAccess,
    private readonly events: ChallengeEventsService,
    private readonly notifier: ChallengeNotifier,
  ) {}

  /**
   * Panel experts read the applications they review (and their attachments) through the challenges routes too, but
   * only once the challenge is in review (applications closed: no expert sees a rival's proposal while others can
   * still apply), and never one they are excluded from.
   */
  onModuleInit(): void {
    this.access.registerApplicationReader(async (m, user, challengeId, applicationId) => {
      const [row] = await m.query<AssignmentRow[]>(`${ASSIGNMENTS_SQL} AND a.id = $3`, [
        challengeId,
        user.id,
        applicationId,
      ]);
      return !!row && row.expert && row.userRole === 'member' && row.reviewStarted && !row.excludedReason;
    });
  }

  // ── Panel ──────────────────────────────────────────────────────────────────────────────────────────────────

  async panel(user: AuthUser, challengeId: string): Promise<PanelView> {
    const m = this.dataSource.manager;
    await this.access.load(m, user, challengeId);
    const coordinator = isCoordinator(user);
    const members = await m.query<
      Array<{
        userId: string;
        name: string;
        organizationId: string;
        organizationName: string;
        expert: boolean;
        addedAt: Date;
      }>
    >(
      `SELECT p.user_id AS "userId", u.name, u.organization_id AS "organizationId", o.name AS "organizationName",
              u.expert, p.created_at AS "addedAt"
         FROM challenge_panel_members p JOIN users u ON u.id = p.user_id JOIN organizations o ON o.id = u.organization_id
        WHERE p.challenge_id = $1 ORDER BY p.created_at, u.name`,
      [challengeId],
    );
    if (!coordinator && !members.some((p) => p.userId === user.id)) {
      throw forbidden('只有协调员与评审组专家可以查看评审组 / only coordinators and the panel see the panel');
    }
    if (!coordinator) return { challengeId, members };
    const rows = await assignments(m, challengeId, null);
    return {
      challengeId,
      members: members.map((p) => {
        const mine = rows.filter((r) => r.userId === p.userId);
        return {
          ...p,
          submitted: mine.filter((r) => !r.excludedReason && r.submittedAt).length,
          expected: mine.filter((r) => !r.excludedReason).length,
          excluded: mine.filter((r) => r.excludedReason).length,
        };
      }),
    };
  }

  /** Replaces the panel: experts only (400 naming who is not), and nobody removed who has submitted a sheet. */
  async setPanel(user: AuthUser, challengeId: string, dto: PanelDto): Promise<PanelView> {
    const ids = [...new Set(dto.userIds.map((id) => id.toLowerCase()))];
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const c = await this.access.load(m, user, challengeId, true);
      requireStatus(c, PANEL_STATUSES, { zh: '调整评审组', en: 'the panel can change' });
      const people = await m.query<
        Array<{ id: string; name: string; email: string; expert: boolean; active: boolean; role: string }>
      >(`SELECT id, name, email, expert, active, role FROM users WHERE id = ANY($1::uuid[])`, [ids]);
      const errors = dto.userIds.flatMap((raw, i) => {
        const p = people.find((x) => x.id === raw.toLowerCase());
        if (!p) return [{ field: `userIds[${i}]`, message: `用户不存在：${raw} / no such user` }];
        if (!p.active)
          return [{ field: `userIds[${i}]`, message: `${p.name}（${p.email}）已停用 / ${p.email} is disabled` }];
        // Coordinators and admins run the process (the ranking, the events, every sheet): they do not also judge it.
        if (p.role !== 'member') {
          return [
            {
              field: `userIds[${i}]`,
              message:
                `${p.name}（${p.email}）是${p.role === 'admin' ? '管理员' : '协调员'}：协调员不能担任评审专家 / ` +
                `${p.email} is ${p.role === 'admin' ? 'an admin' : 'a coordinator'}: coordinators and admins run the ` +
                'process and cannot sit on the panel',
            },
          ];
        }
        if (!p.expert) {
          return [
            {
              field: `userIds[${i}]`,
              message: `${p.name}（${p.email}）不是评审专家 / ${p.email} is not an expert (PATCH /users/:id {expert: true})`,
            },
          ];
        }
        return [];
      });
      if (errors.length) throw invalidInput(errors, `评审组只能由专家组成 / the panel takes experts only`);
      const current = await panelUserIds(m, challengeId);
      const removed = current.filter((id) => !ids.includes(id));
      const added = ids.filter((id) => !current.includes(id));
      if (removed.length) {
        const scored = await m.query<Array<{ name: string }>>(
          `SELECT DISTINCT u.name FROM challenge_review_sheets s JOIN users u ON u.id = s.reviewer_id
            WHERE s.challenge_id = $1 AND s.reviewer_id = ANY($2::uuid[]) AND s.submitted_at IS NOT NULL`,
          [challengeId, removed],
        );
        if (scored.length) {
          const names = scored.map((s) => s.name).join('、');
          throw conflict(
            `${names} 已提交评审意见，不能移出评审组 / ${names} submitted review sheets and stay on the panel`,
            { submittedBy: scored.map((s) => s.name) },
          );
        }
        await m.query(`DELETE FROM challenge_review_sheets WHERE challenge_id = $1 AND reviewer_id = ANY($2::uuid[])`, [
          challengeId,
          removed,
        ]);
        await m.query(`DELETE FROM challenge_panel_members WHERE challenge_id = $1 AND user_id = ANY($2::uuid[])`, [
          challengeId,
          removed,
        ]);
      }
      await m.query(
        `INSERT INTO challenge_panel_members (challenge_id, user_id, added_by)
         SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING`,
        [challengeId, added, user.id],
      );
      // Record the exclusions known now (they are also checked live, for what comes later).
      const sameOrg = await m.query<Array<{ applicationId: string; userId: string; reason: string }>>(
        `INSERT INTO challenge_conflicts (application_id, user_id, challenge_id, source, reason)
         SELECT a.id, u.id, a.challenge_id, 'same_organization',
                '本人所在单位（' || o.name || '）参与该申请 / your organisation (' || o.name || ') is part of this application'
           FROM challenge_applications a
           JOIN challenge_application_members mb ON mb.application_id = a.id AND ${countedMember()}
           JOIN users u ON u.organization_id = mb.organization_id AND u.id = ANY($2::uuid[])
           JOIN organizations o ON o.id = u.organization_id
          WHERE a.challenge_id = $1 AND a.status <> 'withdrawn'
         ON CONFLICT DO NOTHING
         RETURNING application_id AS "applicationId", user_id AS "userId", reason`,
        [challengeId, added],
      );
      if (!added.length && !removed.length) return;
      await this.events.record(tx, {
        challengeId,
        actorId: user.id,
        kind: 'panel',
        note: null,
        data: { added, removed, panel: ids },
      });
      for (const x of sameOrg) {
        await this.events.record(tx, {
          challengeId,
          applicationId: x.applicationId,
          actorId: null,
          kind: 'conflict',
          note: x.reason,
          data: { userId: x.userId, source: 'same_organization' },
        });
      }
      if (added.length) {
        await this.notifier.notify(tx, c, 'panel_added', {
          userIds: added,
          title: '您已加入揭榜挂帅评审组 / you have joined a challenge review panel',
          body: '评审开始后请在“我的评审”中评分 / score the applications under “My reviews” once the review starts',
          payload: { panel: ids },
        });
      }
      if (removed.length) {
        await this.notifier.notify(tx, c, 'panel_removed', {
          userIds: removed,
          title: '您已不在该榜单的评审组中 / you are no longer on this challenge’s review panel',
        });
      }
      await this.notifier.notify(tx, c, 'panel', {
        coordinators: true,
        title: '评审组已调整 / the review panel changed',
        body: `加入 ${added.length} 人，移出 ${removed.length} 人 / ${added.length} added, ${removed.length} removed`,
        payload: { added, removed },
        exceptUserId: user.id,
      });
    });
    return this.panel(user, challengeId);
  }

  /** A panel expert declares a conflict of interest with an application: from then on they neither see nor score it. */
  async declareConflict(user: AuthUser, challengeId: string, applicationId: string, dto: ConflictDto): Promise<void> {
    const reason = dto.reason.trim();
    if (reason.length < 2) throw invalidField('reason', '请说明利益冲突的原因 / say what the conflict is');
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const c = await this.access.load(m, user, challengeId, true);
      requireStatus(c, PANEL_STATUSES, { zh: '申报利益冲突', en: 'conflicts are declared' });
      const a = await assignmentOf(m, user, challengeId, applicationId);
      if (a.submittedAt) {
        throw conflict('您已提交该申请的评审意见，请联系协调员 / you have submitted this sheet: ask a coordinator');
      }
      await m.query(`DELETE FROM challenge_review_sheets WHERE application_id = $1 AND reviewer_id = $2`, [
        applicationId,
        user.id,
      ]);
      await m.query(
        `INSERT INTO challenge_conflicts (application_id, user_id, challenge_id, source, reason)
         VALUES ($1, $2, $3, 'declared', $4)
         ON CONFLICT (application_id, user_id) DO UPDATE SET source = 'declared', reason = EXCLUDED.reason`,
        [applicationId, user.id, challengeId, reason],
      );
      await this.events.record(tx, {
        challengeId,
        applicationId,
        actorId: user.id,
        kind: 'conflict',
        note: reason,
        data: { userId: user.id, source: 'declared' },
      });
      await this.notifier.notify(tx, c, 'conflict', {
        coordinators: true,
        title: '评审专家申报了利益冲突 / a reviewer declared a conflict of interest',
        body: `${user.name}：${reason}`,
        payload: { applicationId, reviewerId: user.id },
        exceptUserId: user.id,
      });
    });
  }

  // ── Sheets ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** The expert's assignments across challenges, with where each stands. */
  async myAssignments(user: AuthUser, q: AssignmentQuery): Promise<AssignmentList> {
    const m = this.dataSource.manager;
    const rows = await m.query<Array<AssignmentRow & { challengeTitle: string; challengeStatus: string }>>(
      `SELECT x.*, c.title AS "challengeTitle", c.status AS "challengeStatus"
         FROM (${ASSIGNMENTS_SQL}) x
         JOIN challenges c ON c.id = x."challengeId"
        ORDER BY c.created_at DESC, x."challengeId", x."applicationTitle", x."applicationId"`,
      [q.challengeId ?? null, user.id],
    );
    const items = rows
      .map((r) => {
        const state = r.excludedReason ? 'excluded' : r.submittedAt ? 'submitted' : r.hasSheet ? 'draft' : 'todo';
        // Before the review starts the panel sees that there is work ahead, not who applied with what.
        const hide = state === 'excluded' || !r.reviewStarted;
        return {
          challengeId: r.challengeId,
          challengeTitle: r.challengeTitle,
          challengeStatus: r.challengeStatus,
          applicationId: r.applicationId,
          applicationTitle: hide ? null : r.applicationTitle,
          leadOrganizationName: hide ? null : r.leadOrganizationName,
          state,
          excludedReason: r.excludedReason,
          weighted: hide ? null : r.weighted,
        };
      })
      .filter((i) => !q.state || i.state === q.state);
    return { items };
  }

  /** One application to review: its proposal, my sheet, and the others' sheets once mine is submitted. */
  async review(user: AuthUser, challengeId: string, applicationId: string): Promise<ReviewView> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, challengeId);
    // Coordinators (never on the panel) read every submitted sheet: the comments behind the ranking.
    const overseer = isCoordinator(user);
    if (!overseer) {
      const a = await assignmentOf(m, user, challengeId, applicationId);
      if (!reviewOpen(c)) {
        throw conflict(
          `评审尚未开始（当前：${CHALLENGE_STATUS_LABELS[c.status]}），申报截止进入评审后方可查看申请 / the review has ` +
            `not started (now ${c.status}): applications are shown to the panel from reviewing on`,
          { currentStatus: c.status, allowedIn: REVIEW_OPEN_STATUSES },
        );
      }
      if (a.excludedReason) {
        throw forbidden(`您已回避该申请：${a.excludedReason} / you are excluded from this application`);
      }
    }
    const [app] = await readApplications(m, 'a.id = $1 AND a.challenge_id = $2 AND a.status <> $3', [
      applicationId,
      challengeId,
      'withdrawn',
    ]);
    if (!app) throw notFound(APPLICATION);
    const attachments = await m.query<unknown[]>(
      `SELECT id, filename, size_bytes AS "sizeBytes", sha256, created_at AS "createdAt"
         FROM challenge_attachments WHERE application_id = $1 ORDER BY created_at, id`,
      [applicationId],
    );
    const sheets = await this.sheets(applicationId);
    const mine = sheets.find((s) => s.reviewerId === user.id) ?? null;
    // Conflicted reviewers' sheets never count (they cannot exist after a declaration; same-organisation ones are
    // never written), so every other submitted sheet is shown once mine is in.
    const others =
      overseer || mine?.submittedAt ? sheets.filter((s) => s.reviewerId !== user.id && s.submittedAt) : null;
    return {
      challengeId,
      challengeStatus: c.status,
      application: {
        id: app.id,
        title: app.title,
        status: app.status,
        approach: app.approach,
        team: app.team,
        teamSize: app.teamSize,
        trl: app.trl,
        budget: app.budget,
        plan: app.plan,
        priorResults: app.priorResults,
        members: app.members,
        attachments,
      },
      criteria: criteriaOf(c),
      mine,
      others,
    };
  }

  /** Saves my sheet (only while reviewing); `submit` makes it final (409 on any later change). */
  async saveReview(
    user: AuthUser,
    challengeId: string,
    applicationId: string,
    dto: ReviewSheetDto,
  ): Promise<ReviewView> {
    const scores = cleanScores(dto.scores as Record<string, CriterionScore | undefined>);
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      // Locked: a status change (to notice) waits for the sheet being written, and sees it.
      const c = await this.access.load(m, user, challengeId, true);
      const a = await assignmentOf(m, user, challengeId, applicationId);
      if (a.excludedReason)
        throw forbidden(`您已回避该申请，不能评分：${a.excludedReason} / you are excluded and cannot score it`);
      requireStatus(c, ['reviewing'], { zh: '评分', en: 'scoring happens' });
      if (a.submittedAt) {
        throw conflict('评审意见已提交，不能再修改 / the sheet is submitted and final', { submittedAt: a.submittedAt });
      }
      const weights = c.criteriaWeights;
      const weighted = weightedScore(scores, weights);
      if (dto.submit) {
        const missing = CRITERIA.filter((k) => weights[k] > 0 && (!scores[k] || !scores[k].comment));
        if (missing.length) {
          throw invalidInput(
            missing.map((k) => ({
              field: `scores.${k}`,
              message: `提交前请为“${CRITERION_LABELS[k]}”打分并填写评语 / score ${k} with a comment before submitting`,
            })),
          );
        }
      }
      const saved = await m.query<Array<{ id: string }>>(
        `INSERT INTO challenge_review_sheets (challenge_id, application_id, reviewer_id, scores, weighted, submitted_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::boolean THEN now() END)
         ON CONFLICT (application_id, reviewer_id) DO UPDATE
            SET scores = EXCLUDED.scores, weighted = EXCLUDED.weighted, submitted_at = EXCLUDED.submitted_at,
                updated_at = now()
          WHERE challenge_review_sheets.submitted_at IS NULL
         RETURNING id`,
        [challengeId, applicationId, user.id, JSON.stringify(scores), weighted, dto.submit === true],
      );
      if (!saved.length) throw conflict('评审意见已提交，不能再修改 / the sheet is submitted and final');
      if (!dto.submit) return;
      await this.events.record(tx, {
        challengeId,
        applicationId,
        actorId: user.id,
        kind: 'score',
        data: { reviewerId: user.id, weighted },
      });
      const left = (await assignments(m, challengeId, null)).filter((r) => !r.excludedReason && !r.submittedAt);
      await this.notifier.notify(tx, c, 'review_submitted', {
        coordinators: true,
        title: left.length
          ? `评审意见已提交，尚余 ${left.length} 份 / a review sheet was submitted; ${left.length} to go`
          : '全部评审意见已提交，可以查看排名 / every review sheet is in: the ranking is complete',
        body: `${user.name} → ${a.applicationTitle}`,
        payload: { applicationId, reviewerId: user.id, outstanding: left.length },
        exceptUserId: user.id,
      });
    });
    return this.review(user, challengeId, applicationId);
  }

  private sheets(applicationId: string): Promise<SheetView[]> {
    return this.dataSource.query<SheetView[]>(
      `SELECT s.reviewer_id AS "reviewerId", u.name AS "reviewerName", s.scores, s.weighted, s.submitted_at AS "submittedAt"
         FROM challenge_review_sheets s JOIN users u ON u.id = s.reviewer_id
        WHERE s.application_id = $1 ORDER BY s.submitted_at NULLS LAST, u.name`,
      [applicationId],
    );
  }

  // ── Ranking and shortlist ───────────────────────────────────────────────────────────────────────────────────

  async ranking(user: AuthUser, challengeId: string): Promise<RankingView> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, challengeId);
    const apps = await m.query<
      Array<{ id: string; title: string; status: string; leadOrganizationId: string; leadOrganizationName: string }>
    >(
      `SELECT a.id, a.title, a.status, a.lead_organization_id AS "leadOrganizationId", o.name AS "leadOrganizationName"
         FROM challenge_applications a JOIN organizations o ON o.id = a.lead_organization_id
        WHERE a.challenge_id = $1 AND a.status <> 'withdrawn'`,
      [challengeId],
    );
    const rows = await assignments(m, challengeId, null);
    const items = rankApplications(
      apps.map((a) => {
        const mine = rows.filter((r) => r.applicationId === a.id);
        const counted = mine.filter((r) => !r.excludedReason && r.submittedAt && r.weighted !== null);
        const spread = spreadOf(counted.map((r) => r.weighted!));
        return {
          ...a,
          spread,
          reviewers: mine.map((r) => ({
            reviewerId: r.userId,
            name: r.userName,
            weighted: r.excludedReason || !r.submittedAt ? null : r.weighted,
            submittedAt: r.excludedReason ? null : r.submittedAt,
            excludedReason: r.excludedReason,
          })),
          submitted: counted.length,
          expected: mine.filter((r) => !r.excludedReason).length,
        };
      }),
    );
    return {
      challengeId,
      challengeStatus: c.status,
      criteria: criteriaOf(c),
      items: items.map((x, i) => ({
        rank: i + 1,
        applicationId: x.id,
        title: x.title,
        status: x.status,
        leadOrganizationId: x.leadOrganizationId,
        leadOrganizationName: x.leadOrganizationName,
        meanWeighted: x.spread.mean,
        spread: { min: x.spread.min, max: x.spread.max, stdDev: x.spread.stdDev },
        submitted: x.submitted,
        expected: x.expected,
        reviewers: x.reviewers,
      })),
    };
  }

  /** Coordinators, while reviewing: these are shortlisted (入围), the other live applications not. */
  async shortlist(user: AuthUser, challengeId: string, dto: ShortlistDto): Promise<ApplicationStatusList> {
    const ids = [...new Set(dto.applicationIds.map((id) => id.toLowerCase()))];
    const items = await this.uow.run(async (tx) => {
      const m = tx.manager;
      const c = await this.access.load(m, user, challengeId, true);
      requireStatus(c, ['reviewing'], { zh: '入围', en: 'shortlisting happens' });
      const live = await m.query<Array<{ id: string; title: string; status: string }>>(
        `SELECT id, title, status FROM challenge_applications
          WHERE challenge_id = $1 AND status <> 'withdrawn' FOR UPDATE`,
        [challengeId],
      );
      const errors = dto.applicationIds.flatMap((raw, i) =>
        live.some((a) => a.id === raw.toLowerCase())
          ? []
          : [
              {
                field: `applicationIds[${i}]`,
                message: `不是该榜单的有效申请：${raw} / not a live application of this challenge`,
              },
            ],
      );
      if (errors.length) throw invalidInput(errors);
      const updated = await updateReturning<{ applicationId: string; title: string; status: string }>(
        m,
        `UPDATE challenge_applications
            SET status = CASE WHEN id = ANY($2::uuid[]) THEN 'shortlisted' ELSE 'not_shortlisted' END::application_status,
                updated_at = now()
          WHERE challenge_id = $1 AND status <> 'withdrawn'
          RETURNING id AS "applicationId", title, status`,
        [challengeId, ids],
      );
      await this.events.record(tx, {
        challengeId,
        actorId: user.id,
        kind: 'shortlist',
        note: dto.note?.trim() || null,
        data: {
          shortlisted: ids,
          notShortlisted: updated.filter((u) => !ids.includes(u.applicationId)).map((u) => u.applicationId),
        },
      });
      const inOrgs = await organizationsOf(m, ids);
      const outOrgs = await organizationsOf(
        m,
        updated.filter((u) => !ids.includes(u.applicationId)).map((u) => u.applicationId),
      );
      await this.notifier.notify(tx, c, 'shortlisted', {
        organizationIds: inOrgs,
        title: '您的揭榜申请已入围 / your application is shortlisted',
      });
      await this.notifier.notify(tx, c, 'not_shortlisted', {
        organizationIds: outOrgs.filter((o) => !inOrgs.includes(o)),
        title: '您的揭榜申请未入围 / your application was not shortlisted',
      });
      await this.notifier.notify(tx, c, 'shortlist', {
        organizationIds: [c.issuerOrganizationId],
        userIds: await panelUserIds(m, challengeId),
        coordinators: true,
        title: `入围名单已确定（${ids.length} 项）/ the shortlist is set (${ids.length})`,
        payload: { shortlisted: ids },
        exceptUserId: user.id,
      });
      return updated.sort((a, b) => a.title.localeCompare(b.title));
    });
    return { items };
  }
}

export function criteriaOf(c: { criteriaWeights: CriteriaWeights }): CriterionView[] {
  return CRITERIA.map((k) => ({ key: k, label: CRITERION_LABELS[k], weight: c.criteriaWeights[k] ?? 0 }));
}

/** Scores as stored: each criterion given, its score and trimmed comment. */
function cleanScores(scores: Record<string, CriterionScore | undefined>): Record<string, CriterionScore> {
  const out: Record<string, CriterionScore> = {};
  for (const k of CRITERIA) {
    const s = scores[k];
    if (s) out[k] = { score: s.score, comment: (s.comment ?? '').trim() };
  }
  return out;
}
