import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
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
import { trimString } from '../../../common/listing/keywords.js';
import { IsCalendarDate, IsOptionalNonNull } from '../../../common/validation/decorators.js';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../lifecycle.js';
import { PageMeta } from '../../../common/pagination/pagination.js';
import { MEMBERSHIP_STATUSES, type MembershipStatus } from '../application.entity.js';
import { MAX_YUAN, OrganizationRef } from './challenge.dto.js';

const trimmed = () => Transform(({ value }) => trimString(value));

export class TeamMemberDto {
  @ApiProperty({ example: '张教授', maxLength: 100 })
  @trimmed()
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 100, { message: '姓名不能为空，最多100字 / name must be 1-100 characters' })
  name: string;

  @ApiProperty({ example: '项目负责人', maxLength: 100, description: '在项目中的分工 / role in the project' })
  @trimmed()
  @IsString({ message: 'role 应为字符串 / role must be a string' })
  @Length(1, 100, { message: '分工不能为空，最多100字 / role must be 1-100 characters' })
  role: string;

  @ApiPropertyOptional({ example: '教授', maxLength: 100, nullable: true, type: String, description: '职称 / title' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: 'title 应为字符串 / title must be a string' })
  @MaxLength(100, { message: '职称最多100字 / title must be at most 100 characters' })
  title?: string | null;
}

export class BudgetItemDto {
  @ApiProperty({ example: '材料与测试费', maxLength: 200 })
  @trimmed()
  @IsString({ message: 'item 应为字符串 / item must be a string' })
  @Length(1, 200, { message: '预算科目不能为空，最多200字 / item must be 1-200 characters' })
  item: string;

  @ApiProperty({ example: 400000, description: '金额（元，整数）/ yuan, a whole number' })
  @IsInt({ message: 'amountYuan 应为整数（元）/ amountYuan must be a whole number of yuan' })
  @Min(0, { message: 'amountYuan 不能为负 / amountYuan cannot be negative' })
  @Max(MAX_YUAN, { message: 'amountYuan 过大 / amountYuan is too large' })
  amountYuan: number;
}

export class PlanStepDto {
  @ApiProperty({ example: '小试', maxLength: 200 })
  @trimmed()
  @IsString({ message: 'title 应为字符串 / title must be a string' })
  @Length(1, 200, { message: '阶段名称不能为空，最多200字 / title must be 1-200 characters' })
  title: string;

  @ApiProperty({ example: '2027-06-30' })
  @IsCalendarDate('dueOn')
  dueOn: string;

  @ApiProperty({ example: '电解液配方与检测报告', maxLength: 500, description: '交付物 / deliverable' })
  @trimmed()
  @IsString({ message: 'deliverable 应为字符串 / deliverable must be a string' })
  @Length(1, 500, { message: '交付物不能为空，最多500字 / deliverable must be 1-500 characters' })
  deliverable: string;
}

export class ConsortiumMemberDto {
  @ApiProperty({ description: '联合体成员单位 / a member organisation' })
  @IsUUID('all', { message: 'organizationId 应为组织ID / organizationId must be an organisation id' })
  organizationId: string;

  @ApiProperty({ example: '中试与产业化', maxLength: 200, description: '成员分工 / its role in the consortium' })
  @trimmed()
  @IsString({ message: 'role 应为字符串 / role must be a string' })
  @Length(1, 200, { message: '成员分工不能为空，最多200字 / role must be 1-200 characters' })
  role: string;
}

class ApplicationFieldsDto {
  @ApiPropertyOptional({ example: '宽温域电解液与电池包热管理联合方案', maxLength: 200 })
  @trimmed()
  @IsOptionalNonNull()
  @IsString({ message: 'title 应为字符串 / title must be a string' })
  @Length(1, 200, { message: 'title 不能为空且最多200字 / title must be 1-200 characters' })
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000, description: '技术路线 / the approach' })
  @trimmed()
  @IsOptionalNonNull()
  @IsString({ message: 'approach 应为字符串 / approach must be a string' })
  @Length(1, 20000, { message: 'approach 不能为空且最多20000字 / approach must be 1-20000 characters' })
  approach?: string;

  @ApiPropertyOptional({ type: [TeamMemberDto], description: '主要成员 / key people' })
  @IsOptionalNonNull()
  @IsArray({ message: 'team 应为数组 / team must be an array' })
  @ArrayMinSize(1, { message: '至少列出一名团队成员 / name at least one team member' })
  @ArrayMaxSize(100, { message: '最多列出100名成员 / at most 100 team members' })
  @ValidateNested({ each: true })
  @Type(() => TeamMemberDto)
  team?: TeamMemberDto[];

  @ApiPropertyOptional({
    example: 8,
    description: '团队总人数（默认：team 的人数）/ team size (default: the people listed)',
  })
  @IsOptionalNonNull()
  @IsInt({ message: 'teamSize 应为正整数 / teamSize must be a whole number' })
  @Min(1, { message: 'teamSize 至少为1 / teamSize must be at least 1' })
  @Max(10000, { message: 'teamSize 过大 / teamSize is too large' })
  teamSize?: number;

  @ApiPropertyOptional({ example: 6, minimum: 1, maximum: 9, description: '技术成熟度 / technology readiness level' })
  @IsOptionalNonNull()
  @IsInt({ message: 'trl 应为 1–9 的整数 / trl must be a whole number from 1 to 9' })
  @Min(1, { message: 'trl 应为 1–9 的整数 / trl must be a whole number from 1 to 9' })
  @Max(9, { message: 'trl 应为 1–9 的整数 / trl must be a whole number from 1 to 9' })
  trl?: number;

  @ApiPropertyOptional({ type: [BudgetItemDto], description: '分项预算 / budget by item' })
  @IsOptionalNonNull()
  @IsArray({ message: 'budget 应为数组 / budget must be an array' })
  @ArrayMinSize(1, { message: '至少列出一项预算 / at least one budget item' })
  @ArrayMaxSize(50, { message: '最多50项预算 / at most 50 budget items' })
  @ValidateNested({ each: true })
  @Type(() => BudgetItemDto)
  budget?: BudgetItemDto[];

  @ApiPropertyOptional({ type: [PlanStepDto], description: '进度安排 / the plan' })
  @IsOptionalNonNull()
  @IsArray({ message: 'plan 应为数组 / plan must be an array' })
  @ArrayMinSize(1, { message: '至少列出一个阶段 / at least one plan step' })
  @ArrayMaxSize(30, { message: '最多30个阶段 / at most 30 plan steps' })
  @ValidateNested({ each: true })
  @Type(() => PlanStepDto)
  plan?: PlanStepDto[];

  @ApiPropertyOptional({ maxLength: 10000, nullable: true, type: String, description: '前期成果 / prior results' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: 'priorResults 应为字符串 / priorResults must be a string' })
  @MaxLength(10000, { message: 'priorResults 最多10000字 / priorResults must be at most 10000 characters' })
  priorResults?: string | null;

  @ApiPropertyOptional({
    type: [ConsortiumMemberDto],
    description:
      '联合体其他成员（调用者单位为牵头单位）/ the other consortium members (the caller’s organisation leads)',
  })
  @IsOptionalNonNull()
  @IsArray({ message: 'members 应为数组 / members must be an array' })
  @ArrayMaxSize(20, { message: '联合体最多20家成员 / at most 20 consortium members' })
  @ValidateNested({ each: true })
  @Type(() => ConsortiumMemberDto)
  members?: ConsortiumMemberDto[];

  @ApiPropertyOptional({
    example: '牵头单位，负责总体方案',
    maxLength: 200,
    description: '牵头单位分工 / the lead’s role',
  })
  @trimmed()
  @IsOptionalNonNull()
  @IsString({ message: 'leadRole 应为字符串 / leadRole must be a string' })
  @Length(1, 200, { message: 'leadRole 最多200字 / leadRole must be 1-200 characters' })
  leadRole?: string;
}

export class CreateApplicationDto extends ApplicationFieldsDto {}

export class UpdateApplicationDto extends ApplicationFieldsDto {
  @ApiPropertyOptional({ description: '读取时的版本；已变化时 409 / the version read; 409 when it has changed' })
  @IsOptional()
  @IsInt({ message: 'version 应为整数 / version must be a whole number' })
  version?: number;
}

export class AttachmentQuery {
  @ApiProperty({ example: '技术方案.pdf', maxLength: 200, description: '文件名 / the file’s name' })
  @IsString({ message: 'filename 应为字符串 / filename must be a string' })
  @Length(1, 200, { message: 'filename 不能为空且最多200字 / filename must be 1-200 characters' })
  filename: string;

  @ApiPropertyOptional({
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    description:
      '文件的 SHA-256（十六进制）：给出时校验，不符则 400 / the file’s SHA-256, checked when given (400 if it differs)',
  })
  @IsOptional()
  @IsString({ message: 'sha256 应为字符串 / sha256 must be a string' })
  sha256?: string;
}

export class TeamMemberView {
  @ApiProperty()
  name: string;
  @ApiProperty()
  role: string;
  @ApiProperty({ nullable: true, type: String })
  title: string | null;
}

export class BudgetItemView extends BudgetItemDto {}
export class PlanStepView extends PlanStepDto {}

export class ConsortiumMemberView {
  @ApiProperty({ type: OrganizationRef })
  organization: OrganizationRef;
  @ApiProperty()
  role: string;
  @ApiProperty()
  isLead: boolean;
  @ApiProperty({
    enum: MEMBERSHIP_STATUSES,
    description:
      '成员答复：invited（待答复，不计入联合体）、accepted、declined（拒绝、退出或截止时未答复）；牵头单位恒为 accepted / ' +
      'invited (not yet part of the consortium), accepted, declined (refused, left, or lapsed at the deadline); ' +
      'the lead is always accepted',
  })
  status: MembershipStatus;
  @ApiProperty({ nullable: true, type: Date })
  respondedAt: string | null;
}

export class MembershipAnswerDto {
  @ApiProperty({ example: true, description: 'true: 接受邀请 / accept; false: 拒绝或退出 / decline, or leave' })
  @IsBoolean({ message: 'accept 应为布尔值 / accept must be true or false' })
  accept: boolean;

  @ApiPropertyOptional({ maxLength: 2000, example: '同意承担中试 / we take on the pilot' })
  @IsOptional()
  @IsString({ message: 'note 应为字符串 / note must be a string' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;
}

export class AttachmentView {
  @ApiProperty()
  id: string;
  @ApiProperty()
  filename: string;
  @ApiProperty({ example: 'application/pdf' })
  contentType: string;
  @ApiProperty({ example: 1048576 })
  sizeBytes: number;
  @ApiProperty({ description: 'SHA-256, hex' })
  sha256: string;
  @ApiProperty()
  createdAt: Date;
}

export class ApplicationView {
  @ApiProperty()
  id: string;
  @ApiProperty()
  challengeId: string;
  @ApiProperty({ enum: APPLICATION_STATUSES })
  status: ApplicationStatus;
  @ApiProperty({ example: '已提交 / submitted' })
  statusLabel: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  approach: string;
  @ApiProperty({ type: OrganizationRef })
  lead: OrganizationRef;
  @ApiProperty({ type: [ConsortiumMemberView], description: 'The lead first' })
  members: ConsortiumMemberView[];
  @ApiProperty({ type: [TeamMemberView] })
  team: TeamMemberView[];
  @ApiProperty()
  teamSize: number;
  @ApiProperty()
  trl: number;
  @ApiProperty({ type: [BudgetItemView] })
  budget: BudgetItemView[];
  @ApiProperty({ example: 1000000 })
  budgetTotalYuan: number;
  @ApiProperty({ type: [PlanStepView] })
  plan: PlanStepView[];
  @ApiProperty({ nullable: true, type: String })
  priorResults: string | null;
  @ApiProperty({ type: [AttachmentView] })
  attachments: AttachmentView[];
  @ApiProperty()
  submittedAt: Date;
  @ApiProperty({ nullable: true, type: Date })
  withdrawnAt: Date | null;
  @ApiProperty()
  updatedAt: Date;
  @ApiProperty()
  version: number;
}

export class ApplicationList extends PageMeta {
  @ApiProperty({ type: [ApplicationView] })
  items: ApplicationView[];
}
