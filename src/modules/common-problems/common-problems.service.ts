import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake, type Page, type PageQuery } from '../../common/pagination/pagination.js';
import { QUEUES } from '../../jobs/queues.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { NotificationsService, type NotificationDraft } from '../notifications/notifications.service.js';
import { coordinatorIds } from '../notifications/recipients.js';
import type { CommonProblemStatus } from './common-problem.entity.js';
import { COMMON_PROBLEM_JOBS, type DetectPayload, type RefreshPayload } from './common-problems-jobs.js';
import type {
  CommonProblemCapabilityView,
  CommonProblemEventView,
  CommonProblemForChallenge,
  CommonProblemNeedView,
  CommonProblemQuery,
  CommonProblemSummaryView,
  CommonProblemView,
  ConfirmCommonProblemDto,
  DetectAccepted,
  DismissCommonProblemDto,
  IntroduceConsortiumDto,
  IntroductionView,
  UpdateCommonProblemDto,
} from './dto/common-problem.dto.js';
import { NEXT_STATUSES, STATUS_LABELS, canMove } from './lifecycle.js';

/** What `getForChallenge` answers (the challenges module imports it from here). */
export type { CommonProblemForChallenge } from './dto/common-problem.dto.js';

const PROBLEM = '共性技术难题 / common problem';
const RESTRICTED = '受限需求 / restricted need';
const MIN_ORGANIZATIONS = 2;
/** Member needs a problem may have at most. */
const MAX_MEMBERS = 30;
const isOpen = (n: { status: string }) => n.status === 'open';

interface ProblemRow {
  id: string;
  status: CommonProblemStatus;
  title: string;
  summary: string;
  shared_terms: string[];
  sector_keys: string[];
  lead_need_id: string | null;
  lead_reason: string | null;
  cohesion: number;
  edited: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  refreshed_at: Date | null;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  dismiss_reason: string | null;
}

interface MemberRow {
  problem_id: string;
  id: string;
  title: string;
  description: string;
  keywords: string[];
  sectors: string[];
  visibility: 'public' | 'restricted';
  status: string;
  district: string;
  budget_min: number | null;
  budget_max: number | null;
  organization_id: string;
  organization_name: string;
  organization_district: string;
}

const PROBLEM_COLUMNS = `p.id, p.status, p.title, p.summary, p.shared_terms, p.sector_keys, p.lead_need_id, p.lead_reason,
  p.cohesion, p.edited, p.version, p.created_at, p.updated_at, p.refreshed_at, p.decided_at, p.decided_by,
  u.name AS decided_by_name, p.dismiss_reason`;

/**
 * 共性技术难题 for the API: coordinators read candidates, edit, confirm and dismiss them and introduce confirmed ones
 * to a consortium; signed-in members read confirmed ones. Every decision is one transaction with its audit row and
 * its notifications (the outbox). Restricted member needs are named only to coordinators and their own organisation.
 */
@Injectable()
export class CommonProblemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
  ) {}

  /** Queues a detection run now; the worker runs it (a failure shows at GET /admin/jobs). */
  async detect(user: AuthUser): Promise<DetectAccepted> {
    // One run at a time: while a requested run waits or runs, a new request answers with that run's job id.
    return this.uow.run(async (tx) => {
      const m = tx.manager;
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('common-problems-detect-request'))`);
      const [pending] = await m.query<Array<{ job_id: string }>>(
        `SELECT job_id FROM job_outbox
          WHERE name = $1 AND job_id LIKE 'common-problems-detect-%' AND completed_at IS NULL AND failed_at IS NULL
          ORDER BY id DESC LIMIT 1`,
        [COMMON_PROBLEM_JOBS.detect],
      );
      if (pending) return { jobId: pending.job_id };
      const jobId = `common-problems-detect-${randomUUID()}`;
      const data: DetectPayload = { requestedBy: user.id };
      await tx.enqueue([{ queue: QUEUES.maintenance, name: COMMON_PROBLEM_JOBS.detect, jobId, data: { ...data } }]);
      return { jobId };
    });
  }

  async list(user: AuthUser, q: CommonProblemQuery): Promise<Page<CommonProblemSummaryView>> {
    const coordinator = isCoordinator(user);
    if (!coordinator && q.status && q.status !== 'confirmed') {
      throw forbidden(
        '只有协调员可以查看候选或已驳回的共性难题 / only coordinators see candidate and dismissed problems',
      );
    }
    const status = coordinator ? (q.status ?? null) : 'confirmed';
    const { skip, take } = skipTake(q);
    const rows = await this.dataSource.query<ProblemRow[]>(
      `SELECT ${PROBLEM_COLUMNS} FROM common_problems p LEFT JOIN users u ON u.id = p.decided_by
        WHERE ($1::common_problem_status IS NULL OR p.status = $1)
        ORDER BY p.created_at DESC, p.id DESC LIMIT $2 OFFSET $3`,
      [status, take, skip],
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM common_problems WHERE ($1::common_problem_status IS NULL OR status = $1)`,
      [status],
    );
    const members = await this.members(
      this.dataSource.manager,
      rows.map((r) => r.id),
    );
    const written = await this.summariesWritten(
      this.dataSource.manager,
      rows.map((r) => r.id),
    );
    return pageOf(
      rows.map((r) => this.summary(user, r, members.get(r.id) ?? [], written.has(r.id))),
      total,
      q,
    );
  }

  async get(user: AuthUser, id: string): Promise<CommonProblemView> {
    const row = await this.row(this.dataSource.manager, id);
    if (!row || (!isCoordinator(user) && row.status !== 'confirmed')) throw notFound(PROBLEM);
    return this.view(this.dataSource.manager, user, row);
  }

  async events(id: string, q: PageQuery): Promise<Page<CommonProblemEventView>> {
    const row = await this.row(this.dataSource.manager, id);
    if (!row) throw notFound(PROBLEM);
    const { skip, take } = skipTake(q);
    const rows = await this.dataSource.query<
      Array<{
        id: number;
        kind: string;
        from_status: string | null;
        to_status: string | null;
        note: string | null;
        data: Record<string, unknown>;
        actor_id: string | null;
        actor_name: string | null;
        created_at: Date;
      }>
    >(
      `SELECT e.id, e.kind, e.from_status, e.to_status, e.note, e.data, e.actor_id, u.name AS actor_name, e.created_at
         FROM common_problem_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.problem_id = $1 ORDER BY e.id LIMIT $2 OFFSET $3`,
      [id, take, skip],
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM common_problem_events WHERE problem_id = $1`,
      [id],
    );
    const items = rows.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      data: e.data,
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? '' } : null,
      createdAt: e.created_at,
    }));
    return pageOf(items, total, q);
  }

  /** Title, summary, members and lead, by a coordinator: the next detection keeps what they set. */
  async update(user: AuthUser, id: string, dto: UpdateCommonProblemDto): Promise<CommonProblemView> {
    const title = dto.title === undefined ? undefined : dto.title.trim();
    const summary = dto.summary === undefined ? undefined : dto.summary.trim();
    if (title === '') throw invalidField('title', '标题不能为空 / title must not be empty');
    if (summary === '') throw invalidField('summary', '摘要不能为空 / summary must not be empty');
    const add = [...new Set(dto.addNeedIds ?? [])];
    const remove = [...new Set(dto.removeNeedIds ?? [])];
    const both = add.filter((x) => remove.includes(x));
    if (both.length) {
      throw invalidField(
        'removeNeedIds',
        `同一需求不能既加入又移除：${both.join(', ')} / a need both added and removed`,
      );
    }
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const row = await this.locked(m, id);
      this.checkVersion(row, dto.expectedVersion);
      if (row.status === 'dismissed') {
        throw conflict('已驳回的共性难题不能修改 / a dismissed common problem cannot be edited', {
          currentStatus: row.status,
          allowed: NEXT_STATUSES[row.status],
        });
      }
      const current = (await this.members(m, [id])).get(id) ?? [];
      const currentIds = new Set(current.map((n) => n.id));
      const notMembers = remove.filter((x) => !currentIds.has(x));
      if (notMembers.length) {
        throw invalidField('removeNeedIds', `这些需求不在该共性难题中：${notMembers.join(', ')} / not member needs`);
      }
      const adding = add.filter((x) => !currentIds.has(x));
      if (adding.length) {
        const open = await m.query<Array<{ id: string }>>(
          `SELECT id FROM needs WHERE id = ANY($1::uuid[]) AND status = 'open'`,
          [adding],
        );
        const found = new Set(open.map((r) => r.id));
        const missing = adding.filter((x) => !found.has(x));
        if (missing.length) {
          throw invalidField(
            'addNeedIds',
            `这些需求不存在或未开放：${missing.join(', ')} / these needs do not exist or are not open`,
          );
        }
      }
      if (adding.length) {
        const [other] = await m.query<Array<{ need_id: string; problem_id: string; title: string }>>(
          `SELECT cpn.need_id, p.id AS problem_id, p.title FROM common_problem_needs cpn
             JOIN common_problems p ON p.id = cpn.problem_id
            WHERE cpn.need_id = ANY($1::uuid[]) AND p.id <> $2 AND p.status IN ('candidate', 'confirmed')
            ORDER BY p.created_at LIMIT 1`,
          [adding, id],
        );
        if (other) {
          throw conflict(
            `需求 ${other.need_id} 已属于另一共性难题「${other.title}」 / need ${other.need_id} already belongs to the common problem "${other.title}" (${other.problem_id})`,
            {
              currentStatus: row.status,
              currentVersion: row.version,
              allowed: NEXT_STATUSES[row.status],
              field: 'addNeedIds',
              needId: other.need_id,
              commonProblemId: other.problem_id,
            },
          );
        }
      }
      const next = [...[...currentIds].filter((x) => !remove.includes(x)), ...adding];
      if (next.length > MAX_MEMBERS) {
        throw invalidField(
          'addNeedIds',
          `共性难题最多 ${MAX_MEMBERS} 项成员需求（现有 ${currentIds.size} 项）/ a common problem has at most ${MAX_MEMBERS} member needs (now ${currentIds.size})`,
        );
      }
      if (adding.length || remove.length) {
        const [{ orgs }] = await m.query<Array<{ orgs: number }>>(
          `SELECT count(DISTINCT organization_id)::int AS orgs FROM needs WHERE id = ANY($1::uuid[]) AND status = 'open'`,
          [next],
        );
        if (next.length < 2 || orgs < MIN_ORGANIZATIONS) {
          throw invalidField(
            remove.length ? 'removeNeedIds' : 'addNeedIds',
            '共性难题至少需要两家不同单位的需求 / a common problem needs needs of at least two organisations',
          );
        }
      }
      if (dto.leadNeedId !== undefined && !next.includes(dto.leadNeedId)) {
        throw invalidField('leadNeedId', '牵头需求应为该共性难题的成员需求 / the lead must be one of the member needs');
      }
      const membersChanged = adding.length > 0 || remove.length > 0;
      const leadGone = row.lead_need_id !== null && !next.includes(row.lead_need_id);
      const lead = dto.leadNeedId ?? (leadGone ? null : row.lead_need_id);
      const leadReason =
        dto.leadNeedId !== undefined && dto.leadNeedId !== row.lead_need_id
          ? `由协调员 ${user.name} 指定 / chosen by coordinator ${user.name}`
          : leadGone
            ? null
            : row.lead_reason;
      const changes: Record<string, unknown> = {};
      if (title !== undefined && title !== row.title) changes.title = { from: row.title, to: title };
      if (summary !== undefined && summary !== row.summary) changes.summary = true;
      if (adding.length) changes.addedNeedIds = adding;
      if (remove.length) changes.removedNeedIds = remove;
      if (lead !== row.lead_need_id) changes.leadNeedId = { from: row.lead_need_id, to: lead };
      if (!Object.keys(changes).length) return;
      if (remove.length) {
        await m.query(`DELETE FROM common_problem_needs WHERE problem_id = $1 AND need_id = ANY($2::uuid[])`, [
          id,
          remove,
        ]);
      }
      if (adding.length) {
        await m.query(
          `INSERT INTO common_problem_needs (problem_id, need_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
          [id, adding],
        );
      }
      await m.query(
        `UPDATE common_problems SET title = COALESCE($2, title), summary = COALESCE($3, summary),
                lead_need_id = $4, lead_reason = $5, edited = true, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, title ?? null, summary ?? null, lead, leadReason],
      );
      await this.event(m, id, user.id, 'edited', row.status, row.status, null, changes);
      if (membersChanged) {
        const data: RefreshPayload = { problemId: id };
        await tx.enqueue([
          {
            queue: QUEUES.maintenance,
            name: COMMON_PROBLEM_JOBS.refresh,
            jobId: `common-problems-refresh-${id}-${row.version + 1}`,
            data: { ...data },
          },
        ]);
      }
    });
    return this.get(user, id);
  }

  async confirm(user: AuthUser, id: string, dto: ConfirmCommonProblemDto): Promise<CommonProblemView> {
    const note = dto.note?.trim() || null;
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const row = await this.locked(m, id);
      this.checkVersion(row, dto.expectedVersion);
      this.checkStep(row.status, 'confirmed');
      const members = ((await this.members(m, [id])).get(id) ?? []).filter(isOpen);
      // Only open member needs count: a closed need no longer states the problem.
      const orgs = new Set(members.map((n) => n.organization_id));
      if (orgs.size < MIN_ORGANIZATIONS) {
        throw conflict(
          '该共性难题现在不足两家单位的需求，请先补充成员需求 / fewer than two organisations remain: add member needs first',
          { currentStatus: row.status, organizations: orgs.size },
        );
      }
      await m.query(
        `UPDATE common_problems SET status = 'confirmed', decided_by = $2, decided_at = now(), version = version + 1,
                updated_at = now() WHERE id = $1`,
        [id, user.id],
      );
      await this.event(m, id, user.id, 'confirmed', row.status, 'confirmed', note, {});
      await this.notifications.record(tx, [
        ...this.memberDrafts(row, members, 'confirmed'),
        await this.coordinatorDraft(m, user, row, 'confirmed', note),
      ]);
    });
    return this.get(user, id);
  }

  async dismiss(user: AuthUser, id: string, dto: DismissCommonProblemDto): Promise<CommonProblemView> {
    const reason = dto.reason.trim();
    if (!reason) throw invalidField('reason', '请填写驳回理由 / a dismissal needs its reason');
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const row = await this.locked(m, id);
      this.checkVersion(row, dto.expectedVersion);
      this.checkStep(row.status, 'dismissed');
      if (row.status === 'confirmed') {
        // Read by SQL: common problems do not import the challenges module (docs/architecture.md).
        const [challenge] = await m.query<Array<{ id: string; title: string }>>(
          `SELECT id, title FROM challenges WHERE common_problem_id = $1 ORDER BY created_at LIMIT 1`,
          [id],
        );
        if (challenge) {
          throw conflict(
            `该共性难题已发布为榜单「${challenge.title}」，不能驳回 / the problem became the challenge "${challenge.title}" and cannot be dismissed`,
            { currentStatus: row.status, currentVersion: row.version, allowed: [], challengeId: challenge.id },
          );
        }
      }
      await m.query(
        `UPDATE common_problems SET status = 'dismissed', decided_by = $2, decided_at = now(), dismiss_reason = $3,
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, user.id, reason],
      );
      await this.event(m, id, user.id, 'dismissed', row.status, 'dismissed', reason, {});
      const drafts = [await this.coordinatorDraft(m, user, row, 'dismissed', reason)];
      // The member enterprises heard of it only if it had been confirmed.
      if (row.status === 'confirmed') {
        drafts.push(
          ...this.memberDrafts(row, ((await this.members(m, [id])).get(id) ?? []).filter(isOpen), 'dismissed', reason),
        );
      }
      await this.notifications.record(tx, drafts);
    });
    return this.get(user, id);
  }

  /** Introduces the member enterprises of a confirmed problem to the owners of capabilities (a consortium). */
  async introduce(user: AuthUser, id: string, dto: IntroduceConsortiumDto): Promise<IntroductionView> {
    const capabilityIds = [...new Set(dto.capabilityIds)];
    const note = dto.note?.trim() || null;
    return this.uow.run(async (tx) => {
      const m = tx.manager;
      const row = await this.locked(m, id);
      if (row.status !== 'confirmed') {
        throw conflict(
          `只有已确认的共性难题可以引荐联合体（当前：${STATUS_LABELS[row.status]}）/ only a confirmed common problem can be introduced to a consortium (now ${row.status})`,
          { currentStatus: row.status, allowed: NEXT_STATUSES[row.status] },
        );
      }
      const caps = await m.query<
        Array<{ id: string; title: string; organization_id: string; organization_name: string }>
      >(
        `SELECT c.id, c.title, c.organization_id, o.name AS organization_name
           FROM capabilities c JOIN organizations o ON o.id = c.organization_id
          WHERE c.id = ANY($1::uuid[]) AND c.status = 'active'`,
        [capabilityIds],
      );
      const found = new Set(caps.map((c) => c.id));
      const missing = capabilityIds.filter((c) => !found.has(c));
      if (missing.length) {
        throw invalidField(
          'capabilityIds',
          `这些成果不存在或已撤回：${missing.join(', ')} / these capabilities do not exist or were withdrawn`,
        );
      }
      // Only open member needs take part; an organisation is named to the capability owners only through a public
      // open need (the others are counted: "另有 N 家单位 / N more organisations").
      const members = ((await this.members(m, [id])).get(id) ?? []).filter(isOpen);
      const memberOrgs = [...new Map(members.map((n) => [n.organization_id, n.organization_name]))];
      const namedOrgs = [
        ...new Map(
          members.filter((n) => n.visibility === 'public').map((n) => [n.organization_id, n.organization_name]),
        ),
      ];
      const unnamedOrgs = memberOrgs.length - namedOrgs.length;
      const ownerOrgs = [...new Map(caps.map((c) => [c.organization_id, c.organization_name]))];
      const all = new Map([...memberOrgs, ...ownerOrgs]);
      const [intro] = await m.query<Array<{ id: string; created_at: Date }>>(
        `INSERT INTO common_problem_introductions (problem_id, capability_ids, organization_ids, note, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
        [id, capabilityIds, [...all.keys()], note, user.id],
      );
      await this.event(m, id, user.id, 'introduced', row.status, row.status, note, {
        introductionId: intro.id,
        capabilityIds,
        organizationIds: [...all.keys()],
      });
      const capList = caps.map((c) => `「${c.title}」（${c.organization_name}）`).join('、');
      const memberList =
        namedOrgs.map(([, name]) => name).join('、') +
        (unnamedOrgs ? `${namedOrgs.length ? '，' : ''}另有 ${unnamedOrgs} 家单位` : '');
      const publicTitles = members.filter((n) => n.visibility === 'public').map((n) => `「${n.title}」`);
      const payload = { commonProblemId: id, introductionId: intro.id, capabilityIds };
      await this.notifications.record(tx, [
        {
          type: 'common_problem.introduced',
          title: `共性技术难题“${row.title}”：已为您引荐联合体 / a consortium has been introduced to you`,
          body:
            `协调员为共性技术难题“${row.title}”引荐以下成果的持有单位：${capList}。` +
            (note ? `说明：${note}。` : '') +
            ` / A coordinator introduced the owners of ${caps.length} capabilities to your common problem.`,
          payload,
          organizationIds: memberOrgs.map(([orgId]) => orgId),
          exceptUserId: user.id,
        },
        {
          type: 'common_problem.introduced',
          title: `您的成果被引荐至共性技术难题“${row.title}” / your capability was introduced to a common problem`,
          body:
            `${memberOrgs.length} 家单位${memberList ? `（${memberList}）` : ''}共同面临该技术难题` +
            (publicTitles.length ? `（需求：${publicTitles.join('')}）` : '') +
            `；拟与 ${capList} 组成联合体。` +
            (note ? `说明：${note}。` : '') +
            ` / ${memberOrgs.length} organisations share this problem` +
            (namedOrgs.length ? ` (${namedOrgs.map(([, name]) => name).join(', ')}` : '') +
            (unnamedOrgs ? `${namedOrgs.length ? ' and' : ' ('}${` ${unnamedOrgs} more organisation(s)`}` : '') +
            (namedOrgs.length || unnamedOrgs ? ')' : '') +
            '; you are introduced as part of a consortium.',
          payload,
          organizationIds: ownerOrgs.map(([orgId]) => orgId),
          exceptUserId: user.id,
        },
      ]);
      return {
        id: intro.id,
        capabilityIds,
        organizations: [...all].map(([orgId, name]) => ({ id: orgId, name })),
        note,
        createdAt: intro.created_at,
      };
    });
  }

  /**
   * What a challenge takes from a confirmed common problem (POST /challenges with `commonProblemId`): 404 when it does
   * not exist, 409 unless confirmed. `manager`: the caller's transaction, if any.
   */
  async getForChallenge(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CommonProblemForChallenge> {
    const row = await this.row(manager, id);
    if (!row) throw notFound(PROBLEM);
    if (row.status !== 'confirmed') {
      throw conflict(
        `只有已确认的共性技术难题可以发布为榜单（当前：${STATUS_LABELS[row.status]}）/ only a confirmed common problem can become a challenge (now ${row.status})`,
        { currentStatus: row.status },
      );
    }
    const members = ((await this.members(manager, [id])).get(id) ?? []).filter(isOpen);
    const lead = members.find((n) => n.id === row.lead_need_id) ?? null;
    // Text the detector generated from a need that is no longer public (restricted, closed, deleted) is not handed
    // to a public challenge: the coordinator writes the challenge's title and problem (400 naming them).
    const generatedOk = await this.generatedTextPublic(manager, row);
    // A challenge is public: only the shared terms the public member needs state themselves (the detector's "told"
    // terms, common-problems.detector.ts), never one that only a restricted need's text carries.
    const told = members
      .filter((n) => n.visibility === 'public')
      .map((n) => `${n.title} ${n.description} ${n.keywords.join(' ')}`)
      .join(' ');
    // Nor is the issuer taken from a restricted lead need: the caller then names the issuing enterprise itself.
    const publicLead = lead && lead.visibility === 'public' ? lead : null;
    return {
      id: row.id,
      title: generatedOk.title ? row.title : null,
      summary: generatedOk.summary ? row.summary : null,
      sectorKeys: row.sector_keys,
      keywords: row.shared_terms.filter((t) => told.includes(t)),
      leadNeedId: publicLead?.id ?? null,
      leadOrganizationId: publicLead?.organization_id ?? null,
      needIds: members.map((n) => n.id),
      organizationIds: [...new Set(members.map((n) => n.organization_id))],
    };
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Whether the problem's title and summary may go into a public challenge: written by a coordinator since the
   * detector last wrote them, or generated from a need (the detector's events record it: `titleNeedId`) that is still
   * public and open. Problems with no such record (made by hand) keep their text.
   */
  private async generatedTextPublic(m: EntityManager, row: ProblemRow): Promise<{ title: boolean; summary: boolean }> {
    const events = await m.query<Array<{ kind: string; data: Record<string, unknown> }>>(
      `SELECT kind, data FROM common_problem_events
        WHERE problem_id = $1 AND ((kind IN ('detected', 'refreshed') AND data ? 'titleNeedId') OR
              (kind = 'edited' AND (data ? 'title' OR data ? 'summary')))
        ORDER BY id DESC`,
      [row.id],
    );
    const generated = events.findIndex((e) => e.kind !== 'edited');
    if (generated < 0) return { title: true, summary: true };
    const since = events.slice(0, generated);
    const sourceId = events[generated].data.titleNeedId;
    let sourceOk = typeof sourceId !== 'string';
    if (!sourceOk) {
      const [n] = await m.query<Array<{ ok: boolean }>>(
        `SELECT visibility = 'public' AND status = 'open' AS ok FROM needs WHERE id = $1`,
        [sourceId],
      );
      sourceOk = !!n?.ok;
    }
    return {
      title: sourceOk || since.some((e) => 'title' in e.data),
      summary: sourceOk || since.some((e) => 'summary' in e.data),
    };
  }

  /** 409 with the current version and the allowed steps when the caller read an older version. */
  private checkVersion(row: ProblemRow, expected: number | undefined): void {
    if (expected === undefined || expected === row.version) return;
    throw conflict(
      `该共性难题已被修改（当前版本 ${row.version}），请刷新 / the problem has changed since you read it (now version ${row.version})`,
      { currentVersion: row.version, currentStatus: row.status, allowed: NEXT_STATUSES[row.status] },
    );
  }

  private checkStep(from: CommonProblemStatus, to: CommonProblemStatus): void {
    if (canMove(from, to)) return;
    const allowed = NEXT_STATUSES[from];
    throw conflict(
      `不能从「${STATUS_LABELS[from]}」变为「${STATUS_LABELS[to]}」；` +
        `${allowed.length ? `下一步只能是：${allowed.map((s) => STATUS_LABELS[s]).join('、')}` : '这是终态，不能再变更'} / ` +
        `cannot move from ${from} to ${to}; ${allowed.length ? `allowed next: ${allowed.join(', ')}` : 'it is final'}`,
      { currentStatus: from, allowed },
    );
  }

  private async row(m: EntityManager, id: string, lock = false): Promise<ProblemRow | null> {
    const [row] = await m.query<ProblemRow[]>(
      `SELECT ${PROBLEM_COLUMNS} FROM common_problems p LEFT JOIN users u ON u.id = p.decided_by WHERE p.id = $1
       ${lock ? 'FOR UPDATE OF p' : ''}`,
      [id],
    );
    return row ?? null;
  }

  private async locked(m: EntityManager, id: string): Promise<ProblemRow> {
    const row = await this.row(m, id, true);
    if (!row) throw notFound(PROBLEM);
    return row;
  }

  private async members(m: EntityManager, problemIds: string[]): Promise<Map<string, MemberRow[]>> {
    const out = new Map<string, MemberRow[]>();
    if (!problemIds.length) return out;
    const rows = await m.query<MemberRow[]>(
      `SELECT cpn.problem_id, n.id, n.title, n.description, n.keywords, n.sectors, n.visibility, n.status, n.district,
              n.budget_min, n.budget_max, n.organization_id, o.name AS organization_name,
              o.district AS organization_district
         FROM common_problem_needs cpn JOIN needs n ON n.id = cpn.need_id
         JOIN organizations o ON o.id = n.organization_id
        WHERE cpn.problem_id = ANY($1::uuid[])
        ORDER BY n.created_at, n.id`,
      [problemIds],
    );
    for (const r of rows) out.set(r.problem_id, [...(out.get(r.problem_id) ?? []), r]);
    return out;
  }

  /** Whether the caller may see this member need's title and organisation. */
  private named(user: AuthUser, n: MemberRow): boolean {
    return n.visibility !== 'restricted' || isCoordinator(user) || n.organization_id === user.organizationId;
  }

  /** The problems whose summary a coordinator wrote (the audit trail's edits). */
  private async summariesWritten(m: EntityManager, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await m.query<Array<{ problem_id: string }>>(
      `SELECT DISTINCT problem_id FROM common_problem_events
        WHERE problem_id = ANY($1::uuid[]) AND kind = 'edited' AND data ? 'summary'`,
      [ids],
    );
    return new Set(rows.map((r) => r.problem_id));
  }

  /**
   * The shared terms the caller may read: all of them for coordinators; for others only terms that appear in an open
   * member need named to them (neither a restricted need's words nor those of a need no longer a member).
   */
  private visibleTerms(user: AuthUser, terms: string[], members: MemberRow[]): string[] {
    if (isCoordinator(user)) return terms;
    const text = members
      .filter((n) => isOpen(n) && this.named(user, n))
      .map((n) => `${n.title} ${n.description} ${n.keywords.join(' ')}`)
      .join(' ');
    return terms.filter((t) => text.includes(t));
  }

  private summary(
    user: AuthUser,
    r: ProblemRow,
    members: MemberRow[],
    summaryWritten: boolean,
  ): CommonProblemSummaryView {
    const open = members.filter(isOpen);
    const coordinator = isCoordinator(user);
    // Others see restricted members they may not name only as a number: not in the organisations, districts,
    // sectors or the generated summary.
    const named = coordinator ? open : open.filter((n) => this.named(user, n));
    const hidden = open.length - named.length;
    const sharedTerms = this.visibleTerms(user, r.shared_terms, members);
    const districts = [...new Set(named.map((n) => n.district))];
    const organizationCount = new Set(named.map((n) => n.organization_id)).size;
    let sectorKeys = r.sector_keys;
    let summary = r.summary;
    if (hidden) {
      const count = new Map<string, number>();
      for (const n of named) for (const k of n.sectors ?? []) count.set(k, (count.get(k) ?? 0) + 1);
      sectorKeys = r.sector_keys.filter((k) => count.has(k));
      if (!summaryWritten) {
        const terms = sharedTerms.slice(0, 5);
        const zhDistricts = districts.map((d) => (d === 'outside' ? '哈尔滨以外' : d));
        summary =
          `${organizationCount} 家单位的 ${named.length} 项需求提出了相近的技术难题（另有 ${hidden} 项受限需求）` +
          (terms.length ? `，共同涉及${terms.map((t) => `「${t}」`).join('')}` : '') +
          (zhDistricts.length ? `；所在地区：${zhDistricts.join('、')}` : '') +
          `。 / ${named.length} needs of ${organizationCount} organisations state a similar technical problem ` +
          `(${hidden} restricted need${hidden > 1 ? 's' : ''} more)` +
          (terms.length ? `, sharing ${terms.join(', ')}` : '') +
          (districts.length
            ? `; districts: ${districts.map((d) => (d === 'outside' ? 'outside Harbin' : d)).join(', ')}`
            : '') +
          '.';
      }
    }
    return {
      id: r.id,
      status: r.status,
      title: r.title,
      summary,
      sharedTerms,
      sectorKeys,
      needCount: open.length,
      restrictedNeedCount: hidden,
      organizationCount,
      districts,
      cohesion: r.cohesion,
      edited: r.edited,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      decidedAt: r.decided_at,
      dismissReason: r.dismiss_reason,
    };
  }

  private async view(m: EntityManager, user: AuthUser, r: ProblemRow): Promise<CommonProblemView> {
    const all = (await this.members(m, [r.id])).get(r.id) ?? [];
    const coordinator = isCoordinator(user);
    // Coordinators see closed members too (marked by their status); others the open ones only.
    const members = coordinator ? all : all.filter(isOpen);
    const byId = new Map(members.map((n) => [n.id, n]));
    const needs: CommonProblemNeedView[] = members.map((n) =>
      this.named(user, n)
        ? {
            id: n.id,
            title: n.title,
            restricted: false,
            organization: { id: n.organization_id, name: n.organization_name },
            district: n.district,
            budget: { min: n.budget_min, max: n.budget_max },
            visibility: n.visibility,
            status: n.status,
          }
        : {
            id: null,
            title: RESTRICTED,
            restricted: true,
            organization: null,
            district: null,
            budget: null,
            visibility: n.visibility,
            status: n.status,
          },
    );
    const enterprises = new Map<string, { id: string; name: string; district: string; needs: number }>();
    for (const n of members) {
      if (!isOpen(n) || !this.named(user, n)) continue;
      const e = enterprises.get(n.organization_id) ?? {
        id: n.organization_id,
        name: n.organization_name,
        district: n.organization_district,
        needs: 0,
      };
      e.needs++;
      enterprises.set(n.organization_id, e);
    }
    const districts = new Map<string, number>();
    for (const n of members) {
      if (isOpen(n) && this.named(user, n)) districts.set(n.district, (districts.get(n.district) ?? 0) + 1);
    }
    // A closed lead no longer leads (the refresh its closing queued proposes another).
    const leadNeed = r.lead_need_id ? byId.get(r.lead_need_id) : undefined;
    const lead = !leadNeed
      ? null
      : !isOpen(leadNeed)
        ? coordinator
          ? {
              needId: leadNeed.id,
              organization: { id: leadNeed.organization_id, name: leadNeed.organization_name },
              reason: '牵头需求已关闭，请另选牵头企业 / the lead need is closed: choose another lead',
            }
          : null
        : this.named(user, leadNeed)
          ? {
              needId: leadNeed.id,
              organization: { id: leadNeed.organization_id, name: leadNeed.organization_name },
              reason: r.lead_reason ?? '',
            }
          : { needId: null, organization: null, reason: '牵头需求为受限需求 / the lead need is restricted' };
    const caps = await m.query<
      Array<{
        capability_id: string;
        title: string;
        kind: string;
        organization_id: string;
        organization_name: string;
        rank: number;
        score: number;
        covered: number;
        fits_all: boolean;
        explanations: Array<{
          needId: string;
          fits: boolean;
          score: number;
          band: string | null;
          summary: { zh: string; en: string } | null;
        }>;
      }>
    >(
      `SELECT pc.capability_id, c.title, c.kind, c.organization_id, o.name AS organization_name, pc.rank, pc.score,
              pc.covered, pc.fits_all, pc.explanations
         FROM common_problem_capabilities pc JOIN capabilities c ON c.id = pc.capability_id
         JOIN organizations o ON o.id = c.organization_id
        WHERE pc.problem_id = $1 AND c.status = 'active' ORDER BY pc.rank`,
      [r.id],
    );
    const capabilities: CommonProblemCapabilityView[] = caps.map((c) => ({
      capabilityId: c.capability_id,
      title: c.title,
      kind: c.kind,
      organization: { id: c.organization_id, name: c.organization_name },
      rank: c.rank,
      score: c.score,
      covered: c.covered,
      fitsAll: c.fits_all,
      // Explanations of needs no longer members are left out; those of needs not named to the caller are anonymous.
      explanations: c.explanations.flatMap((x) => {
        const need = byId.get(x.needId);
        if (!need) return [];
        const shown = this.named(user, need);
        return {
          needId: shown ? x.needId : null,
          fits: x.fits,
          score: x.score,
          band: x.band,
          summary: shown ? x.summary : null,
        };
      }),
    }));
    const written = await this.summariesWritten(m, [r.id]);
    return {
      ...this.summary(user, r, all, written.has(r.id)),
      needs,
      enterprises: [...enterprises.values()],
      districtCounts: [...districts].map(([district, n]) => ({ district, needs: n })),
      lead,
      capabilities,
      decidedBy: r.decided_by ? { id: r.decided_by, name: r.decided_by_name ?? '' } : null,
      refreshedAt: r.refreshed_at,
      allowed: isCoordinator(user) ? NEXT_STATUSES[r.status] : [],
    };
  }

  private async event(
    m: EntityManager,
    problemId: string,
    actorId: string,
    kind: 'edited' | 'confirmed' | 'dismissed' | 'introduced',
    from: CommonProblemStatus,
    to: CommonProblemStatus,
    note: string | null,
    data: Record<string, unknown>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO common_problem_events (problem_id, actor_id, kind, from_status, to_status, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [problemId, actorId, kind, from, to, note, JSON.stringify(data)],
    );
  }

  /** Each member organisation is told about its own needs (named to it) and the problem. */
  private memberDrafts(
    row: ProblemRow,
    members: MemberRow[],
    what: 'confirmed' | 'dismissed',
    reason?: string,
  ): NotificationDraft[] {
    const byOrg = new Map<string, MemberRow[]>();
    for (const n of members) byOrg.set(n.organization_id, [...(byOrg.get(n.organization_id) ?? []), n]);
    const orgCount = byOrg.size;
    return [...byOrg].map(([orgId, own]) => ({
      type: `common_problem.${what}`,
      needId: own[0].id,
      title:
        what === 'confirmed'
          ? `您的需求被确认为共性技术难题：“${row.title}” / your need is part of a confirmed common problem`
          : `共性技术难题“${row.title}”已撤销 / the common problem was withdrawn`,
      body:
        what === 'confirmed'
          ? `您的需求${own.map((n) => `“${n.title}”`).join('、')}与另外 ${orgCount - 1} 家单位的需求提出了相近的技术难题，` +
            `科技局将组织联合攻关（联合体或揭榜挂帅）。 / Your need${own.length > 1 ? 's' : ''} and those of ${orgCount - 1} ` +
            'other organisation(s) state the same problem; the bureau will organise a joint effort (a consortium or a challenge).'
          : `原因：${reason ?? ''} / reason: ${reason ?? ''}`,
      payload: { commonProblemId: row.id, needIds: own.map((n) => n.id) },
      organizationIds: [orgId],
    }));
  }

  /** The other coordinators are told of a decision (inbox). */
  private async coordinatorDraft(
    m: EntityManager,
    user: AuthUser,
    row: ProblemRow,
    what: 'confirmed' | 'dismissed',
    note: string | null,
  ): Promise<NotificationDraft> {
    const coordinators = await coordinatorIds(m);
    return {
      type: `common_problem.${what}`,
      title:
        what === 'confirmed'
          ? `${user.name} 确认了共性技术难题“${row.title}” / ${user.name} confirmed a common problem`
          : `${user.name} 驳回了共性技术难题“${row.title}” / ${user.name} dismissed a common problem`,
      body: note ?? '',
      payload: { commonProblemId: row.id },
      userIds: coordinators,
      exceptUserId: user.id,
    };
  }
}
