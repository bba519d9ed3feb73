import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DISTRICTS } from '../../../common/domain/vocabulary.js';
import { trimString } from '../../../common/listing/keywords.js';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';
import { IsCalendarDate, IsOptionalNonNull } from '../../../common/validation/decorators.js';
import { INSTRUMENT_MODES, INSTRUMENT_UNITS } from '../entities/instrument.entity.js';

const trimmed = () => Transform(({ value }) => trimString(value));
export const MAX_PRICE_YUAN = 1e9;

export class OpeningWindowDto {
  @ApiProperty({ minimum: 1, maximum: 7, example: 1, description: '1 = 周一 Monday … 7 = 周日 Sunday' })
  weekday: number;
  @ApiProperty({ example: '08:30', description: 'HH:MM 哈尔滨时间，整点或半点 / Harbin time, on :00 or :30' })
  from: string;
  @ApiProperty({ example: '17:00', description: 'HH:MM（可为 24:00），晚于 from / after from (24:00 allowed)' })
  to: string;
}

export class CreateInstrumentDto {
  @ApiProperty({ example: '场发射扫描电子显微镜', maxLength: 200 })
  @trimmed()
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 200, { message: '仪器名称不能为空，最多200字 / name must be 1-200 characters' })
  name: string;

  @ApiPropertyOptional({ example: 'Hitachi SU8020', maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @trimmed()
  @IsString({ message: 'model 应为字符串 / model must be a string' })
  @MaxLength(200, { message: 'model 最多200字 / model must be at most 200 characters' })
  model?: string | null;

  @ApiPropertyOptional({ enum: DISTRICTS, description: '默认为能力所在区 / defaults to the capability’s district' })
  @IsOptionalNonNull()
  @IsIn(DISTRICTS, { message: 'district 不是有效的区县 / district is not a known district' })
  district?: string;

  @ApiProperty({ example: '南岗区西大直街92号 材料楼 105 室', maxLength: 300 })
  @trimmed()
  @IsString({ message: 'address 应为字符串 / address must be a string' })
  @Length(1, 300, { message: '地址不能为空，最多300字 / address must be 1-300 characters' })
  address: string;

  @ApiProperty({ enum: INSTRUMENT_MODES, description: 'assisted 操作员协助 / self_service 自主上机' })
  @IsIn(INSTRUMENT_MODES, { message: 'mode 应为 assisted 或 self_service / mode must be assisted or self_service' })
  mode: string;

  @ApiProperty({ enum: INSTRUMENT_UNITS, description: 'hour 按小时 / sample 按样品' })
  @IsIn(INSTRUMENT_UNITS, { message: 'unit 应为 hour 或 sample / unit must be hour or sample' })
  unit: string;

  @ApiProperty({ example: 400, description: '单价（元，整数）/ price in whole yuan per hour or per sample' })
  @IsInt({ message: 'priceYuan 应为整数（元）/ priceYuan must be a whole number of yuan' })
  @Min(0, { message: 'priceYuan 不能为负 / priceYuan must not be negative' })
  @Max(MAX_PRICE_YUAN, { message: 'priceYuan 过大 / priceYuan is too large' })
  priceYuan: number;

  @ApiProperty({
    type: [OpeningWindowDto],
    description:
      '每周开放时段（哈尔滨时间），同一天内不得重叠 / weekly opening windows (Harbin time), no overlap within a day',
  })
  @IsArray({ message: 'openingHours 应为数组 / openingHours must be an array' })
  openingHours: OpeningWindowDto[];

  @ApiPropertyOptional({ type: [String], example: ['2027-01-01'], description: '停用日期 / blackout dates YYYY-MM-DD' })
  @IsOptionalNonNull()
  @IsArray({ message: 'blackoutDates 应为日期数组 / blackoutDates must be an array of dates' })
  @ArrayMaxSize(366, { message: 'blackoutDates 最多366个 / at most 366 blackout dates' })
  @IsCalendarDate('blackoutDates', { each: true })
  blackoutDates?: string[];

  @ApiPropertyOptional({
    example: 24,
    minimum: 0,
    maximum: 720,
    default: 24,
    description: '最少提前小时数 / minimum notice in hours',
  })
  @IsOptionalNonNull()
  @IsInt({ message: 'minNoticeHours 应为整数 / minNoticeHours must be a whole number' })
  @Min(0, { message: 'minNoticeHours 应为 0-720 / minNoticeHours must be 0-720' })
  @Max(720, { message: 'minNoticeHours 应为 0-720 / minNoticeHours must be 0-720' })
  minNoticeHours?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNonNull()
  @IsBoolean({ message: 'active 应为 true 或 false / active must be true or false' })
  active?: boolean;
}

export class UpdateInstrumentDto extends PartialType(CreateInstrumentDto) {}

export class InstrumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) capabilityId: string;
  @ApiProperty() capabilityTitle: string;
  @ApiProperty({ enum: ['active', 'withdrawn'] }) capabilityStatus: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) model: string | null;
  @ApiProperty({ enum: DISTRICTS }) district: string;
  @ApiProperty() address: string;
  @ApiProperty({ enum: INSTRUMENT_MODES }) mode: string;
  @ApiProperty({ enum: INSTRUMENT_UNITS }) unit: string;
  @ApiProperty() priceYuan: number;
  @ApiProperty({ type: [OpeningWindowDto] }) openingHours: OpeningWindowDto[];
  @ApiProperty({ type: [String] }) blackoutDates: string[];
  @ApiProperty() minNoticeHours: number;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: '调用者属于服务方（或为协调员），可编辑 / the caller may edit it' }) mayEdit: boolean;
  @ApiProperty({ description: '调用者可预约（企业成员）/ the caller may book it' }) mayBook: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class InstrumentPage extends PageMeta {
  @ApiProperty({ type: [InstrumentView] }) items: InstrumentView[];
}

export class InstrumentList {
  @ApiProperty({ type: [InstrumentView] }) items: InstrumentView[];
}

export class InstrumentQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DISTRICTS })
  @IsOptional()
  @IsIn(DISTRICTS, { message: 'district 不是有效的区县 / district is not a known district' })
  district?: string;

  @ApiPropertyOptional({ description: '名称、型号或能力标题中的文字 / words in the name, model or capability title' })
  @IsOptional()
  @trimmed()
  @IsString({ message: 'q 应为字符串 / q must be a string' })
  @MaxLength(100, { message: 'q 最多100字 / q must be at most 100 characters' })
  q?: string;

  @ApiPropertyOptional({ enum: INSTRUMENT_MODES })
  @IsOptional()
  @IsIn(INSTRUMENT_MODES, { message: 'mode 应为 assisted 或 self_service / mode must be assisted or self_service' })
  mode?: string;

  @ApiPropertyOptional({ enum: INSTRUMENT_UNITS })
  @IsOptional()
  @IsIn(INSTRUMENT_UNITS, { message: 'unit 应为 hour 或 sample / unit must be hour or sample' })
  unit?: string;

  @ApiPropertyOptional({ description: '只看本单位的（含停用）/ only my organisation’s (inactive too)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine 应为 true 或 false / mine must be true or false' })
  mine?: boolean;
}

export class CalendarQuery {
  @ApiPropertyOptional({
    example: '2026-12-07',
    description: '哈尔滨周一日期，默认本周 / the Monday of the week (Harbin), default this week',
  })
  @IsOptional()
  @IsCalendarDate('week')
  week?: string;
}

export class CalendarSlot {
  @ApiProperty({ example: '2026-12-07T09:00:00+08:00' }) from: string;
  @ApiProperty({ example: '2026-12-07T11:00:00+08:00' }) to: string;
}

export class CalendarBooking extends CalendarSlot {
  @ApiProperty({ enum: ['requested', 'confirmed', 'completed'] }) status: string;
  @ApiProperty({ description: '调用者所在企业的预约 / the caller’s organisation’s booking' }) mine: boolean;
  @ApiPropertyOptional({
    format: 'uuid',
    description: '仅服务方、协调员或本企业可见 / provider, coordinators, own enterprise only',
  })
  bookingId?: string;
  @ApiPropertyOptional({ description: '仅服务方、协调员或本企业可见 / provider, coordinators, own enterprise only' })
  enterpriseName?: string;
}

export class CalendarDay {
  @ApiProperty({ example: '2026-12-07' }) date: string;
  @ApiProperty({ minimum: 1, maximum: 7 }) weekday: number;
  @ApiProperty({ description: '停用日 / a blackout date' }) blackout: boolean;
  @ApiProperty({ type: [CalendarSlot], description: '开放时段 / opening windows' }) windows: CalendarSlot[];
  @ApiProperty({ type: [CalendarBooking], description: '已确认/已完成的占用 / confirmed and completed bookings' })
  taken: CalendarBooking[];
  @ApiProperty({ type: [CalendarBooking], description: '调用者企业的待确认预约 / the caller’s own requested bookings' })
  requested: CalendarBooking[];
  @ApiProperty({
    type: [CalendarSlot],
    description:
      '空闲 = 开放时段减去占用，且仅限 bookableFrom 至 bookableUntil 之间（过去、提前量不足或超过90天的时段不列出）/ ' +
      'windows minus taken, cut to bookableFrom..bookableUntil (no past slots, none inside the minimum notice or ' +
      'beyond 90 days)',
  })
  free: CalendarSlot[];
}

export class CalendarView {
  @ApiProperty({ format: 'uuid' }) instrumentId: string;
  @ApiProperty({ example: '2026-12-07' }) week: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty() minNoticeHours: number;
  @ApiProperty({
    example: '2026-12-02T14:30:00+08:00',
    description: '最早可预约的开始时间（现在 + 最短提前量，取整到半点）/ the earliest start that may be requested now',
  })
  bookableFrom: string;
  @ApiProperty({
    example: '2027-03-02T14:00:00+08:00',
    description: '可预约的最晚时间（现在 + 90天）/ the end of the booking horizon (now + 90 days)',
  })
  bookableUntil: string;
  @ApiProperty({ type: [CalendarDay] }) days: CalendarDay[];
}
