import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
/** Past any list's end (a million rows at the largest page size); beyond it the offset means nothing. */
export const MAX_PAGE = 10_000;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1, example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page 应为正整数 / page must be a whole number' })
  @Min(1, { message: 'page 应不小于 1 / page must be at least 1' })
  @Max(MAX_PAGE, { message: `page 不能超过 ${MAX_PAGE} / page must be at most ${MAX_PAGE}` })
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20, example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize 应为正整数 / pageSize must be a whole number' })
  @Min(1, { message: 'pageSize 应不小于 1 / pageSize must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `pageSize 不能超过 ${MAX_PAGE_SIZE} / pageSize must be at most ${MAX_PAGE_SIZE}` })
  pageSize: number = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export class PageMeta {
  @ApiProperty({ example: 42 })
  total: number;
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
}

export function pageOf<T>(items: T[], total: number, q: PageQuery): Page<T> {
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export function skipTake(q: PageQuery): { skip: number; take: number } {
  return { skip: (q.page - 1) * q.pageSize, take: q.pageSize };
}
