import { ValidationPipe, type ArgumentMetadata, type ValidationPipeOptions } from '@nestjs/common';
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

/** Deeper than any body of the API nests; class-transformer recurses, so a deeper one would overflow the stack. */
export const MAX_DEPTH = 16;

// With the u flag a surrogate pair is one code point, so this finds only halves without their other half.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function joinPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/**
 * What no field of the API may hold, whatever its type: nesting deeper than MAX_DEPTH, a NUL character (PostgreSQL
 * cannot store it in text) or a lone UTF-16 surrogate (no character at all; some validators throw on it). Checked
 * before anything else reads the value. Returns the first problem found.
 */
export function screenInput(value: unknown, path: string, depth = 0): FieldError | null {
  const field = path || 'body';
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      return { field, message: `${field} 不能包含空字符（U+0000）/ ${field} must not contain NUL characters` };
    }
    if (LONE_SURROGATE.test(value)) {
      return { field, message: `${field} 含有无效的 Unicode 字符 / ${field} holds invalid Unicode (a lone surrogate)` };
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) {
    return { field, message: `${field} 嵌套过深 / ${field} is nested more than ${MAX_DEPTH} levels deep` };
  }
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) {
    const keyProblem = screenInput(k, joinPath(path, '(key)'), depth + 1);
    if (keyProblem) return keyProblem;
    const problem = screenInput(v, joinPath(path, k), depth + 1);
    if (problem) return problem;
  }
  return null;
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
  const screened = screenInput(plain, '');
  if (screened) return { value: null, errors: [screened] };
  const value = plainToInstance(cls, plain);
  const errors = flattenValidationErrors(await validate(value, VALIDATOR_OPTIONS));
  return errors.length ? { value: null, errors } : { value, errors: [] };
}

/** The global pipe: every body, query and route parameter is screened (see screenInput), then validated. */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problem = screenInput(value, metadata.data ?? '');
      if (problem) throw invalidInput([problem]);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

export function createValidationPipe(): ValidationPipe {
  const options: ValidationPipeOptions = {
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => invalidInput(flattenValidationErrors(errors)),
  };
  return new ApiValidationPipe(options);
}
