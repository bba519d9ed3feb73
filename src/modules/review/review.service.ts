import { Injectable } from '@nestjs/common';
import { forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { pageOf, skipTake } from '../../common/pagination/pagination.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { CapabilitiesRepository } from '../capabilities/capabilities.repository.js';
import { CapabilitiesService } from '../capabilities/capabilities.service.js';
import { REJECT_REASON_LABELS } from '../matching/reject-reasons.js';
import { OWNER_VISIBLE_STATUSES, MATCH_STATUSES, type MatchStatus } from '../matching/match.entity.js';
import { NeedRankingsRepository, type NeedRankingStatus } from '../matching/need-rankings.repository.js';
import type { NeedEntity } from '../needs/need.entity.js';
import { NeedsRepository } from '../needs/needs.repository.js';
import { SectorsService } from '../taxonomies/sectors.service.js';
import type {
  HistoryList,
  ListingMatchesQuery,
  MatchCountList,
  MatchCountsQuery,
  MatchList,
  MatchPage,
  MatchQueueQuery,
  MatchView,
  NearMissList,
  NeedMatchList,
  NeedRankingView,
  RejectDto,
  ReviewDto,
} from './dto/review.dto.js';
import { noteFor, toMatchView, type Viewer } from './match-view.js';
import { decodeCursor, encodeCursor } from './queue-cursor.js';
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
    private readonly catalogue: CapabilitiesService,
    private readonly rankings: NeedRankingsRepository,
    private readonly sectors: SectorsService,
    private readonly transitions: TransitionsService,
  ) {}

  /**
   * A page of the queue by number (`page`), or the page after a cursor an earlier page gave (`nextCursor`): the
   * same filters and order, read from where that page ended. With a cursor, `page` counts on from the page the
   * cursor came from.
   */
  async queue(q: MatchQueueQuery): Promise<MatchPage> {
    const sort = q.sort ?? '-score';
    const cursor = q.cursor ? decodeCursor(q.cursor, sort) : null;
    const { rows, total, next } = await this.repo.queue({
      status: q.status ?? 'suggested',
      sectors: q.sector ? await this.sectors.withDescendants(q.sector) : undefined,
      district: q.district,
      minScore: q.minScore,
      bands: q.band,
      needId: q.needId,
      capabilityId: q.capabilityId,
      sort,
      ...skipTake(q),
      after: cursor?.key,
    });
    const page = cursor?.page ?? q.page;
    return {
      ...pageOf(
        rows.map((r) => toMatchView(r)),
        total,
        { page, pageSize: q.pageSize },
      ),
      nextCursor: next ? encodeCursor({ key: next, page: page + 1 }) : null,
    };
  }

  async get(user: AuthUser, id: string): Promise<MatchView> {
    const row = await this.visible(user, id);
    return toMatchView(row, this.side(user, row));
  }

  approve(user: AuthUser, id: string, dto: ReviewDto): Promise<MatchView> {
    return this.review(user, id, 'approved', dto);
  }

  /** With a reason (absent: `other`, as old clients send only a note); an explicit `other` must say why. */
  reject(user: AuthUser, id: string, dto: RejectDto): Promise<MatchView> {
    if (dto.reason === 'other' && !dto.note?.trim()) {
      throw invalidField('note', '驳回原因为“其他”时请在备注中说明 / with reason other, say why in note');
    }
    return this.review(user, id, 'rejected', dto, dto.reason ?? 'other');
  }

  async history(user: AuthUser, id: string): Promise<HistoryList> {
    await this.visible(user, id);
    const rows = await this.repo.history(id);
    const viewer = viewerOf(user);
    return {
      items: rows.map((r) => {
        const note = noteFor(viewer, r.note, r.shared);
        // The rejection's note leads with its reason: “技术不对口 / not relevant：…”.
        const reason = r.reject_reason ? REJECT_REASON_LABELS[r.reject_reason] : null;
        return {
          at: r.at,
          actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '', role: r.actor_role ?? '' } : null,
          from: r.from_status,
          to: r.to_status,
          note: reason ? (note ? `${reason}：${note}` : reason) : note,
          rejectReason: r.reject_reason,
          kind: r.kind,
          shared: r.shared,
        };
      }),
    };
  }

  /**
   * A need's matches: all for coordinators, approved and later for its owner, nothing for anyone else; with where
   * its ranking stands (暂无合适匹配 when nothing cleared the floor).
   */
  async ofNeed(user: AuthUser, needId: string, q: ListingMatchesQuery): Promise<NeedMatchList> {
    const need = await this.needs.findById(needId);
    const owner = need?.organizationId === user.organizationId;
    if (!need || (need.visibility === 'restricted' && !owner && !isCoordinator(user))) throw notFound('需求 / need');
    const list = await this.ofListing(user, 'need', needId, owner, q);
    return { ...list, ranking: await this.ranking(needId) };
  }

  /**
   * The closest capabilities below the floor, kept by the need's last ranking when it suggested nothing: for the
   * need's owner and coordinators (404 for anyone else, as for a need they may not see). Capabilities are public;
   * those since withdrawn or deleted are left out.
   */
  async nearMisses(user: AuthUser, needId: string): Promise<NearMissList> {
    await this.ownNeed(user, needId);
    const status = await this.rankings.status(needId);
    const misses = status?.nearMisses ?? [];
    const caps = new Map((await this.catalogue.activeViews(misses.map((x) => x.capabilityId))).map((c) => [c.id, c]));
    return {
      items: misses.flatMap((x) => {
        const c = caps.get(x.capabilityId);
        return c
          ? [
              {
                capabilityId: c.id,
                title: c.title,
                kind: c.kind,
                organizationName: c.organizationName,
                score: x.score,
                summary: x.summary,
              },
            ]
          : [];
      }),
      rankedAt: status?.rankedAt ?? null,
    };
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

  /** The need, if the caller owns it or coordinates; 404 otherwise (whether or not the need is public). */
  private async ownNeed(user: AuthUser, needId: string): Promise<NeedEntity> {
    const need = await this.needs.findById(needId);
    if (!need || (need.organizationId !== user.organizationId && !isCoordinator(user))) throw notFound('需求 / need');
    return need;
  }

  private async ranking(needId: string): Promise<NeedRankingView> {
    const [status, catalogueChangedAt] = await Promise.all([
      this.rankings.status(needId),
      this.catalogue.lastChangedAt(),
    ]);
    const s: NeedRankingStatus = status ?? {
      current: false,
      rankedAt: null,
      suggestions: 0,
      suggestedNow: 0,
      nearMisses: [],
    };
    const listed = await this.catalogue.countActive(s.nearMisses.map((x) => x.capabilityId));
    return {
      state: !s.current ? 'pending' : s.suggestions === 0 && s.suggestedNow === 0 ? 'no_suitable_match' : 'suggested',
      rankedAt: s.rankedAt,
      suggestions: s.suggestions,
      nearMisses: listed,
      catalogueChangedAt,
    };
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

  private async review(
    user: AuthUser,
    id: string,
    to: 'approved' | 'rejected',
    dto: ReviewDto,
    rejectReason: RejectDto['reason'] = undefined,
  ): Promise<MatchView> {
    await this.transitions.transition(
      user,
      id,
      { to, note: dto.note, shared: dto.shared, expectedStatus: dto.expectedStatus },
      true,
      rejectReason ?? null,
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
