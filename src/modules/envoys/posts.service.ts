import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict, forbidden, invalidField } from '../../common/errors/app-errors.js';
import { pageOf, skipTake, type PageQuery } from '../../common/pagination/pagination.js';
import { likeContaining } from '../../common/text/like.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import { isCoordinator } from '../auth/auth-user.js';
import { SectorsService } from '../taxonomies/sectors.service.js';
import type {
  CreatePostDto,
  PostPage,
  PostQuery,
  PostTransitionDto,
  PostView,
  SecondmentEventList,
  UpdatePostDto,
} from './dto/envoys.dto.js';
import { requireOwner, visiblePost } from './envoy-access.js';
import { EnvoyNotifier } from './envoy-notifier.js';
import { activeAgreements, liveNominatingOrgs, orgRow, POST_COLUMNS, type PostRow } from './envoy-rows.js';
import { EnvoyViews } from './envoy-views.js';
import { rankPostJob } from './envoys-jobs.js';
import type { SecondmentEventSubject } from './envoys.entity.js';
import { POST_NEXT, POST_STATUS_LABELS, checkStep, isSystemPostStep, stepRefused, userPostSteps } from './lifecycle.js';
import { PostSettlementService } from './post-settlement.service.js';

/** Why the system declines a closed post's unsettled nominations (and terminates its draft agreements). */
const POST_CLOSED_REASON = '岗位已关闭 / the post was closed';

/**
 * Secondment posts (科技特派员 and 科技副总 places an enterprise offers): creating, listing, editing and moving them
 * through draft → open → closed, and their audit trail. Every step is one transaction that locks the post, checks
 * the step (lifecycle.ts), writes it, audits it and tells the parties; outsiders get 404 for drafts.
 */
@Injectable()
export class PostsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifier: EnvoyNotifier,
    private readonly views: EnvoyViews,
    private readonly settlement: PostSettlementService,
    private readonly sectors: SectorsService,
  ) {}

  async createPost(user: AuthUser, dto: CreatePostDto): Promise<PostView> {
    let orgId = user.organizationId;
    if (isCoordinator(user)) {
      if (!dto.organizationId) {
        throw invalidField('organizationId', '协调员须指明企业 organizationId / coordinators must name the enterprise');
      }
      orgId = dto.organizationId;
    }
    const org = await orgRow(this.dataSource.manager, orgId);
    if (!org || org.kind !== 'enterprise') {
      if (isCoordinator(user)) {
        throw invalidField('organizationId', 'organizationId 应为企业 / organizationId must be an enterprise');
      }
      throw forbidden('只有企业可以发布岗位 / only enterprises post secondment posts');
    }
    await this.checkField(dto.field);
    const id = await this.uow.run(async (tx) => {
      const [row] = await tx.manager.query<Array<{ id: string }>>(
        `INSERT INTO secondment_posts (organization_id, created_by, kind, title, field, tasks, keywords, term_months,
           district, address, support, positions)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          orgId,
          user.id,
          dto.kind,
          dto.title,
          dto.field,
          dto.tasks,
          dto.keywords ?? [],
          dto.termMonths,
          dto.district ?? org.district,
          dto.address ?? '',
          dto.support ?? '',
          dto.positions ?? 1,
        ],
      );
      await this.notifier.event(tx, {
        postId: row.id,
        subject: 'post',
        subjectId: row.id,
        actorId: user.id,
        kind: 'created',
        to: 'draft',
      });
      return row.id;
    });
    return this.getPost(user, id);
  }

  async listPosts(user: AuthUser, q: PostQuery): Promise<PostPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (!isCoordinator(user)) where.push(`(p.status <> 'draft' OR p.organization_id = ${p(user.organizationId)})`);
    if (q.kind) where.push(`p.kind = ${p(q.kind)}`);
    if (q.status) where.push(`p.status = ${p(q.status)}`);
    if (q.district) where.push(`p.district = ${p(q.district)}`);
    if (q.field) where.push(`p.field = ANY(${p(await this.sectors.withDescendants(q.field))}::text[])`);
    if (q.q?.trim()) {
      const words = q.q.trim().split(/\s+/).slice(0, 5);
      for (const w of words) {
        const like = p(likeContaining(w));
        where.push(
          `(p.title ILIKE ${like} OR p.tasks ILIKE ${like} OR array_to_string(p.keywords, ' ') ILIKE ${like})`,
        );
      }
    }
    const sqlWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM secondment_posts p ${sqlWhere}`,
      params,
    );
    const { skip, take } = skipTake(q);
    const rows = await this.dataSource.query<PostRow[]>(
      `SELECT ${POST_COLUMNS} FROM secondment_posts p ${sqlWhere}
        ORDER BY p.created_at DESC, p.id LIMIT ${take} OFFSET ${skip}`,
      params,
    );
    const items = await this.views.postViews(this.dataSource.manager, user, rows);
    return pageOf(items, total, q);
  }

  async getPost(user: AuthUser, id: string): Promise<PostView> {
    const post = await visiblePost(this.dataSource.manager, user, id);
    return (await this.views.postViews(this.dataSource.manager, user, [post]))[0];
  }

  async updatePost(user: AuthUser, id: string, dto: UpdatePostDto): Promise<PostView> {
    if (dto.field !== undefined) await this.checkField(dto.field);
    await this.uow.run(async (tx) => {
      const post = await visiblePost(tx.manager, user, id, true);
      requireOwner(user, post);
      if (post.status !== 'draft' && post.status !== 'open') {
        throw conflict(
          `岗位${POST_STATUS_LABELS[post.status].split(' / ')[0]}，不能修改 / a ${post.status} post cannot be edited`,
          { allowed: [] },
        );
      }
      const sets: string[] = [];
      const params: unknown[] = [id];
      const changed: string[] = [];
      const columns: Array<[keyof UpdatePostDto, string]> = [
        ['kind', 'kind'],
        ['title', 'title'],
        ['field', 'field'],
        ['tasks', 'tasks'],
        ['keywords', 'keywords'],
        ['termMonths', 'term_months'],
        ['district', 'district'],
        ['address', 'address'],
        ['support', 'support'],
        ['positions', 'positions'],
      ];
      for (const [key, column] of columns) {
        if (dto[key] === undefined) continue;
        params.push(dto[key]);
        sets.push(`${column} = $${params.length}`);
        changed.push(key);
      }
      if (!sets.length) return;
      if (dto.positions !== undefined) {
        const active = await activeAgreements(tx.manager, id);
        if (dto.positions < active) {
          throw invalidField(
            'positions',
            `positions 不能少于已生效协议数 ${active} / positions cannot be fewer than the ${active} active agreements`,
          );
        }
      }
      await tx.manager.query(
        `UPDATE secondment_posts SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
        params,
      );
      await this.notifier.event(tx, {
        postId: id,
        subject: 'post',
        subjectId: id,
        actorId: user.id,
        kind: 'edited',
        data: { fields: changed },
      });
      const textChanged = changed.some((c) => ['title', 'field', 'tasks', 'keywords', 'district', 'kind'].includes(c));
      if (post.status === 'open' && textChanged) await tx.enqueue([rankPostJob(id)]);
      if (post.status === 'open') {
        const orgs = await liveNominatingOrgs(tx.manager, id);
        await this.notifier.notify(tx, post, 'secondment.post_edited', {
          organizationIds: orgs,
          exceptUserId: user.id,
          title: '岗位信息已更新 / a post you nominated for was edited',
          body: `修改项 / changed: ${changed.join(', ')}`,
        });
        // Fewer places: the active agreements may now take them all.
        if (dto.positions !== undefined) {
          await this.settlement.fillIfFull(tx, { ...post, title: dto.title ?? post.title, positions: dto.positions });
        }
      }
    });
    return this.getPost(user, id);
  }

  async transitionPost(user: AuthUser, id: string, dto: PostTransitionDto): Promise<PostView> {
    await this.uow.run(async (tx) => {
      const post = await visiblePost(tx.manager, user, id, true);
      requireOwner(user, post);
      if (dto.to === 'filled') {
        throw invalidField(
          'to',
          '岗位在生效协议达到名额时自动转为已选定 / a post is filled by itself when its active agreements reach its positions',
        );
      }
      const step = checkStep(POST_NEXT, post.status, dto.to);
      if (!step.ok || isSystemPostStep(post.status, dto.to)) {
        throw stepRefused(POST_STATUS_LABELS, post.status, dto.to, userPostSteps(post.status));
      }
      await tx.manager.query(
        `UPDATE secondment_posts SET status = $2, updated_at = now(),
            opened_at = CASE WHEN $2 = 'open' THEN now() ELSE opened_at END,
            closed_reason = CASE WHEN $2 = 'closed' THEN $3 ELSE closed_reason END
          WHERE id = $1`,
        [id, dto.to, dto.reason ?? null],
      );
      await this.notifier.event(tx, {
        postId: id,
        subject: 'post',
        subjectId: id,
        actorId: user.id,
        kind: 'status',
        from: post.status,
        to: dto.to,
        note: dto.reason ?? null,
      });
      if (dto.to === 'open') {
        await tx.enqueue([rankPostJob(id)]);
        // The enterprise's own members, and the coordinators who broker secondments.
        await this.notifier.notify(tx, post, 'secondment.post_opened', {
          organizationIds: [post.organization_id],
          coordinators: true,
          exceptUserId: user.id,
          title: '岗位已发布，开始征集专家 / the post is open for nominations',
        });
      } else {
        // Closing ends what is still undecided: unsettled nominations are declined and draft agreements terminated.
        // Active agreements continue to their end (logs, evaluation).
        const orgs = await liveNominatingOrgs(tx.manager, id);
        const settled = await this.settlement.settleNominations(tx, post, POST_CLOSED_REASON, true);
        await this.notifier.notify(tx, post, 'secondment.post_closed', {
          organizationIds: [...new Set([...orgs, post.organization_id])],
          exceptUserId: user.id,
          title: '岗位已关闭 / the post was closed',
          body:
            [
              dto.reason ? `原因 / reason: ${dto.reason}` : '',
              settled.declined
                ? `未决推荐 ${settled.declined} 项已婉拒 / ${settled.declined} open nominations declined`
                : '',
              settled.terminated
                ? `待签协议 ${settled.terminated} 份已终止 / ${settled.terminated} draft agreements terminated`
                : '',
            ]
              .filter(Boolean)
              .join('\n') || undefined,
        });
      }
    });
    return this.getPost(user, id);
  }

  async events(user: AuthUser, id: string, q: PageQuery): Promise<SecondmentEventList> {
    const post = await visiblePost(this.dataSource.manager, user, id);
    if (!isCoordinator(user) && post.organization_id !== user.organizationId) {
      throw forbidden(
        '只有发布岗位的企业和协调员可以查看岗位记录 / only the enterprise and coordinators read the trail',
      );
    }
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM secondment_events WHERE post_id = $1`,
      [id],
    );
    const { skip, take } = skipTake(q);
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        subject: SecondmentEventSubject;
        subject_id: string;
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
      `SELECT e.id, e.subject, e.subject_id, e.kind, e.from_status, e.to_status, e.note, e.data, e.actor_id,
              u.name AS actor_name, e.created_at
         FROM secondment_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.post_id = $1 ORDER BY e.id LIMIT ${take} OFFSET ${skip}`,
      [id],
    );
    return pageOf(
      rows.map((r) => ({
        id: Number(r.id),
        subject: r.subject,
        subjectId: r.subject_id,
        kind: r.kind,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        note: r.note,
        data: r.data,
        actor: r.actor_id ? { id: r.actor_id, name: r.actor_name } : null,
        createdAt: r.created_at,
      })),
      total,
      q,
    );
  }

  private async checkField(field: string): Promise<void> {
    const errors = await this.sectors.check([{ field: 'field', sectors: [field] }]);
    if (errors.length) throw invalidField('field', errors[0].message);
  }
}
