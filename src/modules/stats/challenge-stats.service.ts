import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CHALLENGE_STATUSES, CHALLENGE_STATUS_LABELS, type ChallengeStatus } from '../challenges/lifecycle.js';
import { statsParams, statsRange } from './stats-range.js';
import type { StatsQuery } from './dto/stats.dto.js';

// 揭榜挂帅 figures for coordinators. A challenge counts from its publication (drafts and challenges still awaiting
// approval are nobody's figures yet), within the range by the day it was published (Harbin time). Funding comes from
// the funding ledger: committed is what the awards committed less what a failed challenge cancelled (the unreleased
// rest), released what accepted milestones paid out. A winner is local (就地转化) when its lead organisation is in
// Harbin.

export interface ChallengeRow {
  id: string;
  title: string;
  status: ChallengeStatus;
  issuerName: string;
  district: string;
  sectors: string[];
  publishedOn: string;
  applications: number;
  winners: number;
  localWinners: number;
  fundingYuan: number;
  committedYuan: number;
  releasedYuan: number;
  cancelledYuan: number;
  /** Days from publication to the award (null before it). */
  daysToAward: number | null;
}

export interface ChallengeSummary {
  from: string | null;
  to: string | null;
  challenges: number;
  byStatus: Array<{ status: ChallengeStatus; label: string; count: number }>;
  funding: { totalYuan: number; committedYuan: number; releasedYuan: number; cancelledYuan: number };
  applications: { total: number; perChallenge: number | null };
  timeToAward: { awarded: number; medianDays: number | null; maxDays: number | null };
  localWinners: { winners: number; local: number; rate: number | null };
  items: ChallengeRow[];
}

export interface ChallengeGroupRow {
  key: string;
  nameZh: string | null;
  challenges: number;
  applications: number;
  winners: number;
  localWinners: number;
  fundingYuan: number;
  committedYuan: number;
  releasedYuan: number;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** One row per published challenge in the range, with its applications, winners and ledger sums. */
const PER_CHALLENGE = (range: string) => `
  SELECT ch.id, ch.title, ch.status, o.name AS "issuerName", o.district::text AS district,
         ch.sector_keys AS sectors, to_char(ch.published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "publishedOn",
         (SELECT count(*)::int FROM challenge_applications a
           WHERE a.challenge_id = ch.id AND a.status <> 'withdrawn') AS applications,
         (SELECT count(*)::int FROM challenge_applications a WHERE a.challenge_id = ch.id AND a.status = 'winner') AS winners,
         (SELECT count(*)::int FROM challenge_applications a JOIN organizations lo ON lo.id = a.lead_organization_id
           WHERE a.challenge_id = ch.id AND a.status = 'winner' AND lo.district <> 'outside') AS "localWinners",
         ch.funding_total_yuan AS "fundingYuan",
         (SELECT coalesce(sum(CASE l.kind WHEN 'commit' THEN l.amount_yuan WHEN 'cancel' THEN -l.amount_yuan END), 0)
            FROM funding_ledger l WHERE l.challenge_id = ch.id) AS "committedYuan",
         (SELECT coalesce(sum(l.amount_yuan), 0) FROM funding_ledger l
           WHERE l.challenge_id = ch.id AND l.kind = 'cancel') AS "cancelledYuan",
         (SELECT coalesce(sum(l.amount_yuan), 0) FROM funding_ledger l
           WHERE l.challenge_id = ch.id AND l.kind = 'release') AS "releasedYuan",
         extract(epoch FROM ch.awarded_at - ch.published_at) / 86400 AS "daysToAward"
    FROM challenges ch JOIN organizations o ON o.id = ch.issuer_organization_id
   WHERE ch.published_at IS NOT NULL AND ${range}`;

@Injectable()
export class ChallengeStatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(q: StatsQuery): Promise<ChallengeSummary> {
    const items = await this.rows(q);
    const sum = (f: (r: ChallengeRow) => number) => items.reduce((s, r) => s + f(r), 0);
    const days = items
      .map((r) => r.daysToAward)
      .filter((d): d is number => d !== null)
      .sort((a, b) => a - b);
    const median = days.length
      ? days.length % 2
        ? days[(days.length - 1) / 2]
        : (days[days.length / 2 - 1] + days[days.length / 2]) / 2
      : null;
    const winners = sum((r) => r.winners);
    const local = sum((r) => r.localWinners);
    const applications = sum((r) => r.applications);
    return {
      from: q.from ?? null,
      to: q.to ?? null,
      challenges: items.length,
      byStatus: CHALLENGE_STATUSES.filter((s) => s !== 'draft' && s !== 'pending_approval').map((status) => ({
        status,
        label: CHALLENGE_STATUS_LABELS[status],
        count: items.filter((r) => r.status === status).length,
      })),
      funding: {
        totalYuan: sum((r) => r.fundingYuan),
        committedYuan: sum((r) => r.committedYuan),
        releasedYuan: sum((r) => r.releasedYuan),
        cancelledYuan: sum((r) => r.cancelledYuan),
      },
      applications: {
        total: applications,
        perChallenge: items.length ? Math.round((applications / items.length) * 100) / 100 : null,
      },
      timeToAward: { awarded: days.length, medianDays: round1(median), maxDays: round1(days.at(-1) ?? null) },
      localWinners: { winners, local, rate: ratio(local, winners) },
      items,
    };
  }

  /** By the issuing organisation's district: where the problem is. */
  async districts(q: StatsQuery): Promise<ChallengeGroupRow[]> {
    return this.group(await this.rows(q), (r) => [r.district]);
  }

  /** By the challenge's sectors (a challenge in two sectors counts in both; none: `unclassified`). */
  async sectors(q: StatsQuery): Promise<ChallengeGroupRow[]> {
    const rows = this.group(await this.rows(q), (r) => (r.sectors.length ? r.sectors : ['unclassified']));
    const names = await this.dataSource.query<Array<{ ref: string; name_zh: string }>>(
      `SELECT scheme || ':' || code AS ref, name_zh FROM taxonomy_codes WHERE scheme || ':' || code = ANY($1::text[])`,
      [rows.map((r) => r.key)],
    );
    const name = new Map(names.map((n) => [n.ref, n.name_zh]));
    return rows.map((r) => ({ ...r, nameZh: r.key === 'unclassified' ? '未分类' : (name.get(r.key) ?? null) }));
  }

  private async rows(q: StatsQuery): Promise<ChallengeRow[]> {
    const rows = await this.dataSource.query<
      Array<
        Omit<ChallengeRow, 'fundingYuan' | 'committedYuan' | 'releasedYuan' | 'cancelledYuan' | 'daysToAward'> & {
          fundingYuan: string;
          committedYuan: string;
          releasedYuan: string;
          cancelledYuan: string;
          daysToAward: string | number | null;
        }
      >
    >(`${PER_CHALLENGE(statsRange('ch.published_at'))} ORDER BY ch.published_at DESC, ch.id`, statsParams(q));
    return rows.map((r) => ({
      ...r,
      fundingYuan: Number(r.fundingYuan),
      committedYuan: Number(r.committedYuan),
      releasedYuan: Number(r.releasedYuan),
      cancelledYuan: Number(r.cancelledYuan),
      daysToAward: r.daysToAward === null ? null : round1(Number(r.daysToAward)),
    }));
  }

  private group(rows: ChallengeRow[], keys: (r: ChallengeRow) => string[]): ChallengeGroupRow[] {
    const groups = new Map<string, ChallengeGroupRow>();
    for (const r of rows) {
      for (const key of keys(r)) {
        const g = groups.get(key) ?? {
          key,
          nameZh: null,
          challenges: 0,
          applications: 0,
          winners: 0,
          localWinners: 0,
          fundingYuan: 0,
          committedYuan: 0,
          releasedYuan: 0,
        };
        g.challenges++;
        g.applications += r.applications;
        g.winners += r.winners;
        g.localWinners += r.localWinners;
        g.fundingYuan += r.fundingYuan;
        g.committedYuan += r.committedYuan;
        g.releasedYuan += r.releasedYuan;
        groups.set(key, g);
      }
    }
    return [...groups.values()].sort((a, b) => b.fundingYuan - a.fundingYuan || a.key.localeCompare(b.key));
  }
}
