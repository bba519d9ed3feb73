import { ApiProperty } from '@nestjs/swagger';
import type { ClassConstructor } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { invalidInput, type AppError } from '../errors/app-errors.js';
import type { FieldError } from '../errors/error-body.js';
import { validateDto } from '../validation/validation.js';

export const MAX_BATCH = 1000;

export class BatchDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    maxItems: MAX_BATCH,
    description: `1-${MAX_BATCH} items, each as for a single create`,
  })
  @IsArray({ message: 'items 应为数组 / items must be an array' })
  @ArrayMinSize(1, { message: 'items 不能为空 / items must not be empty' })
  @ArrayMaxSize(MAX_BATCH, { message: `一次最多${MAX_BATCH}条 / at most ${MAX_BATCH} items per batch` })
  items: unknown[];
}

/** The 400 for a batch refused whole: every problem with its item's index. */
export function batchRefused(errors: FieldError[]): AppError {
  const rows = new Set(errors.map((e) => e.index)).size;
  return invalidInput(errors, `${rows} 条记录有误，未写入任何数据 / ${rows} invalid item(s); nothing was written`);
}

/**
 * Validates every item of a batch as its single-create DTO. Invalid items come back as null, in place, and their
 * errors carry the item's index and a path such as `items[3].title`, so later checks can add to the same list.
 */
export async function validateBatch<T extends object>(
  cls: ClassConstructor<T>,
  items: unknown[],
): Promise<{ values: Array<T | null>; errors: FieldError[] }> {
  const values: Array<T | null> = [];
  const errors: FieldError[] = [];
  for (let i = 0; i < items.length; i++) {
    const r = await validateDto(cls, items[i]);
    values.push(r.value);
    for (const e of r.errors) errors.push({ index: i, field: `items[${i}].${e.field}`, message: e.message });
  }
  return { values, errors };
}
