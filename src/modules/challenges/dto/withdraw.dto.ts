import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class WithdrawDto {
  @ApiPropertyOptional({ maxLength: 2000, example: '团队调整，暂不参与 / team changes' })
  @IsOptional()
  @IsString({ message: 'note 应为字符串 / note must be a string' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;
}
