// The halls' search for `npm run bench` (a measure of bench-reads.ts): GET /hall/capabilities and GET /hall/needs,
// without signing in, on 100,000 capabilities and 20,000 needs (BENCH_HALL_CAPABILITIES, BENCH_HALL_NEEDS). The
// listings are real CSL abstract sentences recombined within a discipline (synthetic.ts), written straight with SQL
// together with their search terms, built by the same function the service uses when a listing is posted.
import { DISTRICTS } from '../../src/common/domain/vocabulary.js';
import { SEARCH_TERMS_VERSION, searchQuery, searchVector } from '../../src/common/text/search.js';
import type { ReadCase, ReadMeasure, ReadsContext } from './bench-reads.js';
import { timeGets } from './bench-reads.js';
import { syntheticCatalogue, syntheticNeedTitles } from './synthetic.js';

const CAPABILITIES = Number(process.env.BENCH_HALL_CAPABILITIES ?? 100_000);
const NEEDS = Number(process.env.BENCH_HALL_NEEDS ?? 20_000);
const ROWS_PER_INSERT = 2000;
const CAPABILITY_KINDS = ['achievement', 'achievement', 'patent', 'expertise', 'equipment', 'service', 'platform'];
const NEED_KINDS = ['technical_problem', 'technical_problem', 'technical_problem', 'joint_rnd', 'testing'];

const log = (s: string) => process.stdout.write(`${s}\n`);

/** Terms people search the halls for: the catalogue's own keywords that have something to search for. */
let searchTerms: string[] = [];

async function seedHall(ctx: ReadsContext): Promise<string> {
  const db = ctx.h.db;
  const t0 = Date.now();
  const [org] = await db.query<Array<{ uni: string; ent: string }>>(
    `WITH u AS (INSERT INTO organizations (kind, name, district) VALUES ('university', '示例大厅基准大学', '南岗') RETURNING id),
          e AS (INSERT INTO organizations (kind, name, district) VALUES ('enterprise', '示例大厅基准企业', '平房') RETURNING id)
     SELECT (SELECT id FROM u) AS uni, (SELECT id FROM e) AS ent`,
  );
  const catalogue = syntheticCatalogue(CAPABILITIES + NEEDS, 20261130);
  const insert = async (table: 'capabilities' | 'needs', from: number, count: number) => {
    for (let start = 0; start < count; start += ROWS_PER_INSERT) {
      const slice = catalogue.slice(from + start, from + Math.min(count, start + ROWS_PER_INSERT));
      const titles = table === 'needs' ? syntheticNeedTitles(slice.length, from + start) : slice.map((c) => c.title);
      const rows = slice.map((c, k) => ({ ...c, title: titles[k].slice(0, 200), i: from + start + k }));
      const vectors = rows.map((r) => searchVector(r));
      const kinds = rows.map((r) => (table === 'needs' ? NEED_KINDS : CAPABILITY_KINDS)[r.i % 5]);
      const districts = rows.map((r) => DISTRICTS[(r.i * 7) % DISTRICTS.length]);
      const extra =
        table === 'needs'
          ? { cols: ', visibility', vals: `, CASE WHEN x.i % 8 = 0 THEN 'restricted' ELSE 'public' END::visibility` }
          : { cols: ', trl', vals: ', 1 + x.i % 9' };
      await db.query(
        `INSERT INTO ${table} (organization_id, kind, title, description, keywords, sectors, district, search_terms,
                               search_version, created_at, updated_at${extra.cols})
         SELECT $1, x.kind::${table === 'needs' ? 'need_kind' : 'capability_kind'}, x.title, x.description,
                ARRAY(SELECT jsonb_array_elements_text(x.keywords)), ARRAY(SELECT jsonb_array_elements_text(x.sectors)),
                x.district::district, CAST(x.terms AS tsvector), $2,
                now() - make_interval(secs => x.i * 97 % 31536000), now() - make_interval(secs => x.i * 97 % 31536000)
                ${extra.vals}
           FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[], $9::text[], $10::int[])
                AS x(kind, title, description, keywords, sectors, district, terms, i)`,
        [
          table === 'needs' ? org.ent : org.uni,
          SEARCH_TERMS_VERSION,
          kinds,
          rows.map((r) => r.title),
          rows.map((r) => r.description),
          rows.map((r) => JSON.stringify(r.keywords)),
          rows.map((r) => JSON.stringify(r.sectors)),
          districts,
          vectors,
          rows.map((r) => r.i),
        ],
      );
    }
  };
  await insert('capabilities', 0, CAPABILITIES);
  await insert('needs', CAPABILITIES, NEEDS);
  await db.query(`VACUUM ANALYZE capabilities`);
  await db.query(`VACUUM ANALYZE needs`);
  const picked = new Set<string>();
  for (const c of catalogue.slice(0, 5000)) {
    for (const k of c.keywords) if (k.length >= 2 && searchQuery(k)) picked.add(k);
    if (picked.size >= 300) break;
  }
  searchTerms = [...picked];
  log(
    `  seeded ${CAPABILITIES.toLocaleString('en')} capabilities and ${NEEDS.toLocaleString('en')} needs in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  return (
    `${CAPABILITIES.toLocaleString('en')} active capabilities and ${NEEDS.toLocaleString('en')} needs (an eighth ` +
    `restricted), real CSL sentences recombined within a discipline, with their search terms; ` +
    `${searchTerms.length} real catalogue keywords as search words; no sign-in; every answer carries its facet counts`
  );
}

async function runHall(ctx: ReadsContext): Promise<ReadCase[]> {
  const t = searchTerms;
  const q = (i: number) => encodeURIComponent(t[i % t.length]);
  const two = (i: number) => encodeURIComponent(`${t[i % t.length]} ${t[(i * 7 + 3) % t.length]}`);
  const district = (i: number) => encodeURIComponent(DISTRICTS[i % DISTRICTS.length]);
  const ids = (await ctx.h.db.query<Array<{ id: string }>>(`SELECT id FROM capabilities ORDER BY id LIMIT 200`)).map(
    (r) => r.id,
  );
  const n = `${t.length} keywords in turn`;
  return [
    await timeGets(
      ctx,
      '成果大厅检索 capabilities, one word',
      (i) => `/hall/capabilities?q=${q(i)}`,
      `\`GET /hall/capabilities?q=<词>\` (${n})`,
    ),
    await timeGets(
      ctx,
      '成果大厅检索 capabilities, two words (AND)',
      (i) => `/hall/capabilities?q=${two(i)}`,
      `\`GET /hall/capabilities?q=<词> <词>\``,
    ),
    await timeGets(
      ctx,
      '成果大厅检索 capabilities, newest first',
      (i) => `/hall/capabilities?q=${q(i)}&sort=newest`,
      `\`GET /hall/capabilities?q=<词>&sort=newest\``,
    ),
    await timeGets(
      ctx,
      '成果大厅检索 capabilities, page 5',
      (i) => `/hall/capabilities?q=${q(i)}&page=5`,
      `\`GET /hall/capabilities?q=<词>&page=5\``,
    ),
    await timeGets(
      ctx,
      '成果大厅 capabilities, TRL and district',
      (i) => `/hall/capabilities?q=${q(i)}&trl=${1 + (i % 9)}&district=${district(i)}`,
      `\`GET /hall/capabilities?q=<词>&trl=<1–9>&district=<区县>\``,
    ),
    await timeGets(ctx, '成果大厅浏览 capabilities, browse all (newest)', () => `/hall/capabilities`),
    await timeGets(
      ctx,
      '成果大厅浏览 capabilities, by district',
      (i) => `/hall/capabilities?district=${district(i)}`,
      `\`GET /hall/capabilities?district=<区县>\` (every district in turn)`,
    ),
    await timeGets(
      ctx,
      '需求大厅检索 needs, one word',
      (i) => `/hall/needs?q=${q(i)}`,
      `\`GET /hall/needs?q=<词>\` (${n})`,
    ),
    await timeGets(ctx, '需求大厅浏览 needs, browse all (newest)', () => `/hall/needs`),
    await timeGets(
      ctx,
      '成果详情 a capability',
      (i) => `/hall/capabilities/${ids[i % ids.length]}`,
      '`GET /hall/capabilities/:id` (200 capabilities in turn)',
    ),
  ];
}

export const hallSearch: ReadMeasure = {
  key: 'hall',
  title: `公开大厅检索 The halls' search (GET /hall/…) at ${(CAPABILITIES + NEEDS).toLocaleString('en')} listings`,
  seed: seedHall,
  run: runHall,
};
