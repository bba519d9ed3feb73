import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { COOPERATION_MODES, type CooperationMode } from '../../../common/domain/vocabulary.js';
import { CLOSE_REASONS, type CloseReason } from '../../introductions/lifecycle.js';
import { MATCH_STATUSES, type MatchStatus } from '../../matching/match.entity.js';
import { SHARED_NOTE } from './review.dto.js';

export class ContractDto {
  @ApiProperty({ enum: COOPERATION_MODES, example: 'license', description: '合作方式 / cooperation mode' })
  @IsIn(COOPERATION_MODES, { message: `contract.mode 应为 ${COOPERATION_MODES.join(', ')} 之一 / unknown mode` })
  mode: CooperationMode;

  @ApiProperty({ example: 800000, description: '合同金额（元）/ amount in CNY' })
  @IsInt({ message: 'contract.amountCny 应为整数（元）/ amountCny must be a whole number of yuan' })
  @Min(0, { message: 'contract.amountCny 不能为负 / amountCny cannot be negative' })
  @Max(1e13, { message: 'contract.amountCny 过大 / amountCny is too large' })
  amountCny: number;

  @ApiProperty({ example: '2026-11-20', description: '签订日期 / signing date' })
  @IsISO8601({ strict: true }, { message: 'contract.signedOn 应为日期 YYYY-MM-DD / signedOn must be a date' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'contract.signedOn 应为 YYYY-MM-DD / signedOn must be YYYY-MM-DD' })
  signedOn: string;

  @ApiPropertyOptional({
    example: '2026230103000123',
    description: '技术合同登记号 / technology contract registration no.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z-]{6,40}$/, {
    message: 'contract.registrationNo 应为6到40位字母数字 / registrationNo must be 6-40 letters, digits or -',
  })
  registrationNo?: string;
}

export class TransitionDto {
  @ApiProperty({
    enum: MATCH_STATUSES,
    example: 'introduced',
    description:
      'The next status (approved → introduced → negotiating → contracted | closed_no_deal). The current status ' +
      'with a note adds a progress note. 409 with `details.allowed` when the step is illegal.',
  })
  @IsIn(MATCH_STATUSES, { message: `to 应为 ${MATCH_STATUSES.join(', ')} 之一 / unknown status` })
  to: MatchStatus;

  @ApiPropertyOptional({ example: '已安排线上对接会 / online meeting arranged', maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'note 应为字符串 / note must be a string' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;

  @ApiPropertyOptional({ default: false, description: SHARED_NOTE })
  @IsOptional()
  @IsBoolean({ message: 'shared 应为布尔值 / shared must be true or false' })
  shared?: boolean;

  @ApiPropertyOptional({ type: ContractDto, description: 'Required with to = contracted' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContractDto)
  contract?: ContractDto;

  @ApiPropertyOptional({ enum: CLOSE_REASONS, description: 'Required with to = closed_no_deal' })
  @IsOptional()
  @IsIn(CLOSE_REASONS, { message: `reason 应为 ${CLOSE_REASONS.join(', ')} 之一 / unknown reason` })
  reason?: CloseReason;

  @ApiPropertyOptional({ enum: MATCH_STATUSES, description: 'The status the caller saw; 409 if it has changed since' })
  @IsOptional()
  @IsIn(MATCH_STATUSES, { message: `expectedStatus 应为 ${MATCH_STATUSES.join(', ')} 之一 / unknown status` })
  expectedStatus?: MatchStatus;
}
