import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class StatsQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'From this day (Harbin time), inclusive' })
  @IsOptional()
  @Matches(DATE, { message: 'from 应为日期 YYYY-MM-DD / from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'To this day (Harbin time), inclusive' })
  @IsOptional()
  @Matches(DATE, { message: 'to 应为日期 YYYY-MM-DD / to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'CSV opens in Excel (UTF-8 BOM)' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format 应为 json 或 csv / format must be json or csv' })
  format?: 'json' | 'csv';
}
