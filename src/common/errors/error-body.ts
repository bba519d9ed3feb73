import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One problem with one field of the input. `index` is the row of a batch (0-based) when there is one. */
export class FieldError {
  @ApiProperty({ example: 'title', description: 'The offending field, as a path into the body (items[3].sectors[0])' })
  field: string;

  @ApiProperty({ example: '标题不能为空 / title must not be empty' })
  message: string;

  @ApiPropertyOptional({ example: 3, description: 'For batches: the 0-based position of the item in `items`' })
  index?: number;
}

/** The one error shape of the API: `{statusCode, error, message, details?}`. */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: '请求参数无效 / Invalid input' })
  message: string;

  @ApiPropertyOptional({ type: [FieldError] })
  details?: unknown;

  @ApiPropertyOptional({
    example: 'c0a8011e-2b1d-4e5f-9a7c-0d3b6f1e2a44',
    description: 'The request id, as in the logs',
  })
  requestId?: string;
}
