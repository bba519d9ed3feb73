import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { invalidField } from '../../common/errors/app-errors.js';
import type { EnvoyStats, EnvoyStatsGroup, EnvoyStatsQuery } from './dto/envoys.dto.js';

/** `GET /stats/envoys`: posts, nominations, agreements and evaluations by status, field and district. */
@Injectable()
export class EnvoyStatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async stats(q: EnvoyStatsQuery = {}): Promise<EnvoyStats> {
    const from = q.from ?? null;
    const to = q.to ?? null;
    if (from && to && from > to) throw invalidField('from', 'from 不能晚于 to / from must not be after to');
    // Everything is counted by its post's creation (a Harbin date), within [from, to] when given.
    const range = `($1::date IS NULL OR (p.created_at AT TIME ZONE 'Asia/Shanghai')::date >= $1::date)
      AND ($2::date IS NULL OR (p.created_at AT TIME ZONE 'Asia/Shanghai')::date <= $2::date)`;
    const params = [from, to];
    const count = async (table: string): Promise<Record<string, number>> => {
      const rows = await this.dataSource.query<Array<{ status: string; n: number }>>(
        table === 'secondment_posts'
          ? `SELECT p.status, count(*)::int AS n FROM secondment_posts p WHERE ${range} GROUP BY 1`
          : `SELECT x.status, count(*)::int AS n FROM ${table} x JOIN secondment_posts p ON p.id = x.post_id
              WHERE ${range} GROUP BY 1`,
        params,
      );
      const out: Record<string, number> = { total: 0 };
      for (const r of rows) {
        out[r.status] = r.n;
        out.total += r.n;
      }
      return out;
    };
    const [ev] = await this.dataSource.query<Array<{ count: number; avg: number | null; renew: number }>>(
      `SELECT count(*)::int AS count, round(avg(rating)::numeric, 2)::float8 AS avg,
              count(*) FILTER (WHERE would_renew)::int AS renew
         FROM envoy_evaluations e JOIN secondment_agreements a ON a.id = e.agreement_id
         JOIN secondment_posts p ON p.id = a.post_id
        WHERE ${range}`,
      params,
    );
    const grouped = async (key: string, name: string): Promise<EnvoyStatsGroup[]> => {
      const rows = await this.dataSource.query<
        Array<{
          key: string;
          name: string | null;
          posts: number;
          open_posts: number;
          nominations: number;
          matched: number;
          active: number;
          completed: number;
          avg: number | null;
        }>
      >(
        `SELECT ${key} AS key, ${name} AS name, count(*)::int AS posts,
                count(*) FILTER (WHERE p.status = 'open')::int AS open_posts,
                coalesce(sum(x.nominations), 0)::int AS nominations, coalesce(sum(x.matched), 0)::int AS matched,
                coalesce(sum(y.active), 0)::int AS active, coalesce(sum(y.completed), 0)::int AS completed,
                round((sum(y.rating_sum) / nullif(sum(y.rated), 0))::numeric, 2)::float8 AS avg
           FROM secondment_posts p
           LEFT JOIN taxonomy_codes tc ON tc.scheme = split_part(p.field, ':', 1) AND tc.code = split_part(p.field, ':', 2)
           LEFT JOIN LATERAL (
             SELECT count(*) AS nominations, count(*) FILTER (WHERE n.status = 'matched') AS matched
               FROM secondment_nominations n WHERE n.post_id = p.id) x ON true
           LEFT JOIN LATERAL (
             SELECT count(*) FILTER (WHERE a.status = 'active') AS active,
                    count(*) FILTER (WHERE a.status = 'completed') AS completed,
                    sum(e.rating) AS rating_sum, count(e.rating) AS rated
               FROM secondment_agreements a LEFT JOIN envoy_evaluations e ON e.agreement_id = a.id
              WHERE a.post_id = p.id) y ON true
          WHERE p.status <> 'draft' AND ${range}
          GROUP BY 1, 2 ORDER BY 3 DESC, 1`,
        params,
      );
      return rows.map((r) => ({
        key: r.key,
        name: r.name,
        posts: r.posts,
        openPosts: r.open_posts,
        nominations: r.nominations,
        matched: r.matched,
        activeAgreements: r.active,
        completedAgreements: r.completed,
        averageRating: r.avg,
      }));
    };
    return {
      from,
      to,
      posts: await count('secondment_posts'),
      nominations: await count('secondment_nominations'),
      agreements: await count('secondment_agreements'),
      evaluations: { count: ev.count, averageRating: ev.avg, wouldRenew: ev.renew },
      byField: await grouped('p.field', 'tc.name_zh'),
      byDistrict: await grouped('p.district::text', 'p.district::text'),
    };
  }
}
