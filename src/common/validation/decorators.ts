import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../domain/dates.js';
import { searchQuery } from '../text/search.js';

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

/** Search words with something to search for: blank (no search) or at least one word that is not 的, 和, 2024 or ！. */
export function IsSearchable(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSearchable',
      validator: { validate: (v: unknown) => typeof v === 'string' && (!v.trim() || searchQuery(v) !== null) },
    },
    {
      message:
        'q 中没有可检索的词（只有标点、数字或“的”“和”之类的虚词）/ q has no word to search for (only punctuation, ' +
        'numbers or function words)',
      ...options,
    },
  );
}
