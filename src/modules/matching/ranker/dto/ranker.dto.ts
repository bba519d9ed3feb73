import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageMeta } from '../../../../common/pagination/pagination.js';
import { RANKER_MODEL_STATUSES, type RankerModelStatus } from '../ranker-model.entity.js';

/** What a model version may be called in a path: the shipped release's name or `install-<UTC time>`. */
export const MODEL_VERSION = /^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,99}$/;

export class ActivatorView {
  @ApiProperty({ example: '5f0c6a52-3f0e-4a55-9b4e-2f8f3c1d7a10' }) id: string;
  @ApiProperty({ example: '系统管理员' }) name: string;
}

export class DecisionTallyView {
  @ApiProperty({ example: 240 }) decisions: number;
  @ApiProperty({ example: 31 }) approvals: number;
  @ApiProperty({ example: 209 }) rejections: number;
  @ApiProperty({ example: 61 }) needs: number;
}

export class HeldOutFiguresView {
  @ApiProperty({ example: 0.2811 }) logLoss: number;
  @ApiProperty({ example: 0.8123 }) auc: number;
  @ApiProperty({ nullable: true, type: Number, example: 0.21 }) precisionAboveFloor: number | null;
  @ApiProperty({ example: 38 }) aboveFloor: number;
}

export class CurrentFiguresView extends HeldOutFiguresView {
  @ApiProperty({ example: 'tm-ranker-2026.12' }) version: string;
}

/** A learned model's held-out comparison, or a shipped one's `{ shipped: true, judged }`. */
export class RankerMetricsView {
  @ApiPropertyOptional({ description: 'A shipped model (its figures are `judged`)' }) shipped?: boolean;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'A shipped model’s figures on the judged set',
  })
  judged?: Record<string, number>;
  @ApiPropertyOptional({ example: 'tm-ranker-2026.12' }) base?: string;
  @ApiPropertyOptional({ type: DecisionTallyView }) training?: DecisionTallyView;
  @ApiPropertyOptional({ type: DecisionTallyView }) heldOut?: DecisionTallyView;
  @ApiPropertyOptional({ type: HeldOutFiguresView }) candidate?: HeldOutFiguresView;
  @ApiPropertyOptional({ type: CurrentFiguresView }) current?: CurrentFiguresView;
  @ApiPropertyOptional({ example: 0.996 }) aucGainConfidence?: number;
  @ApiPropertyOptional({ example: 'held-out log loss 0.2811 < 0.3012' }) verdict?: string;
}

export class RankerModelView {
  @ApiProperty({ example: 'install-20261130T033000Z' }) version: string;
  @ApiProperty({
    enum: RANKER_MODEL_STATUSES,
    example: 'active',
    description:
      '`active`: scores suggestions now (one at a time). `retired`: was active. `rejected`: learned from decisions ' +
      'but not better than the model active then. `candidate`: stored, never active.',
  })
  status: RankerModelStatus;
  @ApiProperty({
    example: 'tm-ranker-2026.12',
    description: 'The shipped model it was built on (itself for a shipped one)',
  })
  base: string;
  @ApiProperty({ example: true, description: 'Whether this release can make it active (built on its shipped model)' })
  activatable: boolean;
  @ApiProperty({
    example: 312,
    description: 'Coordinator decisions it was trained and judged on (0 for a shipped one)',
  })
  decisions: number;
  @ApiProperty({
    type: RankerMetricsView,
    description:
      'For a learned model, the held-out comparison it was judged by: `training` and `heldOut` counts, `candidate` ' +
      'and `current` (log loss, AUC, precision of the approvals above the floor), `aucGainConfidence`, `verdict`. ' +
      'For a shipped one, its figures on the judged set (`judged`).',
    example: {
      base: 'tm-ranker-2026.12',
      training: { decisions: 240, approvals: 31, rejections: 209, needs: 61 },
      heldOut: { decisions: 72, approvals: 9, rejections: 63, needs: 20 },
      candidate: { logLoss: 0.2811, auc: 0.8123, precisionAboveFloor: 0.21, aboveFloor: 38 },
      current: {
        version: 'tm-ranker-2026.12',
        logLoss: 0.3012,
        auc: 0.7744,
        precisionAboveFloor: 0.17,
        aboveFloor: 41,
      },
      aucGainConfidence: 0.996,
      verdict: 'held-out log loss 0.2811 < 0.3012, AUC 0.8123 > 0.7744 (higher in 100% of resamples)',
    },
  })
  metrics: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, example: '定时训练 / scheduled training' }) note: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When it last became active' }) activatedAt: Date | null;
  @ApiProperty({
    type: ActivatorView,
    nullable: true,
    description: 'The admin who made it active; null when it became active by itself (release, training)',
  })
  activatedBy: ActivatorView | null;
}

export class RankerModelPage extends PageMeta {
  @ApiProperty({ type: [RankerModelView] }) items: RankerModelView[];
}

export class RankerActivated {
  @ApiProperty({ type: RankerModelView }) model: RankerModelView;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The rematch of everything that re-scores suggestions with it (follow it at GET /matching/jobs/{id}); null when ' +
      'one was already under way: another follows it by itself',
  })
  rematchJobId: string | null;
}

export class TrainingAccepted {
  @ApiProperty({
    example: 'ranker-train-3d1f0c4e-8a2b-4c6d-9e1f-2a3b4c5d6e7f',
    description: 'See GET /admin/jobs if it fails',
  })
  jobId: string;
}

export class DecisionCounts {
  @ApiProperty({ example: 52, description: 'Approved, or taken further (introduced … closed without a deal)' })
  approvals: number;
  @ApiProperty({ example: 230, description: 'Rejected as not relevant, wrong stage, unclear need, or other' })
  rejections: number;
  @ApiProperty({ example: 14, description: 'Rejected because the parties already cooperate: not learned from' })
  alreadyCooperating: number;
  @ApiProperty({ example: 40, description: 'Decisions needed before a training fits anything' })
  minDecisions: number;
  @ApiProperty({ example: 10, description: 'Of each kind (approvals, rejections)' })
  minPerClass: number;
}
