import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DISTRICTS } from '../../../common/domain/vocabulary.js';
import { trimString } from '../../../common/listing/keywords.js';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';
import { IsOptionalNonNull } from '../../../common/validation/decorators.js';
import { BOOKING_STATUSES } from '../entities/booking.entity.js';

const trimmed = () => Transform(({ value }) => trimString(value));
const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

export class CreateBookingDto {
  @ApiProperty({ example: '2026-12-07T09:00:00+08:00', description: 'ISO-8601 含时区 / with an offset; on :00 or :30' })
  @IsISO8601({ strict: true }, { message: 'from 应为 ISO-8601 时间 / from must be an ISO-8601 time' })
  @Matches(WITH_OFFSET, { message: 'from 须带时区（如 +08:00）/ from must carry an offset (e.g. +08:00)' })
  from: string;

  @ApiProperty({
    example: '2026-12-07T11:00:00+08:00',
    description: '同一天，晚于 from / the same Harbin day, after from',
  })
  @IsISO8601({ strict: true }, { message: 'to 应为 ISO-8601 时间 / to must be an ISO-8601 time' })
  @Matches(WITH_OFFSET, { message: 'to 须带时区（如 +08:00）/ to must carry an offset (e.g. +08:00)' })
  to: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10000,
    description: '按样品计价时必填 / required iff the unit is sample',
  })
  @IsOptionalNonNull()
  @IsInt({ message: 'samples 应为正整数 / samples must be a whole number' })
  @Min(1, { message: 'samples 应为正整数 / samples must be at least 1' })
  @Max(10000, { message: 'samples 最多10000 / samples must be at most 10000' })
  samples?: number;

  @ApiProperty({ example: '锂电池正极材料形貌观察', maxLength: 1000 })
  @trimmed()
  @IsString({ message: 'purpose 应为字符串 / purpose must be a string' })
  @Length(1, 1000, { message: '用途不能为空，最多1000字 / purpose must be 1-1000 characters' })
  purpose: string;
}

export class BookingTransitionDto {
  @ApiProperty({ enum: ['confirmed', 'declined', 'cancelled', 'completed'] })
  @IsIn(['confirmed', 'declined', 'cancelled', 'completed'], {
    message:
      'to 应为 confirmed、declined、cancelled 或 completed / to must be confirmed, declined, cancelled or completed',
  })
  to: 'confirmed' | 'declined' | 'cancelled' | 'completed';

  @ApiPropertyOptional({
    maxLength: 1000,
    description: '拒绝或服务方取消时必填 / required to decline, and for the provider to cancel',
  })
  @IsOptional()
  @trimmed()
  @IsString({ message: 'reason 应为字符串 / reason must be a string' })
  @MaxLength(1000, { message: 'reason 最多1000字 / reason must be at most 1000 characters' })
  reason?: string;

  @ApiPropertyOptional({
    minimum: 1,
    description: '完成时的实际分钟数（≤ 预约时长）/ actual minutes on completion (≤ booked)',
  })
  @IsOptional()
  @IsInt({ message: 'actualMinutes 应为正整数 / actualMinutes must be a whole number' })
  @Min(1, { message: 'actualMinutes 应为正整数 / actualMinutes must be at least 1' })
  actualMinutes?: number;
}

export class BookingQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['provider', 'enterprise'] })
  @IsOptional()
  @IsIn(['provider', 'enterprise'], {
    message: 'role 应为 provider 或 enterprise / role must be provider or enterprise',
  })
  role?: 'provider' | 'enterprise';

  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES, {
    message: `status 应为 ${BOOKING_STATUSES.join('、')} 之一 / status is not a booking status`,
  })
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'instrumentId 应为仪器ID（UUID）/ instrumentId must be an instrument id (a UUID)' })
  instrumentId?: string;
}

export class BookingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) instrumentId: string;
  @ApiProperty() instrumentName: string;
  @ApiProperty({ description: '仪器所在地址 / where the instrument is' }) instrumentAddress: string;
  @ApiProperty({ enum: DISTRICTS, description: '仪器所在区 / the instrument’s district' }) instrumentDistrict: string;
  @ApiProperty({ enum: ['hour', 'sample'] }) unit: string;
  @ApiProperty({ format: 'uuid' }) providerOrganizationId: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ format: 'uuid' }) enterpriseOrganizationId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) requestedBy: string | null;
  @ApiProperty({ example: '2026-12-07T09:00:00+08:00' }) from: string;
  @ApiProperty({ example: '2026-12-07T11:00:00+08:00' }) to: string;
  @ApiProperty({ type: Number, nullable: true }) samples: number | null;
  @ApiProperty() purpose: string;
  @ApiProperty({ description: '金额（元）/ amount in yuan' }) amountYuan: number;
  @ApiProperty({ enum: BOOKING_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: Number, nullable: true }) actualMinutes: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) serviceRecordId: string | null;
  @ApiProperty({ enum: ['provider', 'enterprise', 'coordinator'] }) viewerRole: string;
  @ApiProperty({ type: [String], description: '调用者可执行的下一步 / steps the caller may take' })
  allowedTransitions: string[];
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: '企业可取消已确认预约的截止时间 / the enterprise’s cancellation cut-off',
  })
  cancelBefore: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class BookingPage extends PageMeta {
  @ApiProperty({ type: [BookingView] }) items: BookingView[];
}
