import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import {
  CAPABILITY_KINDS,
  CAPABILITY_STATUSES,
  COOPERATION_MODES,
  DISTRICTS,
  IP_STATUSES,
  type CapabilityKind,
  type CapabilityStatus,
  type CooperationMode,
  type District,
  type IpStatus,
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
import { IsOptionalNonNull } from '../../../common/validation/decorators.js';

const trlMessage = 'trl 应为1到9的整数（GB/T 22900 技术就绪度）/ trl must be a whole number from 1 to 9';
const capacityMessage =
  'maxActiveIntroductions 应为1到1000的整数 / maxActiveIntroductions must be a whole number from 1 to 1000';

export class CreateCapabilityDto {
  @ApiPropertyOptional({ enum: CAPABILITY_KINDS, default: 'achievement', example: 'achievement' })
  @IsOptional()
  @IsIn(CAPABILITY_KINDS, {
    message: `kind 应为 ${CAPABILITY_KINDS.join(', ')} 之一 / kind must be one of ${CAPABILITY_KINDS.join(', ')}`,
  })
  kind?: CapabilityKind;

  @TitleField(true, '耐低温锂离子电池电解液')
  title: string;

  @DescriptionField(true, '新型电解液配方，零下40摄氏度下锂电池容量保持率85%，适用于寒区储能与电动汽车。')
  description: string;

  @SectorsField(['hitech:0603'])
  sectors?: string[];

  @KeywordsField(['电解液', '锂离子电池', '低温'])
  keywords?: string[];

  @ApiPropertyOptional({
    example: 6,
    minimum: 1,
    maximum: 9,
    nullable: true,
    type: Number,
    description: '技术就绪度 TRL 1–9 (GB/T 22900)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: trlMessage })
  @Min(1, { message: trlMessage })
  @Max(9, { message: trlMessage })
  trl?: number | null;

  @ApiPropertyOptional({ enum: IP_STATUSES, example: 'patent_granted', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(IP_STATUSES, {
    message: `ipStatus 应为 ${IP_STATUSES.join(', ')} 之一 / ipStatus must be one of ${IP_STATUSES.join(', ')}`,
  })
  ipStatus?: IpStatus | null;

  @CooperationModesField(['license', 'transfer'])
  cooperationModes?: CooperationMode[];

  @DistrictField()
  district?: District;

  @ApiPropertyOptional({
    example: 3,
    nullable: true,
    type: Number,
    description: 'How many introductions it can take at once (empty: no limit)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: capacityMessage })
  @Min(1, { message: capacityMessage })
  @Max(1000, { message: capacityMessage })
  maxActiveIntroductions?: number | null;

  @OrganizationIdField()
  organizationId?: string;
}

export class UpdateCapabilityDto {
  @ApiPropertyOptional({ enum: CAPABILITY_KINDS })
  @IsOptionalNonNull()
  @IsIn(CAPABILITY_KINDS, {
    message: `kind 应为 ${CAPABILITY_KINDS.join(', ')} 之一 / kind must be one of ${CAPABILITY_KINDS.join(', ')}`,
  })
  kind?: CapabilityKind;

  @TitleField(false, '耐低温锂离子电池电解液')
  title?: string;

  @DescriptionField(false, '……')
  description?: string;

  @SectorsField(['hitech:0603'])
  sectors?: string[];

  @KeywordsField(['电解液'])
  keywords?: string[];

  @ApiPropertyOptional({ example: 7, minimum: 1, maximum: 9, nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: trlMessage })
  @Min(1, { message: trlMessage })
  @Max(9, { message: trlMessage })
  trl?: number | null;

  @ApiPropertyOptional({ enum: IP_STATUSES, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(IP_STATUSES, {
    message: `ipStatus 应为 ${IP_STATUSES.join(', ')} 之一 / ipStatus must be one of ${IP_STATUSES.join(', ')}`,
  })
  ipStatus?: IpStatus | null;

  @CooperationModesField(['license'])
  cooperationModes?: CooperationMode[];

  @DistrictField()
  district?: District;

  @ApiPropertyOptional({ example: 3, nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: capacityMessage })
  @Min(1, { message: capacityMessage })
  @Max(1000, { message: capacityMessage })
  maxActiveIntroductions?: number | null;

  @ApiPropertyOptional({ enum: CAPABILITY_STATUSES, description: 'withdrawn capabilities get no new suggestions' })
  @IsOptionalNonNull()
  @IsIn(CAPABILITY_STATUSES, { message: 'status 应为 active 或 withdrawn / status must be active or withdrawn' })
  status?: CapabilityStatus;
}

export class CapabilityQuery extends ListingQuery {
  @ApiPropertyOptional({ enum: CAPABILITY_STATUSES })
  @IsOptional()
  @IsIn(CAPABILITY_STATUSES, { message: 'status 应为 active 或 withdrawn / status must be active or withdrawn' })
  status?: CapabilityStatus;

  @ApiPropertyOptional({ enum: CAPABILITY_KINDS })
  @IsOptional()
  @IsIn(CAPABILITY_KINDS, { message: 'kind 无效 / unknown kind' })
  kind?: CapabilityKind;
}

export class CapabilityView {
  @ApiProperty({ example: '7a9c1e2d-4b3f-4d5e-8f6a-1b2c3d4e5f60' })
  id: string;
  @ApiProperty({ example: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  organizationId: string;
  @ApiProperty({ example: '示例理工大学' })
  organizationName: string;
  @ApiProperty({ enum: CAPABILITY_KINDS, example: 'achievement' })
  kind: CapabilityKind;
  @ApiProperty({ example: '耐低温锂离子电池电解液' })
  title: string;
  @ApiProperty({ example: '新型电解液配方……' })
  description: string;
  @ApiProperty({ example: ['hitech:0603'], type: [String] })
  sectors: string[];
  @ApiProperty({ example: ['电解液', '锂离子电池'], type: [String] })
  keywords: string[];
  @ApiProperty({ example: 6, nullable: true, type: Number })
  trl: number | null;
  @ApiProperty({ enum: IP_STATUSES, nullable: true, example: 'patent_granted' })
  ipStatus: IpStatus | null;
  @ApiProperty({ example: ['license'], enum: COOPERATION_MODES, isArray: true })
  cooperationModes: CooperationMode[];
  @ApiProperty({ enum: DISTRICTS, example: '南岗' })
  district: District;
  @ApiProperty({ example: 3, nullable: true, type: Number })
  maxActiveIntroductions: number | null;
  @ApiProperty({ enum: CAPABILITY_STATUSES, example: 'active' })
  status: CapabilityStatus;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  createdAt: Date;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  updatedAt: Date;
}

export class CapabilityPage {
  @ApiProperty({ type: [CapabilityView] })
  items: CapabilityView[];
  @ApiProperty({ example: 1 })
  total: number;
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
}

export class CapabilityBatchResult {
  @ApiProperty({ type: [CapabilityView], description: 'The created capabilities, in the order given' })
  items: CapabilityView[];
}
