// `npm run tune`: the CSL protocol in memory on split=dev only (never test), with the product's own analysis,
// index and scoring, for trying matcher settings quickly. `npm run eval` is the measurement of record.
import { CatalogIndex } from '../src/modules/matching/index/catalog-index.js';
import { capabilityProfile, needProfile } from '../src/modules/matching/scoring/profiles.js';
import { SCORING } from '../src/modules/matching/scoring/scoring-config.js';
import { catalogue, metrics, needs, type Phrasing, type Setting } from './lib/csl-eval.js';
import { cslScheme } from './lib/datasets.js';

// TUNE="weights.sector=0.6,inference.neighbours=20" tries other settings without editing scoring-config.ts.
for (const pair of (process.env.TUNE ?? '').split(',').filter(Boolean)) {
  const [pathText, value] = pair.split('=');
  const keys = pathText.split('.');
  let target = SCORING as unknown as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
  target[keys[keys.length - 1]] = Number(value);
}
const started = Date.now();
const index = new CatalogIndex();
// As `npm run eval` measures the CSL protocol: the relevance floor off unless TUNE_FLOOR says otherwise.
index.model = { ...index.model, floor: Number(process.env.TUNE_FLOOR ?? 0) };
const scheme = cslScheme();
const parents = new Map(scheme.codes.filter((c) => c.parent).map((c) => [`csl:${c.code}`, `csl:${c.parent}`]));
index.setSectorTree((ref) => parents.get(ref) ?? null);
const caps = catalogue();
const discipline = new Map<string, string>();
caps.forEach((c, i) => {
  const id = `cap-${i}`;
  discipline.set(id, c.discipline);
  index.putCapability(
    capabilityProfile({
      id,
      version: 1,
      organizationId: 'u',
      kind: 'achievement',
      status: 'active',
      title: c.title,
      description: c.description,
      keywords: c.keywords,
      sectors: c.sectors,
      cooperationModes: [],
      trl: null,
      district: '南岗',
    }),
  );
});
const refOf = new Map(caps.map((c, i) => [`cap-${i}`, c.ref]));
process.stdout.write(`catalogue: ${caps.length} capabilities indexed in ${Date.now() - started} ms\n`);

for (const phrasing of (process.env.TUNE_PHRASINGS ?? 'plain,enterprise').split(',') as Phrasing[]) {
  for (const setting of ['category', 'none'] as Setting[]) {
    const t0 = Date.now();
    const results = needs('dev', setting, phrasing).map((n, i) => {
      const ranked = index.rank(
        needProfile({
          id: `need-${i}`,
          version: 1,
          organizationId: 'e',
          kind: 'technical_problem',
          status: 'open',
          title: n.title,
          description: n.description,
          keywords: [],
          sectors: n.sectors,
          cooperationModes: [],
          district: '平房',
        }),
        10,
      );
      const top = ranked.map((r) => ({ ref: refOf.get(r.capabilityId)!, discipline: discipline.get(r.capabilityId)! }));
      if (process.env.TUNE_MISSES && setting === 'none' && !top.some((x) => x.ref === n.ref)) {
        const deep = index.rank(
          needProfile({
            id: 'x',
            version: 1,
            organizationId: 'e',
            kind: 'technical_problem',
            status: 'open',
            title: n.title,
            description: n.description,
            keywords: [],
            sectors: n.sectors,
            cooperationModes: [],
            district: '平房',
          }),
          200,
        );
        const at = deep.findIndex((r) => refOf.get(r.capabilityId) === n.ref);
        process.stdout.write(
          `MISS ${n.ref} ${n.title.slice(0, 30)} [${n.discipline}] rank=${at} inferred=${JSON.stringify(deep[0]?.explanation.sector.inferred)}\n`,
        );
      }
      return { need: n, top };
    });
    const m = metrics(results);
    process.stdout.write(
      `dev ${setting.padEnd(8)} ${phrasing.padEnd(10)} R@10 ${m.recall10.toFixed(3)}  MRR@10 ${m.mrr10.toFixed(3)}  P@10 ${m.precision10.toFixed(3)}  (${Date.now() - t0} ms)\n`,
    );
  }
}
