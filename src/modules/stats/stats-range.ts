import { invalidField } from '../../common/errors/app-errors.js';
import type { StatsQuery } from './dto/stats.dto.js';

/** `from` and `to` are real calendar dates (StatsQuery checks them); here only their order. */
export function statsParams(q: StatsQuery): Array<string | null> {
  if (q.from && q.to && q.from > q.to) throw invalidField('from', 'from 不能晚于 to / from must not be after to');
  return [q.from ?? null, q.to ?? null];
}

/** `$1` and `$2` are the first and last day (Harbin time), each optional. */
export function statsRange(column: string): string {
  return `($1::date IS NULL OR ${column} >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai'))
        AND ($2::date IS NULL OR ${column} < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))`;
}
