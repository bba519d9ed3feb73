import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, conflict, forbidden, invalidField, invalidInput, notFound } from '../../common/errors/app-errors.js';
import type { FieldError } from '../../common/errors/error-body.js';
import { updateReturning } from '../../database/query.js';
import { UnitOfWork, type Tx } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { APPLICATION, ChallengeAccess } from './challenge-access.js';
import { ChallengeEventsService } from './challenge-events.service.js';
import { ChallengeNotifier } from './challenge-notifier.js';
import {
  countApplications,
  readApplications,
  type ApplicationRecord,
  type ChallengeRecord,
} from './challenge-record.js';
import type { MembershipStatus } from './application.entity.js';
import { PageQuery, pageOf, skipTake } from '../../common/pagination/pagination.js';
import { checkEligibility, type ApplicantOrg } from './challenge-rules.js';
import type { AttachmentView } from './dto/application.dto.js';
import type {
  ApplicationList,
  ApplicationView,
  CreateApplicationDto,
  UpdateApplicationDto,
} from './dto/application.dto.js';
import { APPLICATION_STATUS_LABELS, CHALLENGE_STATUS_LABELS } from './lifecycle.js';

const UNPROCESSABLE = 422;

/** Whether applications to the challenge are open right now (published and before the deadline). */
export function applicationsOpen(c: Pick<ChallengeRecord, 'status' | 'applicationDeadline'>): boolean {
  return c.status === 'published' && new Date(c.applicationDeadline).getTime() > Date.now();
}

/** 409 unless applications are open: the status, or the deadline, says why. */
export function assertOpen(c: ChallengeRecord, what: string): void {
  if (c.status !== 'published') {
    throw conflict(
      `榜单${CHALLENGE_STATUS_LABELS[c.status]}，不能${what} / the challenge is ${c.status}: applications are not open`,
      { currentStatus: c.status },
    );
  }
  if (new Date(c.applicationDeadline).getTime() <= Date.now()) {
    throw conflict(`申报已截止，不能${what} / the application deadline has passed`, {
      currentStatus: c.status,
      applicationDeadline: c.applicationDeadline,
    });
  }
}

/**
 * Applications (揭榜申请): submitted by a member of the lead organisation, alone or for a consortium; eligibility is
 * checked at submission and on every change; editable and withdrawable until the deadline. An applicant sees only
 * the applications its organisation is part of.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: ChallengeAccess,
    private readonly trail: ChallengeEventsService,
    private readonly notifier: ChallengeNotifier,
  ) {}

  async submit(user: AuthUser, challengeId: string, dto: CreateApplicationDto): Promise<ApplicationView> {
    const missing: FieldError[] = [];
    for (const field of ['title', 'approach', 'team', 'trl', 'budget', 'plan'] as const) {
      if (dto[field] === undefined) missing.push({ field, message: `${field} 为必填项 / ${field} is required` });
    }
    if (missing.length) throw invalidInput(missing);
    const id = await this.uow.run(async (tx) => {
      const m = tx.manager;
      // The challenge's row lock orders submissions: an organisation cannot slip into two consortia at once.
      const c = await this.access.load(m, user, challengeId, true);
      if (user.organizationId === c.issuerOrganizationId) {
        throw forbidden('发榜单位不能揭自己的榜 / the issuer cannot apply to its own challenge');
      }
      assertOpen(c, '申报');
      const teamSize = dto.teamSize ?? dto.team!.length;
      const { lead, members } = await this.consortium(m, user, c, dto.members ?? []);
      this.checkTeam(dto.team!.length, teamSize);
      this.eligible(c, lead, members, { trl: dto.trl!, teamSize });
      await this.assertNotElsewhere(m, c.id, [lead, ...members], null);
      const [row] = await m.query<Array<{ id: string }>>(
        `INSERT INTO challenge_applications (challenge_id, lead_organization_id, submitted_by, title, approach, team,
                                             team_size, trl, budget, plan, prior_results)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          c.id,
          lead.id,
          user.id,
          dto.title,
          dto.approach,
          JSON.stringify(dto.team!.map((t) => ({ name: t.name, role: t.role, title: t.title ?? null }))),
          teamSize,
          dto.trl,
          JSON.stringify(dto.budget!.map((b) => ({ item: b.item, amountYuan: b.amountYuan }))),
          JSON.stringify(dto.plan!.map((p) => ({ title: p.title, dueOn: p.dueOn, deliverable: p.deliverable }))),
          dto.priorResults?.trim() || null,
        ],
      );
      const invited = await this.writeMembers(m, row.id, lead, dto.leadRole, members, dto.members ?? []);
      await this.trail.record(tx, {
        challengeId: c.id,
        applicationId: row.id,
        actorId: user.id,
        kind: 'application',
        toStatus: 'submitted',
        note: '提交揭榜申请 / application submitted',
        data: { leadOrganizationId: lead.id, invitedOrganizationIds: members.map((x) => x.id) },
      });
      await this.tell(tx, c, user, row.id, 'submitted', [], lead, dto.title!);
      await this.invite(tx, c, user, row.id, lead, invited, dto.title!);
      return row.id;
    });
    return this.get(user, challengeId, id);
  }

  /** The lead (the caller's organisation) and the other members, checked: known, distinct, not the issuer. */
  private async consortium(
    m: Pick<EntityManager, 'query'>,
    user: AuthUser,
    c: ChallengeRecord,
    given: Array<{ organizationId: string; role: string }>,
  ): Promise<{ lead: ApplicantOrg; members: ApplicantOrg[] }> {
    const ids = [user.organizationId, ...given.map((g) => g.organizationId.toLowerCase())];
    const rows = await m.query<ApplicantOrg[]>(
      `SELECT id, name, kind, district FROM organizations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const errors: FieldError[] = [];
    const seen = new Set<string>([user.organizationId]);
    const members: ApplicantOrg[] = [];
    given.forEach((g, i) => {
      const id = g.organizationId.toLowerCase();
      const field = `members[${i}].organizationId`;
      const org = byId.get(id);
      if (id === user.organizationId) {
        errors.push({
          field,
          message: '牵头单位（本单位）无需列为成员 / the lead (your organisation) is not listed as a member',
        });
      } else if (seen.has(id)) {
        errors.push({ field, message: '成员单位重复 / this organisation is listed twice' });
      } else if (!org) {
        errors.push({ field, message: '成员单位不存在 / unknown organisation' });
      } else if (id === c.issuerOrganizationId) {
        errors.push({ field, message: '发榜单位不能加入揭榜联合体 / the issuer cannot be in a consortium' });
      } else members.push(org);
      seen.add(id);
    });
    if (errors.length) throw invalidInput(errors);
    return { lead: byId.get(user.organizationId)!, members };
  }

  private checkTeam(listed: number, teamSize: number): void {
    if (teamSize < listed) {
      throw invalidField(
        'teamSize',
        `团队总人数（${teamSize}）不能少于列出的成员数（${listed}）/ teamSize cannot be below the ${listed} people listed`,
      );
    }
  }

  /** 422 naming every failed rule of the challenge's eligibility. */
  private eligible(
    c: ChallengeRecord,
    lead: ApplicantOrg,
    members: ApplicantOrg[],
    a: { trl: number; teamSize: number },
  ): void {
    const problems = checkEligibility(c.eligibility, lead, members, a);
    if (problems.length) {
      throw new AppError(
        UNPROCESSABLE,
        `不符合揭榜条件 / not eligible: ${problems.map((p) => p.message).join('；')}`,
        problems.map((p) => ({ field: p.field, message: p.message, rule: p.rule })),
      );
    }
  }

  /**
   * An organisation is in at most one live application per challenge (409 naming it): as lead, or as a member that
   * accepted (an invitation not yet accepted, or declined, binds no one).
   */
  private async assertNotElsewhere(
    m: Pick<EntityManager, 'query'>,
    challengeId: string,
    orgs: ApplicantOrg[],
    except: string | null,
  ): Promise<void> {
    const taken = await m.query<Array<{ name: string; applicationId: string }>>(
      `SELECT o.name, a.id AS "applicationId" FROM challenge_applications a
         JOIN challenge_application_members mb ON mb.application_id = a.id
         JOIN organizations o ON o.id = mb.organization_id
        WHERE a.challenge_id = $1 AND a.status <> 'withdrawn' AND mb.organization_id = ANY($2::uuid[])
          AND mb.status = 'accepted' AND a.id IS DISTINCT FROM $3::uuid`,
      [challengeId, orgs.map((o) => o.id), except],
    );
    if (taken.length) {
      const names = [...new Set(taken.map((t) => t.name))];
      throw conflict(
        `${names.join('、')} 已在本榜的另一份有效申请中（每家单位每个榜单只能参与一份申请）/ ` +
          `${names.join(', ')} already ${names.length > 1 ? 'are' : 'is'} in another live application to this challenge`,
        { organizations: names },
      );
    }
  }

  /**
   * Writes the consortium: the lead (accepted), and each member with its role. A member already in the application
   * keeps its answer (accepted or invited); a new one, or one that had declined and is listed again, is invited.
   * Members no longer listed are removed. Answers the organisations newly invited (to be told).
   */
  private async writeMembers(
    m: Pick<EntityManager, 'query'>,
    applicationId: string,
    lead: ApplicantOrg,
    leadRole: string | undefined,
    members: ApplicantOrg[],
    given: Array<{ organizationId: string; role: string }>,
  ): Promise<ApplicantOrg[]> {
    const before = await m.query<Array<{ id: string; status: MembershipStatus }>>(
      `SELECT organization_id AS id, status FROM challenge_application_members WHERE application_id = $1`,
      [applicationId],
    );
    const was = new Map(before.map((r) => [r.id, r.status]));
    const roles = new Map(given.map((g) => [g.organizationId.toLowerCase(), g.role]));
    const ids = members.map((x) => x.id);
    await m.query(
      `DELETE FROM challenge_application_members
        WHERE application_id = $1 AND NOT is_lead AND NOT (organization_id = ANY($2::uuid[]))`,
      [applicationId, ids],
    );
    await m.query(
      `INSERT INTO challenge_application_members (application_id, organization_id, role, is_lead, status)
       SELECT $1, x.org, x.role, x.lead, CASE WHEN x.lead THEN 'accepted' ELSE 'invited' END
         FROM unnest($2::uuid[], $3::text[], $4::boolean[]) AS x(org, role, lead)
       ON CONFLICT (application_id, organization_id) DO UPDATE
          SET role = EXCLUDED.role,
              status = CASE WHEN challenge_application_members.status = 'declined' THEN 'invited'
                            ELSE challenge_application_members.status END,
              responded_at = CASE WHEN challenge_application_members.status = 'declined' THEN NULL
                                  ELSE challenge_application_members.responded_at END,
              response_note = CASE WHEN challenge_application_members.status = 'declined' THEN NULL
                                   ELSE challenge_application_members.response_note END`,
      [
        applicationId,
        [lead.id, ...ids],
        [leadRole ?? '牵头单位 / lead', ...members.map((x) => roles.get(x.id) ?? '')],
        [true, ...members.map(() => false)],
      ],
    );
    return members.filter((x) => !was.has(x.id) || was.get(x.id) === 'declined');
  }

  /** Each newly invited organisation is asked to accept or decline (the outbox: inbox, webhooks, e-mail). */
  private async invite(
    tx: Tx,
    c: ChallengeRecord,
    user: AuthUser,
    applicationId: string,
    lead: ApplicantOrg,
    invited: ApplicantOrg[],
    title: string,
  ): Promise<void> {
    if (!invited.length) return;
    await this.notifier.notify(tx, c, 'membership_invited', {
      organizationIds: invited.map((x) => x.id),
      title: `${lead.name} 邀请贵单位加入揭榜联合体 / ${lead.name} invites your organisation to its consortium`,
      body:
        `申请 / application：“${title}”\n` +
        `请在申报截止前答复：POST /api/v1/challenges/${c.id}/applications/${applicationId}/membership ` +
        `{accept: true|false} / answer before the deadline (accept or decline); until you accept, your organisation ` +
        `is not part of the application`,
      payload: { applicationId, leadOrganizationId: lead.id },
      exceptUserId: user.id,
    });
  }

  /** The consortium's other members and the coordinators hear of it. */
  private async tell(
    tx: Tx,
    c: ChallengeRecord,
    user: AuthUser,
    applicationId: string,
    what: 'submitted' | 'updated' | 'withdrawn',
    members: ApplicantOrg[],
    lead: ApplicantOrg,
    title: string,
  ): Promise<void> {
    const headline = {
      submitted: `${lead.name} 提交了揭榜申请 / ${lead.name} applied`,
      updated: `${lead.name} 修改了揭榜申请 / ${lead.name} changed its application`,
      withdrawn: `${lead.name} 撤回了揭榜申请 / ${lead.name} withdrew its application`,
    }[what];
    await this.notifier.notify(tx, c, `application_${what}`, {
      organizationIds: [lead.id, ...members.map((x) => x.id)],
      coordinators: true,
      title: headline,
      body: `申请 / application：“${title}”${members.length ? `\n联合体成员 / consortium: ${members.map((x) => x.name).join('、')}` : ''}`,
      payload: { applicationId },
      exceptUserId: user.id,
    });
  }

  async list(user: AuthUser, challengeId: string, q: PageQuery): Promise<ApplicationList> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, challengeId);
    const [where, params] = isCoordinator(user)
      ? ['a.challenge_id = $1', [c.id]]
      : [
          `a.challenge_id = $1 AND EXISTS (SELECT 1 FROM challenge_application_members x
                                            WHERE x.application_id = a.id AND x.organization_id = $2
                                              AND x.status <> 'declined')`,
          [c.id, user.organizationId],
        ];
    const rows = await readApplications(m, where, params, false, skipTake(q));
    const total = await countApplications(m, where, params);
    const attachments = await this.attachmentsOf(
      m,
      rows.map((r) => r.id),
    );
    return pageOf(
      rows.map((r) => viewOf(r, attachments.get(r.id) ?? [])),
      total,
      q,
    );
  }

  /** One application, for those who may read it (404 for anyone else: another applicant learns nothing). */
  async get(user: AuthUser, challengeId: string, applicationId: string): Promise<ApplicationView> {
    const m = this.dataSource.manager;
    const a = await this.readable(m, user, challengeId, applicationId);
    const attachments = await this.attachmentsOf(m, [a.id]);
    return viewOf(a, attachments.get(a.id) ?? []);
  }

  /** The application if `user` may read it; 404 otherwise. */
  async readable(
    m: Pick<EntityManager, 'query'>,
    user: AuthUser,
    challengeId: string,
    applicationId: string,
    lock = false,
  ): Promise<ApplicationRecord> {
    await this.access.load(m, user, challengeId);
    const [a] = await readApplications(m, 'a.id = $1 AND a.challenge_id = $2', [applicationId, challengeId], lock);
    if (!a || !(await this.access.mayReadApplication(m, user, challengeId, a.id))) throw notFound(APPLICATION);
    return a;
  }

  /**
   * The lead's members change their application until the deadline: 404 for those who may not read it, 403 for the
   * other consortium members, 409 once the deadline has passed or it was withdrawn.
   */
  private async forLead(
    tx: Tx,
    user: AuthUser,
    challengeId: string,
    applicationId: string,
    what: string,
  ): Promise<{ c: ChallengeRecord; a: ApplicationRecord }> {
    const m = tx.manager;
    const c = await this.access.load(m, user, challengeId, true);
    const a = await this.readable(m, user, challengeId, applicationId, true);
    if (a.leadOrganizationId !== user.organizationId) {
      throw forbidden(`只有牵头单位可以${what} / only the lead organisation’s members may do this`);
    }
    if (a.status !== 'submitted') {
      throw conflict(`申请${APPLICATION_STATUS_LABELS[a.status]}，不能${what} / the application is ${a.status}`, {
        currentStatus: a.status,
      });
    }
    assertOpen(c, what);
    return { c, a };
  }

  async update(
    user: AuthUser,
    challengeId: string,
    applicationId: string,
    dto: UpdateApplicationDto,
  ): Promise<ApplicationView> {
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const { c, a } = await this.forLead(tx, user, challengeId, applicationId, '修改申请');
      if (dto.version !== undefined && dto.version !== a.version) {
        throw conflict(
          `申请已被修改（当前版本 ${a.version}），请刷新 / the application has changed (now version ${a.version})`,
          {
            currentVersion: a.version,
          },
        );
      }
      const team = dto.team ?? a.team;
      const teamSize = dto.teamSize ?? (dto.team ? Math.max(a.teamSize, dto.team.length) : a.teamSize);
      const trl = dto.trl ?? a.trl;
      const given = dto.members;
      const { lead, members } = await this.consortium(
        m,
        user,
        c,
        given ??
          a.members
            .filter((x) => !x.isLead && x.status !== 'declined')
            .map((x) => ({ organizationId: x.organizationId, role: x.role })),
      );
      this.checkTeam(team.length, teamSize);
      this.eligible(c, lead, members, { trl, teamSize });
      if (given) await this.assertNotElsewhere(m, c.id, members, a.id);
      await m.query(
        `UPDATE challenge_applications SET title = $2, approach = $3, team = $4, team_size = $5, trl = $6, budget = $7,
                plan = $8, prior_results = $9, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [
          a.id,
          dto.title ?? a.title,
          dto.approach ?? a.approach,
          JSON.stringify(team.map((t) => ({ name: t.name, role: t.role, title: t.title ?? null }))),
          teamSize,
          trl,
          JSON.stringify((dto.budget ?? a.budget).map((b) => ({ item: b.item, amountYuan: b.amountYuan }))),
          JSON.stringify(
            (dto.plan ?? a.plan).map((p) => ({ title: p.title, dueOn: p.dueOn, deliverable: p.deliverable })),
          ),
          dto.priorResults === undefined ? a.priorResults : dto.priorResults?.trim() || null,
        ],
      );
      let invited: ApplicantOrg[] = [];
      if (given) {
        const leadRole = dto.leadRole ?? a.members.find((x) => x.isLead)?.role;
        invited = await this.writeMembers(m, a.id, lead, leadRole, members, given);
      } else if (dto.leadRole) {
        await m.query(`UPDATE challenge_application_members SET role = $2 WHERE application_id = $1 AND is_lead`, [
          a.id,
          dto.leadRole,
        ]);
      }
      const fields = Object.keys(dto).filter((k) => k !== 'version');
      await this.trail.record(tx, {
        challengeId: c.id,
        applicationId: a.id,
        actorId: user.id,
        kind: 'application',
        fromStatus: a.status,
        toStatus: a.status,
        note: `修改申请 / application changed: ${fields.join(', ')}`,
        data: { fields },
      });
      await this.tell(
        tx,
        c,
        user,
        a.id,
        'updated',
        members.filter((x) => !invited.some((y) => y.id === x.id)),
        lead,
        dto.title ?? a.title,
      );
      await this.invite(tx, c, user, a.id, lead, invited, dto.title ?? a.title);
    });
    return this.get(user, challengeId, applicationId);
  }

  async withdraw(user: AuthUser, challengeId: string, applicationId: string, note?: string): Promise<ApplicationView> {
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const { c, a } = await this.forLead(tx, user, challengeId, applicationId, '撤回申请');
      await m.query(
        `UPDATE challenge_applications SET status = 'withdrawn', withdrawn_at = now(), version = version + 1,
                updated_at = now()
          WHERE id = $1`,
        [a.id],
      );
      await this.trail.record(tx, {
        challengeId: c.id,
        applicationId: a.id,
        actorId: user.id,
        kind: 'application',
        fromStatus: a.status,
        toStatus: 'withdrawn',
        note: note?.trim() || '撤回申请 / application withdrawn',
      });
      const lead = a.members.find((x) => x.isLead)!;
      const others = a.members.filter((x) => !x.isLead && x.status !== 'declined');
      const org = (x: (typeof a.members)[number]): ApplicantOrg => ({
        id: x.organizationId,
        name: x.organizationName,
        kind: x.organizationKind as ApplicantOrg['kind'],
        district: x.district as ApplicantOrg['district'],
      });
      await this.tell(tx, c, user, a.id, 'withdrawn', others.map(org), org(lead), a.title);
    });
    return this.get(user, challengeId, applicationId);
  }

  /**
   * A consortium member's answer, by any member of the invited organisation: accept (invited → accepted: the
   * organisation must be of an eligible kind and in no other live application, 422/409) or decline (invited →
   * declined; accepted → declined: it leaves). Until the deadline, while the application is live (409 otherwise).
   * Audited (`membership`) and told to the lead and the coordinators.
   */
  async respond(
    user: AuthUser,
    challengeId: string,
    applicationId: string,
    dto: { accept: boolean; note?: string },
  ): Promise<ApplicationView> {
    return this.uow.run(async (tx) => {
      const m = tx.manager;
      const c = await this.access.load(m, user, challengeId, true);
      // An organisation that declined no longer reads the application, but is still answered (409, not 404).
      const [a] = await readApplications(m, 'a.id = $1 AND a.challenge_id = $2', [applicationId, c.id], true);
      const me = a?.members.find((x) => x.organizationId === user.organizationId && !x.isLead);
      if (!a || (!me && !(await this.access.mayReadApplication(m, user, c.id, a.id)))) throw notFound(APPLICATION);
      if (!me) {
        throw forbidden(
          '只有受邀加入联合体的单位的成员可以答复 / only members of an organisation invited to the consortium answer',
        );
      }
      if (a.status !== 'submitted') {
        throw conflict(`申请${APPLICATION_STATUS_LABELS[a.status]}，不能答复 / the application is ${a.status}`, {
          currentStatus: a.status,
        });
      }
      assertOpen(c, '答复联合体邀请');
      const to: MembershipStatus = dto.accept ? 'accepted' : 'declined';
      const allowed: MembershipStatus[] =
        me.status === 'invited' ? ['accepted', 'declined'] : me.status === 'accepted' ? ['declined'] : [];
      if (!allowed.includes(to)) {
        throw conflict(
          me.status === 'declined'
            ? '贵单位已拒绝或退出该联合体；如需加入，请牵头单位重新邀请 / your organisation declined or left this ' +
                'consortium; the lead may invite it again'
            : '贵单位已接受邀请；如需退出，请答复 accept: false / your organisation has already accepted; to leave, ' +
                'answer accept: false',
          { currentStatus: me.status, allowed },
        );
      }
      const org: ApplicantOrg = {
        id: me.organizationId,
        name: me.organizationName,
        kind: me.organizationKind as ApplicantOrg['kind'],
        district: me.district as ApplicantOrg['district'],
      };
      if (to === 'accepted') {
        const problems = checkEligibility(c.eligibility, org, [], { trl: a.trl, teamSize: a.teamSize }).filter(
          (p) => p.rule === 'organization_kind',
        );
        if (problems.length) {
          throw new AppError(
            UNPROCESSABLE,
            `不符合揭榜条件 / not eligible: ${problems.map((p) => p.message).join('；')}`,
            problems.map((p) => ({ field: 'organizationId', message: p.message, rule: p.rule })),
          );
        }
        await this.assertNotElsewhere(m, c.id, [org], a.id);
      }
      const note = dto.note?.trim() || null;
      await m.query(
        `UPDATE challenge_application_members SET status = $3, responded_at = now(), response_note = $4
          WHERE application_id = $1 AND organization_id = $2`,
        [a.id, org.id, to, note],
      );
      const left = me.status === 'accepted';
      const what =
        to === 'accepted'
          ? '接受了联合体邀请 / accepted'
          : left
            ? '退出了联合体 / left'
            : '拒绝了联合体邀请 / declined';
      await this.trail.record(tx, {
        challengeId: c.id,
        applicationId: a.id,
        actorId: user.id,
        kind: 'membership',
        fromStatus: me.status,
        toStatus: to,
        note: `${org.name} ${what}${note ? `\n${note}` : ''}`,
        data: { organizationId: org.id, organizationName: org.name },
      });
      await this.notifier.notify(tx, c, `membership_${to === 'accepted' ? 'accepted' : left ? 'left' : 'declined'}`, {
        organizationIds: [a.leadOrganizationId, org.id],
        coordinators: true,
        title: `${org.name} ${what}`,
        body: `申请 / application：“${a.title}”${note ? `\n说明 / note: ${note}` : ''}`,
        payload: { applicationId: a.id, organizationId: org.id, membership: to },
        exceptUserId: user.id,
      });
      const [after] = await readApplications(m, 'a.id = $1', [a.id]);
      const attachments = await this.attachmentsOf(m, [a.id]);
      return viewOf(after, attachments.get(a.id) ?? []);
    });
  }

  /**
   * When applications close (published → reviewing), invitations still unanswered lapse: declined, one audit row
   * each (`membership`, by the system), the invited organisation and the lead told. In the caller's transaction.
   */
  async lapseInvitations(tx: Tx, c: ChallengeRecord): Promise<number> {
    const m = tx.manager;
    const rows = await updateReturning<{
      applicationId: string;
      organizationId: string;
      name: string;
      leadId: string;
      title: string;
    }>(
      m,
      `UPDATE challenge_application_members mb
          SET status = 'declined', responded_at = now(), response_note = '申报截止未答复，邀请失效 / lapsed at the deadline'
         FROM challenge_applications a, organizations o
        WHERE a.id = mb.application_id AND o.id = mb.organization_id AND a.challenge_id = $1
          AND mb.status = 'invited'
      RETURNING mb.application_id AS "applicationId", mb.organization_id AS "organizationId", o.name,
                a.lead_organization_id AS "leadId", a.title`,
      [c.id],
    );
    for (const r of rows) {
      await this.trail.record(tx, {
        challengeId: c.id,
        applicationId: r.applicationId,
        actorId: null,
        kind: 'membership',
        fromStatus: 'invited',
        toStatus: 'declined',
        note: `${r.name} 未在申报截止前答复，联合体邀请失效 / ${r.name} did not answer by the deadline: the invitation lapsed`,
        data: { organizationId: r.organizationId, organizationName: r.name, lapsed: true },
      });
      await this.notifier.notify(tx, c, 'membership_lapsed', {
        organizationIds: [r.organizationId, r.leadId],
        title: `联合体邀请已失效：${r.name} 未在申报截止前答复 / the consortium invitation of ${r.name} lapsed`,
        body: `申请 / application：“${r.title}”`,
        payload: { applicationId: r.applicationId, organizationId: r.organizationId },
      });
    }
    return rows.length;
  }

  async attachmentsOf(m: Pick<EntityManager, 'query'>, ids: string[]): Promise<Map<string, AttachmentView[]>> {
    if (!ids.length) return new Map();
    const rows = await m.query<Array<AttachmentView & { applicationId: string }>>(
      `SELECT id, application_id AS "applicationId", filename, content_type AS "contentType", size_bytes AS "sizeBytes",
              sha256, created_at AS "createdAt"
         FROM challenge_attachments WHERE application_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [ids],
    );
    const out = new Map<string, AttachmentView[]>();
    for (const { applicationId, ...r } of rows) out.set(applicationId, [...(out.get(applicationId) ?? []), r]);
    return out;
  }
}

export function viewOf(a: ApplicationRecord, attachments: AttachmentView[]): ApplicationView {
  const lead = a.members.find((x) => x.isLead);
  const org = (x: ApplicationRecord['members'][number]) => ({
    id: x.organizationId,
    name: x.organizationName,
    kind: x.organizationKind,
    district: x.district,
  });
  return {
    id: a.id,
    challengeId: a.challengeId,
    status: a.status,
    statusLabel: APPLICATION_STATUS_LABELS[a.status],
    title: a.title,
    approach: a.approach,
    lead: lead ? org(lead) : { id: a.leadOrganizationId, name: '', kind: '', district: '' },
    members: a.members.map((x) => ({
      organization: org(x),
      role: x.role,
      isLead: x.isLead,
      status: x.status,
      respondedAt: x.respondedAt,
    })),
    team: a.team.map((t) => ({ name: t.name, role: t.role, title: t.title ?? null })),
    teamSize: a.teamSize,
    trl: a.trl,
    budget: a.budget,
    budgetTotalYuan: a.budget.reduce((s, b) => s + b.amountYuan, 0),
    plan: a.plan,
    priorResults: a.priorResults,
    attachments,
    submittedAt: a.submittedAt,
    withdrawnAt: a.withdrawnAt,
    updatedAt: a.updatedAt,
    version: a.version,
  };
}
