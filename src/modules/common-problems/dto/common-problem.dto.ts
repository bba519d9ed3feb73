import { IsOptionalNonNull } from '../../../common/validation/decorators.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';
import { DISTRICTS, NEED_STATUSES, VISIBILITIES } from '../../../common/domain/vocabulary.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { COMMON_PROBLEM_STATUSES, type CommonProblemStatus } from '../common-problem.entity.js';

const STATUS_MESSAGE =
  'status 应为 candidate、confirmed 或 dismissed / status must be candidate, confirmed or dismissed';

export class CommonProblemQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: COMMON_PROBLEM_STATUSES,
    description: 'Coordinators: any (all when absent). Other signed-in users: confirmed only.',
  })
  @IsOptional()
  @IsIn(COMMON_PROBLEM_STATUSES, { message: STATUS_MESSAGE })
  status?: CommonProblemStatus;
}

export class UpdateCommonProblemDto {
  @ApiPropertyOptional({ example: '烧结烟气低温脱硝（共性技术难题）', maxLength: 200 })
  @IsOptionalNonNull()
  @IsString({ message: 'title 应为文本 / title must be text' })
  @MaxLength(200, { message: 'title 最多200字 / title must be at most 200 characters' })
  title?: string;

  @ApiPropertyOptional({ example: '三家企业的需求都要求在 250℃ 以下完成烟气脱硝……', maxLength: 4000 })
  @IsOptionalNonNull()
  @IsString({ message: 'summary 应为文本 / summary must be text' })
  @MaxLength(4000, { message: 'summary 最多4000字 / summary must be at most 4000 characters' })
  summary?: string;

  @ApiPropertyOptional({ type: [String], description: 'Open needs to add (of any organisation)' })
  @IsOptionalNonNull()
  @IsArray({ message: 'addNeedIds 应为数组 / addNeedIds must be an array' })
  @ArrayMaxSize(30, { message: 'addNeedIds 最多30项 / at most 30 ids' })
  @IsUUID('all', { each: true, message: 'addNeedIds 的每一项应为需求ID / each of addNeedIds must be a need id' })
  addNeedIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Member needs to remove' })
  @IsOptionalNonNull()
  @IsArray({ message: 'removeNeedIds 应为数组 / removeNeedIds must be an array' })
  @ArrayMaxSize(30, { message: 'removeNeedIds 最多30项 / at most 30 ids' })
  @IsUUID('all', {
    each: true,
    message: 'removeNeedIds 的每一项应为需求ID / each of removeNeedIds must be a need id',
  })
  removeNeedIds?: string[];

  @ApiPropertyOptional({ description: 'A member need whose organisation should lead' })
  @IsOptionalNonNull()
  @IsUUID('all', { message: 'leadNeedId 应为需求ID / leadNeedId must be a need id' })
  leadNeedId?: string;

  @ApiPropertyOptional({ example: 3, description: 'The version read: 409 when it has changed since' })
  @IsOptionalNonNull()
  @IsInt({ message: 'expectedVersion 应为整数 / expectedVersion must be a whole number' })
  @Min(1, { message: 'expectedVersion 应不小于 1 / expectedVersion must be at least 1' })
  expectedVersion?: number;
}

export class DismissCommonProblemDto {
  @ApiProperty({ example: '各企业的工况差异较大，不宜合并攻关', maxLength: 2000 })
  @IsString({ message: 'reason 应为文本 / reason must be text' })
  @MaxLength(2000, { message: 'reason 最多2000字 / reason must be at most 2000 characters' })
  reason: string;

  @ApiPropertyOptional({ example: 3, description: 'The version read: 409 when it has changed since' })
  @IsOptionalNonNull()
  @IsInt({ message: 'expectedVersion 应为整数 / expectedVersion must be a whole number' })
  @Min(1, { message: 'expectedVersion 应不小于 1 / expectedVersion must be at least 1' })
  expectedVersion?: number;
}

export class ConfirmCommonProblemDto {
  @ApiPropertyOptional({ example: '已与三家企业电话确认', maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'note 应为文本 / note must be text' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;

  @ApiPropertyOptional({ example: 3, description: 'The version read: 409 when it has changed since' })
  @IsOptionalNonNull()
  @IsInt({ message: 'expectedVersion 应为整数 / expectedVersion must be a whole number' })
  @Min(1, { message: 'expectedVersion 应不小于 1 / expectedVersion must be at least 1' })
  expectedVersion?: number;
}

export class IntroduceConsortiumDto {
  @ApiProperty({ type: [String], description: 'Active capabilities whose owners form the consortium (1–10)' })
  @IsArray({ message: 'capabilityIds 应为数组 / capabilityIds must be an array' })
  @ArrayMinSize(1, { message: 'capabilityIds 至少一项 / capabilityIds needs at least one id' })
  @ArrayMaxSize(10, { message: 'capabilityIds 最多10项 / at most 10 capabilities' })
  @IsUUID('all', {
    each: true,
    message: 'capabilityIds 的每一项应为成果ID / each of capabilityIds must be a capability id',
  })
  capabilityIds: string[];

  @ApiPropertyOptional({ example: '拟组建“政产学研用”联合体共同攻关', maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'note 应为文本 / note must be text' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;
}

export class DetectAccepted {
  @ApiProperty({ example: 'common-problems-detect-b3a1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })
  jobId: string;
}

export class NamedRef {
  @ApiProperty({ example: '0b7e1d2c-6a4f-4c1e-8d3b-9f2a7e5c4b31' })
  id: string;
  @ApiProperty({ example: '示例甲科技有限公司' })
  name: string;
}

export class MemberBudget {
  @ApiProperty({ nullable: true, type: Number, example: 500000 })
  min: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 2000000 })
  max: number | null;
}

export class CommonProblemNeedView {
  @ApiProperty({ nullable: true, type: String, description: 'Null for a restricted need shown to a non-coordinator' })
  id: string | null;
  @ApiProperty({
    example: '低温烟气脱硝技术',
    description: '`受限需求 / restricted need` when not named to the caller',
  })
  title: string;
  @ApiProperty({ description: 'A restricted need the caller may not see: no title, no organisation' })
  restricted: boolean;
  @ApiProperty({ type: NamedRef, nullable: true })
  organization: NamedRef | null;
  @ApiProperty({ enum: DISTRICTS, nullable: true, description: 'null for a restricted need not named to the caller' })
  district: string | null;
  @ApiProperty({ type: MemberBudget, nullable: true })
  budget: MemberBudget | null;
  @ApiProperty({ enum: VISIBILITIES })
  visibility: string;
  @ApiProperty({ enum: NEED_STATUSES })
  status: string;
}

export class CommonProblemLeadView {
  @ApiProperty({ nullable: true, type: String })
  needId: string | null;
  @ApiProperty({ type: NamedRef, nullable: true })
  organization: NamedRef | null;
  @ApiProperty({ example: '需求最具体（专门术语「脱硝」），预算最高（上限 2000000 元） / the most specific need …' })
  reason: string;
}

export class CapabilityFitView {
  @ApiProperty({ nullable: true, type: String })
  needId: string | null;
  @ApiProperty()
  fits: boolean;
  @ApiProperty({ example: 0.71 })
  score: number;
  @ApiProperty({ nullable: true, enum: ['high', 'medium', 'low'] })
  band: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, example: { zh: '…', en: '…' } })
  summary: { zh: string; en: string } | null;
}

export class CommonProblemCapabilityView {
  @ApiProperty()
  capabilityId: string;
  @ApiProperty({ example: '低温SCR脱硝催化剂' })
  title: string;
  @ApiProperty({ example: 'achievement' })
  kind: string;
  @ApiProperty({ type: NamedRef })
  organization: NamedRef;
  @ApiProperty({ example: 1 })
  rank: number;
  @ApiProperty({ example: 0.74, description: 'Mean ranking score over the member needs' })
  score: number;
  @ApiProperty({ example: 3, description: 'Member needs it fits' })
  covered: number;
  @ApiProperty()
  fitsAll: boolean;
  @ApiProperty({ type: [CapabilityFitView], description: 'Per member need, as matching explains the pair' })
  explanations: CapabilityFitView[];
}

export class DistrictCount {
  @ApiProperty({ enum: DISTRICTS })
  district: string;
  @ApiProperty({ example: 2 })
  needs: number;
}

export class EnterpriseView extends NamedRef {
  @ApiProperty({ enum: DISTRICTS })
  district: string;
  @ApiProperty({ example: 1, description: 'Its member needs (named to the caller)' })
  needs: number;
}

export class CommonProblemSummaryView {
  @ApiProperty()
  id: string;
  @ApiProperty({ enum: COMMON_PROBLEM_STATUSES })
  status: CommonProblemStatus;
  @ApiProperty({ example: '低温烟气脱硝技术（共性技术难题）' })
  title: string;
  @ApiProperty()
  summary: string;
  @ApiProperty({ type: [String], example: ['脱硝', '烟气', '催化剂'] })
  sharedTerms: string[];
  @ApiProperty({ type: [String], example: ['hitech:0701'] })
  sectorKeys: string[];
  @ApiProperty({ example: 3, description: 'Open member needs (restricted ones included, as a number)' })
  needCount: number;
  @ApiProperty({
    example: 0,
    description: 'Open member needs not named to the caller: counted here only, not in the organisations or districts',
  })
  restrictedNeedCount: number;
  @ApiProperty({ example: 3, description: 'Organisations of the open member needs named to the caller' })
  organizationCount: number;
  @ApiProperty({ type: [String], example: ['平房', '香坊'] })
  districts: string[];
  @ApiProperty({ example: 0.52 })
  cohesion: number;
  @ApiProperty({ description: 'A coordinator edited it' })
  edited: boolean;
  @ApiProperty({ example: 1 })
  version: number;
  @ApiProperty()
  createdAt: Date;
  @ApiProperty()
  updatedAt: Date;
  @ApiProperty({ nullable: true, type: Date })
  decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: String })
  dismissReason: string | null;
}

export class CommonProblemPage {
  @ApiProperty({ type: [CommonProblemSummaryView] })
  items: CommonProblemSummaryView[];
  @ApiProperty({ example: 1 })
  total: number;
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
}

export class CommonProblemView extends CommonProblemSummaryView {
  @ApiProperty({ type: [CommonProblemNeedView] })
  needs: CommonProblemNeedView[];
  @ApiProperty({ type: [EnterpriseView], description: 'Organisations of the member needs named to the caller' })
  enterprises: EnterpriseView[];
  @ApiProperty({ type: [DistrictCount] })
  districtCounts: DistrictCount[];
  @ApiProperty({ type: CommonProblemLeadView, nullable: true })
  lead: CommonProblemLeadView | null;
  @ApiProperty({ type: [CommonProblemCapabilityView] })
  capabilities: CommonProblemCapabilityView[];
  @ApiProperty({ type: NamedRef, nullable: true })
  decidedBy: NamedRef | null;
  @ApiProperty({ nullable: true, type: Date })
  refreshedAt: Date | null;
  @ApiProperty({ type: [String], description: 'Allowed next statuses for the caller (coordinators)' })
  allowed: CommonProblemStatus[];
}

export class CommonProblemEventView {
  @ApiProperty({ example: 12 })
  id: number;
  @ApiProperty({ example: 'confirmed' })
  kind: string;
  @ApiProperty({ nullable: true, type: String })
  fromStatus: string | null;
  @ApiProperty({ nullable: true, type: String })
  toStatus: string | null;
  @ApiProperty({ nullable: true, type: String })
  note: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
  @ApiProperty({ type: NamedRef, nullable: true, description: 'Null for the detection job' })
  actor: NamedRef | null;
  @ApiProperty()
  createdAt: Date;
}

export class CommonProblemEventPage {
  @ApiProperty({ type: [CommonProblemEventView] })
  items: CommonProblemEventView[];
  @ApiProperty({ example: 1 })
  total: number;
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
}

export class IntroductionView {
  @ApiProperty()
  id: string;
  @ApiProperty({ type: [String] })
  capabilityIds: string[];
  @ApiProperty({ type: [NamedRef], description: 'Every party told: member organisations and capability owners' })
  organizations: NamedRef[];
  @ApiProperty({ nullable: true, type: String })
  note: string | null;
  @ApiProperty()
  createdAt: Date;
}

/** What a challenge takes from a confirmed common problem (challenges module: POST /challenges). */
export interface CommonProblemForChallenge {
  id: string;
  /** Null when the text was generated from a need that is no longer public: the challenge then needs its own. */
  title: string | null;
  summary: string | null;
  sectorKeys: string[];
  keywords: string[];
  leadNeedId: string | null;
  /** The lead need's organisation: the proposed issuer. */
  leadOrganizationId: string | null;
  needIds: string[];
  organizationIds: string[];
}
