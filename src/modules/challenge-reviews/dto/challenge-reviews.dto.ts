import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsOptionalNonNull } from '../../../common/validation/decorators.js';
import { APPLICATION_STATUSES, CHALLENGE_STATUSES } from '../../challenges/lifecycle.js';
import { AWARD_MILESTONE_STATUSES } from '../entities/award.entity.js';
import { LEDGER_KINDS } from '../entities/funding-ledger.entity.js';
import { OBJECTION_STATUSES } from '../entities/objection.entity.js';

const MAX_YUAN = 1e13;
export const MAX_PANEL = 50;

// ── Panel and conflicts ─────────────────────────────────────────────────────────────────────────────────────────

export class PanelDto {
  @ApiProperty({
    type: [String],
    example: ['5f0c6a52-3f0e-4a55-9b4e-2f8f3c1d7a10'],
    description: '评审组成员（须为专家）；整体替换 / the panel, replacing the current one; experts only',
  })
  @IsArray({ message: 'userIds 应为用户ID数组 / userIds must be an array of user ids' })
  @ArrayMaxSize(MAX_PANEL, { message: `userIds 最多${MAX_PANEL}人 / at most ${MAX_PANEL} experts` })
  @IsUUID('all', { each: true, message: 'userIds 的每一项应为用户ID / each of userIds must be a user id' })
  userIds: string[];
}

export class ConflictDto {
  @ApiProperty({ example: '曾与申报单位合作同一项目 / co-authored with the lead applicant last year', maxLength: 1000 })
  @IsString({ message: 'reason 应为字符串 / reason must be a string' })
  @Length(2, 1000, { message: 'reason 长度应为2-1000 / reason must be 2-1000 characters' })
  reason: string;
}

export class PanelMemberView {
  @ApiProperty() userId: string;
  @ApiProperty({ example: '李教授' }) name: string;
  @ApiProperty() organizationId: string;
  @ApiProperty({ example: '示例理工大学' }) organizationName: string;
  @ApiProperty({ description: 'Still flagged as an expert (only experts score)' }) expert: boolean;
  @ApiProperty() addedAt: Date;
  @ApiPropertyOptional({ example: 3, description: 'Coordinators: sheets submitted' }) submitted?: number;
  @ApiPropertyOptional({ example: 4, description: 'Coordinators: applications to review (not excluded)' })
  expected?: number;
  @ApiPropertyOptional({ example: 1, description: 'Coordinators: applications the expert is excluded from' })
  excluded?: number;
}

export class PanelView {
  @ApiProperty() challengeId: string;
  @ApiProperty({ type: [PanelMemberView] }) members: PanelMemberView[];
}

// ── Review sheets ────────────────────────────────────────────────────────────────────────────────────────────────

export class CriterionScoreDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 4 })
  @IsInt({ message: 'score 应为1到5的整数 / score must be a whole number 1-5' })
  @Min(1, { message: 'score 应为1到5 / score must be 1-5' })
  @Max(5, { message: 'score 应为1到5 / score must be 1-5' })
  score: number;

  @ApiPropertyOptional({ example: '技术路线清晰 / a clear technical route', maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'comment 应为字符串 / comment must be a string' })
  @MaxLength(2000, { message: 'comment 最多2000字 / comment must be at most 2000 characters' })
  comment?: string;
}

export class ScoresDto {
  @ApiPropertyOptional({ type: CriterionScoreDto, description: '技术先进性 / technical merit' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CriterionScoreDto)
  technical_merit?: CriterionScoreDto;

  @ApiPropertyOptional({ type: CriterionScoreDto, description: '可行性 / feasibility' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CriterionScoreDto)
  feasibility?: CriterionScoreDto;

  @ApiPropertyOptional({ type: CriterionScoreDto, description: '团队 / team' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CriterionScoreDto)
  team?: CriterionScoreDto;

  @ApiPropertyOptional({ type: CriterionScoreDto, description: '预算合理性 / budget' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CriterionScoreDto)
  budget?: CriterionScoreDto;

  @ApiPropertyOptional({ type: CriterionScoreDto, description: '本地转化 / local conversion' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CriterionScoreDto)
  local_conversion?: CriterionScoreDto;
}

export class ReviewSheetDto {
  @ApiProperty({
    type: ScoresDto,
    description:
      '各项评分 1–5 与评语；草稿可不全，提交时每个有权重的评分项都须有分数与评语 / scores 1–5 with comments; a ' +
      'draft may be partial, a submitted sheet scores every weighted criterion with a comment',
  })
  @IsObject({ message: 'scores 应为对象 {评分项: {score, comment}} / scores must be an object of criteria' })
  @ValidateNested()
  @Type(() => ScoresDto)
  scores: ScoresDto;

  @ApiPropertyOptional({
    default: false,
    description: '提交（提交后不可修改）/ submit: final, cannot be changed after',
  })
  @IsOptionalNonNull()
  @IsBoolean({ message: 'submit 应为布尔值 / submit must be true or false' })
  submit?: boolean;
}

export class CriterionView {
  @ApiProperty({ example: 'technical_merit' }) key: string;
  @ApiProperty({ example: '技术先进性 / technical merit' }) label: string;
  @ApiProperty({ example: 30 }) weight: number;
}

export class SheetView {
  @ApiProperty() reviewerId: string;
  @ApiProperty({ example: '李教授' }) reviewerName: string;
  @ApiProperty({ example: { technical_merit: { score: 4, comment: '…' } } }) scores: Record<string, unknown>;
  @ApiProperty({ type: Number, nullable: true, example: 3.85, description: 'Weighted total on the 1–5 scale' })
  weighted: number | null;
  @ApiProperty({ type: Date, nullable: true }) submittedAt: Date | null;
}

export class ReviewApplicationView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: string;
  @ApiProperty() approach: string;
  @ApiProperty({ example: [{ name: '王工', role: '负责人' }] }) team: unknown[];
  @ApiProperty() teamSize: number;
  @ApiProperty() trl: number;
  @ApiProperty({ example: [{ item: '设备', amountYuan: 200000 }] }) budget: unknown[];
  @ApiProperty({ example: [{ title: '样机', dueOn: '2027-06-30', deliverable: '样机一台' }] }) plan: unknown[];
  @ApiProperty({ type: String, nullable: true }) priorResults: string | null;
  @ApiProperty({ example: [{ organizationId: '…', organizationName: '示例理工大学', role: '牵头', isLead: true }] })
  members: unknown[];
  @ApiProperty({ example: [{ id: '…', filename: 'proposal.pdf', sizeBytes: 123456, sha256: '…' }] })
  attachments: unknown[];
}

export class ReviewView {
  @ApiProperty() challengeId: string;
  @ApiProperty({ enum: CHALLENGE_STATUSES }) challengeStatus: string;
  @ApiProperty({ type: ReviewApplicationView }) application: ReviewApplicationView;
  @ApiProperty({ type: [CriterionView] }) criteria: CriterionView[];
  @ApiProperty({ type: SheetView, nullable: true, description: 'My sheet (null before I saved one)' })
  mine: SheetView | null;
  @ApiProperty({
    type: [SheetView],
    nullable: true,
    description: 'The other reviewers’ submitted sheets: null until mine is submitted',
  })
  others: SheetView[] | null;
}

export class AssignmentView {
  @ApiProperty() challengeId: string;
  @ApiProperty() challengeTitle: string;
  @ApiProperty({ enum: CHALLENGE_STATUSES }) challengeStatus: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when excluded' }) applicationTitle: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null when excluded' }) leadOrganizationName: string | null;
  @ApiProperty({ enum: ['todo', 'draft', 'submitted', 'excluded'] }) state: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why I am excluded' }) excludedReason: string | null;
  @ApiProperty({ type: Number, nullable: true }) weighted: number | null;
}

export class AssignmentList {
  @ApiProperty({ type: [AssignmentView] }) items: AssignmentView[];
}

export class AssignmentQuery {
  @ApiPropertyOptional({ description: 'Only this challenge' })
  @IsOptional()
  @IsUUID('all', { message: 'challengeId 应为榜单ID / challengeId must be a challenge id' })
  challengeId?: string;

  @ApiPropertyOptional({ enum: ['todo', 'draft', 'submitted', 'excluded'] })
  @IsOptional()
  @IsIn(['todo', 'draft', 'submitted', 'excluded'], { message: 'state 无效 / unknown state' })
  state?: 'todo' | 'draft' | 'submitted' | 'excluded';
}

// ── Ranking and shortlist ─────────────────────────────────────────────────────────────────────────────────────

export class ReviewerScoreView {
  @ApiProperty() reviewerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Number, nullable: true }) weighted: number | null;
  @ApiProperty({ type: Date, nullable: true }) submittedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the reviewer is excluded from this application' })
  excludedReason: string | null;
}

export class SpreadView {
  @ApiProperty({ type: Number, nullable: true, example: 2.9 }) min: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 4.2 }) max: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.53, description: 'Population standard deviation' })
  stdDev: number | null;
}

export class RankingItemView {
  @ApiProperty({ example: 1 }) rank: number;
  @ApiProperty() applicationId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: string;
  @ApiProperty() leadOrganizationId: string;
  @ApiProperty() leadOrganizationName: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3.85,
    description: 'Mean of the submitted weighted totals (1–5)',
  })
  meanWeighted: number | null;
  @ApiProperty({ type: SpreadView }) spread: SpreadView;
  @ApiProperty({ example: 3 }) submitted: number;
  @ApiProperty({ example: 4, description: 'Panel experts not excluded' }) expected: number;
  @ApiProperty({ type: [ReviewerScoreView] }) reviewers: ReviewerScoreView[];
}

export class RankingView {
  @ApiProperty() challengeId: string;
  @ApiProperty({ enum: CHALLENGE_STATUSES }) challengeStatus: string;
  @ApiProperty({ type: [CriterionView] }) criteria: CriterionView[];
  @ApiProperty({ type: [RankingItemView] }) items: RankingItemView[];
}

export class ShortlistDto {
  @ApiProperty({ type: [String], description: '入围的申请；其余有效申请为未入围 / shortlisted; the others not' })
  @IsArray({ message: 'applicationIds 应为申请ID数组 / applicationIds must be an array of application ids' })
  @ArrayMinSize(1, { message: 'applicationIds 不能为空 / applicationIds must not be empty' })
  @ArrayMaxSize(200, { message: 'applicationIds 最多200个 / at most 200 ids' })
  @IsUUID('all', { each: true, message: 'applicationIds 的每一项应为申请ID / each must be an application id' })
  applicationIds: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'note 应为字符串 / note must be a string' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;
}

export class ApplicationStatusView {
  @ApiProperty() applicationId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status: string;
}

export class ApplicationStatusList {
  @ApiProperty({ type: [ApplicationStatusView] }) items: ApplicationStatusView[];
}

// ── Notice and objections ───────────────────────────────────────────────────────────────────────────────────────

export class NoticeDto {
  @ApiProperty({
    type: [String],
    description: '拟揭榜的申请（多个仅限赛马榜单）/ the intended winners; more than one only when multipleWinners',
  })
  @IsArray({ message: 'winnerApplicationIds 应为申请ID数组 / winnerApplicationIds must be an array of ids' })
  @ArrayMinSize(1, { message: 'winnerApplicationIds 不能为空 / winnerApplicationIds must not be empty' })
  @ArrayMaxSize(50, { message: 'winnerApplicationIds 最多50个 / at most 50 ids' })
  @IsUUID('all', { each: true, message: 'winnerApplicationIds 的每一项应为申请ID / each must be an application id' })
  winnerApplicationIds: string[];

  @ApiPropertyOptional({ maxLength: 2000, example: '评审组综合评分第一 / ranked first by the panel' })
  @IsOptional()
  @IsString({ message: 'note 应为字符串 / note must be a string' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;
}

export class WinnerView {
  @ApiProperty() applicationId: string;
  @ApiProperty() title: string;
  @ApiProperty() leadOrganizationName: string;
  @ApiProperty({ type: [String], example: ['示例理工大学', '示例材料研究所'] }) consortium: string[];
}

export class NoticeView {
  @ApiProperty() challengeId: string;
  @ApiProperty({ enum: CHALLENGE_STATUSES }) status: string;
  @ApiProperty({ type: Date, nullable: true }) noticeStartedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-11', description: 'Last day of the notice (Harbin)' })
  noticeEndsOn: string | null;
  @ApiProperty({ example: 5 }) workingDays: number;
  @ApiProperty({ type: [WinnerView] }) intendedWinners: WinnerView[];
}

export class ObjectionDto {
  @ApiPropertyOptional({ description: '针对的拟揭榜申请（不填则针对公示整体）/ the intended winner objected to' })
  @IsOptional()
  @IsUUID('all', { message: 'applicationId 应为申请ID / applicationId must be an application id' })
  applicationId?: string;

  @ApiProperty({ example: '该团队的样机指标与申报材料不符 / the prototype does not meet the stated figures' })
  @IsString({ message: 'reason 应为字符串 / reason must be a string' })
  @Length(5, 2000, { message: 'reason 长度应为5-2000 / reason must be 5-2000 characters' })
  reason: string;
}

export class ResolveObjectionDto {
  @ApiProperty({ enum: ['upheld', 'dismissed'], description: '成立 upheld / 不成立 dismissed' })
  @IsIn(['upheld', 'dismissed'], { message: 'outcome 应为 upheld 或 dismissed / outcome must be upheld or dismissed' })
  outcome: 'upheld' | 'dismissed';

  @ApiProperty({ example: '经核查，样机指标符合要求 / checked: the prototype meets the figures' })
  @IsString({ message: 'resolution 应为字符串 / resolution must be a string' })
  @Length(2, 2000, { message: 'resolution 长度应为2-2000 / resolution must be 2-2000 characters' })
  resolution: string;

  @ApiPropertyOptional({
    default: false,
    description:
      '异议成立时把榜单退回评审（公示取消，拟揭榜者回到入围）/ with upheld: send the challenge back to reviewing ' +
      '(the notice is withdrawn, the intended winners are shortlisted again)',
  })
  @IsOptionalNonNull()
  @IsBoolean({ message: 'backToReview 应为布尔值 / backToReview must be true or false' })
  backToReview?: boolean;
}

export class ObjectionView {
  @ApiProperty() id: string;
  @ApiProperty() challengeId: string;
  @ApiProperty({ type: String, nullable: true }) applicationId: string | null;
  @ApiProperty({ type: String, nullable: true }) applicationTitle: string | null;
  @ApiProperty({ type: String, nullable: true }) filedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Coordinators only' }) filedByName: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: OBJECTION_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) resolution: string | null;
  @ApiProperty({ type: Date, nullable: true }) resolvedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class ObjectionList {
  @ApiProperty({ type: [ObjectionView] }) items: ObjectionView[];
}

// ── Award ─────────────────────────────────────────────────────────────────────────────────────────────────────

export class WinnerSignatoryDto {
  @ApiProperty()
  @IsUUID('all', { message: 'applicationId 应为申请ID / applicationId must be an application id' })
  applicationId: string;

  @ApiProperty({ example: '张伟（示例理工大学）' })
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 200, { message: 'name 长度应为1-200 / name must be 1-200 characters' })
  name: string;
}

export class AgreementDto {
  @ApiProperty({ example: '2026-12-20', description: '三方协议签订日期 / the day the agreement was signed' })
  @IsCalendarDate('agreement.signedOn')
  signedOn: string;

  @ApiProperty({ example: '王总（示例甲科技有限公司）', description: '发榜方签字人 / issuer signatory' })
  @IsString({ message: 'issuerSignatory 应为字符串 / issuerSignatory must be a string' })
  @Length(1, 200, { message: 'issuerSignatory 长度应为1-200 / issuerSignatory must be 1-200 characters' })
  issuerSignatory: string;

  @ApiProperty({ example: '赵处长（示例市科技局）', description: '科技局签字人 / bureau signatory' })
  @IsString({ message: 'bureauSignatory 应为字符串 / bureauSignatory must be a string' })
  @Length(1, 200, { message: 'bureauSignatory 长度应为1-200 / bureauSignatory must be 1-200 characters' })
  bureauSignatory: string;

  @ApiProperty({ type: [WinnerSignatoryDto], description: '每个揭榜方的签字人 / a signatory for every winner' })
  @IsArray({ message: 'winnerSignatories 应为数组 / winnerSignatories must be an array' })
  @ArrayMinSize(1, { message: 'winnerSignatories 不能为空 / winnerSignatories must not be empty' })
  @ArrayMaxSize(50, { message: 'winnerSignatories 最多50个 / at most 50' })
  @ValidateNested({ each: true })
  @Type(() => WinnerSignatoryDto)
  winnerSignatories: WinnerSignatoryDto[];

  @ApiProperty({ example: '知识产权归揭榜方所有，发榜方享有优先实施许可…', description: '协议条款 / terms' })
  @IsString({ message: 'terms 应为字符串 / terms must be a string' })
  @Length(1, 20000, { message: 'terms 长度应为1-20000 / terms must be 1-20000 characters' })
  terms: string;
}

export class SplitDto {
  @ApiProperty()
  @IsUUID('all', { message: 'applicationId 应为申请ID / applicationId must be an application id' })
  applicationId: string;

  @ApiProperty({ example: 600000, description: '元，整数 / whole yuan' })
  @IsInt({ message: 'amountYuan 应为整数（元）/ amountYuan must be a whole number of yuan' })
  @Min(1, { message: 'amountYuan 应大于0 / amountYuan must be positive' })
  @Max(MAX_YUAN, { message: 'amountYuan 过大 / amountYuan is too large' })
  amountYuan: number;
}

export class AwardDto {
  @ApiProperty({ type: AgreementDto })
  @IsObject({ message: 'agreement 应为三方协议对象 / agreement must be the three-party agreement' })
  @ValidateNested()
  @Type(() => AgreementDto)
  agreement: AgreementDto;

  @ApiProperty({
    type: [SplitDto],
    description: '资金分配，合计等于榜单总额 / the split, summing to the funding total',
  })
  @IsArray({ message: 'split 应为数组 / split must be an array' })
  @ArrayMinSize(1, { message: 'split 不能为空 / split must not be empty' })
  @ArrayMaxSize(50, { message: 'split 最多50项 / at most 50' })
  @ValidateNested({ each: true })
  @Type(() => SplitDto)
  split: SplitDto[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'note 应为字符串 / note must be a string' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;
}

export class AwardItemView {
  @ApiProperty() awardId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() title: string;
  @ApiProperty() leadOrganizationId: string;
  @ApiProperty() leadOrganizationName: string;
  @ApiProperty({ example: 600000 }) amountYuan: number;
}

export class AwardView {
  @ApiProperty() challengeId: string;
  @ApiProperty({ enum: CHALLENGE_STATUSES }) status: string;
  @ApiProperty({ type: Date, nullable: true }) awardedAt: Date | null;
  @ApiProperty({ example: 1000000 }) fundingTotalYuan: number;
  @ApiProperty({ type: Object, nullable: true, description: 'The three-party agreement' }) agreement: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: [AwardItemView] }) awards: AwardItemView[];
}

// ── Milestones and ledger ──────────────────────────────────────────────────────────────────────────────────────

export class DeliverDto {
  @ApiProperty({ example: '样机已完成，测试报告见附件 / the prototype is done; test report attached' })
  @IsString({ message: 'report 应为字符串 / report must be a string' })
  @Length(2, 10000, { message: 'report 长度应为2-10000 / report must be 2-10000 characters' })
  report: string;
}

export const ACCEPT_SIDES = ['issuer', 'coordinator'] as const;
export type AcceptSide = (typeof ACCEPT_SIDES)[number];

export class AcceptDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'note 应为字符串 / note must be a string' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;

  @ApiPropertyOptional({
    enum: ACCEPT_SIDES,
    description:
      'Which side the caller signs, for a coordinator who is also a member of the issuing organisation; by default ' +
      'a coordinator signs the coordinator side while it is unsigned, and an issuer member the issuer side.',
  })
  @IsOptionalNonNull()
  @IsIn(ACCEPT_SIDES, { message: 'side 应为 issuer 或 coordinator / side must be issuer or coordinator' })
  side?: AcceptSide;
}

export class ReturnDto {
  @ApiProperty({ example: '测试报告缺少第三方检测数据 / the report lacks third-party test data' })
  @IsString({ message: 'reason 应为字符串 / reason must be a string' })
  @Length(2, 2000, { message: 'reason 长度应为2-2000 / reason must be 2-2000 characters' })
  reason: string;
}

export class AwardMilestoneView {
  @ApiProperty({ description: 'The award milestone id (the :mid of the routes)' }) id: string;
  @ApiProperty() awardId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() winnerOrganizationName: string;
  @ApiProperty() milestoneId: string;
  @ApiProperty({ example: 1 }) seq: number;
  @ApiProperty({ example: '样机研制' }) title: string;
  @ApiProperty({ example: '2027-06-30' }) dueOn: string;
  @ApiProperty({ example: 30 }) sharePct: number;
  @ApiProperty({ example: 180000 }) amountYuan: number;
  @ApiProperty({
    enum: AWARD_MILESTONE_STATUSES,
    description: '`closed`: the challenge failed before this milestone was accepted (its remainder is cancelled)',
  })
  status: string;
  @ApiProperty({ type: String, nullable: true }) report: string | null;
  @ApiProperty({ type: Date, nullable: true }) deliveredAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) issuerAcceptedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) issuerAcceptedByName: string | null;
  @ApiProperty({ type: Date, nullable: true }) coordinatorAcceptedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) coordinatorAcceptedByName: string | null;
  @ApiProperty({ type: Date, nullable: true }) acceptedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was last returned' }) returnReason: string | null;
  @ApiProperty({ type: Date, nullable: true }) returnedAt: Date | null;
  @ApiProperty({ description: 'Whether its release is in the ledger' }) released: boolean;
}

export class MilestoneList {
  @ApiProperty({ type: [AwardMilestoneView] }) items: AwardMilestoneView[];
}

export class LedgerEntryView {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ enum: LEDGER_KINDS }) kind: string;
  @ApiProperty({ example: 180000 }) amountYuan: number;
  @ApiProperty() awardId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() winnerOrganizationName: string;
  @ApiProperty({ type: String, nullable: true }) awardMilestoneId: string | null;
  @ApiProperty({ type: String, nullable: true }) milestoneTitle: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty() createdAt: Date;
}

export class LedgerTotalsView {
  @ApiProperty({ example: 1000000 }) fundingTotalYuan: number;
  @ApiProperty({ example: 1000000 }) committedYuan: number;
  @ApiProperty({ example: 300000 }) releasedYuan: number;
  @ApiProperty({
    example: 0,
    description: 'Withdrawn when the challenge failed after the award: what was committed and not released',
  })
  cancelledYuan: number;
  @ApiProperty({ example: 700000, description: 'Committed, neither released nor cancelled' }) outstandingYuan: number;
}

export class LedgerView {
  @ApiProperty() challengeId: string;
  @ApiProperty({ type: [LedgerEntryView] }) entries: LedgerEntryView[];
  @ApiProperty({ type: LedgerTotalsView, description: 'Over the entries shown (a winner sees its own)' })
  totals: LedgerTotalsView;
}
