import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export const SCHEME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
// Codes may be Chinese (a discipline list uses names as codes); no spaces, and none of : , ; which delimit references.
export const CODE_PATTERN = /^[^\s:,;，；]{1,64}$/u;

export class TaxonomyCodeInput {
  @ApiProperty({ example: '0101' })
  @IsString({ message: 'code 应为字符串 / code must be a string' })
  @Matches(CODE_PATTERN, {
    message: 'code 应为1-64个字符，不含空格及 : , ; / code must be 1-64 characters without spaces, : , or ;',
  })
  code: string;

  @ApiPropertyOptional({
    example: '01',
    nullable: true,
    type: String,
    description: 'The parent code in the same scheme; absent or null for top-level codes',
  })
  @IsOptional()
  @IsString({ message: 'parent 应为字符串 / parent must be a string' })
  @MaxLength(64, { message: 'parent 最多64个字符 / parent must be at most 64 characters' })
  parent?: string | null;

  @ApiProperty({ example: '软件' })
  @IsString({ message: 'nameZh 应为字符串 / nameZh must be a string' })
  @Length(1, 100, { message: 'nameZh 长度应为1-100 / nameZh must be 1-100 characters' })
  nameZh: string;

  @ApiPropertyOptional({ example: 'Software', nullable: true, type: String })
  @IsOptional()
  @IsString({ message: 'nameEn 应为字符串 / nameEn must be a string' })
  @MaxLength(200, { message: 'nameEn 最多200字 / nameEn must be at most 200 characters' })
  nameEn?: string | null;
}

export class PutTaxonomyDto {
  @ApiProperty({ example: '学科分类 / Disciplines' })
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 200, { message: 'name 长度应为1-200 / name must be 1-200 characters' })
  name: string;

  @ApiPropertyOptional({ example: 'CSL discipline list', nullable: true, type: String })
  @IsOptional()
  @IsString({ message: 'source 应为字符串 / source must be a string' })
  @MaxLength(500, { message: 'source 最多500字 / source must be at most 500 characters' })
  source?: string | null;

  @ApiProperty({ type: [TaxonomyCodeInput] })
  @IsArray({ message: 'codes 应为数组 / codes must be an array' })
  @ArrayMinSize(1, { message: 'codes 不能为空 / codes must not be empty' })
  @ArrayMaxSize(10000, { message: 'codes 最多10000项 / at most 10,000 codes' })
  @ValidateNested({ each: true })
  @Type(() => TaxonomyCodeInput)
  codes: TaxonomyCodeInput[];
}

export class TaxonomyCodeView {
  @ApiProperty({ example: '0101' })
  code: string;
  @ApiProperty({ example: '01', nullable: true, type: String })
  parent: string | null;
  @ApiProperty({ example: '软件' })
  nameZh: string;
  @ApiProperty({ example: 'Software', nullable: true, type: String })
  nameEn: string | null;
}

export class TaxonomyView {
  @ApiProperty({ example: 'hitech' })
  scheme: string;
  @ApiProperty({ example: '国家重点支持的高新技术领域（2016）' })
  name: string;
  @ApiProperty({ example: '国科发火〔2016〕32号 附件', nullable: true, type: String })
  source: string | null;
  @ApiProperty({ type: [TaxonomyCodeView] })
  codes: TaxonomyCodeView[];
}

export class TaxonomySummary {
  @ApiProperty({ example: 'hitech' })
  scheme: string;
  @ApiProperty({ example: '国家重点支持的高新技术领域（2016）' })
  name: string;
  @ApiProperty({ nullable: true, type: String })
  source: string | null;
  @ApiProperty({ example: 60 })
  codeCount: number;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  updatedAt: Date;
}

export class TaxonomyList {
  @ApiProperty({ type: [TaxonomySummary] })
  items: TaxonomySummary[];
}
