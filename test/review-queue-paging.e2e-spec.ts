import { DataSource } from 'typeorm';
import { createCast, type Cast } from './factories/cast.js';
import { postCapability, postNeed } from './factories/listings.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

// The review queue by keyset (issue 12): `nextCursor` and `cursor=` walk the queue in every order, with its filters,
// each row exactly once even while suggestions arrive and are reviewed; numbered pages keep working beside it.

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

type Item = { id: string; score: number; band: string | null };
type QueuePage = { items: Item[]; total: number; page: number; pageSize: number; nextCursor: string | null };

const SORTS = ['-score', 'score', '-createdAt', 'createdAt', 'band'] as const;

describe('the review queue by keyset (cursor)', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  const needs: string[] = [];
  const caps: string[] = [];
  let pairs = 0;

  const get = async (query: string): Promise<QueuePage> => {
    const r = await t.http().get(`/api/v1/matches${query}`).set(auth(c.coordinator));
    if (r.status !== 200) throw new Error(`GET /matches${query}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as QueuePage;
  };

  /**
   * Writes suggestions as the worker would (facets included) for the next `n` need–capability pairs: scores in
   * steps of 0.1 and creation times a microsecond apart in groups, so every order has ties its later keys break.
   */
  const suggest = async (n: number) => {
    const ids: string[] = [];
    for (let k = 0; k < n; k++, pairs++) {
      const i = pairs;
      const [{ id }] = await db.query<Array<{ id: string }>>(
        `INSERT INTO matches (need_id, capability_id, score, rank, status, explanation, algorithm_version, band,
                              created_at, listing_sector_keys, listing_districts)
         SELECT n.id, c.id, $3, $4, 'suggested', '{"score": 0}'::jsonb, 'tm-2026.12.1', $5,
                '2026-11-20T08:00:00Z'::timestamptz + make_interval(secs => $6::float8 / 1e6),
                ARRAY(SELECT hashtextextended(s, 0) FROM unnest(n.sectors || c.sectors) s),
                ARRAY[n.district::text, c.district::text]
           FROM needs n, capabilities c WHERE n.id = $1 AND c.id = $2
         RETURNING id`,
        [
          needs[i % needs.length],
          caps[Math.floor(i / needs.length)],
          [0.9, 0.7, 0.7, 0.5, 0.3][i % 5],
          1 + (i % 3),
          [null, 'high', 'medium', 'medium', 'low'][i % 5],
          i % 7,
        ],
      );
      ids.push(id);
    }
    return ids;
  };

  /** Every page of a walk by cursor, from the first page (numbered) on. */
  const walk = async (query: string, pageSize: number, between?: (shown: QueuePage[]) => Promise<void>) => {
    const pages: QueuePage[] = [await get(`?${query}&pageSize=${pageSize}`)];
    while (pages[pages.length - 1].nextCursor) {
      await between?.(pages);
      const cursor = encodeURIComponent(pages[pages.length - 1].nextCursor!);
      pages.push(await get(`?${query}&pageSize=${pageSize}&cursor=${cursor}`));
    }
    return pages;
  };

  beforeAll(async () => {
    // No worker: the suggestions written here are the queue.
    t = await createTestApp();
    c = await createCast(t);
    db = t.app.get(DataSource);
    for (let i = 0; i < 5; i++) needs.push(await postNeed(t, c.enterpriseA, { district: i % 2 ? '南岗' : '道里' }));
    for (let i = 0; i < 30; i++) {
      caps.push(
        await postCapability(t, c.university, { title: `耐低温电解液 ${i}`, district: i % 3 ? '香坊' : '南岗' }),
      );
    }
    await suggest(47);
  });
  afterAll(() => t.close());

  it.each(SORTS)(
    'walks sort=%s page by page in exactly the order of one long page, with the total on each',
    async (sort) => {
      const whole = await get(`?sort=${sort}&pageSize=100`);
      expect(whole.total).toBe(47);
      expect(whole.nextCursor).toBeNull();
      const pages = await walk(`sort=${sort}`, 6);
      expect(pages.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(pages.every((p) => p.total === 47 && p.pageSize === 6)).toBe(true);
      expect(pages.flatMap((p) => p.items.map((m) => m.id))).toEqual(whole.items.map((m) => m.id));
      // Numbered pages agree with it, and give a cursor too (a client may switch to keyset from any page).
      const third = await get(`?sort=${sort}&pageSize=6&page=3`);
      expect(third.items.map((m) => m.id)).toEqual(pages[2].items.map((m) => m.id));
      const fourth = await get(`?sort=${sort}&pageSize=6&cursor=${encodeURIComponent(third.nextCursor!)}`);
      expect(fourth.items.map((m) => m.id)).toEqual(pages[3].items.map((m) => m.id));
    },
  );

  it('keeps the filters along the walk', async () => {
    const query = 'district=%E5%8D%97%E5%B2%97&band=high,medium&minScore=0.6';
    const whole = await get(`?${query}&pageSize=100`);
    expect(whole.items.length).toBeGreaterThan(4);
    const pages = await walk(query, 4);
    expect(pages.flatMap((p) => p.items.map((m) => m.id))).toEqual(whole.items.map((m) => m.id));
    expect(pages.every((p) => p.total === whole.total)).toBe(true);
  });

  it('shows every row exactly once while suggestions are added and reviewed during the walk', async () => {
    for (const sort of ['-score', '-createdAt', 'band'] as const) {
      const before = (await get(`?sort=${sort}&pageSize=100`)).items.map((m) => m.id);
      const reviewed = new Set<string>();
      const pages = await walk(`sort=${sort}`, 5, async (shown) => {
        // New suggestions land all over the order (before and after the cursor); one not yet shown is reviewed.
        await suggest(2);
        const done = new Set(shown.flatMap((p) => p.items.map((m) => m.id)));
        const unseen = before.filter((id) => !done.has(id) && !reviewed.has(id));
        const pick = unseen[unseen.length - shown.length];
        if (pick) {
          const r = await t.http().post(`/api/v1/matches/${pick}/approve`).set(auth(c.coordinator)).send({});
          expect(r.status).toBe(200);
          reviewed.add(pick);
        }
      });
      const seen = pages.flatMap((p) => p.items.map((m) => m.id));
      expect(new Set(seen).size).toBe(seen.length);
      // Every suggestion there at the start and not reviewed meanwhile was shown, in the original order.
      expect(seen.filter((id) => before.includes(id))).toEqual(before.filter((id) => !reviewed.has(id)));
      expect(reviewed.size).toBeGreaterThan(0);
    }
  });

  it('refuses a cursor that is not one, or was made for another order (400 naming cursor)', async () => {
    const first = await get('?sort=-score&pageSize=3');
    for (const [query, message] of [
      [`sort=score&cursor=${encodeURIComponent(first.nextCursor!)}`, /sort=-score/],
      ['cursor=not-a-cursor', /cursor/],
      [`cursor=${Buffer.from('{"s":"-score","k":[1,1,"x"],"p":2}').toString('base64url')}`, /cursor/],
    ] as const) {
      const r = await t.http().get(`/api/v1/matches?${query}`).set(auth(c.coordinator));
      expect(r.status).toBe(400);
      expect(r.body.details).toEqual([{ field: 'cursor', message: expect.stringMatching(message) }]);
    }
  });

  it('ends with a null cursor, also when the filters select nothing', async () => {
    const none = await get('?minScore=0.99');
    expect(none).toMatchObject({ items: [], total: 0, page: 1, nextCursor: null });
  });
});
