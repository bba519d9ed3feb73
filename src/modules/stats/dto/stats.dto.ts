import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../../common/validation/decorators.js';

export class StatsQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'From this day (Harbin time), inclusive' })
  @IsOptional()
  @IsCalendarDate('from')
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'To this day (Harbin time), inclusive' })
  @IsOptional()
  @IsCalendarDate('to')
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'CSV opens in Excel (UTF-8 BOM)' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format 应为 json 或 csv / format must be json or csv' })
  format?: 'json' | 'csv';
}
