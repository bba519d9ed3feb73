/** Polls `what` until `ok` holds or the time is up; returns the last value either way. */
export async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 20000, every = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, every));
  }
}
