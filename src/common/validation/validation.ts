import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import { invalidInput } from '../errors/app-errors.js';
import type { FieldError } from '../errors/error-body.js';

export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

function joinPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/** Flattens class-validator's tree into one entry per field, with paths such as `budget.min` or `sectors[1]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = joinPath(parent, e.property);
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      out.push({
        field: path,
        message: constraint === 'whitelistValidation' ? `未知字段 / unknown field ${path}` : message,
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

/** Validates a plain object against a DTO class, returning the instance or the field errors. */
export async function validateDto<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
): Promise<{ value: T; errors: [] } | { value: null; errors: FieldError[] }> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { value: null, errors: [{ field: 'body', message: '应为 JSON 对象 / must be a JSON object' }] };
  }
  const value = plainToInstance(cls, plain);
  const errors = flattenValidationErrors(await validate(value, VALIDATOR_OPTIONS));
  return errors.length ? { value: null, errors } : { value, errors: [] };
}

export function createValidationPipe(): ValidationPipe {
  const options: ValidationPipeOptions = {
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => invalidInput(flattenValidationErrors(errors)),
  };
  return new ValidationPipe(options);
}
