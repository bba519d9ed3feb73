import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { MaintenanceJobsService } from '../../../jobs/maintenance-jobs.service.js';
import { RANKER_JOBS, RANKER_TRAIN_SCHEDULER, type RankerTrainPayload } from './ranker-jobs.js';
import { RankerModelsRepository } from './ranker-models.repository.js';
import { asRankerModel, RankerService, SHIPPED_RANKER_MODEL } from './ranker.service.js';
import type { RankerModel } from './ranker.js';
import { trainCandidate, usable, type Decision, type TrainingMetrics } from './training.js';
import { isUuid } from '../../../common/domain/uuid.js';

export type TrainingResult =
  | { outcome: 'refused'; reason: string }
  | { outcome: 'active' | 'rejected'; version: string; verdict: string; rematchJobId: string | null };

/**
 * The training job (maintenance queue, daily and on demand): reads coordinators' decisions, fits a candidate on the
 * training needs' decisions, judges it against the active model on the held-out needs' decisions (training.ts),
 * stores it with both models' figures, active when it is better, and then has every suggestion re-scored by it.
 */
@Injectable()
export class RankerTrainingService implements OnModuleInit {
  private readonly logger = new Logger('RankerTraining');

  constructor(
    private readonly repo: RankerModelsRepository,
    private readonly ranker: RankerService,
    private readonly maintenance: MaintenanceJobsService,
    @Inject(SHIPPED_RANKER_MODEL) private readonly shipped: RankerModel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const cron = this.config.ranker.trainCron;
    this.maintenance.register({
      name: RANKER_JOBS.train,
      handler: (data) => this.train(data),
      schedulerId: RANKER_TRAIN_SCHEDULER,
      schedule: cron ? { pattern: cron } : null,
    });
  }

  async train(payload: RankerTrainPayload = {}): Promise<TrainingResult> {
    const requestedBy = isUuid(payload.requestedBy) ? payload.requestedBy : null;
    const decisions: Decision[] = [];
    for (const d of await this.repo.decisions()) {
      const features = usable(d.features, this.shipped.features);
      if (features) decisions.push({ ...d, features });
    }
    const at = new Date();
    const result = await this.repo.withModelsLock(async (m): Promise<TrainingResult> => {
      // Judged against the model active now (read under the lock: an admin's activation cannot slip in between).
      const activeRow = await this.repo.active(m);
      const current = asRankerModel(activeRow?.model) ?? this.shipped;
      const outcome = trainCandidate(this.shipped, current, decisions, at);
      if (outcome.kind === 'refused') {
        this.logger.log({ reason: outcome.reason, ...outcome.counts }, 'not enough decisions to learn from');
        return { outcome: 'refused', reason: outcome.reason };
      }
      const metrics: TrainingMetrics = outcome.metrics;
      let version = outcome.candidate.version;
      // Two trainings within one second (never expected) get distinct versions.
      for (let n = 2; (await this.repo.findByVersion(m, version)) !== null; n++) {
        version = `${outcome.candidate.version}-${n}`;
      }
      await this.repo.insert(m, {
        version,
        status: outcome.verdict.promote ? 'candidate' : 'rejected',
        model: { ...outcome.candidate, version },
        metrics: { ...metrics },
        decisions: metrics.training.decisions + metrics.heldOut.decisions,
        note: requestedBy ? '管理员手动训练 / trained on an admin’s request' : '定时训练 / scheduled training',
      });
      if (outcome.verdict.promote) await this.repo.activate(m, version, null);
      this.logger.log(
        { version, promoted: outcome.verdict.promote, verdict: outcome.verdict.reason, requestedBy },
        outcome.verdict.promote ? 'a model learned from decisions is now active' : 'the learned model is not better',
      );
      return {
        outcome: outcome.verdict.promote ? 'active' : 'rejected',
        version,
        verdict: outcome.verdict.reason,
        rematchJobId: null,
      };
    });
    if (result.outcome !== 'active') return result;
    this.ranker.invalidate();
    return { ...result, rematchJobId: await this.ranker.rematchEverything(requestedBy) };
  }
}
