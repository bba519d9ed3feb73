/** A UUID as PostgreSQL writes it (any version). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `v` is a UUID (narrows an unknown value to a string). */
export function isUuid(v: string): boolean;
export function isUuid(v: unknown): v is string;
export function isUuid(v: unknown): boolean {
  return typeof v === 'string' && UUID.test(v);
}
