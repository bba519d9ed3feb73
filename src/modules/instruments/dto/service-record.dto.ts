import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { trimString } from '../../../common/listing/keywords.js';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';
import { SERVICE_KINDS, SERVICE_RECORD_SOURCES, SERVICE_UNITS } from '../entities/service-record.entity.js';

const trimmed = () => Transform(({ value }) => trimString(value));
const bool = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ServiceRecordView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SERVICE_RECORD_SOURCES }) source: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) bookingId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) testingOrderId: string | null;
  @ApiProperty({ format: 'uuid' }) capabilityId: string;
  @ApiProperty({ example: '场发射扫描电镜共享服务' }) capabilityTitle: string;
  @ApiProperty({ enum: SERVICE_KINDS }) capabilityKind: string;
  @ApiProperty({ format: 'uuid' }) providerOrganizationId: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ format: 'uuid' }) enterpriseOrganizationId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ example: '扫描电镜 SU8020 上机 2 小时' }) description: string;
  @ApiProperty({ example: 2, description: '小时（两位小数）或样品数 / hours (2 decimals) or samples' })
  quantity: number;
  @ApiProperty({ enum: SERVICE_UNITS }) unit: string;
  @ApiProperty({ example: 800, description: '服务金额（元）/ amount in yuan' }) amountYuan: number;
  @ApiProperty({ type: String, format: 'date-time' }) servedFrom: Date;
  @ApiProperty({ type: String, format: 'date-time' }) servedTo: Date;
  @ApiProperty({ example: '2026-12-01', description: '服务日期（哈尔滨）/ the Harbin date of the service (its end)' })
  servedOn: string;
  @ApiProperty({ type: String, format: 'date-time' }) completedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) paidAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: '发票号码 / invoice number' }) paymentRef: string | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 5 }) rating: number | null;
  @ApiProperty({ type: String, nullable: true }) ratingComment: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) ratedAt: Date | null;
  @ApiProperty({ enum: ['provider', 'enterprise', 'coordinator'], description: '调用者身份 / who the caller is here' })
  viewerRole: string;
  @ApiProperty({ description: '调用者可否登记付款 / the caller may record the payment' }) mayRecordPayment: boolean;
  @ApiProperty({ description: '调用者可否评价 / the caller may rate it' }) mayRate: boolean;
}

export class ServiceRecordPage extends PageMeta {
  @ApiProperty({ type: [ServiceRecordView] }) items: ServiceRecordView[];
}

export class ServiceRecordQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['provider', 'enterprise'], description: '我方是服务方还是企业方 / my side' })
  @IsOptional()
  @IsIn(['provider', 'enterprise'], {
    message: 'role 应为 provider 或 enterprise / role must be provider or enterprise',
  })
  role?: 'provider' | 'enterprise';

  @ApiPropertyOptional({ type: Boolean, description: '已付款 / paid (true) or unpaid (false)' })
  @IsOptional()
  @bool()
  @IsIn([true, false], { message: 'paid 应为 true 或 false / paid must be true or false' })
  paid?: boolean;

  @ApiPropertyOptional({ enum: SERVICE_KINDS })
  @IsOptional()
  @IsIn(SERVICE_KINDS, { message: 'kind 应为 equipment 或 service / kind must be equipment or service' })
  kind?: string;
}

export class PaymentDto {
  @ApiProperty({ example: '04400210011112345678', maxLength: 64, description: '发票号码 / invoice number' })
  @trimmed()
  @IsString({ message: 'invoiceNo 应为字符串 / invoiceNo must be a string' })
  @Length(1, 64, { message: 'invoiceNo 不能为空，最多64字 / invoiceNo must be 1-64 characters' })
  invoiceNo: string;

  @ApiPropertyOptional({
    example: '2026-12-01T10:00:00+08:00',
    description:
      '付款时间（默认现在；不能晚于现在，不能早于服务完成）/ when it was paid (default now; not in the future)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'paidAt 应为 ISO-8601 时间 / paidAt must be an ISO-8601 time' })
  paidAt?: string;
}

export class RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  @Type(() => Number)
  @IsInt({ message: 'rating 应为 1-5 的整数 / rating must be a whole number 1-5' })
  @Min(1, { message: 'rating 应为 1-5 的整数 / rating must be a whole number 1-5' })
  @Max(5, { message: 'rating 应为 1-5 的整数 / rating must be a whole number 1-5' })
  rating: number;

  @ApiPropertyOptional({ maxLength: 1000, example: '出报告很快，数据规范。' })
  @IsOptional()
  @trimmed()
  @IsString({ message: 'comment 应为字符串 / comment must be a string' })
  @MaxLength(1000, { message: 'comment 最多1000字 / comment must be at most 1000 characters' })
  comment?: string;
}
