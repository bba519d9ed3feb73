import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../../common/domain/vocabulary.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { IsOptionalNonNull } from '../../../common/validation/decorators.js';
import { UserView } from '../../auth/dto/auth.dto.js';
import { OrganizationView } from '../../organizations/dto/organization.dto.js';

export const MIN_PASSWORD = 10;
const passwordMessage = `password 至少${MIN_PASSWORD}个字符 / password must be at least ${MIN_PASSWORD} characters`;

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.wei@example.org' })
  @IsEmail({}, { message: 'email 应为邮箱地址 / email must be an e-mail address' })
  @MaxLength(254, { message: 'email 过长 / email is too long' })
  email: string;

  @ApiProperty({ example: 'Zhang-Wei-2026!', minLength: MIN_PASSWORD })
  @IsString({ message: passwordMessage })
  @MinLength(MIN_PASSWORD, { message: passwordMessage })
  @MaxLength(256, { message: 'password 最多256个字符 / password must be at most 256 characters' })
  password: string;

  @ApiProperty({ example: '张伟' })
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 100, { message: 'name 长度应为1-100 / name must be 1-100 characters' })
  name: string;

  @ApiProperty({ enum: ROLES, example: 'member', description: 'Coordinators may create members only' })
  @IsIn(ROLES, { message: `role 应为 ${ROLES.join(', ')} 之一 / role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiProperty({ example: '0b7e1d2c-6a4f-4c1e-8d3b-9f2a7e5c4b31' })
  @IsUUID('all', { message: 'organizationId 应为组织ID / organizationId must be an organisation id' })
  organizationId: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: '张伟' })
  @IsOptionalNonNull()
  @IsString({ message: 'name 应为字符串 / name must be a string' })
  @Length(1, 100, { message: 'name 长度应为1-100 / name must be 1-100 characters' })
  name?: string;

  @ApiPropertyOptional({
    example: 'New-Pass-2026!',
    minLength: MIN_PASSWORD,
    description: 'Changing it signs the user out everywhere',
  })
  @IsOptionalNonNull()
  @IsString({ message: passwordMessage })
  @MinLength(MIN_PASSWORD, { message: passwordMessage })
  @MaxLength(256, { message: 'password 最多256个字符 / password must be at most 256 characters' })
  password?: string;

  @ApiPropertyOptional({ example: 'Old-Pass-2026!', description: 'Required when users change their own password' })
  @IsOptionalNonNull()
  @IsString({ message: 'currentPassword 应为字符串 / currentPassword must be a string' })
  currentPassword?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'Admins only (coordinators manage members only)' })
  @IsOptionalNonNull()
  @IsIn(ROLES, { message: `role 应为 ${ROLES.join(', ')} 之一 / role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ example: '0b7e1d2c-6a4f-4c1e-8d3b-9f2a7e5c4b31' })
  @IsOptionalNonNull()
  @IsUUID('all', { message: 'organizationId 应为组织ID / organizationId must be an organisation id' })
  organizationId?: string;

  @ApiPropertyOptional({ example: true, description: 'false disables sign-in and ends the user’s sessions' })
  @IsOptionalNonNull()
  @IsBoolean({ message: 'active 应为布尔值 / active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({
    example: true,
    description:
      '评审专家（揭榜挂帅评审组只能由专家组成）/ an expert may sit on challenge review panels. Admins and coordinators',
  })
  @IsOptionalNonNull()
  @IsBoolean({ message: 'expert 应为布尔值 / expert must be true or false' })
  expert?: boolean;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'organizationId 应为组织ID / organizationId must be an organisation id' })
  organizationId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: 'role 无效 / unknown role' })
  role?: Role;

  @ApiPropertyOptional({ description: 'Only experts (true) or only non-experts (false): for choosing a review panel' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'expert 应为 true 或 false / expert must be true or false' })
  expert?: boolean;
}

export class UserPage {
  @ApiProperty({ type: [UserView] })
  items: UserView[];
  @ApiProperty({ example: 5 })
  total: number;
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  pageSize: number;
}

export class MeView {
  @ApiProperty({ type: UserView })
  user: UserView;
  @ApiProperty({ type: OrganizationView })
  organization: OrganizationView;
}
