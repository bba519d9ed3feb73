import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DISTRICTS } from '../../../common/domain/vocabulary.js';
import { IsCalendarDate } from '../../../common/validation/decorators.js';

export class InstrumentStatsQuery {
  @ApiPropertyOptional({
    example: '2026-11-01',
    description: '首日（哈尔滨），默认 to 前29天 / first day (Harbin), default to − 29 days',
  })
  @IsOptional()
  @IsCalendarDate('from')
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: '末日（含），默认今天；区间最多366天 / last day (inclusive), default today; ≤ 366 days',
  })
  @IsOptional()
  @IsCalendarDate('to')
  to?: string;
}

export class UsageFigures {
  @ApiProperty({
    description:
      '开放小时（开放时段减停用日；自仪器创建当日起，不含停用期间）/ open hours (opening hours minus blackout dates; ' +
      'from the day the instrument was created, leaving out the periods it was inactive)',
  })
  openHours: number;
  @ApiProperty({
    description:
      '已预约小时（已确认+已完成，落在区间内的部分；已完成且记录了实际时长的按实际时长）/ booked hours (confirmed + ' +
      'completed, within the range; a completed booking counts its actual minutes when recorded)',
  })
  bookedHours: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'bookedHours / openHours（无开放时为 null）/ null when never open',
  })
  utilisation: number | null;
  @ApiProperty({ description: '区间内开始的预约数（各状态）/ bookings starting in the range (any status)' })
  bookings: number;
  @ApiProperty({ description: '其中已完成 / of which completed' })
  completedBookings: number;
  @ApiProperty({ description: '区间内完成的服务记录数 / service records completed in the range' })
  serviceRecords: number;
  @ApiProperty({ description: '服务记录金额（元）/ their amount in yuan' })
  serviceAmountYuan: number;
}

export class InstrumentUsage extends UsageFigures {
  @ApiProperty({ format: 'uuid' }) instrumentId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ enum: DISTRICTS, description: '仪器所在区 / the district where the instrument is' }) district: string;
  @ApiProperty() active: boolean;
}

export class DistrictUsage extends UsageFigures {
  @ApiProperty({
    enum: DISTRICTS,
    description:
      '仪器（或检测服务）所在区，而非服务方单位所在区 / where the instrument (or testing service) is, not the ' +
      'provider organisation’s district',
  })
  district: string;
  @ApiProperty() instruments: number;
  @ApiProperty({ description: '区间内创建的检测订单 / testing orders created in the range' }) testingOrders: number;
  @ApiProperty({ description: '其中已出报告或已关闭 / of which reported or closed' }) testingOrdersReported: number;
}

export class InstrumentStatsView {
  @ApiProperty({ example: '2026-11-01' }) from: string;
  @ApiProperty({ example: '2026-11-30' }) to: string;
  @ApiProperty({ type: DistrictUsage, description: '合计（district 为 "all"）/ totals (district "all")' })
  totals: DistrictUsage;
  @ApiProperty({ type: [InstrumentUsage] }) instruments: InstrumentUsage[];
  @ApiProperty({ type: [DistrictUsage] }) districts: DistrictUsage[];
}
