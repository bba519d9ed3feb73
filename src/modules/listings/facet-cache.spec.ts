import { FacetCache } from './facet-cache.js';

describe('the halls’ facet cache', () => {
  it('serves a fresh answer, then a stale one while a single refresh runs, then the refreshed one', async () => {
    let clock = 0;
    let computed = 0;
    let release: (() => void) | null = null;
    const cache = new FacetCache<number>(1000, 10, () => clock);
    const compute = () => Promise.resolve(++computed);
    expect(await cache.get('a', compute)).toBe(1);
    clock = 500;
    expect(await cache.get('a', compute)).toBe(1); // fresh
    clock = 1500;
    const slow = () =>
      new Promise<number>((resolve) => {
        release = () => resolve(++computed);
      });
    expect(await cache.get('a', slow)).toBe(1); // stale, refreshing
    expect(await cache.get('a', slow)).toBe(1); // still one refresh
    release!();
    await new Promise((r) => setImmediate(r));
    expect(computed).toBe(2);
    expect(await cache.get('a', compute)).toBe(2);
  });

  it('computes a missing key once for concurrent callers, and forgets the oldest keys beyond its size', async () => {
    let computed = 0;
    const cache = new FacetCache<number>(1000, 2, () => 0);
    const compute = () => Promise.resolve(++computed);
    const [x, y] = await Promise.all([cache.get('a', compute), cache.get('a', compute)]);
    expect([x, y, computed]).toEqual([1, 1, 1]);
    await cache.get('b', compute);
    await cache.get('c', compute);
    expect(await cache.get('a', compute)).toBe(4); // 'a' was the oldest and went
  });

  it('keeps only the answers worth keeping (cheap counts are made afresh every time)', async () => {
    let computed = 0;
    const cache = new FacetCache<number>(1000, 10, () => 0);
    const compute = () => Promise.resolve(++computed);
    await cache.get('a', compute, (n) => n > 5);
    expect(await cache.get('a', compute, (n) => n > 5)).toBe(2);
  });

  it('waits for a fresh count when the kept one is too old to show', async () => {
    let clock = 0;
    let computed = 0;
    const cache = new FacetCache<number>(1000, 10, () => clock, 5000);
    const compute = () => Promise.resolve(++computed);
    await cache.get('a', compute);
    clock = 6000;
    expect(await cache.get('a', compute)).toBe(2);
  });

  it('does not keep a failed count', async () => {
    const cache = new FacetCache<number>(1000, 10, () => 0);
    await expect(cache.get('a', () => Promise.reject(new Error('PostgreSQL away')))).rejects.toThrow('away');
    expect(await cache.get('a', () => Promise.resolve(7))).toBe(7);
  });
});
