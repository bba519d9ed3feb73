import { Injectable } from '@nestjs/common';
import { conflict, forbidden, invalidField } from '../../common/errors/app-errors.js';
import type { Tx } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ChallengeAccess } from './challenge-access.js';
import { ChallengeEventsService } from './challenge-events.service.js';
import { readChallenge, type ChallengeRecord } from './challenge-record.js';
import { CHALLENGE_NEXT, CHALLENGE_STATUS_LABELS, checkChallengeStep, type ChallengeStatus } from './lifecycle.js';

export interface MoveOptions {
  /** Why (shown in the audit trail; a return to draft and a forced close of applications need one). */
  note?: string | null;
  /** The close reason, required for `failed`. */
  reason?: string | null;
  /** Extra data for the audit row. */
  data?: Record<string, unknown>;
  /** The status the caller saw: 409 when it has changed since. */
  expectedStatus?: ChallengeStatus;
  /** The version the caller saw: 409 when it has changed since (an edit, or another step). */
  expectedVersion?: number;
  /** Coordinators: close applications (published → reviewing) before the deadline; needs a note. */
  force?: boolean;
  /** With `to = notice`: the last day of the public notice (YYYY-MM-DD, Harbin). */
  noticeEndsOn?: string;
}

const label = (s: ChallengeStatus) => CHALLENGE_STATUS_LABELS[s];

/** What a step listener is told (onStep). */
export interface StepEvent {
  from: ChallengeStatus;
  to: ChallengeStatus;
  user: AuthUser | null;
  reason?: string | null;
  note?: string | null;
}
export type StepListener = (tx: Tx, challenge: ChallengeRecord, step: StepEvent) => Promise<void>;

/**
 * The one way a challenge's status changes (lifecycle.ts), in the caller's transaction: locks the row, checks the
 * step (409 naming the allowed next steps, 403 for a step the caller may not take), stamps the step's time, bumps the
 * version and writes the audit row. Notifying the parties is the caller's (it knows what to say).
 */
@Injectable()
export class ChallengeStepsService {
  private readonly listeners = new Map<ChallengeStatus, StepListener[]>();

  constructor(
    private readonly access: ChallengeAccess,
    private readonly events: ChallengeEventsService,
  ) {}

  /**
   * Lets another module act in the same transaction when a challenge reaches `to` (e.g. challenge-reviews: closing
   * what it opened when a challenge fails). Listeners run after the status and its audit row are written.
   */
  onStep(to: ChallengeStatus, listener: StepListener): void {
    this.listeners.set(to, [...(this.listeners.get(to) ?? []), listener]);
  }

  /** `user` null: the system (a job). Returns the challenge as it is after the step, still locked. */
  async move(
    tx: Tx,
    user: AuthUser | null,
    challengeId: string,
    to: ChallengeStatus,
    opts: MoveOptions = {},
  ): Promise<ChallengeRecord> {
    const m = tx.manager;
    const c = await this.access.load(m, user, challengeId, true);
    if (opts.expectedStatus && opts.expectedStatus !== c.status) {
      throw conflict(
        `该榜单已变化（当前状态：${label(c.status)}），请刷新 / the challenge has changed since you read it (now ${c.status})`,
        { currentStatus: c.status },
      );
    }
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== c.version) {
      throw conflict(
        `该榜单已被修改（当前版本 ${c.version}，状态：${label(c.status)}），请刷新后再操作 / the challenge has changed ` +
          `since you read it (now version ${c.version}, ${c.status}): reload it first`,
        { currentStatus: c.status, currentVersion: c.version, allowed: CHALLENGE_NEXT[c.status] },
      );
    }
    const actor = this.access.actor(user, c);
    const step = checkChallengeStep(actor, c.status, to);
    if (!step.ok && step.reason === 'illegal') {
      const allowed = step.allowed;
      throw conflict(
        `不能从「${label(c.status)}」变为「${CHALLENGE_STATUS_LABELS[to] ?? to}」；` +
          `${allowed.length ? `下一步只能是：${allowed.map(label).join('、')}` : '这是终态，不能再变更'} / ` +
          `cannot move from ${c.status} to ${to}; ` +
          (allowed.length ? `allowed next: ${allowed.join(', ')}` : 'it is final'),
        { currentStatus: c.status, allowed },
      );
    }
    if (!step.ok) {
      throw forbidden(
        '只有协调员可以执行这一步；发榜单位可以提交审批或撤回草稿 / only coordinators take this step; the issuer may ' +
          'send its draft for approval or take it back',
      );
    }
    const note = opts.note?.trim() || null;
    const reason = opts.reason?.trim() || null;
    if (to === 'failed' && !reason) {
      throw invalidField('reason', '终止榜单需要说明原因 / closing a challenge as failed needs a reason');
    }
    if (c.status === 'pending_approval' && to === 'draft' && actor === 'coordinator' && !note) {
      throw invalidField('note', '退回修改时请说明原因 / returning a challenge to its issuer needs a note');
    }
    if (to === 'published' && new Date(c.applicationDeadline).getTime() <= Date.now()) {
      throw invalidField(
        'applicationDeadline',
        '申报截止时间已过，请先延后截止时间再发布 / the application deadline has passed: move it later before publishing',
      );
    }
    if (c.status === 'published' && to === 'reviewing' && new Date(c.applicationDeadline).getTime() > Date.now()) {
      if (!opts.force) {
        throw conflict(
          '申报尚未截止，不能进入评审（协调员可在说明原因后提前截止：force 与 note）/ applications are open until the ' +
            'deadline; a coordinator may close them early with force and a note',
          { currentStatus: c.status, applicationDeadline: c.applicationDeadline },
        );
      }
      if (!user || user.role === 'member') throw forbidden('只有协调员可以提前截止 / only coordinators close early');
      if (!note) throw invalidField('note', '提前截止申报需要说明原因 / closing applications early needs a note');
    }
    if (to === 'notice' && opts.noticeEndsOn === undefined) {
      throw new Error('ChallengeStepsService.move: notice needs noticeEndsOn');
    }
    await m.query(
      `UPDATE challenges SET status = $2::challenge_status, version = version + 1, updated_at = now(),
              published_at = CASE WHEN $2 = 'published' THEN now() ELSE published_at END,
              review_started_at = CASE WHEN $2 = 'reviewing' THEN coalesce(review_started_at, now()) ELSE review_started_at END,
              notice_started_at = CASE WHEN $2 = 'notice' THEN now() ELSE notice_started_at END,
              notice_ends_on = CASE WHEN $2 = 'notice' THEN $3::date ELSE notice_ends_on END,
              awarded_at = CASE WHEN $2 = 'awarded' THEN now() ELSE awarded_at END,
              closed_at = CASE WHEN $2 IN ('completed', 'failed') THEN now() ELSE closed_at END,
              close_reason = CASE WHEN $2 = 'failed' THEN $4 ELSE close_reason END
        WHERE id = $1`,
      [c.id, to, opts.noticeEndsOn ?? null, reason],
    );
    await this.events.record(m, {
      challengeId: c.id,
      actorId: user?.id ?? null,
      kind: 'status',
      fromStatus: c.status,
      toStatus: to,
      note: to === 'failed' ? [reason, note].filter(Boolean).join('\n') : note,
      data: { ...(opts.data ?? {}), ...(opts.force && c.status === 'published' ? { forced: true } : {}) },
    });
    const after = (await readChallenge(m, c.id))!;
    for (const listener of this.listeners.get(to) ?? []) {
      await listener(tx, after, { from: c.status, to, user, reason, note });
    }
    return after;
  }
}
