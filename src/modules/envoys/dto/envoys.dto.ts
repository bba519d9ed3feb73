import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { DISTRICTS, type District } from '../../../common/domain/vocabulary.js';
import { KeywordsField } from '../../../common/listing/listing-fields.js';
import { trimString } from '../../../common/listing/keywords.js';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';
import { IsCalendarDate, IsOptionalNonNull } from '../../../common/validation/decorators.js';
import {
  AGREEMENT_STATUSES,
  NOMINATION_ACTIONS,
  NOMINATION_STATUSES,
  POST_KINDS,
  POST_STATUSES,
  type AgreementStatus,
  type NominationAction,
  type NominationStatus,
  type PostKind,
  type PostStatus,
} from '../lifecycle.js';

const trimmed = () => Transform(({ value }) => trimString(value));
const text = (field: string, min: number, max: number, zh: string) => [
  trimmed(),
  IsString({ message: `${field} 应为字符串 / ${field} must be a string` }),
  Length(min, max, {
    message:
      min > 0
        ? `${zh}不能为空，最多${max}字 / ${field} must be ${min}-${max} characters`
        : `${zh}最多${max}字 / ${field} must be at most ${max} characters`,
  }),
];
function Text(field: string, min: number, max: number, zh: string): PropertyDecorator {
  return applyDecorators(...text(field, min, max, zh));
}

export class CreatePostDto {
  @ApiProperty({ enum: POST_KINDS, example: 'envoy', description: 'envoy 科技特派员 / vice_president 科技副总' })
  @IsIn(POST_KINDS, { message: 'kind 应为 envoy 或 vice_president / kind must be envoy or vice_president' })
  kind: PostKind;

  @ApiProperty({ example: '寒地农机智能控制科技副总', maxLength: 200 })
  @Text('title', 1, 200, '岗位名称')
  title: string;

  @ApiProperty({
    example: 'hitech:0804',
    description: '领域：体系:代码（GET /taxonomies）/ a sector reference scheme:code',
  })
  @trimmed()
  @IsString({ message: 'field 应为“体系:代码”字符串 / field must be a scheme:code string' })
  @Length(1, 100, { message: 'field 不能为空，最多100字符 / field must be 1-100 characters' })
  field: string;

  @ApiProperty({ example: '负责企业农机电控系统研发，指导团队完成寒地播种机智能控制改造。', maxLength: 5000 })
  @Text('tasks', 1, 5000, '工作任务')
  tasks: string;

  @KeywordsField(['农机', '智能控制'])
  keywords?: string[];

  @ApiProperty({ example: 12, minimum: 1, maximum: 36, description: '服务期（月）/ term in months' })
  @IsInt({ message: 'termMonths 应为1到36的整数 / termMonths must be a whole number from 1 to 36' })
  @Min(1, { message: 'termMonths 应为1到36的整数 / termMonths must be a whole number from 1 to 36' })
  @Max(36, { message: 'termMonths 应为1到36的整数 / termMonths must be a whole number from 1 to 36' })
  termMonths: number;

  @ApiPropertyOptional({ enum: DISTRICTS, example: '平房', description: "Defaults to the enterprise's district" })
  @IsOptionalNonNull()
  @IsIn(DISTRICTS, { message: 'district 应为哈尔滨的区县市或 outside / district must be a Harbin district or outside' })
  district?: District;

  @ApiPropertyOptional({ example: '哈尔滨市平房区哈南工业新城', maxLength: 300 })
  @IsOptionalNonNull()
  @Text('address', 0, 300, '地址')
  address?: string;

  @ApiPropertyOptional({ example: '每月补贴5000元，提供住宿，配备3人研发团队', maxLength: 2000 })
  @IsOptionalNonNull()
  @Text('support', 0, 2000, '支持条件')
  support?: string;

  @ApiPropertyOptional({ example: 1, minimum: 1, maximum: 100, default: 1 })
  @IsOptionalNonNull()
  @IsInt({ message: 'positions 应为1到100的整数 / positions must be a whole number from 1 to 100' })
  @Min(1, { message: 'positions 应为1到100的整数 / positions must be a whole number from 1 to 100' })
  @Max(100, { message: 'positions 应为1到100的整数 / positions must be a whole number from 1 to 100' })
  positions?: number;

  @ApiPropertyOptional({
    description: 'Coordinators: the enterprise the post is for (required for them); members: their own (ignored)',
  })
  @IsOptionalNonNull()
  @IsUUID('all', { message: 'organizationId 应为组织ID / organizationId must be an organisation id' })
  organizationId?: string;
}

export class UpdatePostDto {
  @ApiPropertyOptional({ enum: POST_KINDS })
  @IsOptionalNonNull()
  @IsIn(POST_KINDS, { message: 'kind 应为 envoy 或 vice_president / kind must be envoy or vice_president' })
  kind?: PostKind;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNonNull()
  @Text('title', 1, 200, '岗位名称')
  title?: string;

  @ApiPropertyOptional({ example: 'hitech:0804' })
  @IsOptionalNonNull()
  @trimmed()
  @IsString({ message: 'field 应为“体系:代码”字符串 / field must be a scheme:code string' })
  @Length(1, 100, { message: 'field 不能为空，最多100字符 / field must be 1-100 characters' })
  field?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptionalNonNull()
  @Text('tasks', 1, 5000, '工作任务')
  tasks?: string;

  @KeywordsField(['农机'])
  keywords?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 36 })
  @IsOptionalNonNull()
  @IsInt({ message: 'termMonths 应为1到36的整数 / termMonths must be a whole number from 1 to 36' })
  @Min(1, { message: 'termMonths 应为1到36的整数 / termMonths must be a whole number from 1 to 36' })
  @Max(36, { message: 'termMonths 应为1到36的整数 / termMonths must be a whole number from 1 to 36' })
  termMonths?: number;

  @ApiPropertyOptional({ enum: DISTRICTS })
  @IsOptionalNonNull()
  @IsIn(DISTRICTS, { message: 'district 应为哈尔滨的区县市或 outside / district must be a Harbin district or outside' })
  district?: District;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptionalNonNull()
  @Text('address', 0, 300, '地址')
  address?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptionalNonNull()
  @Text('support', 0, 2000, '支持条件')
  support?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptionalNonNull()
  @IsInt({ message: 'positions 应为1到100的整数 / positions must be a whole number from 1 to 100' })
  @Min(1, { message: 'positions 应为1到100的整数 / positions must be a whole number from 1 to 100' })
  @Max(100, { message: 'positions 应为1到100的整数 / positions must be a whole number from 1 to 100' })
  positions?: number;
}

export class PostQuery extends PageQuery {
  @ApiPropertyOptional({ enum: POST_KINDS })
  @IsOptional()
  @IsIn(POST_KINDS, { message: 'kind 应为 envoy 或 vice_president / kind must be envoy or vice_president' })
  kind?: PostKind;

  @ApiPropertyOptional({ example: 'hitech:08', description: 'A sector; its sub-sectors count too' })
  @IsOptional()
  @IsString({ message: 'field 应为字符串 / field must be a string' })
  @MaxLength(100, { message: 'field 最多100字符 / field must be at most 100 characters' })
  field?: string;

  @ApiPropertyOptional({ enum: DISTRICTS })
  @IsOptional()
  @IsIn(DISTRICTS, { message: 'district 应为哈尔滨的区县市或 outside / district must be a Harbin district or outside' })
  district?: District;

  @ApiPropertyOptional({ enum: POST_STATUSES })
  @IsOptional()
  @IsIn(POST_STATUSES, {
    message: `status 应为 ${POST_STATUSES.join(', ')} 之一 / status must be one of ${POST_STATUSES.join(', ')}`,
  })
  status?: PostStatus;

  @ApiPropertyOptional({ example: '农机', description: 'Words in the title, tasks or keywords' })
  @IsOptional()
  @IsString({ message: 'q 应为字符串 / q must be a string' })
  @MaxLength(100, { message: 'q 最多100字 / q must be at most 100 characters' })
  q?: string;
}

export class PostTransitionDto {
  @ApiProperty({ enum: POST_STATUSES, example: 'open', description: 'open | closed (filled is the system’s)' })
  @IsIn(POST_STATUSES, {
    message: `to 应为 ${POST_STATUSES.join(', ')} 之一 / to must be one of ${POST_STATUSES.join(', ')}`,
  })
  to: PostStatus;

  @ApiPropertyOptional({ example: '岗位已通过其他渠道解决', maxLength: 1000 })
  @IsOptionalNonNull()
  @Text('reason', 1, 1000, '原因')
  reason?: string;
}

export class OrgRef {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'enterprise' }) kind: string;
  @ApiProperty({ enum: DISTRICTS }) district: string;
}

export class PostView {
  @ApiProperty() id: string;
  @ApiProperty({ type: OrgRef }) organization: OrgRef;
  @ApiProperty({ enum: POST_KINDS }) kind: PostKind;
  @ApiProperty({ example: '科技副总 / technology vice-president' }) kindLabel: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'hitech:0804' }) field: string;
  @ApiProperty({ example: '先进制造工艺与装备', nullable: true, type: String }) fieldName: string | null;
  @ApiProperty() tasks: string;
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty() termMonths: number;
  @ApiProperty({ enum: DISTRICTS }) district: District;
  @ApiProperty() address: string;
  @ApiProperty() support: string;
  @ApiProperty() positions: number;
  @ApiProperty({ enum: POST_STATUSES }) status: PostStatus;
  @ApiProperty({ example: '征集中 / open' }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String }) closedReason: string | null;
  @ApiProperty({ description: 'Live nominations (all for the owner and coordinators; the caller’s own otherwise)' })
  nominations: number;
  @ApiProperty({ description: 'Active agreements' }) activeAgreements: number;
  @ApiProperty({ enum: ['coordinator', 'owner', 'nominator', 'other'] }) viewerRole: string;
  @ApiProperty({ enum: POST_STATUSES, isArray: true, description: 'Steps the caller may ask for' })
  allowedTransitions: PostStatus[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) openedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class PostPage extends PageMeta {
  @ApiProperty({ type: [PostView] }) items: PostView[];
}

export class CreateNominationDto {
  @ApiPropertyOptional({ description: 'A user of the nominating organisation (the expert)' })
  @IsOptionalNonNull()
  @IsUUID('all', { message: 'nomineeUserId 应为用户ID / nomineeUserId must be a user id' })
  nomineeUserId?: string;

  @ApiPropertyOptional({ description: 'An active `expertise` capability of the nominating organisation' })
  @IsOptionalNonNull()
  @IsUUID('all', { message: 'capabilityId 应为成果ID / capabilityId must be a capability id' })
  capabilityId?: string;

  @ApiPropertyOptional({ example: '王教授', maxLength: 100, description: "Defaults to the nominee user's name" })
  @IsOptionalNonNull()
  @Text('nomineeName', 1, 100, '被推荐人姓名')
  nomineeName?: string;

  @ApiProperty({ example: '长期从事农机电控研究，主持省重点研发项目2项。', maxLength: 5000 })
  @Text('statement', 1, 5000, '推荐理由')
  statement: string;

  @ApiPropertyOptional({ description: 'Coordinators: the nominating university, institute or lab (required for them)' })
  @IsOptionalNonNull()
  @IsUUID('all', { message: 'organizationId 应为组织ID / organizationId must be an organisation id' })
  organizationId?: string;
}

export class NominationTransitionDto {
  @ApiProperty({ enum: NOMINATION_ACTIONS, example: 'enterprise_accepted' })
  @IsIn(NOMINATION_ACTIONS, {
    message: `to 应为 ${NOMINATION_ACTIONS.join(', ')} 之一 / to must be one of ${NOMINATION_ACTIONS.join(', ')}`,
  })
  to: NominationAction;

  @ApiPropertyOptional({ example: '时间安排冲突', maxLength: 1000, description: 'Required to decline' })
  @IsOptionalNonNull()
  @Text('reason', 1, 1000, '原因')
  reason?: string;
}

export class NominationView {
  @ApiProperty() id: string;
  @ApiProperty() postId: string;
  @ApiProperty({ type: OrgRef }) nominatingOrganization: OrgRef;
  @ApiProperty({ nullable: true, type: String }) nomineeUserId: string | null;
  @ApiProperty({ nullable: true, type: Object, description: '{id, title, kind} of the capability' })
  capability: { id: string; title: string; kind: string } | null;
  @ApiProperty() nomineeName: string;
  @ApiProperty() statement: string;
  @ApiProperty({ enum: NOMINATION_STATUSES }) status: NominationStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) enterpriseAcceptedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nomineeAcceptedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) declineReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The agreement, once drafted' }) agreementId: string | null;
  @ApiProperty({ enum: ['coordinator', 'enterprise', 'nominee', 'nominating', 'other'] }) viewerSide: string;
  @ApiProperty({ enum: NOMINATION_ACTIONS, isArray: true }) allowedActions: NominationAction[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class NominationList {
  @ApiProperty({ type: [NominationView] }) items: NominationView[];
}

export class CreateAgreementDto {
  @ApiProperty({ example: '2027-01-01', description: 'Harbin date' })
  @IsCalendarDate('startsOn')
  startsOn: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Default: start + the post’s term months − 1 day' })
  @IsOptionalNonNull()
  @IsCalendarDate('endsOn')
  endsOn?: string;

  @ApiProperty({ example: '每月驻企不少于8个工作日；企业每月支付补贴5000元；知识产权归企业所有。', maxLength: 10000 })
  @Text('terms', 1, 10000, '协议条款')
  terms: string;
}

export class AgreementTransitionDto {
  @ApiProperty({ enum: ['terminated'], example: 'terminated' })
  @IsIn(['terminated'], { message: 'to 只能为 terminated / to must be terminated' })
  to: 'terminated';

  @ApiProperty({ example: '企业项目调整，双方协商一致解除', maxLength: 1000 })
  @Text('reason', 1, 1000, '终止原因')
  reason: string;
}

export class WorkLogDto {
  @ApiProperty({ example: '驻企8天，完成播种机电控方案评审，培训技术人员5名。', maxLength: 5000 })
  @Text('summary', 1, 5000, '工作内容')
  summary: string;

  @ApiProperty({ example: 64, minimum: 0, maximum: 744 })
  @IsInt({ message: 'hours 应为0到744的整数 / hours must be a whole number from 0 to 744' })
  @Min(0, { message: 'hours 应为0到744的整数 / hours must be a whole number from 0 to 744' })
  @Max(744, { message: 'hours 应为0到744的整数 / hours must be a whole number from 0 to 744' })
  hours: number;

  @ApiPropertyOptional({ example: '申请实用新型专利1项', maxLength: 5000 })
  @IsOptionalNonNull()
  @Text('achievements', 0, 5000, '工作成效')
  achievements?: string;
}

export class EvaluationDto {
  @ApiProperty({ example: 5, minimum: 1, maximum: 5 })
  @IsInt({ message: 'rating 应为1到5的整数 / rating must be a whole number from 1 to 5' })
  @Min(1, { message: 'rating 应为1到5的整数 / rating must be a whole number from 1 to 5' })
  @Max(5, { message: 'rating 应为1到5的整数 / rating must be a whole number from 1 to 5' })
  rating: number;

  @ApiPropertyOptional({ example: '工作认真，帮助企业解决了关键技术问题。', maxLength: 5000 })
  @IsOptionalNonNull()
  @Text('comment', 0, 5000, '评价')
  comment?: string;

  @ApiProperty({ example: true })
  @IsBoolean({ message: 'wouldRenew 应为 true 或 false / wouldRenew must be true or false' })
  wouldRenew: boolean;
}

export class AgreementQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AGREEMENT_STATUSES })
  @IsOptional()
  @IsIn(AGREEMENT_STATUSES, {
    message: `status 应为 ${AGREEMENT_STATUSES.join(', ')} 之一 / status must be one of ${AGREEMENT_STATUSES.join(', ')}`,
  })
  status?: AgreementStatus;
}

export class WorkLogView {
  @ApiProperty({ example: '2027-03' }) month: string;
  @ApiProperty({ nullable: true, type: String }) authorId: string | null;
  @ApiProperty() summary: string;
  @ApiProperty() hours: number;
  @ApiProperty() achievements: string;
  @ApiProperty({ description: 'Whether the caller may still edit it (its author, until the end of the next month)' })
  editable: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class EvaluationView {
  @ApiProperty() rating: number;
  @ApiProperty() comment: string;
  @ApiProperty() wouldRenew: boolean;
  @ApiProperty({ nullable: true, type: String }) evaluatedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class AgreementView {
  @ApiProperty() id: string;
  @ApiProperty() nominationId: string;
  @ApiProperty({ description: '{id, title, kind, organization}' })
  post: { id: string; title: string; kind: PostKind; organization: OrgRef };
  @ApiProperty({ type: OrgRef }) nominatingOrganization: OrgRef;
  @ApiProperty() nomineeName: string;
  @ApiProperty({ nullable: true, type: String }) nomineeUserId: string | null;
  @ApiProperty({ example: '2027-01-01' }) startsOn: string;
  @ApiProperty({ example: '2027-12-31' }) endsOn: string;
  @ApiProperty() terms: string;
  @ApiProperty({ enum: AGREEMENT_STATUSES }) status: AgreementStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) enterpriseSignedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) providerSignedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) terminationReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When both had signed' })
  activatedAt: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it was terminated or completed',
  })
  endedAt: Date | null;
  @ApiProperty({ enum: ['coordinator', 'enterprise', 'provider'] }) viewerSide: string;
  @ApiProperty({
    type: [String],
    example: ['sign'],
    description: 'What the caller may do now: sign, log, evaluate, terminate',
  })
  allowedActions: string[];
  @ApiProperty({
    type: [String],
    example: ['2027-02', '2027-03'],
    description:
      'The months (YYYY-MM) whose work log the caller may write or correct now: the envoy’s, while the agreement ' +
      'is active or, once ended, up to the month it ended in, each until the end of the following month; else []',
  })
  logMonths: string[];
  @ApiPropertyOptional({ type: [WorkLogView], description: 'On GET /secondment-agreements/:id' }) logs?: WorkLogView[];
  @ApiPropertyOptional({ type: EvaluationView, nullable: true }) evaluation?: EvaluationView | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class AgreementPage extends PageMeta {
  @ApiProperty({ type: [AgreementView] }) items: AgreementView[];
}

export class CandidateView {
  @ApiProperty() rank: number;
  @ApiProperty() score: number;
  @ApiProperty({ description: '{id, title, kind}' }) capability: { id: string; title: string; kind: string };
  @ApiProperty({ type: OrgRef }) organization: OrgRef;
  @ApiProperty({
    description:
      "The matching engine's explanation, the same object as a match's (summary, keyword terms, sector, factors)",
  })
  explanation: Record<string, unknown>;
  @ApiProperty({
    description:
      'A near miss (接近的专家): below the engine’s floor, listed (after the suggestions) only when no expert passes it',
  })
  nearMiss: boolean;
}

export class CandidateList {
  @ApiProperty({ type: [CandidateView], description: 'The suggestions by rank, then the near misses' })
  items: CandidateView[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: not ranked yet' })
  computedAt: Date | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '接近的专家（低于推荐门槛，仅供参考）/ near misses (below the floor, for reference)',
    description: 'A heading for the near misses when the list holds some; null otherwise',
  })
  nearMissLabel: string | null;
}

export class SecondmentEventActor {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class SecondmentEventView {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['post', 'nomination', 'agreement', 'log', 'evaluation', 'candidates'] }) subject: string;
  @ApiProperty({ description: 'The post, nomination or agreement the step is about' }) subjectId: string;
  @ApiProperty({ example: 'status' }) kind: string;
  @ApiProperty({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) toStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({ type: () => SecondmentEventActor, nullable: true, description: 'Null: the system (a job or a rule)' })
  actor: SecondmentEventActor | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class SecondmentEventList extends PageMeta {
  @ApiProperty({ type: [SecondmentEventView] }) items: SecondmentEventView[];
}

export class JobAccepted {
  @ApiProperty({ example: 'envoys-rank-post-…' }) jobId: string;
}

export class EnvoyStatsGroup {
  @ApiProperty() key: string;
  @ApiProperty({ nullable: true, type: String, description: 'The sector’s name (by field) or the district' })
  name: string | null;
  @ApiProperty() posts: number;
  @ApiProperty() openPosts: number;
  @ApiProperty() nominations: number;
  @ApiProperty() matched: number;
  @ApiProperty() activeAgreements: number;
  @ApiProperty() completedAgreements: number;
  @ApiProperty({ nullable: true, type: Number }) averageRating: number | null;
}

export class EnvoyStatsQuery {
  @ApiPropertyOptional({ example: '2027-01-01', description: 'Posts created on or after this Harbin date' })
  @IsOptional()
  @IsCalendarDate('from')
  from?: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Posts created on or before this Harbin date' })
  @IsOptional()
  @IsCalendarDate('to')
  to?: string;
}

export class EnvoyStats {
  @ApiProperty({ nullable: true, type: String, example: '2027-01-01', description: 'The range asked for (null: open)' })
  from: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2027-12-31' }) to: string | null;
  @ApiProperty({ description: 'Posts by status {draft, open, filled, closed} and total' })
  posts: Record<string, number>;
  @ApiProperty({ description: 'Nominations by status and total' }) nominations: Record<string, number>;
  @ApiProperty({ description: 'Agreements by status and total' }) agreements: Record<string, number>;
  @ApiProperty({ description: '{count, averageRating, wouldRenew}' })
  evaluations: { count: number; averageRating: number | null; wouldRenew: number };
  @ApiProperty({ type: [EnvoyStatsGroup] }) byField: EnvoyStatsGroup[];
  @ApiProperty({ type: [EnvoyStatsGroup] }) byDistrict: EnvoyStatsGroup[];
}
