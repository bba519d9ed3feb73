import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The import rules of docs/architecture.md, checked on the source: a change that breaks one fails here, with the
// offending files named, instead of becoming coupling nobody sees.

const SRC = path.dirname(fileURLToPath(import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** Every relative import of the source, as [importing file, imported file], both relative to src/. */
const edges: Array<[string, string]> = files(SRC).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
    ([, spec]): [string, string] => [
      path.relative(SRC, file),
      path.relative(SRC, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '.ts'),
    ],
  ),
);

/** The room a file is in: `modules/<name>` or the top folder (common, jobs, config, database). */
const room = (file: string): string => {
  const parts = file.split(path.sep);
  return parts[0] === 'modules' ? `modules/${parts[1]}` : parts.length > 1 ? parts[0] : '.';
};

const crossings = (from: (r: string) => boolean, to: (r: string) => boolean) =>
  edges.filter(([a, b]) => from(room(a)) && to(room(b)) && room(a) !== room(b)).map(([a, b]) => `${a} → ${b}`);

describe('the architecture’s import rules', () => {
  it('finds the source it checks', () => {
    expect(edges.length).toBeGreaterThan(500);
  });

  it('keeps common, jobs, config and database free of feature modules', () => {
    const infra = (r: string) => ['common', 'jobs', 'config', 'database'].includes(r);
    expect(crossings(infra, (r) => r.startsWith('modules/'))).toEqual([]);
  });

  it('keeps needs and capabilities apart, and listings unaware of who listens to it', () => {
    expect(
      crossings(
        (r) => r === 'modules/needs',
        (r) => r === 'modules/capabilities',
      ),
    ).toEqual([]);
    expect(
      crossings(
        (r) => r === 'modules/capabilities',
        (r) => r === 'modules/needs',
      ),
    ).toEqual([]);
    const listens = ['matching', 'review', 'introductions', 'notifications', 'needs', 'capabilities'];
    expect(
      crossings(
        (r) => r === 'modules/listings',
        (r) => listens.map((m) => `modules/${m}`).includes(r),
      ),
    ).toEqual([]);
  });

  it('has no cycle between modules', () => {
    const graph = new Map<string, Set<string>>();
    for (const [a, b] of edges) {
      const [ra, rb] = [room(a), room(b)];
      if (ra !== rb && ra.startsWith('modules/') && rb.startsWith('modules/')) {
        graph.set(ra, (graph.get(ra) ?? new Set()).add(rb));
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      if (trail.includes(node)) {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' → '));
        return;
      }
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
