import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict } from '../../common/errors/app-errors.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { CandidateList, JobAccepted } from './dto/envoys.dto.js';
import { requireOwner, visiblePost } from './envoy-access.js';
import { EnvoyNotifier } from './envoy-notifier.js';
import { rankPostJob } from './envoys-jobs.js';

/**
 * The experts ranked for a post (secondment_post_candidates, written by the `envoys.rank-post` job in the worker):
 * reading the list, and asking for a fresh ranking. Only the enterprise and coordinators see it.
 */
@Injectable()
export class PostCandidatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifier: EnvoyNotifier,
  ) {}

  async refreshCandidates(user: AuthUser, id: string): Promise<JobAccepted> {
    return this.uow.run(async (tx) => {
      const post = await visiblePost(tx.manager, user, id, true);
      requireOwner(user, post);
      if (post.status === 'closed') throw conflict('岗位已关闭 / the post is closed', { allowed: [] });
      const job = rankPostJob(id);
      await tx.enqueue([job]);
      await this.notifier.event(tx, {
        postId: id,
        subject: 'candidates',
        subjectId: id,
        actorId: user.id,
        kind: 'requested',
        data: { jobId: job.jobId },
      });
      return { jobId: job.jobId };
    });
  }

  async candidates(user: AuthUser, id: string): Promise<CandidateList> {
    const post = await visiblePost(this.dataSource.manager, user, id);
    requireOwner(user, post, true);
    // The candidates and the time of the ranking that wrote them are read from one snapshot: read one after the
    // other, a ranking committed in between showed a post as ranked with no candidates.
    const { rows, last } = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const rows = await m.query<
        Array<{
          rank: number;
          score: number;
          explanation: Record<string, unknown>;
          near_miss: boolean;
          computed_at: Date;
          capability_id: string;
          title: string;
          kind: string;
          org_id: string;
          org_name: string;
          org_kind: string;
          org_district: string;
        }>
      >(
        `SELECT k.rank, k.score, k.explanation, k.near_miss, k.computed_at, c.id AS capability_id, c.title, c.kind,
              o.id AS org_id, o.name AS org_name, o.kind AS org_kind, o.district AS org_district
         FROM secondment_post_candidates k
         JOIN capabilities c ON c.id = k.capability_id
         JOIN organizations o ON o.id = c.organization_id
        WHERE k.post_id = $1 AND c.status = 'active'
        ORDER BY k.near_miss, k.rank`,
        [id],
      );
      const [last] = await m.query<Array<{ at: Date | null }>>(
        `SELECT max(created_at) AS at FROM secondment_events WHERE post_id = $1 AND subject = 'candidates' AND kind = 'ranked'`,
        [id],
      );
      return { rows, last };
    });
    return {
      computedAt: last?.at ?? null,
      nearMissLabel: rows.some((r) => r.near_miss)
        ? '接近的专家（低于推荐门槛，仅供参考）/ near misses (below the floor, for reference)'
        : null,
      items: rows.map((r) => ({
        rank: r.rank,
        score: r.score,
        capability: { id: r.capability_id, title: r.title, kind: r.kind },
        organization: { id: r.org_id, name: r.org_name, kind: r.org_kind, district: r.org_district },
        explanation: r.explanation,
        nearMiss: r.near_miss,
      })),
    };
  }
}
