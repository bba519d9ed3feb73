import { Injectable } from '@nestjs/common';
import { likeContaining } from '../../common/text/like.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, conflict, forbidden, invalidField, invalidInput } from '../../common/errors/app-errors.js';
import type { FieldError } from '../../common/errors/error-body.js';
import { PageQuery, pageOf, skipTake, type Page } from '../../common/pagination/pagination.js';
import { UnitOfWork, type Tx } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { CommonProblemsService } from '../common-problems/common-problems.service.js';
import type { CommonProblemForChallenge } from '../common-problems/dto/common-problem.dto.js';
import { SectorsService } from '../taxonomies/sectors.service.js';
import { ChallengeAccess, publicChallengeSql } from './challenge-access.js';
import { OPEN_EVENT_KINDS } from './challenge-event.entity.js';
import { ChallengeEventsService } from './challenge-events.service.js';
import { ChallengeNotifier } from './challenge-notifier.js';
import { CHALLENGE_COLUMNS, challengeTerms, readChallenge, type ChallengeRecord } from './challenge-record.js';
import { ApplicationsService } from './applications.service.js';
import { checkChallengeTerms } from './challenge-rules.js';
import { ChallengeStepsService, type MoveOptions } from './challenge-steps.service.js';
import {
  DEFAULT_CRITERIA_WEIGHTS,
  type ChallengeIndicator,
  type Eligibility,
  type FundingSource,
} from './challenge.entity.js';
import type {
  ChallengeEventList,
  ChallengePage,
  ChallengeQuery,
  ChallengeSummary,
  ChallengeTransitionDto,
  ChallengeView,
  CreateChallengeDto,
  EligibilityDto,
  InvitationList,
  MilestoneDto,
  UpdateChallengeDto,
} from './dto/challenge.dto.js';
import { invitationJob } from './invitation-job.js';
import {
  CHALLENGE_NEXT,
  CHALLENGE_STATUS_LABELS,
  PUBLIC_CHALLENGE_STATUSES,
  checkChallengeStep,
  type ChallengeStatus,
} from './lifecycle.js';

interface SourceNeed {
  id: string;
  organization_id: string;
  title: string;
  description: string;
  sectors: string[];
  keywords: string[];
  visibility: 'public' | 'restricted';
}

interface MilestoneRow {
  id: string;
  seq: number;
  title: string;
  dueOn: string;
  sharePct: number;
}

/**
 * Fields coordinators may still change once a challenge is published: clarifications, a later deadline, and the
 * milestones' dates (moved together with the deadline; their titles and shares stay as published).
 */
const AFTER_PUBLICATION = ['title', 'problem', 'ipTerms', 'keywords', 'applicationDeadline', 'milestones'] as const;
/** …and once applications are closed: the texts only. */
const AFTER_CLOSING = ['title', 'problem', 'ipTerms', 'keywords'] as const;
const EDITABLE = [
  'title',
  'problem',
  'sectorKeys',
  'keywords',
  'indicators',
  'fundingTotalYuan',
  'fundingSources',
  'eligibility',
  'applicationDeadline',
  'ipTerms',
  'multipleWinners',
  'maxWinners',
  'criteriaWeights',
  'milestones',
] as const;
type Editable = (typeof EDITABLE)[number];

const label = (s: ChallengeStatus) => CHALLENGE_STATUS_LABELS[s];

function eligibilityOf(dto: EligibilityDto): Eligibility {
  return {
    organizationKinds: [...new Set(dto.organizationKinds)],
    districts: [...new Set(dto.districts ?? [])] as Eligibility['districts'],
    allowOutside: dto.allowOutside ?? true,
    minTrl: dto.minTrl ?? null,
    minTeamSize: dto.minTeamSize ?? null,
    maxTeamSize: dto.maxTeamSize ?? null,
  };
}

const plain = <T>(list: T[]): T[] => list.map((x) => ({ ...x }));

/**
 * Challenges (揭榜挂帅): creating and editing them, listing and reading them with each caller's view, and the
 * transitions route. Every status change goes through ChallengeStepsService, every change writes an audit row and
 * notifies its parties in the same unit of work.
 */
@Injectable()
export class ChallengesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: ChallengeAccess,
    private readonly steps: ChallengeStepsService,
    private readonly trail: ChallengeEventsService,
    private readonly notifier: ChallengeNotifier,
    private readonly sectors: SectorsService,
    private readonly commonProblems: CommonProblemsService,
    private readonly applications: ApplicationsService,
  ) {}

  async create(user: AuthUser, dto: CreateChallengeDto): Promise<ChallengeView> {
    const coordinator = isCoordinator(user);
    if (!coordinator) {
      if (user.organizationKind !== 'enterprise') {
        throw forbidden('只有企业与协调员可以发榜 / only enterprises and coordinators post challenges');
      }
      if (dto.publish) {
        throw forbidden(
          '企业发榜需经协调员审批后发布：请先提交审批 / an enterprise’s challenge is published by a coordinator: send it for approval',
        );
      }
      if (dto.issuerOrganizationId && dto.issuerOrganizationId !== user.organizationId) {
        throw forbidden('企业只能以本单位名义发榜 / an enterprise posts challenges for itself only');
      }
      if (dto.commonProblemId) {
        throw forbidden('由共性技术难题发榜由协调员办理 / coordinators make challenges from common problems');
      }
    }
    if (dto.sourceNeedId && dto.commonProblemId) {
      throw invalidField(
        'commonProblemId',
        '来源需求与共性难题只能选一个 / give sourceNeedId or commonProblemId, not both',
      );
    }
    const m = this.dataSource.manager;
    const need = dto.sourceNeedId ? await this.sourceNeed(m, user, dto.sourceNeedId) : null;
    const problem = dto.commonProblemId ? await this.commonProblem(dto.commonProblemId) : null;
    const missing: FieldError[] = [];
    // The issuer is a real enterprise (发榜企业): it co-funds, signs the agreement and accepts the milestones. An
    // enterprise posts for itself; a coordinator names it, or it is the source need's organisation or the common
    // problem's (public) lead; never the coordinator's own organisation by default.
    const issuerId = coordinator
      ? (dto.issuerOrganizationId ?? need?.organization_id ?? problem?.leadOrganizationId ?? null)
      : user.organizationId;
    const issuerError = await this.checkIssuer(m, issuerId, {
      given: dto.issuerOrganizationId !== undefined,
      fromNeed: !dto.issuerOrganizationId && !!need,
      fromProblem: !!problem,
    });

    // A restricted need's words are not the public's: the challenge's public text is written for it.
    const fromNeed = need && need.visibility === 'public' ? need : null;
    const title = dto.title ?? fromNeed?.title ?? problem?.title;
    const problemText = dto.problem ?? fromNeed?.description ?? problem?.summary;
    const restricted = need?.visibility === 'restricted';
    const required = (field: string, value: unknown, hint?: string) => {
      if (value === undefined || value === null) {
        missing.push({ field, message: hint ?? `${field} 为必填项 / ${field} is required` });
      }
    };
    const restrictedHint = (field: string) =>
      `来源需求为受限需求，请另写可公开的${field === 'title' ? '标题' : '难题描述'} / the source need is restricted: write a ${field} fit for the public`;
    required('title', title, restricted ? restrictedHint('title') : undefined);
    required('problem', problemText, restricted ? restrictedHint('problem') : undefined);
    required('indicators', dto.indicators);
    required('fundingTotalYuan', dto.fundingTotalYuan);
    required('fundingSources', dto.fundingSources);
    required('eligibility', dto.eligibility);
    required('applicationDeadline', dto.applicationDeadline);
    required('ipTerms', dto.ipTerms);
    required('milestones', dto.milestones);
    // The issuer's error is reported with every other field's (the terms are checked once the values exist).
    const first = issuerError ? [issuerError] : [];
    if (missing.length) throw invalidInput([...first, ...missing]);

    const multipleWinners = dto.multipleWinners ?? false;
    const values = {
      title: title!,
      problem: problemText!,
      sectorKeys: dto.sectorKeys ?? need?.sectors ?? problem?.sectorKeys ?? [],
      keywords: dto.keywords ?? (fromNeed?.keywords ?? problem?.keywords ?? []).slice(0, 20),
      indicators: plain(dto.indicators!) as ChallengeIndicator[],
      fundingTotalYuan: dto.fundingTotalYuan!,
      fundingSources: plain(dto.fundingSources!) as FundingSource[],
      eligibility: eligibilityOf(dto.eligibility!),
      applicationDeadline: new Date(dto.applicationDeadline!),
      ipTerms: dto.ipTerms!,
      multipleWinners,
      maxWinners: dto.maxWinners ?? (multipleWinners ? 2 : 1),
      criteriaWeights: dto.criteriaWeights ? { ...dto.criteriaWeights } : DEFAULT_CRITERIA_WEIGHTS,
      milestones: dto.milestones!.map((x: MilestoneDto) => ({ title: x.title, dueOn: x.dueOn, sharePct: x.sharePct })),
    };
    await this.checkTerms(values, true, first);

    const id = await this.uow.run(async (tx) => {
      const [row] = await tx.manager.query<Array<{ id: string }>>(
        `INSERT INTO challenges (title, problem, source_need_id, common_problem_id, issuer_organization_id, created_by,
                                 sector_keys, keywords, indicators, funding_total_yuan, funding_sources, eligibility,
                                 application_deadline, ip_terms, multiple_winners, max_winners, criteria_weights)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [
          values.title,
          values.problem,
          need?.id ?? null,
          problem?.id ?? null,
          issuerId!,
          user.id,
          values.sectorKeys,
          values.keywords,
          JSON.stringify(values.indicators),
          values.fundingTotalYuan,
          JSON.stringify(values.fundingSources),
          JSON.stringify(values.eligibility),
          values.applicationDeadline,
          values.ipTerms,
          values.multipleWinners,
          values.maxWinners,
          JSON.stringify(values.criteriaWeights),
        ],
      );
      await this.writeMilestones(tx.manager, row.id, values.milestones);
      await this.trail.record(tx, {
        challengeId: row.id,
        actorId: user.id,
        kind: 'status',
        toStatus: 'draft',
        note: '创建 / created',
        data: { sourceNeedId: need?.id ?? null, commonProblemId: problem?.id ?? null },
      });
      if (dto.publish) await this.publish(tx, user, row.id, {});
      return row.id;
    });
    return this.get(user, id);
  }

  /**
   * The issuing organisation must exist and be an enterprise (发榜企业); null: none could be inferred. Answers the
   * field error (issuerOrganizationId) or null.
   */
  private async checkIssuer(
    m: Pick<EntityManager, 'query'>,
    issuerId: string | null,
    from: { given: boolean; fromNeed: boolean; fromProblem: boolean },
  ): Promise<FieldError | null> {
    const field = 'issuerOrganizationId';
    if (!issuerId) {
      return {
        field,
        message: from.fromProblem
          ? '共性技术难题的牵头需求为受限需求或未指定，请指定发榜企业（issuerOrganizationId）/ the common problem’s lead ' +
            'need is restricted or not set: name the issuing enterprise (issuerOrganizationId)'
          : '请指定发榜企业（issuerOrganizationId）：协调员所在单位不能作为发榜单位 / name the issuing enterprise ' +
            '(issuerOrganizationId): the coordinator’s own organisation does not issue challenges',
      };
    }
    const [org] = await m.query<Array<{ name: string; kind: string }>>(
      `SELECT name, kind::text AS kind FROM organizations WHERE id = $1`,
      [issuerId],
    );
    if (!org) return { field, message: '发榜单位不存在 / unknown issuing organisation' };
    if (org.kind !== 'enterprise') {
      const source = from.given ? '' : from.fromNeed ? '来源需求所属单位' : '共性技术难题牵头单位';
      const sourceEn = from.given
        ? ''
        : from.fromNeed
          ? 'the source need’s organisation, '
          : 'the common problem’s lead, ';
      return {
        field,
        message:
          `发榜单位须为企业：${source}${org.name} 不是企业，请指定发榜企业 / the issuer must be an enterprise: ` +
          `${sourceEn}${org.name}, is a ${org.kind}; name the issuing enterprise (issuerOrganizationId)`,
      };
    }
    return null;
  }

  /** A need a challenge may be made from: coordinators any, an enterprise its own (400 naming sourceNeedId). */
  private async sourceNeed(m: EntityManager, user: AuthUser, id: string): Promise<SourceNeed> {
    const [need] = await m.query<SourceNeed[]>(
      `SELECT id, organization_id, title, description, sectors, keywords, visibility FROM needs WHERE id = $1`,
      [id],
    );
    if (!need || (!isCoordinator(user) && need.organization_id !== user.organizationId)) {
      throw invalidField('sourceNeedId', '需求不存在或不属于本单位 / unknown need, or not your organisation’s');
    }
    return need;
  }

  /** A confirmed common problem (CommonProblemsService.getForChallenge); an unknown id is a 400 naming the field. */
  private async commonProblem(id: string): Promise<CommonProblemForChallenge> {
    try {
      return await this.commonProblems.getForChallenge(id);
    } catch (err) {
      if (err instanceof AppError && err.getStatus() === 404) {
        throw invalidField('commonProblemId', '共性技术难题不存在 / unknown common problem');
      }
      throw err;
    }
  }

  private async checkTerms(
    values: Parameters<typeof checkChallengeTerms>[0] & { sectorKeys: string[] },
    deadlineChanged: boolean,
    more: FieldError[] = [],
  ): Promise<void> {
    const errors = [
      ...more,
      ...checkChallengeTerms(values, { deadlineChanged }),
      ...(await this.sectors.check([{ field: 'sectorKeys', sectors: values.sectorKeys }])),
    ];
    if (errors.length) throw invalidInput(errors);
  }

  private async writeMilestones(
    m: Pick<EntityManager, 'query'>,
    challengeId: string,
    milestones: Array<{ title: string; dueOn: string; sharePct: number }>,
  ): Promise<void> {
    await m.query(`DELETE FROM challenge_milestones WHERE challenge_id = $1`, [challengeId]);
    await m.query(
      `INSERT INTO challenge_milestones (challenge_id, seq, title, due_on, share_pct)
       SELECT $1, x.seq, x.title, x.due_on, x.share_pct
         FROM unnest($2::int[], $3::text[], $4::date[], $5::int[]) AS x(seq, title, due_on, share_pct)`,
      [
        challengeId,
        milestones.map((_, i) => i + 1),
        milestones.map((x) => x.title),
        milestones.map((x) => x.dueOn),
        milestones.map((x) => x.sharePct),
      ],
    );
  }

  /** Publishes (the step, the issuer told, the invitation job queued) in the caller's unit of work. */
  private async publish(tx: Tx, user: AuthUser, id: string, opts: MoveOptions): Promise<ChallengeRecord> {
    const c = await this.steps.move(tx, user, id, 'published', opts);
    await this.notifier.notify(tx, c, 'published', {
      organizationIds: [c.issuerOrganizationId],
      title: '榜单已发布，开始接受揭榜申请 / the challenge is published and open for applications',
      body: `申报截止 / applications close: ${new Date(c.applicationDeadline).toISOString()}`,
      exceptUserId: user.id,
    });
    await tx.enqueue([invitationJob(c.id)]);
    return c;
  }

  async list(user: AuthUser, q: ChallengeQuery): Promise<ChallengePage> {
    const { skip, take } = skipTake(q);
    const sectors = q.sector ? await this.sectors.withDescendants(q.sector) : null;
    const words = q.q?.trim() ? likeContaining(q.q.trim()) : null;
    const params = [
      isCoordinator(user),
      user.organizationId,
      PUBLIC_CHALLENGE_STATUSES,
      q.status ?? null,
      sectors,
      words,
    ];
    const where = `($1 OR ${publicChallengeSql('$3')} OR c.issuer_organization_id = $2)
        AND ($4::challenge_status IS NULL OR c.status = $4)
        AND ($5::text[] IS NULL OR c.sector_keys && $5::text[])
        AND ($6::text IS NULL OR c.title ILIKE $6 OR c.problem ILIKE $6)`;
    const rows = await this.dataSource.query<Array<ChallengeRecord & { issuer: ChallengeSummary['issuer'] }>>(
      `SELECT ${CHALLENGE_COLUMNS},
              jsonb_build_object('id', o.id, 'name', o.name, 'kind', o.kind, 'district', o.district) AS issuer
         FROM challenges c JOIN organizations o ON o.id = c.issuer_organization_id
        WHERE ${where}
        ORDER BY coalesce(c.published_at, c.created_at) DESC NULLS LAST, c.id
        LIMIT $7 OFFSET $8`,
      [...params, take, skip],
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM challenges c WHERE ${where}`,
      params,
    );
    const page: Page<ChallengeSummary> = pageOf(rows.map(summaryOf), total, q);
    return page;
  }

  async get(user: AuthUser, id: string): Promise<ChallengeView> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, id);
    return this.view(m, user, c);
  }

  /** The challenge as `user` sees it. */
  async view(m: Pick<EntityManager, 'query'>, user: AuthUser, c: ChallengeRecord): Promise<ChallengeView> {
    const [extra] = await m.query<
      Array<{
        issuer: ChallengeView['issuer'];
        need: ChallengeView['sourceNeed'];
        milestones: MilestoneRow[];
        applications: number;
      }>
    >(
      `SELECT jsonb_build_object('id', o.id, 'name', o.name, 'kind', o.kind, 'district', o.district) AS issuer,
              (SELECT jsonb_build_object('id', n.id, 'title', n.title, 'visibility', n.visibility)
                 FROM needs n WHERE n.id = $2) AS need,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('id', ms.id, 'seq', ms.seq, 'title', ms.title,
                        'dueOn', ms.due_on, 'sharePct', ms.share_pct) ORDER BY ms.seq), '[]'::jsonb)
                 FROM challenge_milestones ms WHERE ms.challenge_id = $3) AS milestones,
              (SELECT count(*)::int FROM challenge_applications a
                WHERE a.challenge_id = $3 AND a.status <> 'withdrawn') AS applications
         FROM organizations o WHERE o.id = $1`,
      [c.issuerOrganizationId, c.sourceNeedId, c.id],
    );
    const coordinator = isCoordinator(user);
    const issuer = this.access.isIssuerMember(user, c);
    const applicant = !coordinator && !issuer && (await this.access.isApplicant(m, user, c.id));
    const actor = this.access.actor(user, c);
    // A restricted need stays with its owner and the coordinators: others learn nothing of it, not even its id.
    const sourceNeed = extra.need && (coordinator || issuer || extra.need.visibility === 'public') ? extra.need : null;
    return {
      ...challengeTerms(c),
      issuer: extra.issuer,
      sourceNeed,
      commonProblemId: c.commonProblemId,
      milestones: extra.milestones,
      reviewStartedAt: c.reviewStartedAt,
      noticeStartedAt: c.noticeStartedAt,
      awardedAt: c.awardedAt,
      closedAt: c.closedAt,
      closeReason: c.closeReason,
      applicationCount: coordinator || issuer ? extra.applications : null,
      viewerRole: coordinator ? 'coordinator' : issuer ? 'issuer' : applicant ? 'applicant' : 'other',
      allowedTransitions: CHALLENGE_NEXT[c.status].filter((to) => checkChallengeStep(actor, c.status, to).ok),
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }

  async update(user: AuthUser, id: string, dto: UpdateChallengeDto): Promise<ChallengeView> {
    const given = EDITABLE.filter((k) => dto[k] !== undefined);
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const c = await this.access.load(m, user, id, true);
      const coordinator = isCoordinator(user);
      const draft = c.status === 'draft' || c.status === 'pending_approval';
      const issuer = this.access.isIssuerMember(user, c);
      if (!coordinator && !(draft && issuer)) {
        throw forbidden(
          '草稿由发榜单位或协调员修改；待审批与发布后只有协调员可以修改 / drafts are edited by their issuer or ' +
            'coordinators; challenges awaiting approval or published by coordinators only',
        );
      }
      if (!coordinator && c.status === 'pending_approval') {
        // What the coordinator approves is what the issuer sent: the issuer takes it back to change it.
        throw conflict(
          '榜单正在待审批，发榜单位不能修改：请先撤回为草稿（POST /challenges/:id/transitions {to: "draft"}）再修改 / ' +
            'the challenge awaits approval: take it back to draft first (POST /challenges/:id/transitions ' +
            '{to: "draft"}), then edit it',
          { currentStatus: c.status, allowed: ['draft'] },
        );
      }
      if (dto.version !== undefined && dto.version !== c.version) {
        throw conflict(
          `该榜单已被修改（当前版本 ${c.version}），请刷新 / the challenge has changed (now version ${c.version})`,
          {
            currentVersion: c.version,
          },
        );
      }
      const allowed: readonly Editable[] = draft
        ? EDITABLE
        : c.status === 'published'
          ? AFTER_PUBLICATION
          : ['failed', 'completed'].includes(c.status)
            ? []
            : AFTER_CLOSING;
      const refused = given.filter((k) => !allowed.includes(k));
      if (refused.length) {
        throw conflict(
          `榜单「${label(c.status)}」时不能修改：${refused.join(', ')}；发布后只能澄清文字与延后截止时间 / in status ` +
            `${c.status} these fields cannot change: ${refused.join(', ')} (after publication: texts, and a later deadline)`,
          { currentStatus: c.status, fields: refused, editable: allowed },
        );
      }
      const deadline = dto.applicationDeadline ? new Date(dto.applicationDeadline) : new Date(c.applicationDeadline);
      if (
        c.status === 'published' &&
        dto.applicationDeadline &&
        deadline.getTime() < new Date(c.applicationDeadline).getTime()
      ) {
        throw invalidField(
          'applicationDeadline',
          '发布后截止时间只能延后 / once published, the deadline can only move later',
        );
      }
      const current = (
        await m.query<MilestoneRow[]>(
          `SELECT id, seq, title, due_on AS "dueOn", share_pct AS "sharePct" FROM challenge_milestones
            WHERE challenge_id = $1 ORDER BY seq`,
          [c.id],
        )
      ).map((x) => ({ id: x.id, title: x.title, dueOn: x.dueOn, sharePct: x.sharePct }));
      if (dto.milestones && !draft) {
        // Published: the milestones' dates move (with the deadline); what each one is and pays stays as published.
        const changed =
          dto.milestones.length !== current.length
            ? ['milestones']
            : dto.milestones.flatMap((x, i) =>
                x.title !== current[i].title || x.sharePct !== current[i].sharePct ? [`milestones[${i}]`] : [],
              );
        if (changed.length) {
          throw conflict(
            `发布后验收节点只能调整日期，名称、数量与拨付比例不能改：${changed.join(', ')} / after publication only the ` +
              `milestones' dates may move; their number, titles and shares stay as published: ${changed.join(', ')}`,
            { currentStatus: c.status, fields: changed, editable: ['milestones[].dueOn'] },
          );
        }
      }
      const milestones = dto.milestones
        ? dto.milestones.map((x) => ({ title: x.title, dueOn: x.dueOn, sharePct: x.sharePct }))
        : current.map((x) => ({ title: x.title, dueOn: x.dueOn, sharePct: x.sharePct }));
      const movedMilestones = dto.milestones
        ? current.flatMap((x, i) =>
            milestones[i] && milestones[i].dueOn !== x.dueOn
              ? [{ seq: i + 1, title: x.title, from: x.dueOn, to: milestones[i].dueOn }]
              : [],
          )
        : [];
      const multipleWinners = dto.multipleWinners ?? c.multipleWinners;
      const next = {
        title: dto.title ?? c.title,
        problem: dto.problem ?? c.problem,
        sectorKeys: dto.sectorKeys ?? c.sectorKeys,
        keywords: dto.keywords ?? c.keywords,
        indicators: dto.indicators ? (plain(dto.indicators) as ChallengeIndicator[]) : c.indicators,
        fundingTotalYuan: dto.fundingTotalYuan ?? c.fundingTotalYuan,
        fundingSources: dto.fundingSources ? (plain(dto.fundingSources) as FundingSource[]) : c.fundingSources,
        eligibility: dto.eligibility ? eligibilityOf(dto.eligibility) : c.eligibility,
        applicationDeadline: deadline,
        ipTerms: dto.ipTerms ?? c.ipTerms,
        multipleWinners,
        maxWinners:
          dto.maxWinners ??
          (dto.multipleWinners === undefined ? c.maxWinners : multipleWinners ? Math.max(2, c.maxWinners) : 1),
        criteriaWeights: dto.criteriaWeights ? { ...dto.criteriaWeights } : c.criteriaWeights,
        milestones,
      };
      if (!given.length) return;
      await this.checkTerms(next, dto.applicationDeadline !== undefined);
      await m.query(
        `UPDATE challenges SET title = $2, problem = $3, sector_keys = $4, keywords = $5, indicators = $6,
                funding_total_yuan = $7, funding_sources = $8, eligibility = $9, application_deadline = $10,
                ip_terms = $11, multiple_winners = $12, max_winners = $13, criteria_weights = $14,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [
          c.id,
          next.title,
          next.problem,
          next.sectorKeys,
          next.keywords,
          JSON.stringify(next.indicators),
          next.fundingTotalYuan,
          JSON.stringify(next.fundingSources),
          JSON.stringify(next.eligibility),
          next.applicationDeadline,
          next.ipTerms,
          next.multipleWinners,
          next.maxWinners,
          JSON.stringify(next.criteriaWeights),
        ],
      );
      if (dto.milestones && draft) await this.writeMilestones(m, c.id, milestones);
      else if (movedMilestones.length) {
        // In place: the milestones keep their ids (awards refer to them later).
        await m.query(
          `UPDATE challenge_milestones ms SET due_on = x.due_on
             FROM unnest($2::int[], $3::date[]) AS x(seq, due_on)
            WHERE ms.challenge_id = $1 AND ms.seq = x.seq`,
          [c.id, movedMilestones.map((x) => x.seq), movedMilestones.map((x) => x.to)],
        );
      }
      const extended =
        dto.applicationDeadline !== undefined && deadline.getTime() !== new Date(c.applicationDeadline).getTime();
      await this.trail.record(tx, {
        challengeId: c.id,
        actorId: user.id,
        kind: 'edit',
        note: `修改 / changed: ${given.join(', ')}`,
        data: {
          fields: given,
          ...(extended ? { applicationDeadline: { from: c.applicationDeadline, to: deadline } } : {}),
          ...(movedMilestones.length && !draft ? { milestones: movedMilestones } : {}),
        },
      });
      if (!draft) {
        // After publication every change is news to the issuer and to those who applied.
        const orgs = await this.applicantOrganizations(m, c.id);
        await this.notifier.notify(tx, c, 'updated', {
          organizationIds: [c.issuerOrganizationId, ...orgs],
          title: extended
            ? `榜单申报截止时间延至 ${deadline.toISOString()} / the application deadline moved to ${deadline.toISOString()}`
            : '榜单内容有澄清修改 / the challenge’s text was clarified',
          body:
            `修改 / changed: ${given.join(', ')}` +
            (movedMilestones.length
              ? `\n验收日期调整 / milestones moved: ${movedMilestones.map((x) => `${x.title} ${x.from} → ${x.to}`).join('；')}`
              : ''),
          payload: { fields: given },
          exceptUserId: user.id,
        });
      }
    });
    return this.get(user, id);
  }

  /** Every organisation in a live application to the challenge: leads, accepted and (still) invited members. */
  async applicantOrganizations(m: Pick<EntityManager, 'query'>, challengeId: string): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT DISTINCT mb.organization_id AS id FROM challenge_application_members mb
         JOIN challenge_applications a ON a.id = mb.application_id
        WHERE a.challenge_id = $1 AND a.status <> 'withdrawn' AND mb.status <> 'declined'`,
      [challengeId],
    );
    return rows.map((r) => r.id);
  }

  async transition(user: AuthUser, id: string, dto: ChallengeTransitionDto): Promise<ChallengeView> {
    if (dto.to === 'notice' || dto.to === 'awarded' || dto.to === 'completed') {
      const route: Record<string, string> = {
        notice: 'POST /challenges/:id/notice',
        awarded: 'POST /challenges/:id/award',
        completed: '最后一个验收节点通过时自动完成 / completed by the last accepted milestone',
      };
      throw invalidField('to', `这一步有专门的接口：${route[dto.to]} / this step has its own route: ${route[dto.to]}`);
    }
    if (dto.force && dto.to !== 'reviewing') {
      throw invalidField('force', 'force 只用于提前截止申报（to = reviewing）/ force is only for to = reviewing');
    }
    if (dto.reason && dto.to !== 'failed') {
      throw invalidField('reason', 'reason 只用于终止榜单（to = failed）/ reason is only given with to = failed');
    }
    await this.uow.run(async (tx) => {
      const opts = {
        note: dto.note,
        reason: dto.reason,
        expectedStatus: dto.expectedStatus,
        expectedVersion: dto.expectedVersion,
        force: dto.force,
      };
      if (dto.to === 'published') {
        await this.publish(tx, user, id, opts);
        return;
      }
      const current = await this.access.load(tx.manager, user, id, true);
      if (current.status === 'notice' && dto.to === 'reviewing') {
        // Back to review from the notice only through an upheld objection, which also resets the intended winners.
        throw invalidField(
          'to',
          '公示期间退回评审请通过异议处理：POST /challenges/:id/objections/:oid/resolve / from the notice back to ' +
            'review goes through an upheld objection: POST /challenges/:id/objections/:oid/resolve',
        );
      }
      const c = await this.steps.move(tx, user, id, dto.to, opts);
      const note = dto.note?.trim() ? `\n说明 / note: ${dto.note.trim()}` : '';
      if (dto.to === 'pending_approval') {
        await this.notifier.notify(tx, c, 'pending_approval', {
          coordinators: true,
          title: '新的榜单待审批 / a challenge awaits approval',
          body: note.trim(),
          exceptUserId: user.id,
        });
      } else if (dto.to === 'draft') {
        await this.notifier.notify(tx, c, 'returned', {
          organizationIds: [c.issuerOrganizationId],
          title: '榜单被退回修改 / the challenge was returned for changes',
          body: note.trim(),
          exceptUserId: user.id,
        });
      } else if (dto.to === 'reviewing') {
        // Consortium invitations still unanswered lapse: the consortium is what was accepted by the deadline.
        await this.applications.lapseInvitations(tx, c);
        await this.notifier.notify(tx, c, 'reviewing', {
          organizationIds: [c.issuerOrganizationId, ...(await this.applicantOrganizations(tx.manager, c.id))],
          title: '申报已截止，进入评审 / applications are closed; the review has begun',
          body: note.trim(),
          exceptUserId: user.id,
        });
      } else if (dto.to === 'failed') {
        await this.notifier.notify(tx, c, 'failed', {
          organizationIds: [c.issuerOrganizationId, ...(await this.applicantOrganizations(tx.manager, c.id))],
          coordinators: true,
          title: '榜单已终止 / the challenge was closed without success',
          body: `原因 / reason: ${c.closeReason ?? ''}${note}`,
          exceptUserId: user.id,
        });
      }
    });
    return this.get(user, id);
  }

  async events(user: AuthUser, id: string, q: PageQuery): Promise<ChallengeEventList> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, id);
    const coordinator = isCoordinator(user);
    if (!coordinator && !this.access.isIssuerMember(user, c)) {
      throw forbidden('只有协调员与发榜单位可以查看榜单记录 / only coordinators and the issuer read the trail');
    }
    const { rows, total } = await this.trail.page(m, c.id, coordinator ? null : OPEN_EVENT_KINDS, skipTake(q));
    return {
      ...pageOf([], total, q),
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        applicationId: coordinator ? r.applicationId : null,
        fromStatus: r.fromStatus,
        toStatus: r.toStatus,
        note: r.note,
        data: coordinator ? r.data : {},
        actor: r.actorId ? { id: r.actorId, name: r.actorName } : null,
        createdAt: r.createdAt,
      })),
    };
  }

  async invitations(user: AuthUser, id: string): Promise<InvitationList> {
    const m = this.dataSource.manager;
    const c = await this.access.load(m, user, id);
    if (!isCoordinator(user)) throw forbidden('只有协调员可以查看邀请 / only coordinators read the invitations');
    const rows = await this.trail.list(m, c.id, ['invitation']);
    const done = rows.some((r) => r.data.summary === true);
    return {
      state: done ? 'done' : c.publishedAt ? 'pending' : 'none',
      items: rows
        .filter((r) => r.data.summary !== true)
        .map((r) => {
          const d = r.data as {
            organization: InvitationList['items'][number]['organization'];
            capabilities: InvitationList['items'][number]['capabilities'];
            score: number;
            reason: { zh: string; en: string };
          };
          return {
            organization: d.organization,
            capabilities: d.capabilities,
            score: d.score,
            reason: d.reason,
            invitedAt: r.createdAt,
          };
        }),
    };
  }

  /** For other modules: one challenge row, no access check. */
  read(id: string): Promise<ChallengeRecord | null> {
    return readChallenge(this.dataSource.manager, id);
  }
}

function summaryOf(r: ChallengeRecord & { issuer: ChallengeSummary['issuer'] }): ChallengeSummary {
  return {
    id: r.id,
    status: r.status,
    statusLabel: label(r.status),
    title: r.title,
    issuer: r.issuer,
    sectorKeys: r.sectorKeys,
    fundingTotalYuan: r.fundingTotalYuan,
    applicationDeadline: r.applicationDeadline,
    multipleWinners: r.multipleWinners,
    publishedAt: r.publishedAt,
    updatedAt: r.updatedAt,
  };
}
