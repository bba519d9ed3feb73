import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
  ValidateIf,
} from 'class-validator';
import {
  DISTRICTS,
  ORGANIZATION_KINDS,
  type District,
  type OrganizationKind,
} from '../../../common/domain/vocabulary.js';
import { IsCreditCode } from './credit-code.validator.js';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';

export class ContactDto {
  @ApiPropertyOptional({ example: '王主任', nullable: true, type: String })
  @IsOptional()
  @IsString({ message: 'contact.person 应为字符串 / contact.person must be a string' })
  @MaxLength(50, { message: 'contact.person 最多50字 / contact.person must be at most 50 characters' })
  person?: string | null;

  @ApiPropertyOptional({ example: '0451-86400000', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[+0-9][0-9 ()-]{4,29}$/, { message: 'contact.phone 应为电话号码 / contact.phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'tto@example.edu.cn', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail({}, { message: 'contact.email 应为邮箱地址 / contact.email must be an e-mail address' })
  email?: string | null;
}

export class CreateOrganizationDto {
  @ApiProperty({ enum: ORGANIZATION_KINDS, example: 'enterprise' })
  @IsIn(ORGANIZATION_KINDS, {
    message: `kind 应为 ${ORGANIZATION_KINDS.join(', ')} 之一 / kind must be one of ${ORGANIZATION_KINDS.join(', ')}`,
  })
  kind: OrganizationKind;

  @ApiProperty({ example: '示例甲科技有限公司' })
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 200, { message: 'name 长度应为1-200 / name must be 1-200 characters' })
  name: string;

  @ApiPropertyOptional({
    example: '91230199MA19F0LX04',
    nullable: true,
    type: String,
    description: '统一社会信用代码 (GB 32100-2015), checked when given',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCreditCode()
  creditCode?: string | null;

  @ApiProperty({
    enum: DISTRICTS,
    example: '平房',
    description: 'Harbin district, county or county-level city, or `outside`',
  })
  @IsIn(DISTRICTS, { message: 'district 应为哈尔滨的区县市或 outside / district must be a Harbin district or outside' })
  district: District;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
}

/**
 * Every field may be left out, but null only where the create allows it (creditCode, contact): the columns of the
 * others are NOT NULL.
 */
export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto, { skipNullProperties: false }) {}

export class OrganizationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS, { message: 'kind 无效 / unknown kind' })
  kind?: OrganizationKind;

  @ApiPropertyOptional({ enum: DISTRICTS })
  @IsOptional()
  @IsIn(DISTRICTS, { message: 'district 无效 / unknown district' })
  district?: District;

  @ApiPropertyOptional({ example: '示例', description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q 最多100字 / q must be at most 100 characters' })
  q?: string;
}

export class ContactView {
  @ApiProperty({ example: '王主任', nullable: true, type: String })
  person: string | null;
  @ApiProperty({ example: '0451-86400000', nullable: true, type: String })
  phone: string | null;
  @ApiProperty({ example: 'tto@example.edu.cn', nullable: true, type: String })
  email: string | null;
}

export class OrganizationView {
  @ApiProperty({ example: '0b7e1d2c-6a4f-4c1e-8d3b-9f2a7e5c4b31' })
  id: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS, example: 'enterprise' })
  kind: OrganizationKind;
  @ApiProperty({ example: '示例甲科技有限公司' })
  name: string;
  @ApiProperty({ example: '91230199MA19F0LX04', nullable: true, type: String })
  creditCode: string | null;
  @ApiProperty({ enum: DISTRICTS, example: '平房' })
  district: District;
  @ApiProperty({ type: ContactView })
  contact: ContactView;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  createdAt: Date;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  updatedAt: Date;
}

export class OrganizationPage {
  @ApiProperty({ type: [OrganizationView] })
  items: OrganizationView[];
  @ApiProperty({ example: 4 })
  total: number;
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
}

/** The directory's filters: part of the name, and the kind. */
export class OrganizationDirectoryQuery extends PageQuery {
  @ApiPropertyOptional({
    example: '理工',
    description: '名称包含的文字，空格分开的几段须都包含 / part of the name; words separated by spaces must all appear',
  })
  @IsOptional()
  @IsString({ message: 'q 应为字符串 / q must be a string' })
  @MaxLength(100, { message: 'q 最多100字 / q must be at most 100 characters' })
  q?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS, {
    message: `kind 应为 ${ORGANIZATION_KINDS.join(', ')} 之一 / kind must be one of ${ORGANIZATION_KINDS.join(', ')}`,
  })
  kind?: OrganizationKind;
}

/** An organisation as the directory shows it to any signed-in user: public facts only, never contacts or codes. */
export class OrganizationDirectoryEntry {
  @ApiProperty({ example: '0b7e1d2c-6a4f-4c1e-8d3b-9f2a7e5c4b31' })
  id: string;
  @ApiProperty({ example: '示例理工大学' })
  name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS, example: 'university' })
  kind: OrganizationKind;
  @ApiProperty({ enum: DISTRICTS, example: '南岗' })
  district: District;
}

export class OrganizationDirectoryPage extends PageMeta {
  @ApiProperty({ type: [OrganizationDirectoryEntry] })
  items: OrganizationDirectoryEntry[];
}
