import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DISTRICTS,
  ENTERPRISE_CATEGORIES,
  ORGANIZATION_KINDS,
  type District,
  type EnterpriseCategory,
} from '../../../common/domain/vocabulary.js';
import { trimString } from '../../../common/listing/keywords.js';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';
import { IsCalendarDate, IsOptionalNonNull } from '../../../common/validation/decorators.js';
import { LEDGER_ACCOUNTS } from '../entities/voucher.entity.js';
import {
  CLAIM_STATUSES,
  PROGRAMME_STATUSES,
  QUOTA_STATUSES,
  type ClaimStatus,
  type ProgrammeStatus,
  type QuotaStatus,
} from '../lifecycle.js';
import { ISSUER_LEVELS, type IssuerLevel } from '../split.js';

export const MAX_YUAN = 1e12;
const SERVICE_KINDS = ['equipment', 'service'] as const;
const trimmed = () => Transform(({ value }) => trimString(value));
const yuan = (field: string, min = 1) => [
  IsInt({ message: `${field} 应为整数（元）/ ${field} must be whole yuan` }),
  Min(min, { message: `${field} 应不小于 ${min} 元 / ${field} must be at least ${min} yuan` }),
  Max(MAX_YUAN, { message: `${field} 过大 / ${field} is too large` }),
];
const percent = (field: string) => [
  IsInt({ message: `${field} 应为整数百分比 / ${field} must be a whole percent` }),
  Min(0, { message: `${field} 应在 0–100 之间 / ${field} must be 0..100` }),
  Max(100, { message: `${field} 应在 0–100 之间 / ${field} must be 0..100` }),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };

export class VoucherShareDto {
  @ApiProperty({ example: '黑龙江省科学技术厅', description: '补助主体名称 / reimbursing body' })
  @trimmed()
  @IsString({ message: 'body 应为字符串 / body must be a string' })
  @Length(1, 100, { message: 'body 不能为空，最多100字 / body must be 1-100 characters' })
  @Matches(/^[^=+\-@]/, { message: 'body 不能以 = + - @ 开头 / body must not start with = + - @' })
  body: string;

  @ApiProperty({ enum: ISSUER_LEVELS, example: 'province' })
  @IsIn(ISSUER_LEVELS, { message: 'level 应为 province、city 或 district / level must be province, city or district' })
  level: IssuerLevel;

  @ApiPropertyOptional({
    enum: DISTRICTS,
    nullable: true,
    type: String,
    example: '平房',
    description:
      '区县级主体所属区县（level = district 时必填）：只补助该区企业，同区加成只在服务机构也在该区时 / the district ' +
      'this body serves (required for level district): it reimburses only enterprises there, its same-district bonus ' +
      'only when the provider is there too',
  })
  @IsOptional()
  @IsIn(DISTRICTS, { message: 'district 不是有效的区县 / district is not a district' })
  district?: string | null;

  @ApiProperty({ minimum: 0, maximum: 100, example: 60, description: '基础比例 % / base percent' })
  @apply(percent('basePercent'))
  basePercent: number;

  @ApiProperty({
    minimum: 0,
    maximum: 100,
    example: 0,
    description: '哈尔滨服务机构加成 % / added when the provider is in Harbin',
  })
  @apply(percent('harbinBonusPercent'))
  harbinBonusPercent: number;

  @ApiProperty({
    minimum: 0,
    maximum: 100,
    example: 0,
    description:
      '同区服务机构加成 % / added when the provider is in the enterprise’s Harbin district (for a body with a ' +
      'district: in that district)',
  })
  @apply(percent('sameDistrictBonusPercent'))
  sameDistrictBonusPercent: number;
}

export class CreateProgrammeDto {
  @ApiProperty({ example: '2027年哈尔滨市科技创新券', maxLength: 200 })
  @trimmed()
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 200, { message: 'name 不能为空，最多200字 / name must be 1-200 characters' })
  name: string;

  @ApiProperty({ enum: ISSUER_LEVELS, example: 'city' })
  @IsIn(ISSUER_LEVELS, {
    message: 'issuerLevel 应为 province、city 或 district / issuerLevel must be province, city or district',
  })
  issuerLevel: IssuerLevel;

  @ApiPropertyOptional({ enum: DISTRICTS, nullable: true, description: 'Required iff issuerLevel = district' })
  @IsOptional()
  @IsIn(DISTRICTS, { message: 'issuerDistrict 不是有效的区县 / issuerDistrict is not a district' })
  issuerDistrict?: District | null;

  @ApiProperty({ example: '哈尔滨市科学技术局', maxLength: 200 })
  @trimmed()
  @IsString({ message: 'issuerName 应为字符串 / issuerName must be a string' })
  @Length(1, 200, { message: 'issuerName 不能为空，最多200字 / issuerName must be 1-200 characters' })
  issuerName: string;

  @ApiProperty({ example: '2027-01-01', description: 'Harbin date YYYY-MM-DD' })
  @IsCalendarDate('periodStart')
  periodStart: string;

  @ApiProperty({ example: '2027-12-31', description: 'Harbin date YYYY-MM-DD, ≥ periodStart' })
  @IsCalendarDate('periodEnd')
  periodEnd: string;

  @ApiProperty({
    type: [VoucherShareDto],
    description: 'Every combination of bonuses must total ≤ 100 % (400 naming shares)',
  })
  @IsArray({ message: 'shares 应为数组 / shares must be an array' })
  @ArrayMinSize(1, { message: '至少需要一个补助主体 / shares needs at least one body' })
  @ArrayMaxSize(10, { message: '补助主体最多10个 / at most 10 bodies' })
  @ValidateNested({ each: true })
  @Type(() => VoucherShareDto)
  shares: VoucherShareDto[];

  @ApiProperty({
    example: 100000,
    description:
      '每家企业每自然年（按服务日期，哈尔滨时间）在本计划内的补助上限（元）/ per enterprise, per calendar year of the service date, within this programme',
  })
  @apply(yuan('capPerEnterpriseYuan'))
  capPerEnterpriseYuan: number;

  @ApiPropertyOptional({
    enum: ORGANIZATION_KINDS,
    isArray: true,
    default: ['university', 'research_institute', 'lab'],
  })
  @IsOptional()
  @IsArray({ message: 'eligibleProviderKinds 应为数组 / must be an array' })
  @ArrayMinSize(1, { message: 'eligibleProviderKinds 不能为空 / eligibleProviderKinds must not be empty' })
  @IsIn(ORGANIZATION_KINDS, { each: true, message: 'eligibleProviderKinds 含无效机构类型 / unknown organisation kind' })
  eligibleProviderKinds?: string[];

  @ApiPropertyOptional({ enum: SERVICE_KINDS, isArray: true, default: SERVICE_KINDS })
  @IsOptional()
  @IsArray({ message: 'eligibleServiceKinds 应为数组 / must be an array' })
  @ArrayMinSize(1, { message: 'eligibleServiceKinds 不能为空 / eligibleServiceKinds must not be empty' })
  @IsIn(SERVICE_KINDS, { each: true, message: 'eligibleServiceKinds 只能是 equipment、service / equipment or service' })
  eligibleServiceKinds?: string[];

  @ApiPropertyOptional({ enum: ENTERPRISE_CATEGORIES, isArray: true, default: ENTERPRISE_CATEGORIES })
  @IsOptional()
  @IsArray({ message: 'eligibleEnterpriseCategories 应为数组 / must be an array' })
  @ArrayMinSize(1, { message: 'eligibleEnterpriseCategories 不能为空 / must not be empty' })
  @IsIn(ENTERPRISE_CATEGORIES, { each: true, message: 'eligibleEnterpriseCategories 含无效类别 / unknown category' })
  eligibleEnterpriseCategories?: string[];

  @ApiProperty({ example: 5000000, description: '计划总预算（元）/ budget, whole yuan' })
  @apply(yuan('budgetYuan'))
  budgetYuan: number;

  @ApiPropertyOptional({ default: false, description: '示例数据 / demo programme' })
  @IsOptional()
  @IsBoolean({ message: 'example 应为布尔值 / example must be true or false' })
  example?: boolean;
}

export class UpdateProgrammeDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNonNull()
  @trimmed()
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 200, { message: 'name 不能为空，最多200字 / name must be 1-200 characters' })
  name?: string;

  @ApiPropertyOptional({ enum: ISSUER_LEVELS })
  @IsOptionalNonNull()
  @IsIn(ISSUER_LEVELS, {
    message: 'issuerLevel 应为 province、city 或 district / issuerLevel must be province, city or district',
  })
  issuerLevel?: IssuerLevel;

  @ApiPropertyOptional({ enum: DISTRICTS, nullable: true })
  @IsOptional()
  @IsIn(DISTRICTS, { message: 'issuerDistrict 不是有效的区县 / issuerDistrict is not a district' })
  issuerDistrict?: District | null;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNonNull()
  @trimmed()
  @IsString({ message: 'issuerName 应为字符串 / issuerName must be a string' })
  @Length(1, 200, { message: 'issuerName 不能为空，最多200字 / issuerName must be 1-200 characters' })
  issuerName?: string;

  @ApiPropertyOptional({ example: '2027-01-01' })
  @IsOptionalNonNull()
  @IsCalendarDate('periodStart')
  periodStart?: string;

  @ApiPropertyOptional({ example: '2027-12-31' })
  @IsOptionalNonNull()
  @IsCalendarDate('periodEnd')
  periodEnd?: string;

  @ApiPropertyOptional({ type: [VoucherShareDto] })
  @IsOptionalNonNull()
  @IsArray({ message: 'shares 应为数组 / shares must be an array' })
  @ArrayMinSize(1, { message: '至少需要一个补助主体 / shares needs at least one body' })
  @ArrayMaxSize(10, { message: '补助主体最多10个 / at most 10 bodies' })
  @ValidateNested({ each: true })
  @Type(() => VoucherShareDto)
  shares?: VoucherShareDto[];

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @apply(yuan('capPerEnterpriseYuan'))
  capPerEnterpriseYuan?: number;

  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS, isArray: true })
  @IsOptionalNonNull()
  @IsArray({ message: 'eligibleProviderKinds 应为数组 / must be an array' })
  @ArrayMinSize(1, { message: 'eligibleProviderKinds 不能为空 / eligibleProviderKinds must not be empty' })
  @IsIn(ORGANIZATION_KINDS, { each: true, message: 'eligibleProviderKinds 含无效机构类型 / unknown organisation kind' })
  eligibleProviderKinds?: string[];

  @ApiPropertyOptional({ enum: SERVICE_KINDS, isArray: true })
  @IsOptionalNonNull()
  @IsArray({ message: 'eligibleServiceKinds 应为数组 / must be an array' })
  @ArrayMinSize(1, { message: 'eligibleServiceKinds 不能为空 / eligibleServiceKinds must not be empty' })
  @IsIn(SERVICE_KINDS, { each: true, message: 'eligibleServiceKinds 只能是 equipment、service / equipment or service' })
  eligibleServiceKinds?: string[];

  @ApiPropertyOptional({ enum: ENTERPRISE_CATEGORIES, isArray: true })
  @IsOptionalNonNull()
  @IsArray({ message: 'eligibleEnterpriseCategories 应为数组 / must be an array' })
  @ArrayMinSize(1, { message: 'eligibleEnterpriseCategories 不能为空 / must not be empty' })
  @IsIn(ENTERPRISE_CATEGORIES, { each: true, message: 'eligibleEnterpriseCategories 含无效类别 / unknown category' })
  eligibleEnterpriseCategories?: string[];

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @apply(yuan('budgetYuan'))
  budgetYuan?: number;
}

export class ProgrammeTransitionDto {
  @ApiProperty({ enum: PROGRAMME_STATUSES, example: 'open' })
  @IsIn(PROGRAMME_STATUSES, { message: 'to 应为 draft、open 或 closed / to must be draft, open or closed' })
  to: ProgrammeStatus;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ProgrammeQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROGRAMME_STATUSES, description: 'Coordinators only; others always see open ones' })
  @IsOptional()
  @IsIn(PROGRAMME_STATUSES, { message: 'status 无效 / unknown status' })
  status?: ProgrammeStatus;
}

export class ProgrammeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ISSUER_LEVELS }) issuerLevel: IssuerLevel;
  @ApiProperty({ enum: DISTRICTS, nullable: true, type: String }) issuerDistrict: District | null;
  @ApiProperty() issuerName: string;
  @ApiProperty({ example: '2027-01-01' }) periodStart: string;
  @ApiProperty({ example: '2027-12-31' }) periodEnd: string;
  @ApiProperty({ type: [VoucherShareDto] }) shares: VoucherShareDto[];
  @ApiProperty() capPerEnterpriseYuan: number;
  @ApiProperty({ isArray: true, enum: ORGANIZATION_KINDS }) eligibleProviderKinds: string[];
  @ApiProperty({ isArray: true, enum: SERVICE_KINDS }) eligibleServiceKinds: string[];
  @ApiProperty({ isArray: true, enum: ENTERPRISE_CATEGORIES }) eligibleEnterpriseCategories: string[];
  @ApiProperty() budgetYuan: number;
  @ApiProperty({ description: 'Reimbursements booked (claims), whole yuan' }) budgetUsedYuan: number;
  @ApiProperty() budgetRemainingYuan: number;
  @ApiProperty({ enum: PROGRAMME_STATUSES }) status: ProgrammeStatus;
  @ApiProperty({ type: [String], enum: PROGRAMME_STATUSES, description: 'Next statuses the caller may move it to' })
  allowedTransitions: ProgrammeStatus[];
  @ApiProperty() example: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ProgrammePage extends PageMeta {
  @ApiProperty({ type: [ProgrammeView] }) items: ProgrammeView[];
}

export class ApplyQuotaDto {
  @ApiProperty({
    enum: ENTERPRISE_CATEGORIES,
    example: 'tech_sme',
    description: '企业类别（须为本计划适用类别）/ must be eligible',
  })
  @IsIn(ENTERPRISE_CATEGORIES, { message: 'category 无效 / unknown category' })
  category: EnterpriseCategory;

  @ApiPropertyOptional({
    example: '2027230100012345',
    maxLength: 500,
    description: '证明，如科技型中小企业入库登记编号',
  })
  @IsOptional()
  @trimmed()
  @IsString({ message: 'categoryEvidence 应为字符串 / must be a string' })
  @MaxLength(500, { message: 'categoryEvidence 最多500字 / at most 500 characters' })
  categoryEvidence?: string;

  @ApiProperty({ example: 50000 })
  @apply(yuan('requestedYuan'))
  requestedYuan: number;
}

export class QuotaTransitionDto {
  @ApiProperty({ enum: ['approved', 'rejected', 'withdrawn'] })
  @IsIn(['approved', 'rejected', 'withdrawn'], {
    message: 'to 应为 approved、rejected 或 withdrawn / to must be approved, rejected or withdrawn',
  })
  to: 'approved' | 'rejected' | 'withdrawn';

  @ApiPropertyOptional({ description: 'approved: the amount (≤ the per-enterprise cap; default the requested amount)' })
  @IsOptional()
  @apply(yuan('approvedYuan'))
  approvedYuan?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @trimmed()
  @IsString({ message: 'reason 应为字符串 / must be a string' })
  @MaxLength(500, { message: 'reason 最多500字 / at most 500 characters' })
  reason?: string;
}

export class QuotaQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'programmeId 应为 UUID / programmeId must be a UUID' })
  programmeId?: string;

  @ApiPropertyOptional({ enum: QUOTA_STATUSES })
  @IsOptional()
  @IsIn(QUOTA_STATUSES, { message: 'status 无效 / unknown status' })
  status?: QuotaStatus;
}

export class QuotaView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) programmeId: string;
  @ApiProperty() programmeName: string;
  @ApiProperty({ format: 'uuid' }) enterpriseOrganizationId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ enum: ENTERPRISE_CATEGORIES }) category: EnterpriseCategory;
  @ApiProperty({ nullable: true, type: String }) categoryEvidence: string | null;
  @ApiProperty() requestedYuan: number;
  @ApiProperty({ nullable: true, type: Number }) approvedYuan: number | null;
  @ApiProperty({ description: 'Reimbursements booked against it' }) usedYuan: number;
  @ApiProperty({ description: 'approved − used (0 unless approved)' }) remainingYuan: number;
  @ApiProperty({ description: 'Claims booked against it (an approved quota with claims cannot be withdrawn)' })
  claimsCount: number;
  @ApiProperty({
    description:
      'The per-enterprise cap minus what this enterprise has been reimbursed in the programme (under any quota): ' +
      'the most a coordinator may approve',
  })
  capRemainingYuan: number;
  @ApiProperty({ enum: QUOTA_STATUSES }) status: QuotaStatus;
  @ApiProperty({ type: [String], enum: QUOTA_STATUSES }) allowedTransitions: QuotaStatus[];
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class QuotaPage extends PageMeta {
  @ApiProperty({ type: [QuotaView] }) items: QuotaView[];
}

export class ClaimDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A paid service record of the caller’s enterprise (the idempotency key)',
  })
  @IsUUID('all', { message: 'serviceRecordId 应为 UUID / serviceRecordId must be a UUID' })
  serviceRecordId: string;

  @ApiProperty({ format: 'uuid', description: 'An approved quota of the same enterprise' })
  @IsUUID('all', { message: 'quotaId 应为 UUID / quotaId must be a UUID' })
  quotaId: string;
}

export class VoucherSplitLine {
  @ApiProperty({ example: '黑龙江省科学技术厅' }) body: string;
  @ApiProperty({ enum: ISSUER_LEVELS }) level: IssuerLevel;
  @ApiProperty({ example: 60 }) percent: number;
  @ApiProperty({ example: 7407, description: 'floor(service amount × percent / 100)' }) amountYuan: number;
  @ApiProperty({ example: '基础 60% / base 60%' }) reason: string;
}

export class VoucherLimitsView {
  @ApiProperty() quotaRemainingYuan: number;
  @ApiProperty({ description: 'Per enterprise, this programme, the calendar year of the service date' })
  capRemainingYuan: number;
  @ApiProperty() budgetRemainingYuan: number;
}

export class ClaimPreviewView {
  @ApiProperty() serviceAmountYuan: number;
  @ApiProperty({ type: [VoucherSplitLine] }) split: VoucherSplitLine[];
  @ApiProperty() reimbursedYuan: number;
  @ApiProperty({ example: '2027-03-15' }) servedOn: string;
  @ApiProperty({ type: VoucherLimitsView, description: 'Before this claim' }) limits: VoucherLimitsView;
}

export class ClaimView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceRecordId: string;
  @ApiProperty({ format: 'uuid' }) quotaId: string;
  @ApiProperty({ format: 'uuid' }) programmeId: string;
  @ApiProperty() programmeName: string;
  @ApiProperty({ format: 'uuid' }) enterpriseOrganizationId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ format: 'uuid' }) providerOrganizationId: string;
  @ApiProperty() providerName: string;
  @ApiProperty() description: string;
  @ApiProperty() serviceAmountYuan: number;
  @ApiProperty({ type: [VoucherSplitLine] }) split: VoucherSplitLine[];
  @ApiProperty() reimbursedYuan: number;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: ClaimStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) settlementId: string | null;
  @ApiProperty({ example: '2027-03-15', description: 'Harbin date the service ended' }) servedOn: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) settledAt: Date | null;
}

export class ClaimPage extends PageMeta {
  @ApiProperty({ type: [ClaimView] }) items: ClaimView[];
}

export class ClaimQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'programmeId 应为 UUID / programmeId must be a UUID' })
  programmeId?: string;

  @ApiPropertyOptional({ enum: CLAIM_STATUSES })
  @IsOptional()
  @IsIn(CLAIM_STATUSES, { message: 'status 应为 booked 或 settled / status must be booked or settled' })
  status?: ClaimStatus;

  @ApiPropertyOptional({
    enum: ['enterprise', 'provider'],
    description: 'Members: claims of my organisation as enterprise (default both)',
  })
  @IsOptional()
  @IsIn(['enterprise', 'provider'], {
    message: 'side 应为 enterprise 或 provider / side must be enterprise or provider',
  })
  side?: 'enterprise' | 'provider';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'settlementId 应为 UUID / settlementId must be a UUID' })
  settlementId?: string;
}

export class VoucherLedgerRow {
  @ApiProperty() id: number;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) claimId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) settlementId: string | null;
  @ApiProperty({ enum: LEDGER_ACCOUNTS }) account: string;
  @ApiProperty({ format: 'uuid' }) accountRef: string;
  @ApiProperty() body: string;
  @ApiProperty() debitYuan: number;
  @ApiProperty() creditYuan: number;
  @ApiProperty({ description: 'Σdebit − Σcredit of (account, accountRef) up to this row' }) balanceYuan: number;
  @ApiProperty() createdAt: Date;
}

export class VoucherLedgerTotal {
  @ApiProperty({ enum: LEDGER_ACCOUNTS }) account: string;
  @ApiProperty() debitYuan: number;
  @ApiProperty() creditYuan: number;
  @ApiProperty({ description: 'Σdebit − Σcredit' }) balanceYuan: number;
}

export class VoucherLedgerPage extends PageMeta {
  @ApiProperty({ type: [VoucherLedgerRow] }) items: VoucherLedgerRow[];
  @ApiProperty({ type: [VoucherLedgerTotal] }) totals: VoucherLedgerTotal[];
}

export class SettlementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'programmeId 应为 UUID / programmeId must be a UUID' })
  programmeId: string;

  @ApiProperty({ example: '2027-03', description: 'A Harbin month that has ended, YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month 应为 YYYY-MM / month must be YYYY-MM' })
  month: string;
}

export class SettlementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) programmeId: string;
  @ApiProperty() programmeName: string;
  @ApiProperty({ example: '2027-03' }) month: string;
  @ApiProperty() claimsCount: number;
  @ApiProperty() serviceAmountYuan: number;
  @ApiProperty() reimbursedYuan: number;
  @ApiProperty({ type: () => [VoucherBodyTotal], description: 'Per reimbursing body: the amount settled' })
  byBody: VoucherBodyTotal[];
  @ApiProperty() createdAt: Date;
}

export class SettlementPage extends PageMeta {
  @ApiProperty({ type: [SettlementView] }) items: SettlementView[];
}

export class SettlementQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'programmeId 应为 UUID / programmeId must be a UUID' })
  programmeId?: string;
}

export class SettlementExportQuery {
  @ApiPropertyOptional({
    enum: ['gbk', 'gb18030', 'utf-8'],
    default: 'gbk',
    description:
      'gbk (cp936, default; a character GBK lacks is written as [U+XXXX]), gb18030 (encodes everything), utf-8 (BOM)',
  })
  @IsOptional()
  @IsIn(['gbk', 'gb18030', 'utf-8'], {
    message: 'encoding 应为 gbk、gb18030 或 utf-8 / encoding must be gbk, gb18030 or utf-8',
  })
  encoding?: 'gbk' | 'gb18030' | 'utf-8';
}

export class VoucherProviderView {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: string;
  @ApiProperty({ enum: DISTRICTS }) district: string;
  @ApiProperty({ description: 'Service records served within the programme period' }) serviceRecords: number;
  @ApiProperty() paidRecords: number;
  @ApiProperty({ description: 'Amount of the paid ones' }) amountYuan: number;
  @ApiProperty({ description: 'Claims in this programme' }) claims: number;
  @ApiProperty() reimbursedYuan: number;
  @ApiProperty({ nullable: true, type: Number }) averageRating: number | null;
  @ApiProperty() ratingsCount: number;
  @ApiProperty({ description: '≥ 5 paid records and average rating ≥ 4.5' }) suggested: boolean;
  @ApiProperty() flagged: boolean;
  @ApiProperty({ nullable: true, type: String }) flagNote: string | null;
}

export class VoucherProviderList {
  @ApiProperty({ type: [VoucherProviderView] }) items: VoucherProviderView[];
}

export class ProviderFlagDto {
  @ApiProperty()
  @IsBoolean({ message: 'flagged 应为布尔值 / flagged must be true or false' })
  flagged: boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @trimmed()
  @IsString({ message: 'note 应为字符串 / must be a string' })
  @MaxLength(500, { message: 'note 最多500字 / at most 500 characters' })
  note?: string;
}

export class VoucherStatsQuery {
  @ApiPropertyOptional({ example: '2027-01-01', description: 'Harbin date, inclusive (default: 1 Jan this year)' })
  @IsOptional()
  @IsCalendarDate('from')
  from?: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Harbin date, inclusive (default: today)' })
  @IsOptional()
  @IsCalendarDate('to')
  to?: string;
}

class VoucherCountYuan {
  @ApiProperty() count: number;
  @ApiProperty() yuan: number;
}
class VoucherBodyTotal {
  @ApiProperty() body: string;
  @ApiProperty({ enum: ISSUER_LEVELS }) level: string;
  @ApiProperty() amountYuan: number;
}
class VoucherDistrictTotal {
  @ApiProperty({ enum: DISTRICTS }) district: string;
  @ApiProperty() claims: number;
  @ApiProperty() reimbursedYuan: number;
}
class VoucherDistrictCell {
  @ApiProperty({ enum: DISTRICTS }) enterpriseDistrict: string;
  @ApiProperty({ enum: DISTRICTS }) providerDistrict: string;
  @ApiProperty() claims: number;
  @ApiProperty() reimbursedYuan: number;
}
class VoucherClaimTotals {
  @ApiProperty() count: number;
  @ApiProperty() serviceYuan: number;
  @ApiProperty() reimbursedYuan: number;
}

export class VoucherStatsView {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: VoucherCountYuan, description: 'Quotas approved in the range: count and approved yuan' })
  quotas: VoucherCountYuan;
  @ApiProperty({ type: VoucherClaimTotals, description: 'Claims booked in the range' }) claims: VoucherClaimTotals;
  @ApiProperty({ type: [VoucherBodyTotal] }) byBody: VoucherBodyTotal[];
  @ApiProperty({ type: [VoucherDistrictTotal] }) byEnterpriseDistrict: VoucherDistrictTotal[];
  @ApiProperty({ type: [VoucherDistrictTotal] }) byProviderDistrict: VoucherDistrictTotal[];
  @ApiProperty({
    type: [VoucherDistrictCell],
    description: '一区研发、全市孵化: enterprise district × provider district',
  })
  matrix: VoucherDistrictCell[];
  @ApiProperty({ type: VoucherCountYuan }) booked: VoucherCountYuan;
  @ApiProperty({ type: VoucherCountYuan }) settled: VoucherCountYuan;
}
