import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { invalidField } from '../../../common/errors/app-errors.js';
import { pageOf, skipTake, type Page, type PageQuery } from '../../../common/pagination/pagination.js';
import { OutboxService } from '../../../jobs/outbox.service.js';
import { QUEUES } from '../../../jobs/queues.js';
import {
  MODEL_VERSION,
  type DecisionCounts,
  type RankerActivated,
  type RankerModelView,
  type TrainingAccepted,
} from './dto/ranker.dto.js';
import { RANKER_JOBS, type RankerTrainPayload } from './ranker-jobs.js';
import { RankerModelsRepository, type ModelRow } from './ranker-models.repository.js';
import { asRankerModel, baseOf, RankerService, SHIPPED_RANKER_MODEL } from './ranker.service.js';
import type { RankerModel } from './ranker.js';
import { MIN_DECISIONS, MIN_PER_CLASS } from './training.js';

/** Admins' use cases of the re-ranker: its versions, going back to one, and training now. */
@Injectable()
export class RankerAdminService {
  constructor(
    private readonly repo: RankerModelsRepository,
    private readonly ranker: RankerService,
    private readonly outbox: OutboxService,
    @Inject(SHIPPED_RANKER_MODEL) private readonly shipped: RankerModel,
  ) {}

  async list(q: PageQuery): Promise<Page<RankerModelView>> {
    const { skip, take } = skipTake(q);
    const { rows, total } = await this.repo.list(skip, take);
    return pageOf(
      rows.map((r) => this.view(r)),
      total,
      q,
    );
  }

  async activate(version: string, by: string): Promise<RankerActivated> {
    if (!MODEL_VERSION.test(version)) {
      throw invalidField(
        'version',
        '模型版本号只能由字母、数字和 _ . : + - 组成（最多100个字符）/ a model version is letters, digits and _ . : + - (at most 100)',
      );
    }
    const { row, rematchJobId } = await this.ranker.activate(version, by);
    return { model: this.view(row), rematchJobId };
  }

  /** Queues a training run now (the worker runs it; a failure shows at GET /admin/jobs). */
  async train(by: string): Promise<TrainingAccepted> {
    const jobId = `ranker-train-${randomUUID()}`;
    const data: RankerTrainPayload = { requestedBy: by };
    await this.outbox.enqueue([{ queue: QUEUES.maintenance, name: RANKER_JOBS.train, jobId, data: { ...data } }]);
    return { jobId };
  }

  async decisions(): Promise<DecisionCounts> {
    return { ...(await this.repo.decisionCounts()), minDecisions: MIN_DECISIONS, minPerClass: MIN_PER_CLASS };
  }

  private view(r: ModelRow): RankerModelView {
    const base = baseOf(r);
    return {
      version: r.version,
      status: r.status,
      base,
      activatable: r.status !== 'active' && base === this.shipped.version && asRankerModel(r.model) !== null,
      decisions: r.decisions,
      metrics: r.metrics,
      note: r.note,
      createdAt: r.created_at,
      activatedAt: r.activated_at,
      activatedBy: r.activated_by ? { id: r.activated_by, name: r.activated_by_name ?? '' } : null,
    };
  }
}
