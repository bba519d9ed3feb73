/**
 * Lets timers run (job lock renewals, heartbeats) between slices of CPU-bound work: a long synchronous stretch kept
 * BullMQ's lock from being renewed, and the job was taken for stalled and run again.
 */
export const yieldToTimers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Timers (job lock renewals, heartbeats) get their turn at least this often during CPU-bound analysis. */
const ROWS_BETWEEN_YIELDS = 100;

/**
 * Maps rows through CPU-bound analysis a slice at a time, letting timers run between slices: a job's lock is renewed
 * by a timer, and a page of 2,000 long listings analysed in one go kept it from running for over 20 s on a busy
 * machine, so BullMQ took the job for stalled and ran it a second time after it had completed.
 */
export async function mapYielding<R, T>(rows: R[], fn: (row: R) => T): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += ROWS_BETWEEN_YIELDS) {
    if (i > 0) await yieldToTimers();
    for (const r of rows.slice(i, i + ROWS_BETWEEN_YIELDS)) out.push(fn(r));
  }
  return out;
}
