import { Injectable } from '@nestjs/common';
import { likeContaining } from '../../common/text/like.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../../common/errors/app-errors.js';
import { skipTake } from '../../common/pagination/pagination.js';
import { SectorsService } from '../taxonomies/sectors.service.js';
import { CHALLENGE, publicChallengeSql } from './challenge-access.js';
import { CHALLENGE_COLUMNS, challengeTerms, type ChallengeRecord } from './challenge-record.js';
import type { MilestoneView } from './dto/challenge.dto.js';
import type {
  HallChallengeDetail,
  HallChallengePage,
  HallChallengesQuery,
  HallOrganization,
  HallWinner,
} from './dto/hall.dto.js';
import { CHALLENGE_STATUS_LABELS, PUBLIC_CHALLENGE_STATUSES } from './lifecycle.js';

/**
 * The public challenge list (揭榜挂帅大厅): published challenges and after, as anyone may read them; never the source
 * need, the applicants before the notice, or any contact.
 */
@Injectable()
export class ChallengeHallService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sectors: SectorsService,
  ) {}

  async list(q: HallChallengesQuery): Promise<HallChallengePage> {
    const { skip, take } = skipTake(q);
    const sectors = q.sector ? await this.sectors.withDescendants(q.sector) : null;
    const words = q.q?.trim() ? likeContaining(q.q.trim()) : null;
    const params = [PUBLIC_CHALLENGE_STATUSES, q.status ?? null, sectors, words];
    const where = `${publicChallengeSql('$1')} AND ($2::challenge_status IS NULL OR c.status = $2)
        AND ($3::text[] IS NULL OR c.sector_keys && $3::text[])
        AND ($4::text IS NULL OR c.title ILIKE $4 OR c.problem ILIKE $4)`;
    // Like the other halls: organisations by name, kind and district, never their ids.
    const rows = await this.dataSource.query<Array<ChallengeRecord & { issuer: HallOrganization }>>(
      `SELECT ${CHALLENGE_COLUMNS},
              jsonb_build_object('name', o.name, 'kind', o.kind, 'district', o.district) AS issuer
         FROM challenges c JOIN organizations o ON o.id = c.issuer_organization_id
        WHERE ${where}
        ORDER BY (c.status = 'published') DESC, c.published_at DESC NULLS LAST, c.id
        LIMIT $5 OFFSET $6`,
      [...params, take, skip],
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM challenges c WHERE ${where}`,
      params,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        status: r.status,
        statusLabel: CHALLENGE_STATUS_LABELS[r.status],
        title: r.title,
        issuer: r.issuer,
        sectorKeys: r.sectorKeys,
        fundingTotalYuan: r.fundingTotalYuan,
        applicationDeadline: r.applicationDeadline,
        multipleWinners: r.multipleWinners,
        publishedAt: r.publishedAt,
        updatedAt: r.updatedAt,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(id: string): Promise<HallChallengeDetail> {
    const [c] = await this.dataSource.query<
      Array<ChallengeRecord & { issuer: HallChallengeDetail['issuer']; milestones: MilestoneView[] }>
    >(
      `SELECT ${CHALLENGE_COLUMNS},
              jsonb_build_object('name', o.name, 'kind', o.kind, 'district', o.district) AS issuer,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('id', ms.id, 'seq', ms.seq, 'title', ms.title,
                        'dueOn', ms.due_on, 'sharePct', ms.share_pct) ORDER BY ms.seq), '[]'::jsonb)
                 FROM challenge_milestones ms WHERE ms.challenge_id = c.id) AS milestones
         FROM challenges c JOIN organizations o ON o.id = c.issuer_organization_id
        WHERE c.id = $1 AND ${publicChallengeSql('$2')}`,
      [id, PUBLIC_CHALLENGE_STATUSES],
    );
    if (!c) throw notFound(CHALLENGE);
    const shown =
      c.status === 'notice' ? ['intended_winner'] : ['awarded', 'completed'].includes(c.status) ? ['winner'] : [];
    const winners = shown.length
      ? await this.dataSource.query<HallWinner[]>(
          `SELECT a.id AS "applicationId", lo.name AS lead, a.title,
                  (SELECT jsonb_agg(jsonb_build_object('name', o.name, 'role', mb.role, 'isLead', mb.is_lead)
                            ORDER BY mb.is_lead DESC, o.name)
                     FROM challenge_application_members mb JOIN organizations o ON o.id = mb.organization_id
                    WHERE mb.application_id = a.id AND mb.status = 'accepted') AS consortium
             FROM challenge_applications a JOIN organizations lo ON lo.id = a.lead_organization_id
            WHERE a.challenge_id = $1 AND a.status::text = ANY($2::text[])
            ORDER BY lo.name`,
          [c.id, shown],
        )
      : [];
    return {
      ...challengeTerms(c),
      issuer: c.issuer,
      milestones: c.milestones,
      winners,
      objections:
        c.status === 'notice' && c.noticeEndsOn
          ? {
              until: c.noticeEndsOn,
              how:
                `公示期内（至 ${c.noticeEndsOn} 24时，北京时间），任何登录用户可提出异议并说明理由：POST /api/v1/challenges/${c.id}/objections ` +
                `{applicationId?, reason} / during the notice (until the end of ${c.noticeEndsOn}, Harbin time) any ` +
                `signed-in user may object, with a reason: POST /api/v1/challenges/${c.id}/objections`,
            }
          : null,
      closeReason: c.status === 'failed' ? c.closeReason : null,
    };
  }
}
