import type {
  CapabilityKind,
  CapabilityStatus,
  CooperationMode,
  District,
  NeedKind,
  NeedStatus,
} from '../../../common/domain/vocabulary.js';
import { analyze, isMeaningfulCharacter } from '../text/analyzer.js';
import { idf, type QueryTerm } from './bm25.js';
import { SCORING } from './scoring-config.js';

/** Weighted term frequencies of a listing: title, description and the user's keywords, each with its weight. */
export function fieldTerms(fields: { title: string; description: string; keywords: readonly string[] }): {
  terms: Map<string, number>;
  keywordTerms: Set<string>;
} {
  const w = SCORING.fields;
  const terms = new Map<string, number>();
  const parts = SCORING.characterWeight;
  const add = (list: string[], weight: number) => {
    for (const t of list) {
      terms.set(t, (terms.get(t) ?? 0) + weight);
      // The characters of a Chinese word count a little too: 枣树 should meet 枣 (jieba cuts the same phrase
      // differently in different sentences).
      if (parts > 0 && t.length >= 2 && /^\p{Script=Han}+$/u.test(t)) {
        for (const ch of t) if (isMeaningfulCharacter(ch)) terms.set(ch, (terms.get(ch) ?? 0) + weight * parts);
      }
    }
  };
  add(analyze(fields.title), w.title);
  add(analyze(fields.description), w.description);
  const keywordTerms = new Set<string>();
  for (const k of fields.keywords) {
    const ts = analyze(k);
    add(ts, w.keywords);
    for (const t of ts) keywordTerms.add(t);
  }
  return { terms, keywordTerms };
}

export interface CapabilityProfile {
  id: string;
  /** The row's updated_at in microseconds: a worker never replaces a newer view of a listing with an older one. */
  version: number;
  organizationId: string;
  kind: CapabilityKind;
  status: CapabilityStatus;
  sectors: string[];
  cooperationModes: CooperationMode[];
  trl: number | null;
  district: District;
  terms: Map<string, number>;
}

/** What scoring reads of a capability besides its terms. */
export type CapabilityMeta = Omit<CapabilityProfile, 'terms'>;

export interface CapabilityFields {
  id: string;
  version: number;
  organizationId: string;
  kind: CapabilityKind;
  status: CapabilityStatus;
  title: string;
  description: string;
  keywords: readonly string[];
  sectors: readonly string[];
  cooperationModes: readonly CooperationMode[];
  trl: number | null;
  district: District;
}

export function capabilityProfile(c: CapabilityFields): CapabilityProfile {
  return {
    id: c.id,
    version: c.version,
    organizationId: c.organizationId,
    kind: c.kind,
    status: c.status,
    sectors: [...c.sectors],
    cooperationModes: [...c.cooperationModes],
    trl: c.trl,
    district: c.district,
    terms: fieldTerms(c).terms,
  };
}

export interface NeedProfile {
  id: string;
  version: number;
  organizationId: string;
  kind: NeedKind;
  status: NeedStatus;
  sectors: string[];
  cooperationModes: CooperationMode[];
  district: District;
  terms: Map<string, number>;
  /** Terms from the user's own keywords: always part of the query. */
  keywordTerms: Set<string>;
}

export interface NeedFields {
  id: string;
  version: number;
  organizationId: string;
  kind: NeedKind;
  status: NeedStatus;
  title: string;
  description: string;
  keywords: readonly string[];
  sectors: readonly string[];
  cooperationModes: readonly CooperationMode[];
  district: District;
}

export function needProfile(n: NeedFields): NeedProfile {
  const { terms, keywordTerms } = fieldTerms(n);
  return {
    id: n.id,
    version: n.version,
    organizationId: n.organizationId,
    kind: n.kind,
    status: n.status,
    sectors: [...n.sectors],
    cooperationModes: [...n.cooperationModes],
    district: n.district,
    terms,
    keywordTerms,
  };
}

export interface CatalogueStats {
  documentCount: number;
  documentFrequency: (term: string) => number;
}

/**
 * A need's query: its terms ranked by TF-IDF against the catalogue's own document frequencies, the user's keywords
 * always kept, at most `maxQueryTerms`. Terms no capability holds are left out (they could only dilute the score).
 */
export function buildQuery(need: Pick<NeedProfile, 'terms' | 'keywordTerms'>, stats: CatalogueStats): QueryTerm[] {
  const candidates: Array<QueryTerm & { tfidf: number; keyword: boolean }> = [];
  for (const [term, wtf] of need.terms) {
    const df = stats.documentFrequency(term);
    if (df === 0) continue;
    const weight = 1 + Math.log(wtf);
    const i = idf(stats.documentCount, df);
    candidates.push({ term, weight, idf: i, tfidf: weight * i, keyword: need.keywordTerms.has(term) });
  }
  candidates.sort((a, b) => Number(b.keyword) - Number(a.keyword) || b.tfidf - a.tfidf || (a.term < b.term ? -1 : 1));
  return candidates
    .slice(0, Math.max(SCORING.maxQueryTerms, candidates.filter((c) => c.keyword).length))
    .map(({ term, weight, idf: i }) => ({ term, weight, idf: i }));
}
