import { Injectable } from '@nestjs/common';
import { forbidden, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake, type Page } from '../../common/pagination/pagination.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { CapabilitiesRepository } from '../capabilities/capabilities.repository.js';
import { OWNER_VISIBLE_STATUSES, MATCH_STATUSES, type MatchStatus } from '../matching/match.entity.js';
import { NeedsRepository } from '../needs/needs.repository.js';
import { SectorsService } from '../taxonomies/sectors.service.js';
import type {
  HistoryList,
  ListingMatchesQuery,
  MatchCountList,
  MatchCountsQuery,
  MatchList,
  MatchQueueQuery,
  MatchView,
  ReviewDto,
} from './dto/review.dto.js';
import { noteFor, toMatchView, type Viewer } from './match-view.js';
import { ReviewRepository, type MatchRow } from './review.repository.js';
import { TransitionsService } from './transitions.service.js';
import type { TransitionDto } from './dto/transition.dto.js';

const MATCH = '匹配 / match';

@Injectable()
export class ReviewService {
  constructor(
    private readonly repo: ReviewRepository,
    private readonly needs: NeedsRepository,
    private readonly capabilities: CapabilitiesRepository,
    private readonly sectors: SectorsService,
    private readonly transitions: TransitionsService,
  ) {}

  async queue(q: MatchQueueQuery): Promise<Page<MatchView>> {
    const { rows, total } = await this.repo.queue({
      status: q.status ?? 'suggested',
      sectors: q.sector ? await this.sectors.withDescendants(q.sector) : undefined,
      district: q.district,
      minScore: q.minScore,
      needId: q.needId,
      capabilityId: q.capabilityId,
      sort: q.sort ?? '-score',
      ...skipTake(q),
    });
    return pageOf(
      rows.map((r) => toMatchView(r)),
      total,
      q,
    );
  }

  async get(user: AuthUser, id: string): Promise<MatchView> {
    const row = await this.visible(user, id);
    return toMatchView(row, this.side(user, row));
  }

  approve(user: AuthUser, id: string, dto: ReviewDto): Promise<MatchView> {
    return this.review(user, id, 'approved', dto);
  }

  reject(user: AuthUser, id: string, dto: ReviewDto): Promise<MatchView> {
    return this.review(user, id, 'rejected', dto);
  }

  async history(user: AuthUser, id: string): Promise<HistoryList> {
    await this.visible(user, id);
    const rows = await this.repo.history(id);
    const viewer = viewerOf(user);
    return {
      items: rows.map((r) => ({
        at: r.at,
        actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '', role: r.actor_role ?? '' } : null,
        from: r.from_status,
        to: r.to_status,
        note: noteFor(viewer, r.note, r.shared),
        kind: r.kind,
        shared: r.shared,
      })),
    };
  }

  /** A need's matches: all for coordinators, approved and later for its owner, nothing for anyone else. */
  async ofNeed(user: AuthUser, needId: string, q: ListingMatchesQuery): Promise<MatchList> {
    const need = await this.needs.findById(needId);
    const owner = need?.organizationId === user.organizationId;
    if (!need || (need.visibility === 'restricted' && !owner && !isCoordinator(user))) throw notFound('需求 / need');
    return this.ofListing(user, 'need', needId, owner, q);
  }

  async ofCapability(user: AuthUser, capabilityId: string, q: ListingMatchesQuery): Promise<MatchList> {
    const cap = await this.capabilities.findById(capabilityId);
    if (!cap) throw notFound('成果 / capability');
    return this.ofListing(user, 'capability', capabilityId, cap.organizationId === user.organizationId, q);
  }

  /** Match counts by status for the caller's own listings (or any, for coordinators); others are left out. */
  async counts(user: AuthUser, q: MatchCountsQuery): Promise<MatchCountList> {
    const coordinator = isCoordinator(user);
    const statuses: readonly MatchStatus[] = coordinator ? MATCH_STATUSES : OWNER_VISIBLE_STATUSES;
    const own = async (ids: string[], find: (id: string) => Promise<{ organizationId: string } | null>) =>
      coordinator
        ? ids
        : (
            await Promise.all(
              ids.map(async (id) => ((await find(id))?.organizationId === user.organizationId ? id : null)),
            )
          ).filter((x): x is string => !!x);
    const out: MatchCountList['items'] = [];
    for (const [column, ids, find] of [
      ['need_id', q.needIds ?? [], (id: string) => this.needs.findById(id)],
      ['capability_id', q.capabilityIds ?? [], (id: string) => this.capabilities.findById(id)],
    ] as const) {
      const allowed = await own([...ids], find);
      const rows = allowed.length ? await this.repo.counts(column, allowed, statuses) : [];
      for (const id of allowed) {
        out.push({ id, counts: Object.fromEntries(rows.filter((r) => r.id === id).map((r) => [r.status, r.n])) });
      }
    }
    return { items: out };
  }

  private async ofListing(
    user: AuthUser,
    from: 'need' | 'capability',
    id: string,
    owner: boolean,
    q: ListingMatchesQuery,
  ): Promise<MatchList> {
    if (!owner && !isCoordinator(user)) {
      throw forbidden('只有发布方和协调员可以查看匹配 / only the owner and coordinators see its matches');
    }
    const allowed: readonly MatchStatus[] = isCoordinator(user) ? MATCH_STATUSES : OWNER_VISIBLE_STATUSES;
    const statuses = q.status ? allowed.filter((s) => s === q.status) : allowed;
    if (!statuses.length) return { items: [] };
    const rows = await this.repo.ofListing(from === 'need' ? 'need_id' : 'capability_id', id, statuses, q.limit);
    return { items: rows.map((r) => toMatchView(r, { from, viewer: viewerOf(user) })) };
  }

  private async review(user: AuthUser, id: string, to: 'approved' | 'rejected', dto: ReviewDto): Promise<MatchView> {
    await this.transitions.transition(
      user,
      id,
      { to, note: dto.note, shared: dto.shared, expectedStatus: dto.expectedStatus },
      true,
    );
    return this.get(user, id);
  }

  /** A step of the introduction, or a progress note; the match as the caller now sees it. */
  async transition(user: AuthUser, id: string, dto: TransitionDto): Promise<MatchView> {
    await this.transitions.transition(user, id, dto);
    return this.get(user, id);
  }

  /** Coordinators see any match; the owners of either listing once it is approved (404 for everyone else). */
  private async visible(user: AuthUser, id: string): Promise<MatchRow> {
    const row = await this.repo.find(id);
    if (!row) throw notFound(MATCH);
    if (isCoordinator(user)) return row;
    const party = row.n_org === user.organizationId || row.c_org === user.organizationId;
    if (!party || !OWNER_VISIBLE_STATUSES.includes(row.status)) throw notFound(MATCH);
    return row;
  }

  private side(user: AuthUser, row: MatchRow): { from: 'need' | 'capability'; viewer: Viewer } {
    return { from: row.c_org === user.organizationId ? 'capability' : 'need', viewer: viewerOf(user) };
  }
}

const viewerOf = (user: AuthUser): Viewer => ({
  coordinator: isCoordinator(user),
  organizationId: user.organizationId,
});
