import { REJECT_REASON_NAMES, REJECT_REASONS } from '../matching/reject-reasons.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { statsParams, statsRange } from './stats-range.js';
import type { StatsQuery } from './dto/stats.dto.js';

// Coordinators' figures. Every statistic counts the matches suggested within the date range (Harbin days,
// inclusive), and follows each one to where it got: approved (or later), introduced, contracted. A party's
// district is its listing's. Local: both listings in Harbin (not `outside`).

const REACHED_APPROVAL = `m.status NOT IN ('suggested', 'rejected')`;
const INTRODUCED = `m.introduced_at IS NOT NULL`;
const CONTRACTED = `m.status = 'contracted'`;
const LOCAL = `n.district <> 'outside' AND c.district <> 'outside'`;

export interface FunnelStage {
  stage: 'suggested' | 'approved' | 'introduced' | 'contracted';
  count: number;
  /** Share of the stage before (null for the first, or when the stage before is empty). */
  rate: number | null;
}

export interface Funnel {
  from: string | null;
  to: string | null;
  stages: FunnelStage[];
  rejected: number;
  closedNoDeal: number;
  /** Contracted ÷ suggested. */
  overallRate: number | null;
  contracts: { count: number; amountCny: number; averageCny: number | null };
  localConversion: { contracts: number; local: number; rate: number | null; amountCny: number };
}

interface Counts {
  suggested: number;
  approved: number;
  introduced: number;
  contracted: number;
  amountCny: number;
}

export interface SectorRow extends Counts {
  sector: string;
  nameZh: string | null;
}
export interface DistrictRow extends Counts {
  district: string;
  needs: number;
  capabilities: number;
  localContracts: number;
}
export interface FlowRow {
  from: string;
  to: string;
  introduced: number;
  contracted: number;
  amountCny: number;
}
export interface TimeToApproval {
  from: string | null;
  to: string | null;
  needs: number;
  approvedNeeds: number;
  medianHours: number | null;
  p90Hours: number | null;
}

/**
 * Why coordinators reject suggestions (matches.reject_reason), in the order the reject dialog offers them. A
 * rejection without a reason (made before reasons were asked for) counts as `unspecified`.
 */
export const REJECTION_REASONS = REJECT_REASONS.map((reason) => ({
  reason,
  labelZh: REJECT_REASON_NAMES[reason].zh,
  labelEn: REJECT_REASON_NAMES[reason].en[0].toUpperCase() + REJECT_REASON_NAMES[reason].en.slice(1),
}));
const UNSPECIFIED = { reason: 'unspecified', labelZh: '未注明', labelEn: 'Unspecified' } as const;

export interface RejectionRow {
  reason: string;
  labelZh: string;
  labelEn: string;
  count: number;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);
const COUNTS = `count(*)::int AS suggested,
  count(*) FILTER (WHERE ${REACHED_APPROVAL})::int AS approved,
  count(*) FILTER (WHERE ${INTRODUCED})::int AS introduced,
  count(*) FILTER (WHERE ${CONTRACTED})::int AS contracted,
  COALESCE(sum(m.contract_amount_cny) FILTER (WHERE ${CONTRACTED}), 0)::bigint AS "amountCny"`;

@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async funnel(q: StatsQuery): Promise<Funnel> {
    const [r] = await this.dataSource.query<
      Array<Counts & { rejected: number; closed: number; local: number; local_amount: number }>
    >(
      `SELECT ${COUNTS},
              count(*) FILTER (WHERE m.status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE m.status = 'closed_no_deal')::int AS closed,
              count(*) FILTER (WHERE ${CONTRACTED} AND ${LOCAL})::int AS local,
              COALESCE(sum(m.contract_amount_cny) FILTER (WHERE ${CONTRACTED} AND ${LOCAL}), 0)::bigint AS local_amount
         FROM matches m JOIN needs n ON n.id = m.need_id JOIN capabilities c ON c.id = m.capability_id
        WHERE ${statsRange('m.created_at')}`,
      statsParams(q),
    );
    const stages: FunnelStage[] = [
      { stage: 'suggested', count: r.suggested, rate: null },
      { stage: 'approved', count: r.approved, rate: ratio(r.approved, r.suggested) },
      { stage: 'introduced', count: r.introduced, rate: ratio(r.introduced, r.approved) },
      { stage: 'contracted', count: r.contracted, rate: ratio(r.contracted, r.introduced) },
    ];
    return {
      from: q.from ?? null,
      to: q.to ?? null,
      stages,
      rejected: r.rejected,
      closedNoDeal: r.closed,
      overallRate: ratio(r.contracted, r.suggested),
      contracts: {
        count: r.contracted,
        amountCny: Number(r.amountCny),
        averageCny: r.contracted ? Math.round(Number(r.amountCny) / r.contracted) : null,
      },
      localConversion: {
        contracts: r.contracted,
        local: r.local,
        rate: ratio(r.local, r.contracted),
        amountCny: Number(r.local_amount),
      },
    };
  }

  /** By the need's sectors (a need in two sectors counts in both). */
  async sectors(q: StatsQuery): Promise<SectorRow[]> {
    const rows = await this.dataSource.query<SectorRow[]>(
      `SELECT s.ref AS sector, tc.name_zh AS "nameZh", ${COUNTS}
         FROM matches m JOIN needs n ON n.id = m.need_id
         CROSS JOIN LATERAL unnest(n.sectors) AS s(ref)
         LEFT JOIN taxonomy_codes tc ON tc.scheme = split_part(s.ref, ':', 1) AND tc.code = substr(s.ref, strpos(s.ref, ':') + 1)
        WHERE ${statsRange('m.created_at')}
        GROUP BY s.ref, tc.name_zh
        ORDER BY contracted DESC, approved DESC, suggested DESC, s.ref`,
      statsParams(q),
    );
    return rows.map((r) => ({ ...r, amountCny: Number(r.amountCny) }));
  }

  /** By district: listings posted there in the range, and matches by the need's district. */
  async districts(q: StatsQuery): Promise<DistrictRow[]> {
    const rows = await this.dataSource.query<DistrictRow[]>(
      `WITH d AS (SELECT unnest(enum_range(NULL::district))::text AS district),
            mm AS (SELECT n.district::text AS district, ${COUNTS},
                          count(*) FILTER (WHERE ${CONTRACTED} AND ${LOCAL})::int AS "localContracts"
                     FROM matches m JOIN needs n ON n.id = m.need_id JOIN capabilities c ON c.id = m.capability_id
                    WHERE ${statsRange('m.created_at')} GROUP BY n.district),
            nn AS (SELECT district::text AS district, count(*)::int AS n FROM needs m
                    WHERE ${statsRange('m.created_at')} GROUP BY district),
            cc AS (SELECT district::text AS district, count(*)::int AS n FROM capabilities m
                    WHERE ${statsRange('m.created_at')} GROUP BY district)
       SELECT d.district, COALESCE(nn.n, 0) AS needs, COALESCE(cc.n, 0) AS capabilities,
              COALESCE(mm.suggested, 0) AS suggested, COALESCE(mm.approved, 0) AS approved,
              COALESCE(mm.introduced, 0) AS introduced, COALESCE(mm.contracted, 0) AS contracted,
              COALESCE(mm."amountCny", 0) AS "amountCny", COALESCE(mm."localContracts", 0) AS "localContracts"
         FROM d LEFT JOIN mm USING (district) LEFT JOIN nn USING (district) LEFT JOIN cc USING (district)
        WHERE COALESCE(nn.n, 0) + COALESCE(cc.n, 0) + COALESCE(mm.suggested, 0) > 0
        ORDER BY contracted DESC, suggested DESC, d.district`,
      statsParams(q),
    );
    return rows.map((r) => ({ ...r, amountCny: Number(r.amountCny) }));
  }

  /** Which district's research goes where: capability district → need district, for introductions and contracts. */
  async flows(q: StatsQuery): Promise<FlowRow[]> {
    const rows = await this.dataSource.query<FlowRow[]>(
      `SELECT c.district::text AS "from", n.district::text AS "to",
              count(*) FILTER (WHERE ${INTRODUCED})::int AS introduced,
              count(*) FILTER (WHERE ${CONTRACTED})::int AS contracted,
              COALESCE(sum(m.contract_amount_cny) FILTER (WHERE ${CONTRACTED}), 0)::bigint AS "amountCny"
         FROM matches m JOIN needs n ON n.id = m.need_id JOIN capabilities c ON c.id = m.capability_id
        WHERE ${statsRange('m.created_at')} AND ${INTRODUCED}
        GROUP BY c.district, n.district
        ORDER BY contracted DESC, "amountCny" DESC, introduced DESC, 1, 2`,
      statsParams(q),
    );
    return rows.map((r) => ({ ...r, amountCny: Number(r.amountCny) }));
  }

  /** From a need being posted (within the range) to its first approved match. */
  async timeToApproval(q: StatsQuery): Promise<TimeToApproval> {
    const [r] = await this.dataSource.query<
      Array<{ needs: number; approved: number; median: number | null; p90: number | null }>
    >(
      `WITH firsts AS (
         SELECT m.id AS need_id, m.created_at,
                (SELECT min(e.at) FROM match_events e JOIN matches x ON x.id = e.match_id
                  WHERE x.need_id = m.id AND e.to_status = 'approved') AS approved_at
           FROM needs m WHERE ${statsRange('m.created_at')})
       SELECT count(*)::int AS needs, count(approved_at)::int AS approved,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM approved_at - created_at))
                FILTER (WHERE approved_at IS NOT NULL) / 3600 AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM approved_at - created_at))
                FILTER (WHERE approved_at IS NOT NULL) / 3600 AS p90
         FROM firsts`,
      statsParams(q),
    );
    const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
    return {
      from: q.from ?? null,
      to: q.to ?? null,
      needs: r.needs,
      approvedNeeds: r.approved,
      medianHours: round(r.median),
      p90Hours: round(r.p90),
    };
  }

  /**
   * Rejections by reason, every reason listed (zero too) so the figures line up from one range to the next; the
   * rejections without a reason only when there are some. Like the funnel's `rejected`, by when the match was
   * suggested, so the counts add up to it.
   */
  async rejections(q: StatsQuery): Promise<RejectionRow[]> {
    const rows = await this.dataSource.query<Array<{ reason: string | null; count: number }>>(
      `SELECT m.reject_reason AS reason, count(*)::int AS count
         FROM matches m
        WHERE m.status = 'rejected' AND ${statsRange('m.created_at')}
        GROUP BY m.reject_reason`,
      statsParams(q),
    );
    const count = (reason: string | null) => rows.find((r) => r.reason === reason)?.count ?? 0;
    const items: RejectionRow[] = REJECTION_REASONS.map((r) => ({ ...r, count: count(r.reason) }));
    const unspecified = rows
      .filter((r) => !REJECTION_REASONS.some((x) => x.reason === r.reason))
      .reduce((s, r) => s + r.count, 0);
    if (unspecified) items.push({ ...UNSPECIFIED, count: unspecified });
    return items;
  }
}
