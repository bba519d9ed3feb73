import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DISTRICTS, ORGANIZATION_KINDS, type OrganizationKind } from '../../../common/domain/vocabulary.js';
import { KeywordsField, SectorsField } from '../../../common/listing/listing-fields.js';
import { trimString } from '../../../common/listing/keywords.js';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';
import { IsCalendarDate, IsOptionalNonNull } from '../../../common/validation/decorators.js';
import { CRITERIA, FUNDING_SOURCE_KINDS, type FundingSourceKind } from '../challenge.entity.js';
import { CHALLENGE_STATUSES, type ChallengeStatus } from '../lifecycle.js';

export const MAX_YUAN = 1e12;
const HARBIN_DISTRICTS = DISTRICTS.filter((d) => d !== 'outside');
const trimmed = () => Transform(({ value }) => trimString(value));

export class IndicatorDto {
  @ApiProperty({ example: '低温容量保持率', maxLength: 200 })
  @trimmed()
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 200, { message: '指标名称不能为空，最多200字 / name must be 1-200 characters' })
  name: string;

  @ApiProperty({ example: '≥80', maxLength: 100, description: '目标值 / target value' })
  @trimmed()
  @IsString({ message: 'target 应为字符串 / target must be a string' })
  @Length(1, 100, { message: '目标值不能为空，最多100字 / target must be 1-100 characters' })
  target: string;

  @ApiProperty({ example: '% @ -30℃', maxLength: 50, description: '单位 / unit' })
  @trimmed()
  @IsString({ message: 'unit 应为字符串 / unit must be a string' })
  @Length(1, 50, { message: '单位不能为空，最多50字 / unit must be 1-50 characters' })
  unit: string;

  @ApiProperty({ example: '第三方检测机构出具检测报告', maxLength: 500, description: '验证方式 / how it is verified' })
  @trimmed()
  @IsString({ message: 'verification 应为字符串 / verification must be a string' })
  @Length(1, 500, { message: '验证方式不能为空，最多500字 / verification must be 1-500 characters' })
  verification: string;
}

export class FundingSourceDto {
  @ApiProperty({ enum: FUNDING_SOURCE_KINDS, example: 'government' })
  @IsIn(FUNDING_SOURCE_KINDS, {
    message: `source 应为 ${FUNDING_SOURCE_KINDS.join(', ')} 之一 / source must be government, enterprise or other`,
  })
  source: FundingSourceKind;

  @ApiProperty({ example: '哈尔滨市科学技术局', maxLength: 200, description: '出资方 / funder' })
  @trimmed()
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 200, { message: '出资方名称不能为空，最多200字 / name must be 1-200 characters' })
  name: string;

  @ApiProperty({ example: 600000, description: '金额（元，整数）/ amount in yuan, a whole number' })
  @IsInt({ message: 'amountYuan 应为整数（元）/ amountYuan must be a whole number of yuan' })
  @Min(1, { message: 'amountYuan 应大于0 / amountYuan must be more than 0' })
  @Max(MAX_YUAN, { message: 'amountYuan 过大 / amountYuan is too large' })
  amountYuan: number;
}

export class EligibilityDto {
  @ApiProperty({
    enum: ORGANIZATION_KINDS,
    isArray: true,
    example: ['university', 'research_institute', 'lab', 'enterprise'],
    description: '可揭榜的单位类型 / organisation kinds that may apply (the lead and every consortium member)',
  })
  @IsArray({ message: 'organizationKinds 应为数组 / organizationKinds must be an array' })
  @ArrayMinSize(1, { message: '至少选择一种单位类型 / name at least one organisation kind' })
  @IsIn(ORGANIZATION_KINDS, { each: true, message: 'organizationKinds 含未知类型 / unknown organisation kind' })
  organizationKinds: OrganizationKind[];

  @ApiPropertyOptional({
    enum: HARBIN_DISTRICTS,
    isArray: true,
    example: [],
    description: '牵头单位须在这些区县（空：哈尔滨任一区县）/ the lead must be in one of these districts (empty: any)',
  })
  @IsOptionalNonNull()
  @IsArray({ message: 'districts 应为数组 / districts must be an array' })
  @IsIn(HARBIN_DISTRICTS, { each: true, message: 'districts 含未知区县 / unknown Harbin district' })
  districts?: string[];

  @ApiPropertyOptional({ default: true, description: '允许哈尔滨以外的单位牵头 / leads from outside Harbin may apply' })
  @IsOptionalNonNull()
  @IsBoolean({ message: 'allowOutside 应为布尔值 / allowOutside must be true or false' })
  allowOutside?: boolean;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 9,
    nullable: true,
    type: Number,
    description: '最低技术成熟度 / minimum TRL',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'minTrl 应为 1–9 的整数 / minTrl must be a whole number from 1 to 9' })
  @Min(1, { message: 'minTrl 应为 1–9 的整数 / minTrl must be a whole number from 1 to 9' })
  @Max(9, { message: 'minTrl 应为 1–9 的整数 / minTrl must be a whole number from 1 to 9' })
  minTrl?: number | null;

  @ApiPropertyOptional({ minimum: 1, nullable: true, type: Number, description: '团队最少人数 / smallest team' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'minTeamSize 应为正整数 / minTeamSize must be a whole number' })
  @Min(1, { message: 'minTeamSize 至少为1 / minTeamSize must be at least 1' })
  @Max(10000, { message: 'minTeamSize 过大 / minTeamSize is too large' })
  minTeamSize?: number | null;

  @ApiPropertyOptional({ minimum: 1, nullable: true, type: Number, description: '团队最多人数 / largest team' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'maxTeamSize 应为正整数 / maxTeamSize must be a whole number' })
  @Min(1, { message: 'maxTeamSize 至少为1 / maxTeamSize must be at least 1' })
  @Max(10000, { message: 'maxTeamSize 过大 / maxTeamSize is too large' })
  maxTeamSize?: number | null;
}

export class MilestoneDto {
  @ApiProperty({ example: '完成小试并提交检测报告', maxLength: 200 })
  @trimmed()
  @IsString({ message: 'title 应为字符串 / title must be a string' })
  @Length(1, 200, { message: '节点名称不能为空，最多200字 / title must be 1-200 characters' })
  title: string;

  @ApiProperty({
    example: '2027-06-30',
    description: '验收日期 YYYY-MM-DD（截止日之后）/ due date, after the deadline',
  })
  @IsCalendarDate('dueOn')
  dueOn: string;

  @ApiProperty({
    example: 40,
    minimum: 1,
    maximum: 100,
    description: '拨付比例（%），合计100 / share of funding, sum 100',
  })
  @IsInt({ message: 'sharePct 应为 1–100 的整数 / sharePct must be a whole number from 1 to 100' })
  @Min(1, { message: 'sharePct 应为 1–100 的整数 / sharePct must be a whole number from 1 to 100' })
  @Max(100, { message: 'sharePct 应为 1–100 的整数 / sharePct must be a whole number from 1 to 100' })
  sharePct: number;
}

export class CriteriaWeightsDto {
  @ApiProperty({ example: 30 })
  @IsInt({ message: 'technical_merit 应为整数 / must be a whole number' })
  @Min(0, { message: '权重不能为负 / weights cannot be negative' })
  @Max(100, { message: '权重最多100 / weights are at most 100' })
  technical_merit: number;

  @ApiProperty({ example: 25 })
  @IsInt({ message: 'feasibility 应为整数 / must be a whole number' })
  @Min(0, { message: '权重不能为负 / weights cannot be negative' })
  @Max(100, { message: '权重最多100 / weights are at most 100' })
  feasibility: number;

  @ApiProperty({ example: 15 })
  @IsInt({ message: 'team 应为整数 / must be a whole number' })
  @Min(0, { message: '权重不能为负 / weights cannot be negative' })
  @Max(100, { message: '权重最多100 / weights are at most 100' })
  team: number;

  @ApiProperty({ example: 10 })
  @IsInt({ message: 'budget 应为整数 / must be a whole number' })
  @Min(0, { message: '权重不能为负 / weights cannot be negative' })
  @Max(100, { message: '权重最多100 / weights are at most 100' })
  budget: number;

  @ApiProperty({ example: 20 })
  @IsInt({ message: 'local_conversion 应为整数 / must be a whole number' })
  @Min(0, { message: '权重不能为负 / weights cannot be negative' })
  @Max(100, { message: '权重最多100 / weights are at most 100' })
  local_conversion: number;
}

/** The fields of a challenge that a draft may change (all optional in PATCH, most required in POST). */
class ChallengeFieldsDto {
  @ApiPropertyOptional({ example: '寒地储能电池低温性能提升', maxLength: 200 })
  @trimmed()
  @IsOptionalNonNull()
  @IsString({ message: 'title 应为字符串 / title must be a string' })
  @Length(1, 200, { message: 'title 不能为空且最多200字 / title must be 1-200 characters' })
  title?: string;

  @ApiPropertyOptional({
    example: '哈尔滨冬季气温低至零下30度，储能电站锂电池容量衰减超过40%……',
    maxLength: 20000,
    description: '难题描述（公开）/ the problem, as the public reads it',
  })
  @trimmed()
  @IsOptionalNonNull()
  @IsString({ message: 'problem 应为字符串 / problem must be a string' })
  @Length(1, 20000, { message: 'problem 不能为空且最多20000字 / problem must be 1-20000 characters' })
  problem?: string;

  @SectorsField(['hitech:0603'])
  sectorKeys?: string[];

  @KeywordsField(['锂电池', '低温'])
  keywords?: string[];

  @ApiPropertyOptional({ type: [IndicatorDto], description: '考核指标，至少一项 / indicators, at least one' })
  @IsOptionalNonNull()
  @IsArray({ message: 'indicators 应为数组 / indicators must be an array' })
  @ArrayMinSize(1, { message: '至少需要一项考核指标 / at least one indicator is needed' })
  @ArrayMaxSize(30, { message: '最多30项指标 / at most 30 indicators' })
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators?: IndicatorDto[];

  @ApiPropertyOptional({ example: 1000000, description: '榜额（元，整数）/ total funding in yuan' })
  @IsOptionalNonNull()
  @IsInt({ message: 'fundingTotalYuan 应为整数（元）/ fundingTotalYuan must be a whole number of yuan' })
  @Min(1, { message: 'fundingTotalYuan 应大于0 / fundingTotalYuan must be more than 0' })
  @Max(MAX_YUAN, { message: 'fundingTotalYuan 过大 / fundingTotalYuan is too large' })
  fundingTotalYuan?: number;

  @ApiPropertyOptional({
    type: [FundingSourceDto],
    description: '资金来源，合计等于榜额 / sources, summing to the total',
  })
  @IsOptionalNonNull()
  @IsArray({ message: 'fundingSources 应为数组 / fundingSources must be an array' })
  @ArrayMinSize(1, { message: '至少需要一项资金来源 / at least one funding source is needed' })
  @ArrayMaxSize(20, { message: '最多20项资金来源 / at most 20 funding sources' })
  @ValidateNested({ each: true })
  @Type(() => FundingSourceDto)
  fundingSources?: FundingSourceDto[];

  @ApiPropertyOptional({ type: EligibilityDto })
  @IsOptionalNonNull()
  @ValidateNested()
  @Type(() => EligibilityDto)
  eligibility?: EligibilityDto;

  @ApiPropertyOptional({
    example: '2027-03-31T16:00:00.000Z',
    description: '申报截止时间（ISO 8601，须在将来）/ application deadline, an instant in the future',
  })
  @IsOptionalNonNull()
  @IsISO8601({ strict: true }, { message: 'applicationDeadline 应为 ISO 8601 时间 / must be an ISO 8601 instant' })
  applicationDeadline?: string;

  @ApiPropertyOptional({
    example: '知识产权归发榜企业与揭榜方共有……',
    maxLength: 5000,
    description: '知识产权约定 / IP terms',
  })
  @trimmed()
  @IsOptionalNonNull()
  @IsString({ message: 'ipTerms 应为字符串 / ipTerms must be a string' })
  @Length(1, 5000, { message: 'ipTerms 不能为空且最多5000字 / ipTerms must be 1-5000 characters' })
  ipTerms?: string;

  @ApiPropertyOptional({ default: false, description: '赛马：允许多个团队揭榜 / several teams may win' })
  @IsOptionalNonNull()
  @IsBoolean({ message: 'multipleWinners 应为布尔值 / multipleWinners must be true or false' })
  multipleWinners?: boolean;

  @ApiPropertyOptional({
    example: 1,
    minimum: 1,
    maximum: 20,
    description: '最多揭榜团队数（赛马时≥2）/ at most this many winners',
  })
  @IsOptionalNonNull()
  @IsInt({ message: 'maxWinners 应为整数 / maxWinners must be a whole number' })
  @Min(1, { message: 'maxWinners 至少为1 / maxWinners must be at least 1' })
  @Max(20, { message: 'maxWinners 最多20 / maxWinners must be at most 20' })
  maxWinners?: number;

  @ApiPropertyOptional({ type: CriteriaWeightsDto, description: `评审权重，合计100（${CRITERIA.join(', ')}）` })
  @IsOptionalNonNull()
  @ValidateNested()
  @Type(() => CriteriaWeightsDto)
  criteriaWeights?: CriteriaWeightsDto;

  @ApiPropertyOptional({
    type: [MilestoneDto],
    description: '验收节点，比例合计100 / milestones, shares summing to 100',
  })
  @IsOptionalNonNull()
  @IsArray({ message: 'milestones 应为数组 / milestones must be an array' })
  @ArrayMinSize(1, { message: '至少需要一个验收节点 / at least one milestone is needed' })
  @ArrayMaxSize(20, { message: '最多20个验收节点 / at most 20 milestones' })
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones?: MilestoneDto[];
}

export class CreateChallengeDto extends ChallengeFieldsDto {
  @ApiPropertyOptional({
    description: '来源需求 / the need it is made from (coordinators: any; enterprises: their own)',
  })
  @IsOptionalNonNull()
  @IsUUID('all', { message: 'sourceNeedId 应为需求ID / sourceNeedId must be a need id' })
  sourceNeedId?: string;

  @ApiPropertyOptional({
    description: '来源共性技术难题（已确认）/ the confirmed common problem it is made from (coordinators)',
  })
  @IsOptionalNonNull()
  @IsUUID('all', { message: 'commonProblemId 应为共性难题ID / commonProblemId must be a common problem id' })
  commonProblemId?: string;

  @ApiPropertyOptional({
    description:
      '发榜企业（协调员指定；默认：来源需求所属单位，或共性难题公开的牵头需求所属企业；须为企业，否则 400）/ the issuing ' +
      "enterprise (coordinators; default: the source need's organisation, or the common problem's lead when its " +
      'lead need is public; must be an enterprise: 400 naming this field otherwise or when none can be inferred)',
  })
  @IsOptionalNonNull()
  @IsUUID('all', { message: 'issuerOrganizationId 应为组织ID / issuerOrganizationId must be an organisation id' })
  issuerOrganizationId?: string;

  @ApiPropertyOptional({ default: false, description: '协调员：直接发布 / coordinators: publish at once' })
  @IsOptionalNonNull()
  @IsBoolean({ message: 'publish 应为布尔值 / publish must be true or false' })
  publish?: boolean;
}

export class UpdateChallengeDto extends ChallengeFieldsDto {
  @ApiPropertyOptional({ description: '读取时的版本；已变化时 409 / the version read; 409 when it has changed' })
  @IsOptional()
  @IsInt({ message: 'version 应为整数 / version must be a whole number' })
  version?: number;
}

export const TRANSITION_TARGETS = CHALLENGE_STATUSES;

export class ChallengeTransitionDto {
  @ApiProperty({
    enum: CHALLENGE_STATUSES,
    example: 'published',
    description:
      'pending_approval (issuer), draft (returned, with a note), published, reviewing (after the deadline, or ' +
      'force with a note), failed (with reason). notice and awarded have their own routes.',
  })
  @IsIn(CHALLENGE_STATUSES, { message: `to 应为 ${CHALLENGE_STATUSES.join(', ')} 之一 / unknown status` })
  to: ChallengeStatus;

  @ApiPropertyOptional({ maxLength: 2000, example: '指标表述需更具体 / make the indicators measurable' })
  @IsOptional()
  @IsString({ message: 'note 应为字符串 / note must be a string' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required with to = failed: why the challenge closes' })
  @IsOptional()
  @IsString({ message: 'reason 应为字符串 / reason must be a string' })
  @MaxLength(2000, { message: 'reason 最多2000字 / reason must be at most 2000 characters' })
  reason?: string;

  @ApiPropertyOptional({ description: 'Coordinators, with to = reviewing: close applications before the deadline' })
  @IsOptional()
  @IsBoolean({ message: 'force 应为布尔值 / force must be true or false' })
  force?: boolean;

  @ApiPropertyOptional({ enum: CHALLENGE_STATUSES, description: 'The status the caller saw; 409 if it has changed' })
  @IsOptional()
  @IsIn(CHALLENGE_STATUSES, { message: 'expectedStatus 无效 / unknown status' })
  expectedStatus?: ChallengeStatus;

  @ApiPropertyOptional({
    example: 3,
    description:
      '读取时的版本（ChallengeView.version）；已变化时 409 / the version the caller read; 409 if it has changed',
  })
  @IsOptional()
  @IsInt({ message: 'expectedVersion 应为整数 / expectedVersion must be a whole number' })
  @Min(1, { message: 'expectedVersion 应为正整数 / expectedVersion must be at least 1' })
  expectedVersion?: number;
}

export class ChallengeQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CHALLENGE_STATUSES })
  @IsOptional()
  @IsIn(CHALLENGE_STATUSES, { message: 'status 无效 / unknown status' })
  status?: ChallengeStatus;

  @ApiPropertyOptional({ example: 'hitech:06', description: 'A sector `scheme:code`; also finds its sub-sectors' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'sector 过长 / sector is too long' })
  sector?: string;

  @ApiPropertyOptional({ example: '锂电池', description: '标题或难题描述包含的文字 / words in the title or problem' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q 最多100字 / q must be at most 100 characters' })
  q?: string;
}

// Views.

export class IndicatorView extends IndicatorDto {}
export class FundingSourceView extends FundingSourceDto {}

export class EligibilityView {
  @ApiProperty({ enum: ORGANIZATION_KINDS, isArray: true })
  organizationKinds: string[];
  @ApiProperty({ type: [String], description: 'Empty: any Harbin district' })
  districts: string[];
  @ApiProperty()
  allowOutside: boolean;
  @ApiProperty({ nullable: true, type: Number })
  minTrl: number | null;
  @ApiProperty({ nullable: true, type: Number })
  minTeamSize: number | null;
  @ApiProperty({ nullable: true, type: Number })
  maxTeamSize: number | null;
}

export class MilestoneView {
  @ApiProperty()
  id: string;
  @ApiProperty({ example: 1 })
  seq: number;
  @ApiProperty()
  title: string;
  @ApiProperty({ example: '2027-06-30' })
  dueOn: string;
  @ApiProperty({ example: 40 })
  sharePct: number;
}

export class OrganizationRef {
  @ApiProperty()
  id: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind: string;
  @ApiProperty({ enum: DISTRICTS })
  district: string;
}

export class SourceNeedRef {
  @ApiProperty()
  id: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ enum: ['public', 'restricted'] })
  visibility: string;
}

export class ChallengeView {
  @ApiProperty()
  id: string;
  @ApiProperty({ enum: CHALLENGE_STATUSES })
  status: ChallengeStatus;
  @ApiProperty({ example: '揭榜中 / open for applications' })
  statusLabel: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  problem: string;
  @ApiProperty({ type: OrganizationRef })
  issuer: OrganizationRef;
  @ApiProperty({
    type: SourceNeedRef,
    nullable: true,
    description: 'The source need: coordinators and the issuer always; others only for a public need',
  })
  sourceNeed: SourceNeedRef | null;
  @ApiProperty({ nullable: true, type: String })
  commonProblemId: string | null;
  @ApiProperty({ type: [String] })
  sectorKeys: string[];
  @ApiProperty({ type: [String] })
  keywords: string[];
  @ApiProperty({ type: [IndicatorView] })
  indicators: IndicatorView[];
  @ApiProperty({ example: 1000000 })
  fundingTotalYuan: number;
  @ApiProperty({ type: [FundingSourceView] })
  fundingSources: FundingSourceView[];
  @ApiProperty({ type: EligibilityView })
  eligibility: EligibilityView;
  @ApiProperty()
  applicationDeadline: Date;
  @ApiProperty({ description: 'Whether applications are open now (published and before the deadline)' })
  open: boolean;
  @ApiProperty()
  ipTerms: string;
  @ApiProperty()
  multipleWinners: boolean;
  @ApiProperty()
  maxWinners: number;
  @ApiProperty({ type: CriteriaWeightsDto })
  criteriaWeights: CriteriaWeightsDto;
  @ApiProperty({ type: [MilestoneView] })
  milestones: MilestoneView[];
  @ApiProperty({ nullable: true, type: Date })
  publishedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date })
  reviewStartedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date })
  noticeStartedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, example: '2027-04-09' })
  noticeEndsOn: string | null;
  @ApiProperty({ nullable: true, type: Date })
  awardedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date })
  closedAt: Date | null;
  @ApiProperty({ nullable: true, type: String })
  closeReason: string | null;
  @ApiProperty({
    description: 'Live applications (coordinators and the issuer; null for others)',
    nullable: true,
    type: Number,
  })
  applicationCount: number | null;
  @ApiProperty({ enum: ['coordinator', 'issuer', 'applicant', 'other'], description: 'The caller on this challenge' })
  viewerRole: string;
  @ApiProperty({ enum: CHALLENGE_STATUSES, isArray: true, description: 'Steps the caller may take now' })
  allowedTransitions: ChallengeStatus[];
  @ApiProperty()
  version: number;
  @ApiProperty()
  createdAt: Date;
  @ApiProperty()
  updatedAt: Date;
}

export class ChallengeSummary {
  @ApiProperty()
  id: string;
  @ApiProperty({ enum: CHALLENGE_STATUSES })
  status: ChallengeStatus;
  @ApiProperty()
  statusLabel: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ type: OrganizationRef })
  issuer: OrganizationRef;
  @ApiProperty({ type: [String] })
  sectorKeys: string[];
  @ApiProperty()
  fundingTotalYuan: number;
  @ApiProperty()
  applicationDeadline: Date;
  @ApiProperty()
  multipleWinners: boolean;
  @ApiProperty({ nullable: true, type: Date })
  publishedAt: Date | null;
  @ApiProperty()
  updatedAt: Date;
}

export class ChallengePage extends PageMeta {
  @ApiProperty({ type: [ChallengeSummary] })
  items: ChallengeSummary[];
}

export class EventActorView {
  @ApiProperty()
  id: string;
  @ApiProperty({ nullable: true, type: String })
  name: string | null;
}

export class ChallengeEventView {
  @ApiProperty()
  id: number;
  @ApiProperty({ example: 'status' })
  kind: string;
  @ApiProperty({ nullable: true, type: String })
  applicationId: string | null;
  @ApiProperty({ nullable: true, type: String })
  fromStatus: string | null;
  @ApiProperty({ nullable: true, type: String })
  toStatus: string | null;
  @ApiProperty({ nullable: true, type: String })
  note: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
  @ApiProperty({ type: () => EventActorView, nullable: true, description: 'Null: the system (a job)' })
  actor: EventActorView | null;
  @ApiProperty()
  createdAt: Date;
}

export class ChallengeEventList extends PageMeta {
  @ApiProperty({ type: [ChallengeEventView] })
  items: ChallengeEventView[];
}

export class InvitedCapabilityView {
  @ApiProperty()
  id: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ example: 0.72 })
  score: number;
}

export class BilingualText {
  @ApiProperty({ example: '与需求在「电解液」「低温」上相符' })
  zh: string;
  @ApiProperty({ example: 'Meets the need on electrolyte, low temperature' })
  en: string;
}

export class InvitationView {
  @ApiProperty({ type: OrganizationRef })
  organization: OrganizationRef;
  @ApiProperty({ type: [InvitedCapabilityView], description: 'Its capabilities that fit, best first (at most 3)' })
  capabilities: InvitedCapabilityView[];
  @ApiProperty({ example: 0.72, description: 'The best capability’s ranking score' })
  score: number;
  @ApiProperty({ type: BilingualText, description: 'Why, in the matching engine’s words (the same as a match’s)' })
  reason: BilingualText;
  @ApiProperty()
  invitedAt: Date;
}

export class InvitationList {
  @ApiProperty({ type: [InvitationView] })
  items: InvitationView[];
  @ApiProperty({
    enum: ['pending', 'done', 'none'],
    description: 'pending: the job has not run yet; none: the challenge was never published',
  })
  state: string;
}
