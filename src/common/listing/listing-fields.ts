// Field decorators shared by needs and capabilities, so both validate (and document) the same way.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import { COOPERATION_MODES, DISTRICTS } from '../domain/vocabulary.js';
import { IsOptionalNonNull } from '../validation/decorators.js';
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS, normalizeKeywords, trimString, uniqueStrings } from './keywords.js';

export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 20_000;
export const MAX_SECTORS = 10;

type Decorator = PropertyDecorator;
// Every column behind these fields is NOT NULL: a field may be left out, but null is refused like any bad value.
const opt = (required: boolean): Decorator[] => (required ? [] : [IsOptionalNonNull()]);

export function TitleField(required: boolean, example: string): Decorator {
  return applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({ example, minLength: 1, maxLength: MAX_TITLE }),
    Transform(({ value }) => trimString(value)),
    ...opt(required),
    IsString({ message: 'title 应为字符串 / title must be a string' }),
    Length(1, MAX_TITLE, { message: `title 不能为空且最多${MAX_TITLE}字 / title must be 1-${MAX_TITLE} characters` }),
  );
}

export function DescriptionField(required: boolean, example: string): Decorator {
  return applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({ example, minLength: 1, maxLength: MAX_DESCRIPTION }),
    Transform(({ value }) => trimString(value)),
    ...opt(required),
    IsString({ message: 'description 应为字符串 / description must be a string' }),
    MinLength(1, { message: 'description 不能为空 / description must not be empty' }),
    MaxLength(MAX_DESCRIPTION, {
      message: `description 最多${MAX_DESCRIPTION}字 / description must be at most ${MAX_DESCRIPTION} characters`,
    }),
  );
}

export function SectorsField(example: string[]): Decorator {
  return applyDecorators(
    ApiPropertyOptional({
      example,
      type: [String],
      maxItems: MAX_SECTORS,
      description: 'Sector references `scheme:code`, checked against the stored schemes (GET /taxonomies)',
    }),
    Transform(({ value }) => uniqueStrings(value)),
    IsOptionalNonNull(),
    IsArray({ message: 'sectors 应为数组 / sectors must be an array' }),
    ArrayMaxSize(MAX_SECTORS, { message: `sectors 最多${MAX_SECTORS}项 / at most ${MAX_SECTORS} sectors` }),
    IsString({
      each: true,
      message: 'sectors 的每一项应为“体系:代码”字符串 / each sector must be a scheme:code string',
    }),
    // A scheme (≤ 32), a colon and a code (≤ 64).
    MaxLength(100, {
      each: true,
      message: 'sectors 的每一项最多100个字符 / each sector must be at most 100 characters',
    }),
  );
}

export function KeywordsField(example: string[]): Decorator {
  return applyDecorators(
    ApiPropertyOptional({
      example,
      type: [String],
      maxItems: MAX_KEYWORDS,
      description: `Trimmed and de-duplicated; at most ${MAX_KEYWORDS}, each at most ${MAX_KEYWORD_LENGTH} characters`,
    }),
    Transform(({ value }) => normalizeKeywords(value)),
    IsOptionalNonNull(),
    IsArray({ message: 'keywords 应为数组 / keywords must be an array' }),
    ArrayMaxSize(MAX_KEYWORDS, { message: `keywords 最多${MAX_KEYWORDS}个 / at most ${MAX_KEYWORDS} keywords` }),
    IsString({ each: true, message: 'keywords 的每一项应为字符串 / each keyword must be a string' }),
    MaxLength(MAX_KEYWORD_LENGTH, {
      each: true,
      message: `每个关键词最多${MAX_KEYWORD_LENGTH}字 / each keyword must be at most ${MAX_KEYWORD_LENGTH} characters`,
    }),
  );
}

export function CooperationModesField(example: string[]): Decorator {
  return applyDecorators(
    ApiPropertyOptional({ example, enum: COOPERATION_MODES, isArray: true }),
    Transform(({ value }) => uniqueStrings(value)),
    IsOptionalNonNull(),
    IsArray({ message: 'cooperationModes 应为数组 / cooperationModes must be an array' }),
    ArrayMaxSize(COOPERATION_MODES.length, {
      message: `cooperationModes 最多${COOPERATION_MODES.length}项 / at most ${COOPERATION_MODES.length} cooperation modes`,
    }),
    IsIn(COOPERATION_MODES, {
      each: true,
      message: `cooperationModes 的每一项应为 ${COOPERATION_MODES.join(', ')} 之一 / each cooperation mode must be one of ${COOPERATION_MODES.join(', ')}`,
    }),
  );
}

export function DistrictField(): Decorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: DISTRICTS, example: '南岗', description: "Defaults to the organisation's district" }),
    IsOptionalNonNull(),
    IsIn(DISTRICTS, {
      message: 'district 应为哈尔滨的区县市或 outside / district must be a Harbin district or outside',
    }),
  );
}

export function OrganizationIdField(): Decorator {
  return applyDecorators(
    ApiPropertyOptional({
      example: '0b7e1d2c-6a4f-4c1e-8d3b-9f2a7e5c4b31',
      description:
        "The owning organisation. Members: their own (the default). Coordinators: required, on the owner's behalf",
    }),
    IsOptionalNonNull(),
    IsUUID('all', { message: 'organizationId 应为组织ID / organizationId must be an organisation id' }),
  );
}
