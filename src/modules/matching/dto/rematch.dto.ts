import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { REMATCH_STATES, type RematchState } from '../rematch-run.entity.js';

export const MAX_REMATCH_IDS = 10_000;

/** Exactly one of `scope: "all"`, `needIds` or `capabilityIds`. */
export class RematchDto {
  @ApiPropertyOptional({ enum: ['all'], example: 'all', description: 'Every open need against the whole catalogue' })
  @IsOptional()
  @IsIn(['all'], { message: 'scope 只能为 "all" / scope must be "all"' })
  scope?: 'all';

  @ApiPropertyOptional({ type: [String], example: ['3d1f0c4e-8a2b-4c6d-9e1f-2a3b4c5d6e7f'] })
  @IsOptional()
  @IsArray({ message: 'needIds 应为数组 / needIds must be an array' })
  @ArrayMinSize(1, { message: 'needIds 不能为空 / needIds must not be empty' })
  @ArrayMaxSize(MAX_REMATCH_IDS, { message: `needIds 最多${MAX_REMATCH_IDS}个 / at most ${MAX_REMATCH_IDS} ids` })
  @IsUUID('all', { each: true, message: 'needIds 的每一项应为需求ID / each of needIds must be a need id' })
  needIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray({ message: 'capabilityIds 应为数组 / capabilityIds must be an array' })
  @ArrayMinSize(1, { message: 'capabilityIds 不能为空 / capabilityIds must not be empty' })
  @ArrayMaxSize(MAX_REMATCH_IDS, { message: `capabilityIds 最多${MAX_REMATCH_IDS}个 / at most ${MAX_REMATCH_IDS} ids` })
  @IsUUID('all', {
    each: true,
    message: 'capabilityIds 的每一项应为成果ID / each of capabilityIds must be a capability id',
  })
  capabilityIds?: string[];
}

export class RematchAccepted {
  @ApiProperty({
    example: 'b3a1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    description: 'Follow it at GET /matching/jobs/{jobId}',
  })
  jobId: string;
}

export class RematchCounts {
  @ApiProperty({ example: 12, nullable: true, type: Number })
  chunks: number | null;
  @ApiProperty({ example: 5 })
  chunksDone: number;
  @ApiProperty({ example: 600, description: 'Needs or capabilities covered' })
  items: number;
  @ApiProperty({ example: 11800, description: 'Suggestions written so far' })
  suggestions: number;
}

export class RematchJobView {
  @ApiProperty({ example: 'b3a1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })
  id: string;
  @ApiProperty({ enum: REMATCH_STATES, example: 'active' })
  state: RematchState;
  @ApiProperty({ example: 42, minimum: 0, maximum: 100 })
  progress: number;
  @ApiProperty({ type: RematchCounts })
  counts: RematchCounts;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { scope: 'all' } })
  scope: unknown;
  @ApiProperty({ nullable: true, type: String })
  error: string | null;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  createdAt: Date;
  @ApiProperty({ nullable: true, type: Date })
  finishedAt: Date | null;
}
