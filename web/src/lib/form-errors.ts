import type { FieldError } from '../api/client';

export interface FormFieldError {
  name: Array<string | number>;
  errors: string[];
}

/**
 * The API names a bad field by a path (`budget.min`, `sectors[1]`, `items[3].title`); antd's forms name fields by
 * arrays. Errors on list items show on the list field. Returns one entry per form field, messages joined.
 */
export function toFormErrors(
  details: readonly FieldError[],
  known?: ReadonlySet<string>,
): { fields: FormFieldError[]; other: string[] } {
  const byField = new Map<string, { name: Array<string | number>; errors: string[] }>();
  const other: string[] = [];
  for (const d of details) {
    const parts = d.field
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter(Boolean);
    // A list's element is reported on the list itself (sectors[1] → sectors).
    const name = parts.filter((p) => !/^\d+$/.test(p));
    const key = name.join('.');
    if (!name.length || (known && !known.has(name[0]))) {
      other.push(d.message);
      continue;
    }
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(d.message)) entry.errors.push(d.message);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], other };
}
