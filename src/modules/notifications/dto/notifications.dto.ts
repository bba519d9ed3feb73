import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { IsBoolean, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only unread ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread 应为 true 或 false / unread must be true or false' })
  unread?: boolean;
}

export class InboxItemView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'match.introduced' }) type: string;
  @ApiProperty({ example: '对接已安排，双方联系方式已可见 / you have been introduced' }) title: string;
  @ApiProperty() body: string;
  @ApiProperty({ nullable: true, type: String }) matchId: string | null;
  @ApiProperty({ nullable: true, type: String }) needId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: Date }) readAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class InboxView {
  @ApiProperty({ type: [InboxItemView] }) items: InboxItemView[];
  @ApiProperty({ example: 12 }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ example: 3, description: 'Unread in all' }) unread: number;
}

/** A Standard Webhooks secret: `whsec_` and the base64 of at least 24 random bytes (32 base64 characters). */
export const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/;

export class WebhookDto {
  @ApiProperty({ example: 'https://erp.example.com/hooks/techmatch' })
  @IsString({ message: 'url 应为字符串 / url must be a string' })
  @MaxLength(2000, { message: 'url 过长 / url is too long' })
  url: string;

  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: '`whsec_` + base64 of ≥ 24 random bytes',
  })
  @IsString({ message: 'secret 应为字符串 / secret must be a string' })
  @MaxLength(200, { message: 'secret 最多200个字符 / secret must be at most 200 characters' })
  @Matches(WEBHOOK_SECRET, {
    message:
      'secret 应为 whsec_ 加至少24字节随机数的 base64 / secret must be whsec_ and the base64 of at least 24 random bytes',
  })
  secret: string;
}

export class WebhookView {
  @ApiProperty() organizationId: string;
  @ApiProperty() url: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class DeliveryView {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ example: 'match.contracted' }) type: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt: Date | null;
}

export class DeliveryList {
  @ApiProperty({ type: [DeliveryView] }) items: DeliveryView[];
}

export class NotificationSettings {
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.6,
    minimum: 0,
    maximum: 1,
    description: 'Coordinators: be told of new suggestions scoring at least this (null: not at all)',
  })
  @ValidateIf((_: unknown, v: unknown) => v !== null)
  @IsNumber({}, { message: 'minScore 应为0到1之间的数或 null / minScore must be a number from 0 to 1, or null' })
  @Min(0, { message: 'minScore 应在0到1之间 / minScore must be between 0 and 1' })
  @Max(1, { message: 'minScore 应在0到1之间 / minScore must be between 0 and 1' })
  minScore: number | null;
}
