import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CAPABILITY_OWNER_KINDS } from '../../common/domain/vocabulary.js';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import { isCoordinator } from '../auth/auth-user.js';
import type { CreateNominationDto, NominationList, NominationTransitionDto, NominationView } from './dto/envoys.dto.js';
import { lockNomination, nominationSide, visiblePost } from './envoy-access.js';
import { EnvoyNotifier } from './envoy-notifier.js';
import { LIVE, orgRow, type NominationRow } from './envoy-rows.js';
import { EnvoyViews } from './envoy-views.js';
import {
  NOMINATION_STATUS_LABELS,
  POST_STATUS_LABELS,
  allowedNominationActions,
  mayTakeNominationAction,
  nominationNext,
  type NominationStatus,
} from './lifecycle.js';

/**
 * Nominations by mutual choice: a university, institute or lab nominates an expert for an open post; the enterprise
 * and the nominee each accept (both: matched) or decline, the nominating organisation may withdraw. A nominating
 * organisation sees only its own nominations.
 */
@Injectable()
export class NominationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifier: EnvoyNotifier,
    private readonly views: EnvoyViews,
  ) {}

  async nominate(user: AuthUser, postId: string, dto: CreateNominationDto): Promise<NominationView> {
    let orgId = user.organizationId;
    if (isCoordinator(user)) {
      if (!dto.organizationId) {
        throw invalidField(
          'organizationId',
          '协调员须指明推荐单位 organizationId / coordinators must name the nominating organisation',
        );
      }
      orgId = dto.organizationId;
    }
    const org = await orgRow(this.dataSource.manager, orgId);
    const mayNominate = org && (CAPABILITY_OWNER_KINDS as readonly string[]).includes(org.kind);
    if (!mayNominate) {
      if (isCoordinator(user)) {
        throw invalidField(
          'organizationId',
          'organizationId 应为高校、科研院所或实验室 / must be a university, institute or lab',
        );
      }
    }
    if (!dto.nomineeUserId && !dto.capabilityId) {
      throw invalidField(
        'nomineeUserId',
        '须指明被推荐专家 nomineeUserId 或专家成果 capabilityId / name nomineeUserId or capabilityId',
      );
    }
    const id = await this.uow.run(async (tx) => {
      const post = await visiblePost(tx.manager, user, postId, true);
      if (!mayNominate)
        throw forbidden('只有高校、科研院所和实验室可以推荐专家 / only universities, institutes and labs nominate');
      if (post.status !== 'open') {
        throw conflict(`岗位不在征集中（${POST_STATUS_LABELS[post.status]}）/ the post is not open for nominations`, {
          allowed: [],
        });
      }
      let name = dto.nomineeName ?? null;
      if (dto.nomineeUserId) {
        const [u] = await tx.manager.query<Array<{ name: string }>>(
          `SELECT name FROM users WHERE id = $1 AND organization_id = $2 AND active`,
          [dto.nomineeUserId, orgId],
        );
        if (!u) {
          throw invalidField(
            'nomineeUserId',
            'nomineeUserId 应为推荐单位的在职用户 / nomineeUserId must be an active user of the nominating organisation',
          );
        }
        name ??= u.name;
      }
      if (dto.capabilityId) {
        const [c] = await tx.manager.query<Array<{ title: string }>>(
          `SELECT title FROM capabilities WHERE id = $1 AND organization_id = $2 AND kind = 'expertise' AND status = 'active'`,
          [dto.capabilityId, orgId],
        );
        if (!c) {
          throw invalidField(
            'capabilityId',
            'capabilityId 应为推荐单位的“专家”类成果 / capabilityId must be an active expertise capability of the nominating organisation',
          );
        }
        name ??= c.title;
      }
      const [dup] = await tx.manager.query<unknown[]>(
        `SELECT 1 FROM secondment_nominations WHERE post_id = $1 AND status IN ${LIVE}
            AND (nominee_user_id = $2 OR capability_id = $3)`,
        [postId, dto.nomineeUserId ?? null, dto.capabilityId ?? null],
      );
      if (dup)
        throw conflict('该专家已被推荐到此岗位 / this expert is already nominated for the post', { allowed: [] });
      const [row] = await tx.manager.query<Array<{ id: string }>>(
        `INSERT INTO secondment_nominations (post_id, nominating_organization_id, nominee_user_id, capability_id,
           nominee_name, statement, nominated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [postId, orgId, dto.nomineeUserId ?? null, dto.capabilityId ?? null, name ?? '', dto.statement, user.id],
      );
      await this.notifier.event(tx, {
        postId,
        subject: 'nomination',
        subjectId: row.id,
        actorId: user.id,
        kind: 'nominated',
        to: 'nominated',
        data: {
          organizationId: orgId,
          nomineeUserId: dto.nomineeUserId ?? null,
          capabilityId: dto.capabilityId ?? null,
        },
      });
      await this.notifier.notify(tx, post, 'secondment.nominated', {
        organizationIds: [post.organization_id],
        userIds: dto.nomineeUserId ? [dto.nomineeUserId] : [],
        exceptUserId: user.id,
        title: `${org.name}推荐了专家 ${name} / ${org.name} nominated an expert`,
        body: dto.statement,
        payload: { nominationId: row.id },
      });
      return row.id;
    });
    return this.views.nominationView(user, id);
  }

  async listNominations(user: AuthUser, postId: string): Promise<NominationList> {
    const post = await visiblePost(this.dataSource.manager, user, postId);
    const all = isCoordinator(user) || post.organization_id === user.organizationId;
    const rows = await this.dataSource.query<NominationRow[]>(
      `SELECT * FROM secondment_nominations WHERE post_id = $1 ${all ? '' : 'AND nominating_organization_id = $2'}
        ORDER BY created_at, id`,
      all ? [postId] : [postId, user.organizationId],
    );
    return { items: await this.views.nominationViews(user, post, rows) };
  }

  async transitionNomination(user: AuthUser, id: string, dto: NominationTransitionDto): Promise<NominationView> {
    await this.uow.run(async (tx) => {
      const { n, post } = await lockNomination(tx, id);
      const side = n && post ? nominationSide(user, post, n) : 'other';
      if (!n || !post || side === 'other') throw notFound('推荐');
      if (!mayTakeNominationAction(side, dto.to)) {
        throw forbidden(
          side === 'coordinator'
            ? '协调员不能代替企业或专家接受，双向选择由双方作出 / coordinators do not accept for the parties: they choose themselves'
            : dto.to === 'enterprise_accepted'
              ? '只有发布岗位的企业可以接受推荐 / only the enterprise accepts for itself'
              : dto.to === 'nominee_accepted'
                ? '只有被推荐专家本人可以接受 / only the nominee accepts for themselves'
                : '无权进行此操作 / you may not take this step',
        );
      }
      const next = nominationNext(n.status, dto.to);
      if (!next) {
        throw conflict(
          `不能从 “${NOMINATION_STATUS_LABELS[n.status].split(' / ')[0]}” 转到 “${(NOMINATION_STATUS_LABELS[dto.to as NominationStatus] ?? dto.to).split(' / ')[0]}” / cannot move from ${n.status} to ${dto.to}`,
          { allowed: allowedNominationActions(side, n.status) },
        );
      }
      if ((dto.to === 'enterprise_accepted' || dto.to === 'nominee_accepted') && post.status !== 'open') {
        throw conflict(`岗位不在征集中（${POST_STATUS_LABELS[post.status]}）/ the post is not open`, {
          allowed: allowedNominationActions(side, n.status).filter((a) => a === 'declined' || a === 'withdrawn'),
        });
      }
      if (dto.to === 'declined' && !dto.reason) {
        throw invalidField('reason', '婉拒须说明原因 reason / declining needs a reason');
      }
      await tx.manager.query(
        `UPDATE secondment_nominations SET status = $2, updated_at = now(),
            enterprise_accepted_at = CASE WHEN $3 = 'enterprise_accepted' THEN now() ELSE enterprise_accepted_at END,
            nominee_accepted_at = CASE WHEN $3 = 'nominee_accepted' THEN now() ELSE nominee_accepted_at END,
            decline_reason = CASE WHEN $3 IN ('declined', 'withdrawn') THEN $4 ELSE decline_reason END
          WHERE id = $1`,
        [id, next, dto.to, dto.reason ?? null],
      );
      await this.notifier.event(tx, {
        postId: post.id,
        subject: 'nomination',
        subjectId: id,
        actorId: user.id,
        kind: dto.to,
        from: n.status,
        to: next,
        note: dto.reason ?? null,
      });
      const other = side === 'enterprise' ? [n.nominating_organization_id] : [post.organization_id];
      const titles: Record<string, string> = {
        enterprise_accepted: `企业已接受推荐：${n.nominee_name} / the enterprise accepted the nomination`,
        nominee_accepted: `专家已接受岗位：${n.nominee_name} / the nominee accepted the post`,
        declined: `推荐已被婉拒：${n.nominee_name} / the nomination was declined`,
        withdrawn: `推荐已撤回：${n.nominee_name} / the nomination was withdrawn`,
      };
      if (next === 'matched') {
        await this.notifier.notify(tx, post, 'secondment.matched', {
          organizationIds: [post.organization_id, n.nominating_organization_id],
          exceptUserId: user.id,
          title: `双向选择成功：${n.nominee_name}，请起草协议 / matched: draft the agreement`,
          payload: { nominationId: id },
        });
      } else {
        await this.notifier.notify(tx, post, `secondment.${dto.to}`, {
          organizationIds: side === 'coordinator' ? [post.organization_id, n.nominating_organization_id] : other,
          exceptUserId: user.id,
          title: titles[dto.to],
          body: dto.reason ? `原因 / reason: ${dto.reason}` : undefined,
          payload: { nominationId: id },
        });
      }
    });
    return this.views.nominationView(user, id);
  }
}
