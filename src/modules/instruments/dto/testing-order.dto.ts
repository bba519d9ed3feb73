import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { trimString } from '../../../common/listing/keywords.js';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';
import { IsCalendarDate } from '../../../common/validation/decorators.js';
import { TESTING_ORDER_STATUSES } from '../entities/testing-order.entity.js';
import { MAX_PRICE_YUAN } from './instrument.dto.js';

const trimmed = () => Transform(({ value }) => trimString(value));

export class CreateTestingOrderDto {
  @ApiProperty({ example: 'Q355B 钢板拉伸试样，厚度 10 mm', maxLength: 2000, description: '样品说明 / the samples' })
  @trimmed()
  @IsString({ message: 'samples 应为字符串 / samples must be a string' })
  @Length(1, 2000, { message: '样品说明不能为空，最多2000字 / samples must be 1-2000 characters' })
  samples: string;

  @ApiProperty({ example: 6, minimum: 1, maximum: 10000, description: '样品数量 / number of samples' })
  @IsInt({ message: 'sampleCount 应为正整数 / sampleCount must be a whole number' })
  @Min(1, { message: 'sampleCount 应大于0 / sampleCount must be at least 1' })
  @Max(10000, { message: 'sampleCount 最多10000 / sampleCount must be at most 10000' })
  sampleCount: number;

  @ApiProperty({
    example: 'GB/T 228.1-2021',
    maxLength: 100,
    description: '检测标准（去除首尾空格）/ the test standard (trimmed)',
  })
  @trimmed()
  @IsString({ message: 'standard 应为字符串 / standard must be a string' })
  @Length(1, 100, { message: '检测标准不能为空，最多100字 / standard must be 1-100 characters' })
  standard: string;

  @ApiProperty({ example: 6, minimum: 1, maximum: 100000, description: '计费数量（项次）/ billable quantity' })
  @IsInt({ message: 'quantity 应为正整数 / quantity must be a whole number' })
  @Min(1, { message: 'quantity 应大于0 / quantity must be at least 1' })
  @Max(100000, { message: 'quantity 最多100000 / quantity must be at most 100000' })
  quantity: number;
}

export class TestingOrderTransitionDto {
  @ApiProperty({ enum: ['accepted', 'samples_received', 'testing', 'closed', 'declined', 'cancelled'] })
  @IsIn(['accepted', 'samples_received', 'testing', 'report_issued', 'closed', 'declined', 'cancelled'], {
    message:
      'to 应为 accepted、samples_received、testing、closed、declined 或 cancelled / to must be accepted, ' +
      'samples_received, testing, closed, declined or cancelled',
  })
  to: string;

  @ApiPropertyOptional({
    maxLength: 1000,
    description: '拒绝、收样后取消时必填 / required to decline, and to cancel after samples arrived',
  })
  @IsOptional()
  @trimmed()
  @IsString({ message: 'reason 应为字符串 / reason must be a string' })
  @MaxLength(1000, { message: 'reason 最多1000字 / reason must be at most 1000 characters' })
  reason?: string;

  @ApiPropertyOptional({
    example: 150,
    description: '受理时必填：单价（元）/ required to accept: the unit price in yuan',
  })
  @IsOptional()
  @IsInt({ message: 'unitPriceYuan 应为整数（元）/ unitPriceYuan must be a whole number of yuan' })
  @Min(0, { message: 'unitPriceYuan 不能为负 / unitPriceYuan must not be negative' })
  @Max(MAX_PRICE_YUAN, { message: 'unitPriceYuan 过大 / unitPriceYuan is too large' })
  unitPriceYuan?: number;

  @ApiPropertyOptional({
    example: '2026-12-20',
    description: '受理时必填：承诺完成日期（不早于今天）/ required to accept: the due date',
  })
  @IsOptional()
  @IsCalendarDate('dueDate')
  dueDate?: string;
}

export class ReportQuery {
  @ApiProperty({ example: '检测报告-2026-001.pdf', maxLength: 200, description: '文件名 / the file’s name' })
  @IsString({ message: 'filename 应为字符串 / filename must be a string' })
  @Length(1, 200, { message: 'filename 不能为空且最多200字 / filename must be 1-200 characters' })
  filename: string;

  @ApiPropertyOptional({ description: '文件的 SHA-256：给出时校验 / the file’s SHA-256, checked when given' })
  @IsOptional()
  @IsString({ message: 'sha256 应为字符串 / sha256 must be a string' })
  sha256?: string;
}

export class TestingOrderQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['provider', 'enterprise'] })
  @IsOptional()
  @IsIn(['provider', 'enterprise'], {
    message: 'role 应为 provider 或 enterprise / role must be provider or enterprise',
  })
  role?: 'provider' | 'enterprise';

  @ApiPropertyOptional({ enum: TESTING_ORDER_STATUSES })
  @IsOptional()
  @IsIn(TESTING_ORDER_STATUSES, { message: 'status 不是有效的订单状态 / status is not a testing order status' })
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'capabilityId 应为能力ID（UUID）/ capabilityId must be a capability id (a UUID)' })
  capabilityId?: string;
}

export class TestingReportView {
  @ApiProperty() filename: string;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt: Date;
}

export class TestingOrderView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) capabilityId: string;
  @ApiProperty() capabilityTitle: string;
  @ApiProperty({ format: 'uuid' }) providerOrganizationId: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ format: 'uuid' }) enterpriseOrganizationId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) requestedBy: string | null;
  @ApiProperty() samples: string;
  @ApiProperty() sampleCount: number;
  @ApiProperty() standard: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ type: Number, nullable: true }) unitPriceYuan: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'quantity × unitPriceYuan，受理时确定 / set on accept' })
  amountYuan: number | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-20' }) dueDate: string | null;
  @ApiProperty({ enum: TESTING_ORDER_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: TestingReportView, nullable: true }) report: TestingReportView | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) serviceRecordId: string | null;
  @ApiProperty({ enum: ['provider', 'enterprise', 'coordinator'] }) viewerRole: string;
  @ApiProperty({
    type: [String],
    description:
      '调用者可执行的下一步（report_issued 经 PUT …/report）/ steps the caller may take (report_issued: PUT …/report)',
  })
  allowedTransitions: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class TestingOrderPage extends PageMeta {
  @ApiProperty({ type: [TestingOrderView] }) items: TestingOrderView[];
}
