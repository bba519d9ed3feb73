import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DISTRICTS, type District } from '../domain/vocabulary.js';
import { PageQuery } from '../pagination/pagination.js';
import { IsSearchable } from '../validation/decorators.js';
import { LISTING_SORTS, type ListingSort } from './listing-repository.js';

/** Filters common to the lists of needs and capabilities. */
export class ListingQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'hitech:06', description: 'A sector `scheme:code`; also finds its sub-sectors' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'sector 过长 / sector is too long' })
  sector?: string;

  @ApiPropertyOptional({ enum: DISTRICTS })
  @IsOptional()
  @IsIn(DISTRICTS, { message: 'district 应为哈尔滨的区县市或 outside / district must be a Harbin district or outside' })
  district?: District;

  @ApiPropertyOptional({
    example: '锂电池 回收',
    description:
      'Search words: every word must be found in the title, keywords or description, as the matching engine ' +
      'segments and normalises them (锂电池 also finds 锂离子电池 and lithium battery). Blank means no search.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q 最多100字 / q must be at most 100 characters' })
  @IsSearchable()
  q?: string;

  @ApiPropertyOptional({
    enum: LISTING_SORTS,
    description: 'With `q`: `relevance` (best match first, the default) or `newest`. Without `q`: newest first.',
  })
  @IsOptional()
  @IsIn(LISTING_SORTS, { message: 'sort 应为 relevance 或 newest / sort must be relevance or newest' })
  sort?: ListingSort;

  @ApiPropertyOptional({ example: true, description: "Only the caller's organisation's own" })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine 应为 true 或 false / mine must be true or false' })
  mine?: boolean;

  @ApiPropertyOptional({ description: 'Only this organisation’s' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId 应为组织ID / organizationId must be an organisation id' })
  organizationId?: string;
}
