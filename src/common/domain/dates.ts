/** Today's date in Harbin (China Standard Time), as YYYY-MM-DD. */
export function todayInHarbin(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * True for a real calendar date written YYYY-MM-DD, from 0001-01-01 to 9999-12-31 (so 2027-02-30, 2026-13-01 and
 * 0000-01-01 are false: PostgreSQL has no year 0, and refuses what the calendar lacks with an error).
 */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1) return false;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The date `n` days after a YYYY-MM-DD date (n may be negative), in the calendar alone (no time zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const out = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  out.setUTCFullYear(y, m - 1, d + n);
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${pad(out.getUTCFullYear(), 4)}-${pad(out.getUTCMonth() + 1)}-${pad(out.getUTCDate())}`;
}
