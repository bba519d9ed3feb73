/**
 * Facet counts and totals of the halls, kept a short while per filter. Counting every listing a filter matches is
 * the halls' one costly read (about 0.3 s for the whole catalogue of 100,000 capabilities on 2 cores), and the counts
 * move slowly: an answer up to FRESH_MS old is served as it is; an older one is served while one refresh runs in the
 * background (stale-while-revalidate), so only the first visitor of a filter after a quiet spell, or after a start,
 * waits for the count. Only counts that were costly are kept (`worthKeeping`): a filter matching a few hundred
 * listings is counted exactly every time, so a listing just posted is counted at once where it is easy to notice.
 * Per API process, in memory, at most `maxEntries` filters (the oldest go first).
 */
export class FacetCache<T> {
  private readonly entries = new Map<string, { at: number; value: T }>();
  private readonly pending = new Map<string, Promise<T>>();

  constructor(
    private readonly freshMs = 30_000,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
    /** Older than this, an answer is not served while it refreshes: the request waits for the new count. */
    private readonly maxStaleMs = 5 * 60_000,
  ) {}

  async get(key: string, compute: () => Promise<T>, worthKeeping: (value: T) => boolean = () => true): Promise<T> {
    const hit = this.entries.get(key);
    const age = hit ? this.now() - hit.at : Infinity;
    if (hit && age < this.freshMs) return hit.value;
    const refresh = this.refresh(key, compute, worthKeeping);
    if (hit && age < this.maxStaleMs) {
      refresh.catch(() => undefined); // a failed refresh keeps the stale answer; the next request tries again
      return hit.value;
    }
    return refresh;
  }

  private refresh(key: string, compute: () => Promise<T>, worthKeeping: (value: T) => boolean): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running;
    const p = compute()
      .then((value) => {
        this.entries.delete(key); // re-inserted last: the map's order is the age order
        if (!worthKeeping(value)) return value;
        this.entries.set(key, { at: this.now(), value });
        while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }
}
