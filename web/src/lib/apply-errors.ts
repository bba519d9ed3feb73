import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import { toFormErrors } from './form-errors';

/**
 * Shows a failed request's field errors beside the form's fields. Returns the messages that belong to no field
 * (or the error's own message), for a notice above the form.
 */
export function applyApiErrors(form: FormInstance, error: unknown, fieldNames: readonly string[]): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const { fields, other } = toFormErrors(error.fieldErrors, new Set(fieldNames));
  form.setFields(fields);
  if (!fields.length && !other.length) return [error.message];
  return other;
}
