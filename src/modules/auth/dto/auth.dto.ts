import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../../common/domain/vocabulary.js';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.org' })
  @IsString({ message: 'email 应为字符串 / email must be a string' })
  @MinLength(3, { message: 'email 不能为空 / email must not be empty' })
  @MaxLength(254, { message: 'email 过长 / email is too long' })
  email: string;

  @ApiProperty({ example: 'Admin-Pass-2026!' })
  @IsString({ message: 'password 应为字符串 / password must be a string' })
  @MinLength(1, { message: 'password 不能为空 / password must not be empty' })
  @MaxLength(256, { message: 'password 过长 / password is too long' })
  password: string;
}

export class UserView {
  @ApiProperty({ example: '5f0c6a52-3f0e-4a55-9b4e-2f8f3c1d7a10' })
  id: string;
  @ApiProperty({ example: 'zhang.wei@example.org' })
  email: string;
  @ApiProperty({ example: '张伟' })
  name: string;
  @ApiProperty({ enum: ROLES, example: 'member' })
  role: Role;
  @ApiProperty({ example: '0b7e1d2c-6a4f-4c1e-8d3b-9f2a7e5c4b31' })
  organizationId: string;
  @ApiProperty({ example: true })
  active: boolean;
  @ApiProperty({ example: false, description: '评审专家：可进入揭榜挂帅评审组 / may sit on a challenge review panel' })
  expert: boolean;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  createdAt: Date;
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' })
  updatedAt: Date;
}

export class LoginResult {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' })
  accessToken: string;
  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';
  @ApiProperty({ example: 28800, description: 'Seconds until the token expires' })
  expiresIn: number;
  @ApiProperty({ type: UserView })
  user: UserView;
}

export class LogoutResult {
  @ApiPropertyOptional({ example: true })
  signedOut: boolean;
}
