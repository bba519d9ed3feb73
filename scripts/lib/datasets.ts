// Readers for the data in data/ (copied from the project's shared data sets), shared by the demo, the eval and the bench. Each keeps its attribution.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root: the nearest folder above this file with a package.json (works from src and from dist). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const ROOT = projectRoot();
/** The project's own copy of the data (data/, with its sources and licences); TECHMATCH_DATA_DIR overrides it. */
export const DATA_DIR = process.env.TECHMATCH_DATA_DIR ?? path.resolve(ROOT, 'data');

export const ATTRIBUTION = {
  techmarket: '来源 Source：技术市场公开信息（sbx0/Zhibei，Apache-2.0）',
  csl: '来源 Source：CSL 中文科学文献数据集（Li et al., COLING 2022，Apache-2.0）',
} as const;

function jsonl<T>(file: string): T[] {
  return readFileSync(path.join(DATA_DIR, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

export interface TechmarketNeed {
  id: string;
  title: string;
  industry: string;
  cooperation: string;
  postedOn: string;
  description: string;
}

export interface TechmarketAchievement {
  id: string;
  title: string;
  industry: string;
  field: string;
  ipType: string;
  maturity: string;
  cooperation: string;
  description: string;
}

export interface CslRecord {
  id: string;
  split: 'dev' | 'test';
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
  category: string;
}

export interface CslDistractor {
  id: string;
  abstract: string;
  discipline: string;
  category: string;
}

export const techmarketNeeds = (): TechmarketNeed[] => jsonl('techmarket/needs.jsonl');
export const techmarketAchievements = (): TechmarketAchievement[] => jsonl('techmarket/achievements.jsonl');
/** A judged (need, achievement) pair of data/judged: 2 introduce, 1 related, 0 not useful (see its GUIDE.md). */
export interface JudgedLabel {
  needId: string;
  capId: string;
  label: 0 | 1 | 2;
  why: string;
}

export const judgedLabels = (): JudgedLabel[] => jsonl('judged/labels.jsonl');
/** The check set (data/judged-check): other needs, judged by the same guide; never trained or tuned on. */
export const judgedCheckLabels = (): JudgedLabel[] => jsonl('judged-check/labels.jsonl');
export const cslRecords = (): CslRecord[] => jsonl('csl/records.jsonl');
export const cslDistractors = (): CslDistractor[] => jsonl('csl/distractors.jsonl');

/** The CSL discipline hierarchy as a taxonomy scheme: 13 categories at the top, 67 disciplines below. */
export function cslScheme(tsv: string = readFileSync(path.join(DATA_DIR, 'csl', 'disciplines.tsv'), 'utf8')): {
  name: string;
  source: string;
  codes: Array<{ code: string; parent: string | null; nameZh: string }>;
} {
  const rows = tsv
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split('\t') as [string, string]);
  const categories = [...new Set(rows.map(([, c]) => c))];
  const codes = [
    ...categories.map((c) => ({ code: c, parent: null, nameZh: c })),
    // A discipline named like its category (军事学) is the category itself.
    ...rows.filter(([d, c]) => d !== c).map(([d, c]) => ({ code: d, parent: c, nameZh: d })),
  ];
  return { name: 'CSL 学科门类与一级学科 / CSL disciplines', source: ATTRIBUTION.csl, codes };
}

/** Keywords as the service takes them: at most 20, each at most 30 characters. */
export function usableKeywords(keywords: readonly string[]): string[] {
  return [...new Set(keywords.map((k) => k.trim()).filter((k) => k && k.length <= 30))].slice(0, 20);
}

const COOPERATION: Array<[RegExp, string]> = [
  [/委托开发/, 'commissioned_development'],
  [/合作开发|合作生产/, 'joint_development'],
  [/技术转让|完全转让/, 'transfer'],
  [/技术许可|许可转让/, 'license'],
  [/技术入股/, 'equity'],
];

/** The market's cooperation labels (技术转让, 许可转让, 技术入股 …) as the service's cooperation modes. */
export function cooperationModes(label: string): string[] {
  return COOPERATION.filter(([re]) => re.test(label)).map(([, mode]) => mode);
}

/** The market's maturity stages as TRL (GB/T 22900): 正在研发 3, 通过小试 4, 已有样品 5, 通过中试 6, 可以量产 8. */
export function trlOf(maturity: string): number | null {
  return (
    ({ 正在研发: 3, 通过小试: 4, 已有样品: 5, 通过中试: 6, 可以量产: 8 } as Record<string, number>)[maturity] ?? null
  );
}

const norm = (s: string) => s.replace(/[、，,\s]/g, '').replace(/业$/, '');

/**
 * Maps the market's industry names onto GB/T 4754-2017 codes: `门类——大类` to the 大类 (or the 门类 when the
 * 大类 is not found); a run of 门类 names (制造业建筑业) to each of them.
 */
export function industrySectors(
  industry: string,
  codes: ReadonlyArray<{ code: string; parent: string | null; nameZh: string }>,
): string[] {
  if (!industry) return [];
  const top = codes.filter((c) => !c.parent);
  const [section, division] = industry.split('——');
  if (division) {
    const parent = top.find((c) => norm(c.nameZh) === norm(section));
    const d = codes.find((c) => c.parent && (!parent || c.parent === parent.code) && norm(c.nameZh) === norm(division));
    if (d) return [`gbt4754:${d.code}`];
    return parent ? [`gbt4754:${parent.code}`] : [];
  }
  let rest = norm(industry);
  const found: string[] = [];
  for (const c of [...top].sort((a, b) => norm(b.nameZh).length - norm(a.nameZh).length)) {
    const n = norm(c.nameZh);
    if (rest.includes(n)) {
      found.push(`gbt4754:${c.code}`);
      rest = rest.replace(n, '');
    }
  }
  return found;
}
