import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { isUuid } from '../../common/domain/uuid.js';
import type { District, OrganizationKind } from '../../common/domain/vocabulary.js';
import { MaintenanceJobsService } from '../../jobs/maintenance-jobs.service.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { CatalogIndexService } from '../matching/catalog-index.service.js';
import { needProfile } from '../matching/scoring/profiles.js';
import { ChallengeEventsService } from './challenge-events.service.js';
import { ChallengeNotifier } from './challenge-notifier.js';
import { readChallenge, type ChallengeRecord } from './challenge-record.js';
import { INVITATION_JOB, INVITATION_SCHEDULER } from './invitation-job.js';

/** Organisations invited per challenge. */
export const MAX_INVITED = 10;
/** Capabilities ranked to find them (several may belong to one organisation). */
const RANKED = 100;

interface Owner {
  id: string;
  name: string;
  kind: OrganizationKind;
  district: District;
}

/**
 * Publication's invitations: the challenge is ranked as a need would be (the same analyzer, candidates, scoring and
 * floor: matching's catalogue index), and the owners of the best capabilities above the floor, eligible by kind and
 * location and other than the issuer, are invited — at most ten, each told why in the engine's own words. Recorded as
 * `invitation` events (and a summary row, so a redelivered job does nothing).
 */
@Injectable()
export class InvitationsService implements OnModuleInit {
  private readonly logger = new Logger('ChallengeInvitations');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly maintenance: MaintenanceJobsService,
    private readonly catalog: CatalogIndexService,
    private readonly uow: UnitOfWork,
    private readonly trail: ChallengeEventsService,
    private readonly notifier: ChallengeNotifier,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({
      name: INVITATION_JOB,
      handler: (data) => {
        if (!isUuid(data.challengeId)) throw new UnrecoverableError(`malformed ${INVITATION_JOB} payload`);
        return this.invite(data.challengeId);
      },
      schedulerId: INVITATION_SCHEDULER,
      schedule: null,
    });
  }

  async invite(challengeId: string): Promise<{ invited: number } | { skipped: string }> {
    const c = await readChallenge(this.dataSource.manager, challengeId);
    if (!c) return { skipped: 'no such challenge' };
    if (c.status !== 'published') return { skipped: `challenge is ${c.status}` };
    const [done] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM challenge_events WHERE challenge_id = $1 AND kind = 'invitation' AND data @> '{"summary": true}'`,
      [c.id],
    );
    if (done) return { skipped: 'already invited' };
    const chosen = await this.rank(c);
    await this.uow.run(async (tx) => {
      // Still published, and not invited by a concurrent run: the row lock decides.
      const locked = await readChallenge(tx.manager, c.id, true);
      const [again] = await tx.manager.query<unknown[]>(
        `SELECT 1 FROM challenge_events WHERE challenge_id = $1 AND kind = 'invitation' AND data @> '{"summary": true}'`,
        [c.id],
      );
      if (!locked || locked.status !== 'published' || again) return;
      for (const x of chosen) {
        await this.trail.record(tx, {
          challengeId: c.id,
          actorId: null,
          kind: 'invitation',
          note: `邀请揭榜 / invited: ${x.owner.name}`,
          data: {
            organization: x.owner,
            capabilities: x.capabilities,
            score: x.score,
            reason: x.reason,
          },
        });
        await this.notifier.notify(tx, c, 'invitation', {
          organizationIds: [x.owner.id],
          title:
            '邀请揭榜：贵单位的成果与榜单高度相关 / you are invited to apply: your capabilities fit this challenge',
          body: [
            `推荐理由 / why: ${x.reason.zh}`,
            x.reason.en,
            `相关成果 / your capabilities: ${x.capabilities.map((k) => `“${k.title}”`).join('、')}`,
            `榜额 / funding: ${c.fundingTotalYuan} 元 / yuan；申报截止 / applications close: ${new Date(c.applicationDeadline).toISOString()}`,
          ].join('\n'),
          payload: { capabilityIds: x.capabilities.map((k) => k.id), reason: x.reason, score: x.score },
        });
      }
      await this.trail.record(tx, {
        challengeId: c.id,
        actorId: null,
        kind: 'invitation',
        note: `已邀请 ${chosen.length} 家单位 / ${chosen.length} organisations invited`,
        data: { summary: true, invited: chosen.length },
      });
    });
    this.logger.log({ challengeId: c.id, invited: chosen.length }, 'challenge invitations sent');
    return { invited: chosen.length };
  }

  /** The best eligible capability owners for the challenge, by the matching engine, with the best pair's reason. */
  private async rank(c: ChallengeRecord): Promise<
    Array<{
      owner: Owner;
      capabilities: Array<{ id: string; title: string; score: number }>;
      score: number;
      reason: { zh: string; en: string };
    }>
  > {
    const index = await this.catalog.readyToRank();
    const [issuer] = await this.dataSource.query<Array<{ district: District }>>(
      `SELECT district FROM organizations WHERE id = $1`,
      [c.issuerOrganizationId],
    );
    // The challenge as the need it states: its problem and indicators are what it asks for.
    const profile = needProfile({
      id: c.id,
      version: c.version,
      organizationId: c.issuerOrganizationId,
      kind: 'technical_problem',
      status: 'open',
      title: c.title,
      description: [c.problem, ...c.indicators.map((i) => `要求${i.name}达到${i.target}${i.unit}`)].join('\n'),
      keywords: c.keywords,
      sectors: c.sectorKeys,
      cooperationModes: ['commissioned_development', 'joint_development'],
      district: issuer?.district ?? 'outside',
    });
    const ranked = index.rank(profile, RANKED);
    const ownerIds = [
      ...new Set(ranked.map((r) => index.capabilities.payload(r.capabilityId)?.organizationId).filter(Boolean)),
    ] as string[];
    const owners = new Map(
      (
        await this.dataSource.query<Owner[]>(
          `SELECT id, name, kind, district FROM organizations WHERE id = ANY($1::uuid[])`,
          [ownerIds],
        )
      ).map((o) => [o.id, o]),
    );
    const e = c.eligibility;
    const eligible = (o: Owner) =>
      o.id !== c.issuerOrganizationId &&
      e.organizationKinds.includes(o.kind) &&
      (o.district === 'outside' ? e.allowOutside : !e.districts.length || e.districts.includes(o.district));
    const byOwner = new Map<
      string,
      {
        owner: Owner;
        capabilities: Array<{ id: string; title: string; score: number }>;
        score: number;
        reason: { zh: string; en: string };
      }
    >();
    for (const r of ranked) {
      const cap = index.capabilities.payload(r.capabilityId);
      const owner = cap && owners.get(cap.organizationId);
      if (!cap || !owner || !eligible(owner)) continue;
      const known = byOwner.get(owner.id);
      if (known) {
        if (known.capabilities.length < 3) known.capabilities.push({ id: cap.id, title: cap.title, score: r.score });
        continue;
      }
      if (byOwner.size >= MAX_INVITED) continue;
      byOwner.set(owner.id, {
        owner,
        capabilities: [{ id: cap.id, title: cap.title, score: r.score }],
        score: r.score,
        reason: r.explanation.summary,
      });
    }
    return [...byOwner.values()];
  }
}
