// `npm run size`: the gzipped JavaScript a first visit downloads (the entry and the sign-in page, with every chunk
// they import), and the largest route, from the console build's manifest.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib/datasets.js';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  src?: string;
}

const dist = path.join(ROOT, 'web', 'dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;
const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file))).length;

function closure(keys: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...keys];
  while (stack.length) {
    const k = stack.pop()!;
    if (seen.has(k) || !manifest[k]) continue;
    seen.add(k);
    stack.push(...(manifest[k].imports ?? []));
  }
  return seen;
}

const size = (keys: Set<string>) =>
  [...keys].reduce((sum, k) => sum + (manifest[k].file.endsWith('.js') ? gz(manifest[k].file) : 0), 0);
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)!;
const pages = Object.keys(manifest).filter((k) => /src\/pages\//.test(k));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const login = closure([entry, pages.find((k) => k.endsWith('LoginPage.tsx'))!]);
process.stdout.write(`first load (/login): ${kb(size(login))} gzipped JavaScript in ${login.size} chunks\n`);
const rows = pages
  .map((p) => ({ page: path.basename(p, '.tsx'), bytes: size(closure([entry, p])) }))
  .sort((a, b) => b.bytes - a.bytes);
for (const r of rows) process.stdout.write(`  ${r.page.padEnd(28)} ${kb(r.bytes)}\n`);
