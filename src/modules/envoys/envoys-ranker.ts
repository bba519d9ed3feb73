import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { isUuid } from '../../common/domain/uuid.js';
import type { District } from '../../common/domain/vocabulary.js';
import { MaintenanceJobsService } from '../../jobs/maintenance-jobs.service.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { CatalogIndexService } from '../matching/catalog-index.service.js';
import { needProfile } from '../matching/scoring/profiles.js';
import { ENVOYS_RANK_JOB, ENVOYS_RANK_SCHEDULER } from './envoys-jobs.js';

/** Candidates kept per post. */
export const CANDIDATES_KEPT = 20;

interface PostRow {
  id: string;
  organization_id: string;
  title: string;
  field: string;
  tasks: string;
  keywords: string[];
  district: District;
  status: string;
}

/**
 * The worker's job `envoys.rank-post`: the post is ranked as a `talent` need would be (matching's catalogue index:
 * the same analyzer, candidates, scoring, floor and explanations), keeping `expertise` capabilities (and, when none
 * passes the floor, the closest below it as near misses), and the result replaces the post's candidates in one
 * transaction (audited as a `candidates` event). A post closed meanwhile is left alone (`{skipped}`), checked under
 * the post's lock.
 */
@Injectable()
export class EnvoysRanker implements OnModuleInit {
  private readonly logger = new Logger('EnvoysRanker');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly maintenance: MaintenanceJobsService,
    private readonly catalog: CatalogIndexService,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({
      name: ENVOYS_RANK_JOB,
      handler: (data) => {
        if (!isUuid(data.postId)) throw new UnrecoverableError(`malformed ${ENVOYS_RANK_JOB} payload`);
        return this.rank(data.postId);
      },
      schedulerId: ENVOYS_RANK_SCHEDULER,
      schedule: null,
    });
  }

  async rank(postId: string): Promise<{ candidates: number; nearMisses?: number } | { skipped: string }> {
    const [post] = await this.dataSource.query<PostRow[]>(
      `SELECT id, organization_id, title, field, tasks, keywords, district, status FROM secondment_posts WHERE id = $1`,
      [postId],
    );
    if (!post) return { skipped: 'no such post' };
    if (post.status === 'closed') return { skipped: 'post is closed' };
    const index = await this.catalog.readyToRank();
    const profile = needProfile({
      id: post.id,
      version: 1,
      organizationId: post.organization_id,
      kind: 'talent',
      status: 'open',
      title: post.title,
      description: post.tasks,
      keywords: post.keywords,
      sectors: [post.field],
      cooperationModes: ['talent_secondment'],
      district: post.district,
    });
    const isExpertise = (capabilityId: string) => index.capabilities.payload(capabilityId)?.kind === 'expertise';
    // Only experts compete: other kinds (achievements, equipment…) are left out of the ranking rather than filtered
    // out of its top k afterwards, so that they neither crowd the experts out nor hide the experts' near misses (the
    // engine gives near misses only when nothing passes its floor). Each expert is still scored against the need's
    // best candidate of any kind, as a talent need's suggestions are.
    const others = new Set<string>();
    for (const id of index.capabilities.documentIds()) if (!isExpertise(id)) others.add(id);
    const result = index.rankWithNearMisses(profile, CANDIDATES_KEPT, others);
    const ranked = result.ranked.filter((r) => isExpertise(r.capabilityId));
    const rows = ranked.map((r, i) => ({
      capabilityId: r.capabilityId,
      rank: i + 1,
      score: r.score,
      explanation: JSON.stringify(r.explanation),
      nearMiss: false,
    }));
    // Near misses (the engine gives them when nothing passes its floor): the closest experts below it, each with the
    // full explanation of its pairing (as a match's), ranked after the suggestions.
    if (!ranked.length && result.nearMisses.length) {
      const ctx = index.contextFor(profile);
      for (const miss of result.nearMisses) {
        if (!isExpertise(miss.capabilityId) || rows.some((r) => r.capabilityId === miss.capabilityId)) continue;
        const pair = ctx ? index.scoreWith(profile, ctx, miss.capabilityId, true) : null;
        rows.push({
          capabilityId: miss.capabilityId,
          rank: rows.length + 1,
          score: miss.score,
          explanation: JSON.stringify(pair?.explanation ?? { summary: miss.summary }),
          nearMiss: true,
        });
      }
    }
    const suggested = rows.filter((r) => !r.nearMiss).length;
    const nearMisses = rows.length - suggested;
    const outcome = await this.uow.run(async (tx): Promise<{ candidates: number } | { skipped: string }> => {
      const [locked] = await tx.manager.query<Array<{ status: string }>>(
        `SELECT status FROM secondment_posts WHERE id = $1 FOR UPDATE`,
        [postId],
      );
      if (!locked) return { skipped: 'no such post' };
      // Closed while the engine was ranking: its candidates are left as they were.
      if (locked.status === 'closed') return { skipped: 'post is closed' };
      await tx.manager.query(`DELETE FROM secondment_post_candidates WHERE post_id = $1`, [postId]);
      if (rows.length) {
        await tx.manager.query(
          `INSERT INTO secondment_post_candidates (post_id, capability_id, rank, score, explanation, near_miss, computed_at)
           SELECT $1, k.capability_id, k.rank, k.score, k.explanation, k.near_miss, now()
             FROM unnest($2::uuid[], $3::int[], $4::float8[], $5::jsonb[], $6::boolean[])
                  AS k(capability_id, rank, score, explanation, near_miss)
             JOIN capabilities c ON c.id = k.capability_id`,
          [
            postId,
            rows.map((r) => r.capabilityId),
            rows.map((r) => r.rank),
            rows.map((r) => r.score),
            rows.map((r) => r.explanation),
            rows.map((r) => r.nearMiss),
          ],
        );
      }
      await tx.manager.query(
        `INSERT INTO secondment_events (post_id, subject, subject_id, actor_id, kind, note, data)
         VALUES ($1, 'candidates', $1, NULL, 'ranked', $2, $3)`,
        [
          postId,
          suggested
            ? `已推荐 ${suggested} 位专家 / ${suggested} experts ranked`
            : `暂无达标专家，接近的专家 ${nearMisses} 位 / no expert passes the floor, ${nearMisses} near misses`,
          JSON.stringify({
            candidates: suggested,
            nearMisses,
            capabilityIds: rows.filter((r) => !r.nearMiss).map((r) => r.capabilityId),
            nearMissIds: rows.filter((r) => r.nearMiss).map((r) => r.capabilityId),
          }),
        ],
      );
      return { candidates: suggested };
    });
    if ('skipped' in outcome) {
      this.logger.log({ postId, ...outcome }, 'secondment post ranking skipped');
      return outcome;
    }
    this.logger.log({ postId, candidates: suggested, nearMisses }, 'secondment post ranked');
    return { candidates: suggested, nearMisses };
  }
}
