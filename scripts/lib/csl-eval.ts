// The CSL protocol of EVALUATION.md, as data: the catalogue (records and distractors as capabilities, titles
// withheld), the needs of a split in a setting, and the metrics. Shared by `npm run eval` (through the product) and
// `npm run tune` (in memory, dev split only).
import { cslDistractors, cslRecords, usableKeywords, type CslRecord } from './datasets.js';

export interface EvalCapability {
  ref: string;
  discipline: string;
  title: string;
  description: string;
  keywords: string[];
  sectors: string[];
}

export interface EvalNeed {
  ref: string;
  title: string;
  description: string;
  sectors: string[];
  discipline: string;
}

export type Setting = 'category' | 'none';
export type Phrasing = 'plain' | 'enterprise';

const sectorOf = (discipline: string, category: string) => `csl:${discipline === category ? category : discipline}`;

/** A neutral title: the abstract's first clause (the record's own title is withheld). */
export function neutralTitle(abstract: string): string {
  const clause = abstract.split(/[，。；,;.!?！？]/).find((c) => c.trim().length >= 4) ?? abstract;
  return clause.trim().slice(0, 60) || '研究摘要';
}

export function catalogue(): EvalCapability[] {
  const records = cslRecords().map((r) => ({
    ref: r.id,
    discipline: r.discipline,
    title: neutralTitle(r.abstract),
    description: r.abstract,
    keywords: usableKeywords(r.keywords),
    sectors: [sectorOf(r.discipline, r.category)],
  }));
  const distractors = cslDistractors().map((d) => ({
    ref: d.id,
    discipline: d.discipline,
    title: neutralTitle(d.abstract),
    description: d.abstract,
    keywords: [],
    sectors: [sectorOf(d.discipline, d.category)],
  }));
  return [...records, ...distractors];
}

/** The usual phrasing of an enterprise's need, wrapped around the record's title. */
export function enterprisePhrasing(title: string): string {
  return `我公司遇到技术难题：${title}。现寻求高校院所合作，欢迎有相关成果的单位联系洽谈。`;
}

export function needs(split: 'dev' | 'test', setting: Setting, phrasing: Phrasing): EvalNeed[] {
  return cslRecords()
    .filter((r: CslRecord) => r.split === split)
    .map((r) => ({
      ref: r.id,
      title: r.title.slice(0, 200),
      description: phrasing === 'enterprise' ? enterprisePhrasing(r.title) : r.title,
      sectors: setting === 'category' ? [`csl:${r.category}`] : [],
      discipline: r.discipline,
    }));
}

export interface Metrics {
  recall10: number;
  mrr10: number;
  precision10: number;
  needs: number;
}

/** Recall@10 and MRR@10 of each need's own record, and the share of the rest of its top 10 in its discipline. */
export function metrics(results: Array<{ need: EvalNeed; top: Array<{ ref: string; discipline: string }> }>): Metrics {
  let hits = 0;
  let rr = 0;
  let precision = 0;
  for (const { need, top } of results) {
    const ten = top.slice(0, 10);
    const at = ten.findIndex((x) => x.ref === need.ref);
    if (at >= 0) {
      hits++;
      rr += 1 / (at + 1);
    }
    const others = ten.filter((x) => x.ref !== need.ref);
    precision += others.length ? others.filter((x) => x.discipline === need.discipline).length / others.length : 0;
  }
  const n = results.length || 1;
  return { recall10: hits / n, mrr10: rr / n, precision10: precision / n, needs: results.length };
}
