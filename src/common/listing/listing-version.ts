/**
 * A listing's version in SQL: its `updated_at` in microseconds, as a bigint. The worker ranks a listing at a version
 * and writes its matches only while the listing is still at that version (a listing edited meanwhile is ranked
 * again), so every query that compares versions must compute them the same way: through this one expression.
 * `alias` is the table's alias in the query, if any.
 */
export const listingVersion = (alias?: string): string =>
  `(extract(epoch FROM ${alias ? `${alias}.` : ''}updated_at) * 1000000)::bigint`;
