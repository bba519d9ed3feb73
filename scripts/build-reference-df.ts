// `npm run build:reference-df`: the reference document frequencies the matcher blends with its live catalogue's, so
// that a young install (ten listings) already knows that 技术 or 系统 is generic and 电解液 is specific. Counted over
// the real achievements in data/techmarket (Apache-2.0, see its SOURCE.md) with the product's own analyser; written to
// src/common/text/data/reference-df.tsv. Terms held by one listing only are left out (they carry no
// statistics worth shipping).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../src/common/text/analyzer.js';
import { ROOT, techmarketAchievements } from './lib/datasets.js';

const docs = techmarketAchievements();
const df = new Map<string, number>();
for (const a of docs) {
  for (const t of new Set([...analyze(a.title), ...analyze(a.description)])) df.set(t, (df.get(t) ?? 0) + 1);
}
const rows = [...df].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const out = path.join(ROOT, 'src/common/text/data/reference-df.tsv');
writeFileSync(
  out,
  [
    `# reference document frequencies: ${docs.length} real achievements of data/techmarket (sbx0/Zhibei, Apache-2.0)`,
    `#docs\t${docs.length}`,
    ...rows.map(([t, n]) => `${t}\t${n}`),
    '',
  ].join('\n'),
);
process.stdout.write(`${rows.length} terms from ${docs.length} documents → ${path.relative(ROOT, out)}\n`);
