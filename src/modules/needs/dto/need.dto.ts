import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import {
  DISTRICTS,
  NEED_KINDS,
  NEED_STATUSES,
  VISIBILITIES,
  COOPERATION_MODES,
  type CooperationMode,
  type District,
  type NeedKind,
  type NeedStatus,
  type Visibility,
} from '../../../common/domain/vocabulary.js';
import {
  CooperationModesField,
  DescriptionField,
  DistrictField,
  KeywordsField,
  OrganizationIdField,
  SectorsField,
  TitleField,
} from '../../../common/listing/listing-fields.js';
import { ListingQuery } from '../../../common/listing/listing-query.js';
import { IsCalendarDate, IsOptionalNonNull } from '../../../common/validation/decorators.js';

export const MAX_BUDGET = 100_000_000_000; // 1,000 亿元

export class BudgetDto {
  @ApiPropertyOptional({ example: 500000, description: 'Yuan (CNY), a whole number', nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'budget.min 应为整数（元）/ budget.min must be a whole number of yuan' })
  @Min(0, { message: 'budget.min 不能为负 / budget.min must not be negative' })
  @Max(MAX_BUDGET, { message: 'budget.min 过大 / budget.min is too large' })
  min?: number | null;

  @ApiPropertyOptional({ example: 2000000, description: 'Yuan (CNY), a whole number', nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'budget.max 应为整数（元）/ budget.max must be a whole number of yuan' })
  @Min(0, { message: 'budget.max 不能为负 / budget.max must not be negative' })
  @Max(MAX_BUDGET, { message: 'budget.max 过大 / budget.max is too large' })
  max?: number | null;
}

export class CreateNeedDto {
  @ApiPropertyOptional({ enum: NEED_KINDS, default: 'technical_problem', example: 'technical_problem' })
  @IsOptional()
  @IsIn(NEED_KINDS, {
    message: `kind 应为 ${NEED_KINDS.join(', ')} 之一 / kind must be one of ${NEED_KINDS.join(', ')}`,
  })
  kind?: NeedKind;

  @TitleField(true, '寒地储能锂电池低温容量衰减')
  title: string;

  @DescriptionField(
    true,
    '我公司储能电站位于哈尔滨，冬季零下30度时锂电池容量下降40%以上，寻求耐低温电解液或电池热管理方案。',
  )
  description: string;

  @SectorsField(['hitech:0603'])
  sectors?: string[];

  @KeywordsField(['锂电池', '低温'])
  keywords?: string[];

  @CooperationModesField(['joint_development', 'license'])
  cooperationModes?: CooperationMode[];

  @ApiPropertyOptional({ type: BudgetDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget?: BudgetDto;

  @ApiPropertyOptional({
    example: '2027-06-30',
    nullable: true,
    type: String,
    description: 'YYYY-MM-DD; the need closes itself after it',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate('deadline')
  deadline?: string | null;

  @DistrictField()
  district?: District;

  @ApiPropertyOptional({
    enum: VISIBILITIES,
    default: 'public',
    description: 'restricted: seen only by the owner and coordinators',
  })
  @IsOptional()
  @IsIn(VISIBILITIES, { message: 'visibility 应为 public 或 restricted / visibility must be public or restricted' })
  visibility?: Visibility;

  @OrganizationIdField()
  organizationId?: string;
}

export class UpdateNeedDto {
  @ApiPropertyOptional({ enum: NEED_KINDS })
  @IsOptionalNonNull()
  @IsIn(NEED_KINDS, {
    message: `kind 应为 ${NEED_KINDS.join(', ')} 之一 / kind must be one of ${NEED_KINDS.join(', ')}`,
  })
  kind?: NeedKind;

  @TitleField(false, '寒地储能锂电池低温容量衰减')
  title?: string;

  @DescriptionField(false, '……')
  description?: string;

  @SectorsField(['hitech:0603'])
  sectors?: string[];

  @KeywordsField(['锂电池', '低温'])
  keywords?: string[];

  @CooperationModesField(['joint_development'])
  cooperationModes?: CooperationMode[];

  @ApiPropertyOptional({ type: BudgetDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget?: BudgetDto;

  @ApiPropertyOptional({ example: '2027-06-30', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate('deadline')
  deadline?: string | null;

  @DistrictField()
  district?: District;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptionalNonNull()
  @IsIn(VISIBILITIES, { message: 'visibility 应为 public 或 restricted / visibility must be public or restricted' })
  visibility?: Visibility;

  @ApiPropertyOptional({ enum: NEED_STATUSES, description: 'paused or closed needs get no new suggestions' })
  @IsOptionalNonNull()
  @IsIn(NEED_STATUSES, { message: 'status 应为 open、paused 或 closed / status must be open, paused or closed' })
  status?: NeedStatus;
}

export class NeedQuery extends ListingQuery {
  @ApiPropertyOptional({ enum: NEED_STATUSES })
  @IsOptional()
  @IsIn(NEED_STATUSES, { message: 'status 应为 open、paused 或 closed / status must be open, paused or closed' })
  status?: NeedStatus;

  @ApiPropertyOptional({ enum: NEED_KINDS })
  @IsOptional()
  @IsIn(NEED_KINDS, { message: 'kind 无效 / unknown kind' })
  kind?: NeedKind;
}

export class BudgetView {
  @ApiProperty({ example: 500000, nullable: true, type: Number })
  min: number | null;
  @ApiProperty({ example: 2000000, nullable: true, type: Number })
  max: number | null;
}

export class NeedView {
  @ApiProperty({ example: '3d1f0c4e-8a2b-4c6d-9e1f-2a3b4c5d6e7f' })
  id: string;
  @ApiProperty({ example: '0b7e1d2c-6a4f-4c1e-8d3b-9f2a7e5c4b31' })
  organizationId: string;
  @ApiProperty({ example: '示例甲科技有限公司' })
  organizationName: string;
  @ApiProperty({ enum: NEED_KINDS, example: 'technical_problem' })
  kind: NeedKind;
  @ApiProperty({ example: '寒地储能锂电池低温容量衰减' })
  title: string;
  @ApiProperty({ example: '我公司储能电站位于哈尔滨……' })
  description: string;
  @ApiProperty({ example: ['hitech:0603'], type: [String] })
  sectors: string[];
  @ApiProperty({ example: ['锂电池', '低温'], type: [String] })
  keywords: string[];
  @ApiProperty({ example: ['joint_development'], enum: COOPERATION_MODES, isArray: true })
  cooperationModes: CooperationMode[];
  @ApiProperty({ type: BudgetView })
  budget: BudgetView;
  @ApiProperty({ example: '2027-06-30', nullable: true, type: String })
  deadline: string | null;
  @ApiProperty({ enum: DISTRICTS, example: '平房' })
  district: District;
  @ApiProperty({ enum: VISIBILITIES, example: 'public' })
  visibility: Visibility;
  @ApiProperty({ enum: NEED_STATUSES, example: 'open' })
  status: NeedStatus;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  createdAt: Date;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  updatedAt: Date;
}

export class NeedPage {
  @ApiProperty({ type: [NeedView] })
  items: NeedView[];
  @ApiProperty({ example: 1 })
  total: number;
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
}

export class NeedBatchResult {
  @ApiProperty({ type: [NeedView], description: 'The created needs, in the order given' })
  items: NeedView[];
}
