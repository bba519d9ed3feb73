import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { todayInHarbin } from '../../common/domain/dates.js';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import type { MatchStatus } from '../matching/match.entity.js';
import { NotificationsService, type NotificationDraft } from '../notifications/notifications.service.js';
import {
  ACTIVE_INTRODUCTION,
  CLOSE_REASON_LABELS,
  STATUS_LABELS,
  checkStep,
  type Actor,
  type CloseReason,
} from '../introductions/lifecycle.js';
import type { RejectReason } from '../matching/reject-reasons.js';
import type { ContractDto, TransitionDto } from './dto/transition.dto.js';

const MATCH = '匹配 / match';

interface Locked {
  status: MatchStatus;
  n_visibility: string;
  introduced: boolean;
  need_id: string;
  capability_id: string;
  n_org: string;
  c_org: string;
  n_title: string;
  c_title: string;
}

/**
 * Every status change of a match after the engine suggested it (approve, reject, introduce, negotiate, contract,
 * close) and the parties' progress notes: one state machine (introductions/lifecycle.ts), the capability's capacity,
 * the audit trail and the notifications, all in one transaction.
 */
@Injectable()
export class TransitionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * `review`: the approve and reject endpoints, which act on a suggestion only (a second approval is a conflict).
   * `rejectReason`: stored with a rejection.
   */
  async transition(
    user: AuthUser,
    id: string,
    dto: TransitionDto,
    review = false,
    rejectReason: RejectReason | null = null,
  ): Promise<void> {
    checkPayload(dto);
    const note = dto.note?.trim() || null;
    await this.uow.run(async (tx) => {
      const m = tx.manager;
      const [row] = await m.query<Locked[]>(
        `SELECT m.status, m.need_id, m.capability_id, n.organization_id AS n_org, c.organization_id AS c_org,
                n.visibility AS n_visibility, m.introduced_at IS NOT NULL AS introduced,
                n.title AS n_title, c.title AS c_title
           FROM matches m JOIN needs n ON n.id = m.need_id JOIN capabilities c ON c.id = m.capability_id
          WHERE m.id = $1 FOR UPDATE OF m`,
        [id],
      );
      const party = row && (row.n_org === user.organizationId || row.c_org === user.organizationId);
      const actor: Actor = isCoordinator(user) ? 'coordinator' : party ? 'party' : 'other';
      // Someone who may not see the match learns nothing of it (as GET /matches/:id answers).
      if (!row || (actor === 'other' && !isCoordinator(user)) || (actor === 'party' && row.status === 'suggested')) {
        throw notFound(MATCH);
      }
      if (row.status === 'rejected' && actor === 'party') throw notFound(MATCH);
      if (dto.expectedStatus && dto.expectedStatus !== row.status) {
        throw conflict(
          `该匹配已变化（当前状态：${STATUS_LABELS[row.status]}），请刷新 / the match has changed since you read it (now ${row.status})`,
          { currentStatus: row.status },
        );
      }
      if (review && row.status !== 'suggested') {
        throw conflict(
          `该匹配已被处理（当前状态：${STATUS_LABELS[row.status]}），请刷新 / the match has changed since you read it (now ${row.status})`,
          { currentStatus: row.status },
        );
      }
      const step = checkStep(actor, row.status, dto.to);
      if (!step.ok && step.reason === 'illegal') {
        const allowed = step.allowed;
        throw conflict(
          `不能从「${STATUS_LABELS[row.status]}」变为「${STATUS_LABELS[dto.to]}」；` +
            `${allowed.length ? `下一步只能是：${allowed.join('、')}` : '这是终态，不能再变更'} / ` +
            `cannot move from ${row.status} to ${dto.to}; ` +
            (allowed.length ? `allowed next: ${allowed.join(', ')}` : 'it is final'),
          { currentStatus: row.status, allowed },
        );
      }
      if (!step.ok) {
        throw forbidden(
          dto.to === row.status
            ? '只有双方与协调员可以添加进展记录 / only the two parties and coordinators add progress notes'
            : '只有协调员可以执行这一步；双方可以把对接推进到“洽谈中” / only coordinators take this step; the parties may move an introduction to negotiating',
        );
      }
      // The parties' own words are for both of them; a coordinator's stay among coordinators unless shared.
      const shared = actor === 'party' || dto.shared === true;
      const told = shared ? note : null;
      if (step.kind === 'note') {
        if (!note) throw invalidField('note', '进展记录不能为空 / a progress note needs its text');
        await this.event(m, id, user.id, row.status, row.status, note, 'note', shared);
        // An internal note is news to no party: telling them "a new note" they cannot read says nothing.
        if (told) await this.notifications.record(tx, this.drafts(row, id, user, 'note', told));
        return;
      }
      if (dto.to === 'approved' || dto.to === 'introduced') await this.checkCapacity(m, row.capability_id, id);
      await this.apply(m, id, user.id, dto.to, dto.contract ?? null, dto.reason ?? null, note, rejectReason);
      await this.event(m, id, user.id, row.status, dto.to, note, 'status', shared);
      if (dto.to === 'approved' || dto.to === 'rejected') return;
      await this.notifications.record(tx, this.drafts(row, id, user, dto.to, told, dto));
    });
  }

  /** A capability takes at most `max_active_introductions` approved or running introductions at once. */
  private async checkCapacity(m: EntityManager, capabilityId: string, matchId: string): Promise<void> {
    const [cap] = await m.query<Array<{ max: number | null; title: string }>>(
      `SELECT max_active_introductions AS max, title FROM capabilities WHERE id = $1 FOR UPDATE`,
      [capabilityId],
    );
    if (!cap || cap.max === null) return;
    const [{ n }] = await m.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM matches
        WHERE capability_id = $1 AND id <> $2 AND status = ANY($3::match_status[])`,
      [capabilityId, matchId, ACTIVE_INTRODUCTION],
    );
    if (n >= cap.max) {
      throw conflict(
        `成果“${cap.title}”的对接名额已满（同时最多 ${cap.max} 个，进行中 ${n} 个）/ ` +
          `the capability is at capacity: at most ${cap.max} introductions at once, ${n} under way`,
        { capacity: cap.max, active: n },
      );
    }
  }

  private async apply(
    m: EntityManager,
    id: string,
    actorId: string,
    to: MatchStatus,
    contract: ContractDto | null,
    reason: CloseReason | null,
    note: string | null,
    rejectReason: RejectReason | null,
  ): Promise<void> {
    const review = to === 'approved' || to === 'rejected';
    await m.query(
      `UPDATE matches SET status = $2::match_status, version = version + 1, updated_at = now(),
              reviewed_at = CASE WHEN $3::boolean THEN now() ELSE reviewed_at END,
              reviewed_by = CASE WHEN $3::boolean THEN $4::uuid ELSE reviewed_by END,
              introduced_at = CASE WHEN $2::match_status = 'introduced' THEN now() ELSE introduced_at END,
              closed_at = CASE WHEN $2::match_status IN ('contracted', 'closed_no_deal') THEN now() ELSE closed_at END,
              contract_mode = COALESCE($5::text, contract_mode),
              contract_amount_cny = COALESCE($6::bigint, contract_amount_cny),
              contract_signed_on = COALESCE($7::date, contract_signed_on),
              contract_registration_no = COALESCE($8::text, contract_registration_no),
              close_reason = COALESCE($9::text, close_reason),
              close_note = CASE WHEN $2::match_status = 'closed_no_deal' THEN $10::text ELSE close_note END,
              -- A rejection always carries a reason: 'other' when none was given (old clients, the transition route).
              reject_reason = CASE WHEN $2::match_status = 'rejected' THEN coalesce($11::text, 'other') ELSE reject_reason END
        WHERE id = $1`,
      [
        id,
        to,
        review,
        actorId,
        contract?.mode ?? null,
        contract?.amountCny ?? null,
        contract?.signedOn ?? null,
        contract?.registrationNo?.trim() || null,
        reason,
        note,
        rejectReason,
      ],
    );
  }

  private async event(
    m: EntityManager,
    id: string,
    actorId: string,
    from: MatchStatus,
    to: MatchStatus,
    note: string | null,
    kind: 'status' | 'note',
    shared: boolean,
  ): Promise<void> {
    await m.query(
      `INSERT INTO match_events (match_id, actor_id, from_status, to_status, note, kind, shared)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, actorId, from, to, note, kind, shared],
    );
  }

  /**
   * What both parties are told. A restricted need is named to the capability side only once they have been
   * introduced (this step included): until then that side gets a message of its own with a placeholder, and the
   * need's owner one that names its need. `note`: only what the parties may read (null for an internal note).
   */
  private drafts(
    row: Locked,
    matchId: string,
    user: AuthUser,
    what: MatchStatus | 'note',
    note: string | null,
    dto?: TransitionDto,
  ): NotificationDraft[] {
    const named =
      row.n_visibility !== 'restricted' || row.introduced || what === 'introduced' || row.n_org === row.c_org;
    if (named) return [this.draft(row, matchId, user, what, note, dto, row.n_title, [row.n_org, row.c_org])];
    return [
      this.draft(row, matchId, user, what, note, dto, row.n_title, [row.n_org]),
      this.draft(row, matchId, user, what, note, dto, '保密需求 / restricted need', [row.c_org]),
    ];
  }

  private draft(
    row: Locked,
    matchId: string,
    user: AuthUser,
    what: MatchStatus | 'note',
    note: string | null,
    dto: TransitionDto | undefined,
    needTitle: string,
    organizationIds: string[],
  ): NotificationDraft {
    const pair = `“${needTitle}” ↔ “${row.c_title}”`;
    const headline: Record<string, string> = {
      introduced: '对接已安排，双方联系方式已可见 / you have been introduced; contact details are now shown',
      negotiating: '对接进入洽谈 / the introduction is now in negotiation',
      contracted: '对接已签约 / the introduction led to a contract',
      closed_no_deal: '对接已结束，未成交 / the introduction closed without a deal',
      note: '对接有新的进展记录 / a new progress note',
    };
    const extra =
      what === 'contracted' && dto?.contract
        ? `合同金额 ${dto.contract.amountCny} 元，签订于 ${dto.contract.signedOn} / amount CNY ${dto.contract.amountCny}, signed ${dto.contract.signedOn}`
        : what === 'closed_no_deal' && dto?.reason
          ? `原因：${CLOSE_REASON_LABELS[dto.reason]}`
          : '';
    return {
      type: `match.${what}`,
      matchId,
      needId: row.need_id,
      title: headline[what] ?? what,
      body: [pair, extra, note ? `备注 / note: ${note}` : ''].filter(Boolean).join('\n'),
      payload: {
        matchId,
        needId: row.need_id,
        capabilityId: row.capability_id,
        status: what === 'note' ? row.status : what,
        note,
        contract: what === 'contracted' ? (dto?.contract ?? null) : undefined,
        reason: what === 'closed_no_deal' ? (dto?.reason ?? null) : undefined,
        by: { userId: user.id, role: user.role },
      },
      organizationIds,
      exceptUserId: user.id,
    };
  }
}

/** What each step must carry, and nothing a step does not take. */
function checkPayload(dto: TransitionDto): void {
  if (dto.to === 'contracted' && !dto.contract) {
    throw invalidField(
      'contract',
      '签约需要合同信息（合作方式、金额、签订日期）/ contracted needs the contract: mode, amountCny, signedOn',
    );
  }
  if (dto.to !== 'contracted' && dto.contract) {
    throw invalidField('contract', '只有签约时填写合同信息 / contract is only given with to = contracted');
  }
  if (dto.to === 'closed_no_deal' && !dto.reason) {
    throw invalidField('reason', '结束对接需要选择原因 / closed_no_deal needs a reason');
  }
  if (dto.to !== 'closed_no_deal' && dto.reason) {
    throw invalidField('reason', '只有结束对接时填写原因 / reason is only given with to = closed_no_deal');
  }
  if (dto.to === 'closed_no_deal' && dto.reason === 'other' && !dto.note?.trim()) {
    throw invalidField('note', '原因为“其他”时请说明 / with reason other, say why in note');
  }
  if (dto.contract?.signedOn && dto.contract.signedOn > todayInHarbin()) {
    throw invalidField('contract.signedOn', '签订日期不能晚于今天 / signedOn cannot be in the future');
  }
}
