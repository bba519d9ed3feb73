import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../domain/dates.js';

/**
 * May be left out, but when given it must be a value: unlike `@IsOptional()`, null goes on to the other validators
 * (and fails them). For fields whose column is NOT NULL, where a null would otherwise reach the database.
 */
export function IsOptionalNonNull(): PropertyDecorator {
  return ValidateIf((_: unknown, v: unknown) => v !== undefined);
}

/** A real calendar date written YYYY-MM-DD, years 0001-9999 (2026-02-31, 2026-13-01 and 0000-01-01 are not). */
export function IsCalendarDate(field: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isCalendarDate', validator: { validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v) } },
    { message: `${field} 应为有效日期 YYYY-MM-DD / ${field} must be a real date YYYY-MM-DD`, ...options },
  );
}
