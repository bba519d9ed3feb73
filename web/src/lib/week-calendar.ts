// The instrument week calendar's arithmetic, in Harbin time (Asia/Shanghai: UTC+8 all year, no daylight saving)
// whatever the browser's own zone: Harbin dates and week Mondays, the half-hour rows a week's opening hours span,
// what each cell is (free, taken, the caller's own, blackout…), and a chosen run of cells as the ISO period the API
// takes. Pure functions, no React.

const HARBIN_OFFSET_MS = 8 * 3_600_000;
export const SLOT_MINUTES = 30;
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** `HH:MM` → minutes after midnight (24:00 → 1440); null if it is not a time. */
export function hhmmToMinutes(s: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

export const minutesToHhmm = (n: number) => `${pad(Math.floor(n / 60))}:${pad(n % 60)}`;

/** The Harbin wall clock of an instant: its date and the minutes after midnight. */
export function harbinParts(at: Date | string | number): { date: string; minutes: number } {
  const d = new Date(new Date(at).getTime() + HARBIN_OFFSET_MS);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
  };
}

/** An instant as Harbin `YYYY-MM-DD HH:mm`. */
export function harbinDateTime(at: string | null | undefined): string {
  if (!at) return '—';
  const p = harbinParts(at);
  return `${p.date} ${minutesToHhmm(p.minutes)}`;
}

/** A period as `YYYY-MM-DD HH:mm–HH:mm` (the end's date too when it is another day). */
export function harbinPeriod(from: string, to: string): string {
  const a = harbinParts(from);
  const b = harbinParts(to);
  const end = b.minutes === 0 && b.date !== a.date ? '24:00' : minutesToHhmm(b.minutes);
  const sameDay = a.date === b.date || (b.minutes === 0 && addDays(a.date, 1) === b.date);
  return `${a.date} ${minutesToHhmm(a.minutes)}–${sameDay ? end : `${b.date} ${end}`}`;
}

/** A Harbin date and minutes as the ISO instant the API takes: `2026-12-08T09:30:00+08:00`. */
export function harbinIso(date: string, minutes: number): string {
  if (minutes >= 1440) return harbinIso(addDays(date, Math.floor(minutes / 1440)), minutes % 1440);
  return `${date}T${minutesToHhmm(minutes)}:00+08:00`;
}

/** A Harbin date plus `n` days. */
export function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + n * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** The weekday of a Harbin date, Monday = 1 … Sunday = 7. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of the Harbin week an instant (default: now) or a date `YYYY-MM-DD` falls in. */
export function weekMonday(at: Date | string = new Date()): string {
  const date = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : harbinParts(at).date;
  return addDays(date, 1 - weekdayOf(date));
}

/** A calendar bound (an ISO instant, or `HH:MM` of the day) as minutes of `date`, clamped to the day. */
export function minuteOfDay(date: string, value: string): number {
  const hm = hhmmToMinutes(value);
  if (hm !== null) return hm;
  const p = harbinParts(value);
  if (p.date < date) return 0;
  if (p.date > date) return 1440;
  return p.minutes;
}

export interface DayIntervals {
  date: string;
  blackout: boolean;
  windows: Array<{ from: string; to: string }>;
  taken: Array<{ from: string; to: string; mine?: boolean; enterpriseName?: string | null; bookingId?: string | null }>;
  /** The caller's own requests waiting for the provider. */
  requested?: Array<{ from: string; to: string; bookingId?: string | null }>;
}

/** The half-hour rows (minutes of the day) a week needs: from its earliest opening to its latest closing. */
export function weekRows(days: ReadonlyArray<Pick<DayIntervals, 'date' | 'windows'>>): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of days)
    for (const w of d.windows) {
      lo = Math.min(lo, minuteOfDay(d.date, w.from));
      hi = Math.max(hi, minuteOfDay(d.date, w.to));
    }
  if (!Number.isFinite(lo) || hi <= lo) return [];
  const start = Math.floor(lo / SLOT_MINUTES) * SLOT_MINUTES;
  const rows: number[] = [];
  for (let m = start; m < hi; m += SLOT_MINUTES) rows.push(m);
  return rows;
}

export type CellState = 'closed' | 'blackout' | 'past' | 'free' | 'taken' | 'mine' | 'requested';

export interface Cell {
  state: CellState;
  /** Who booked it, for the provider (and the enterprise's own bookings). */
  who?: string | null;
  bookingId?: string | null;
}

const overlaps = (date: string, i: { from: string; to: string }, m: number) =>
  minuteOfDay(date, i.from) < m + SLOT_MINUTES && minuteOfDay(date, i.to) > m;

/**
 * What the half hour starting `minute` of `day` is: outside the opening hours (closed), a blackout day, too soon to
 * book (before `earliest`, the notice the instrument asks), booked by someone (taken) or by the caller (mine),
 * the caller's own request waiting for the provider (requested), or free.
 */
export function cellAt(day: DayIntervals, minute: number, earliest: Date | number = 0): Cell {
  // A blackout day is closed all day (the server may list its usual windows or none).
  if (day.blackout) return { state: 'blackout' };
  const inWindow = day.windows.some(
    (w) => minuteOfDay(day.date, w.from) <= minute && minuteOfDay(day.date, w.to) >= minute + SLOT_MINUTES,
  );
  if (!inWindow) return { state: 'closed' };
  const taken = day.taken.find((x) => overlaps(day.date, x, minute));
  if (taken)
    return { state: taken.mine ? 'mine' : 'taken', who: taken.enterpriseName ?? null, bookingId: taken.bookingId };
  const own = (day.requested ?? []).find((x) => overlaps(day.date, x, minute));
  if (own) return { state: 'requested', bookingId: own.bookingId };
  if (Date.parse(harbinIso(day.date, minute)) < new Date(earliest).getTime()) return { state: 'past' };
  return { state: 'free' };
}

export interface Selection {
  date: string;
  /** Minutes of the day: the first cell's start and the last cell's end. */
  from: number;
  to: number;
}

/**
 * The period from one clicked cell to another of the same day (either order), both included; null when they are on
 * different days or any cell between them is not free.
 */
export function selectRange(day: DayIntervals, a: number, b: number, earliest: Date | number = 0): Selection | null {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  for (let m = lo; m <= hi; m += SLOT_MINUTES) if (cellAt(day, m, earliest).state !== 'free') return null;
  return { date: day.date, from: lo, to: hi + SLOT_MINUTES };
}

/** A selection as the API's body: ISO instants with the Harbin offset. */
export const selectionPeriod = (s: Selection) => ({ from: harbinIso(s.date, s.from), to: harbinIso(s.date, s.to) });

/** The price of a period by the hour: minutes / 60 × price, rounded half up to the yuan (as the server does). */
export const hourlyAmount = (minutes: number, priceYuan: number) => Math.floor((minutes * priceYuan) / 60 + 0.5);

/** Opening hours in words, weekday by weekday: `一 09:00–12:00, 13:30–17:00；二 …`. */
export function openingSummary(
  windows: ReadonlyArray<{ weekday: number; from: string; to: string }>,
  dayName: (weekday: number) => string,
): string {
  const by = new Map<number, string[]>();
  for (const w of [...windows].sort((x, y) => x.weekday - y.weekday || x.from.localeCompare(y.from)))
    by.set(w.weekday, [...(by.get(w.weekday) ?? []), `${w.from}–${w.to}`]);
  return [...by.entries()].map(([d, ws]) => `${dayName(d)} ${ws.join(', ')}`).join('；');
}

/**
 * What is wrong with a set of opening windows, as the server checks it: from before to, both on half hours, no two
 * windows of a weekday overlapping. Returns the indexes of the bad windows with the problem.
 */
export function openingProblems(
  windows: ReadonlyArray<{ weekday?: number; from?: string; to?: string } | undefined>,
): Array<{ index: number; problem: 'incomplete' | 'order' | 'boundary' | 'overlap' }> {
  const out: Array<{ index: number; problem: 'incomplete' | 'order' | 'boundary' | 'overlap' }> = [];
  const ok: Array<{ index: number; weekday: number; from: number; to: number }> = [];
  windows.forEach((w, index) => {
    const from = w?.from ? hhmmToMinutes(w.from) : null;
    const to = w?.to ? hhmmToMinutes(w.to) : null;
    if (!w?.weekday || from === null || to === null) return void out.push({ index, problem: 'incomplete' });
    if (from % SLOT_MINUTES || to % SLOT_MINUTES) return void out.push({ index, problem: 'boundary' });
    if (from >= to) return void out.push({ index, problem: 'order' });
    const clash = ok.find((o) => o.weekday === w.weekday && o.from < to && from < o.to);
    if (clash) return void out.push({ index, problem: 'overlap' });
    ok.push({ index, weekday: w.weekday, from, to });
  });
  return out;
}

/** The half-hour times of a day as `HH:MM` (00:00 … 24:00), for the opening hours' pickers. */
export const HALF_HOURS: readonly string[] = Array.from({ length: 49 }, (_, i) => minutesToHhmm(i * SLOT_MINUTES));
