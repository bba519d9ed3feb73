import type {
  CapabilityKind,
  CapabilityStatus,
  CooperationMode,
  District,
  NeedKind,
  NeedStatus,
} from '../../../common/domain/vocabulary.js';
import { analyze, isMeaningfulCharacter, normalizeText, withoutSourceLines } from '../../../common/text/analyzer.js';
import { referenceFrequencies } from '../../../common/text/reference-df.js';
import { idf, type QueryTerm } from './bm25.js';
import { SCORING } from './scoring-config.js';

/** Where a need's term came from: its title, its keywords, the sentence that asks, other text, or background. */
export type NeedField = 'title' | 'keyword' | 'ask' | 'desc' | 'background' | 'character';

/**
 * The characters of a Chinese word, which count a little beside it (jieba cuts one phrase differently in different
 * sentences: 枣树 should still meet 枣). They only add to the keyword score: a character never makes a pair's core,
 * its title match or its explanation, so 手 cannot pair 手电筒 with 机械手.
 */
function charactersOf(term: string): string[] {
  if (term.length < 2 || !/^\p{Script=Han}+$/u.test(term)) return [];
  return [...term].filter(isMeaningfulCharacter);
}

/** A term that may stand for something on its own: single Chinese characters (手, 辊) never do. */
export function isMatchingTerm(term: string): boolean {
  return !(term.length < 2 && /\p{Script=Han}/u.test(term));
}

// A sentence that asks (需要…, 解决…, 提高…) says what the need is about; one that presents the company
// (我公司主要生产…, 成立于…) is background, unless it also asks.
const ASKING =
  /需要|需求|希望|寻求|寻找|求购|解决|难题|问题|提高|提升|改进|改善|开发|研发|研制|实现|降低|减少|如何|怎样|要求|急需|征集|攻关|突破|设计/u;
const BACKGROUND =
  /我公司|本公司|我司|本企业|本厂|企业介绍|公司(成立|主要|位于|是|现有|拥有|始建)|主要(生产|从事|经营)|成立于|注册资本|员工|占地|年产值|销售额|高新技术企业|有限公司/u;
const SENTENCE = /(?<=[。！？；;!?\n])|(?=\s*\d+[、.．]\s*)/u;

/** The need's description as sentences, each with the field its terms count as. */
export function needSentences(
  description: string,
): Array<{ text: string; field: Exclude<NeedField, 'character' | 'title' | 'keyword'> }> {
  return description
    .split(SENTENCE)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((text) => {
      const asks = ASKING.test(text);
      const field = BACKGROUND.test(text) && !asks ? 'background' : asks ? 'ask' : 'desc';
      return { text, field };
    });
}

/**
 * A capability's terms: title and keywords weigh more than the description. A character standing alone counts in
 * the keyword score only, as the characters of words do (see `charactersOf`).
 */
export function capabilityTerms(fields: { title: string; description: string; keywords: readonly string[] }): {
  terms: Map<string, number>;
  titleTerms: string[];
} {
  const w = SCORING.fields;
  const terms = new Map<string, number>();
  const titleTerms = new Set<string>();
  const add = (list: string[], weight: number, title: boolean) => {
    for (const t of list) {
      if (!isMatchingTerm(t)) {
        // A character jieba leaves on its own (铌及其制品) counts in the keyword score, never as a term of its own.
        if (isMeaningfulCharacter(t)) terms.set(t, (terms.get(t) ?? 0) + weight * SCORING.standaloneCharacterWeight);
        continue;
      }
      terms.set(t, (terms.get(t) ?? 0) + weight);
      if (title) titleTerms.add(t);
      for (const ch of charactersOf(t)) terms.set(ch, (terms.get(ch) ?? 0) + weight * SCORING.characterWeight);
    }
  };
  add(analyze(fields.title), w.title, true);
  add(analyze(fields.description), w.description, false);
  for (const k of fields.keywords) add(analyze(k), w.keywords, true);
  return { terms, titleTerms: [...titleTerms] };
}

/**
 * A need's terms, each with the weight of the strongest place it appears in (title and keywords, then the
 * sentence that asks, other text, background), and that place.
 */
export function needTerms(fields: { title: string; description: string; keywords: readonly string[] }): {
  terms: Map<string, number>;
  termFields: Record<string, NeedField>;
  keywordTerms: Set<string>;
} {
  const w = SCORING.needFields;
  const terms = new Map<string, number>();
  const termFields: Record<string, NeedField> = {};
  const characters = new Map<string, number>();
  const add = (list: string[], field: Exclude<NeedField, 'character'>) => {
    for (const t of list) {
      if (!isMatchingTerm(t)) {
        // 世界铌的发展动态: a character standing alone counts in the keyword score, never as a term of its own.
        if (isMeaningfulCharacter(t)) {
          characters.set(t, Math.max(characters.get(t) ?? 0, w[field] * SCORING.standaloneCharacterWeight));
        }
        continue;
      }
      for (const ch of charactersOf(t)) {
        characters.set(ch, Math.max(characters.get(ch) ?? 0, w[field] * SCORING.characterWeight));
      }
      if ((terms.get(t) ?? 0) >= w[field]) continue;
      terms.set(t, w[field]);
      termFields[t] = field;
    }
  };
  add(analyze(fields.title), 'title');
  const keywordTerms = new Set<string>();
  for (const k of fields.keywords) {
    const ts = analyze(k).filter(isMatchingTerm);
    add(ts, 'keyword');
    for (const t of ts) keywordTerms.add(t);
  }
  for (const s of needSentences(withoutSourceLines(fields.description))) add(analyze(s.text), s.field);
  for (const [ch, weight] of characters) {
    if (terms.has(ch)) continue;
    terms.set(ch, weight);
    termFields[ch] = 'character';
  }
  return { terms, termFields, keywordTerms };
}

const normalized = (t: string) => normalizeText(withoutSourceLines(t)).replace(/[\s\p{P}\p{S}]+/gu, '');

const SKETCH_SIZE = 16;

/** FNV-1a of a string, with a seed: one of the sketch's hash functions. */
function fnv(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A MinHash sketch of a text's character n-grams: the share of equal positions in two sketches estimates how much of
 * their text two listings share (a listing posted twice, one copy with an extra line or a character lost, shares
 * nearly all of it).
 */
export function textSketch(text: string, n = 3): Uint32Array {
  const t = normalized(text);
  const sketch = new Uint32Array(SKETCH_SIZE).fill(0xffffffff);
  for (let i = 0; i + n <= Math.max(t.length, n); i++) {
    const gram = t.slice(i, i + n);
    for (let k = 0; k < SKETCH_SIZE; k++) {
      const h = fnv(gram, Math.imul(k + 1, 0x9e3779b1));
      if (h < sketch[k]) sketch[k] = h;
    }
  }
  return sketch;
}

const similarity = (a: Uint32Array, b: Uint32Array) => {
  let equal = 0;
  for (let k = 0; k < SKETCH_SIZE; k++) if (a[k] === b[k]) equal++;
  return equal / SKETCH_SIZE;
};

/** A title as compared for duplicates: normalised, without spaces and punctuation. */
export const titleKeyOf = (title: string): string => normalized(title);

/**
 * Two listings are the same listing when their titles are equal, or one is the other with at most two characters
 * lost (一种… and 种…; not digits or letters: 方案1 and 方案12 differ), and their texts share at least half of their character trigrams (estimated: the same patent
 * posted as two different excerpts of its abstract). Listings whose titles differ otherwise (方案 1 and 方案 2) are
 * different listings, however alike their texts.
 */
export function sameListing(
  a: Pick<CapabilityMeta, 'titleKey' | 'sketch'>,
  b: Pick<CapabilityMeta, 'titleKey' | 'sketch'>,
): boolean {
  // Compared for every pair of a need's candidates: cheap tests first, nothing allocated until titles nearly agree.
  if (Math.abs(a.titleKey.length - b.titleKey.length) > 2) return false;
  const short = a.titleKey.length <= b.titleKey.length ? a.titleKey : b.titleKey;
  const long = short === a.titleKey ? b.titleKey : a.titleKey;
  const at = short ? long.indexOf(short) : -1;
  if (at < 0) return false;
  // What one title has more must not be a number or a code: 方案1 and 方案12 are two listings, 一种… and 种… one.
  if (/[0-9a-z]/.test(long.slice(0, at) + long.slice(at + short.length))) return false;
  return similarity(a.sketch, b.sketch) >= 0.5;
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
  title: string;
  /** Terms of its title and keywords (what it is), for field-aware scoring. */
  titleTerms: string[];
  /** The title as compared and a sketch of the text: the same listing posted twice is suggested once (另有 N 项相同成果). */
  titleKey: string;
  sketch: Uint32Array;
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
    title: c.title,
    ...(({ terms, titleTerms }) => ({ terms, titleTerms }))(capabilityTerms(c)),
    titleKey: titleKeyOf(c.title),
    sketch: textSketch(c.description),
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
  title: string;
  /** Each term's weight in the need's query (see needTerms). */
  terms: Map<string, number>;
  termFields: Record<string, NeedField>;
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
  const { terms, termFields, keywordTerms } = needTerms(n);
  return {
    id: n.id,
    version: n.version,
    organizationId: n.organizationId,
    kind: n.kind,
    status: n.status,
    sectors: [...n.sectors],
    cooperationModes: [...n.cooperationModes],
    district: n.district,
    title: n.title,
    terms,
    termFields,
    keywordTerms,
  };
}

export interface CatalogueStats {
  documentCount: number;
  documentFrequency: (term: string) => number;
}

/** The IDF of a term against the catalogue blended with the reference frequencies. */
export function blendedIdf(term: string, stats: CatalogueStats): number {
  const ref = referenceFrequencies();
  return idf(stats.documentCount + ref.documents, stats.documentFrequency(term) + ref.frequency(term));
}

/** The need's title and keyword terms known to the catalogue or the reference corpus, with their blended IDF. */
export function titleTermsOf(
  need: Pick<NeedProfile, 'terms' | 'termFields' | 'keywordTerms'>,
  stats: CatalogueStats,
): Array<{ term: string; idf: number; keyword: boolean }> {
  const ref = referenceFrequencies();
  return (
    [...need.terms.keys()]
      .filter((t) => need.termFields[t] === 'title' || need.termFields[t] === 'keyword')
      // A term neither the catalogue nor the reference corpus has ever held is more likely a segmentation accident
      // (虢国考, 高氟对) than the need's concept.
      .filter((t) => stats.documentFrequency(t) + ref.frequency(t) > 0)
      .map((term) => ({ term, idf: blendedIdf(term, stats), keyword: need.keywordTerms.has(term) }))
  );
}

/**
 * A need's query: its terms ranked by weight × IDF, the user's keywords always kept, at most `maxQueryTerms`. The IDF
 * blends the live catalogue's document frequencies with reference ones (reference-df.ts), so that a young catalogue
 * already knows generic words from specific ones. Terms no capability holds are left out (they could only dilute).
 */
export function buildQuery(
  need: Pick<NeedProfile, 'terms' | 'keywordTerms' | 'termFields'>,
  stats: CatalogueStats,
): QueryTerm[] {
  const candidates: Array<QueryTerm & { tfidf: number; keyword: boolean }> = [];
  for (const [term, weight] of need.terms) {
    if (stats.documentFrequency(term) === 0) continue;
    const i = blendedIdf(term, stats);
    const field = need.termFields[term] ?? 'desc';
    candidates.push({ term, weight, idf: i, field, tfidf: weight * i, keyword: need.keywordTerms.has(term) });
  }
  candidates.sort((a, b) => Number(b.keyword) - Number(a.keyword) || b.tfidf - a.tfidf || (a.term < b.term ? -1 : 1));
  return candidates
    .slice(0, Math.max(SCORING.maxQueryTerms, candidates.filter((c) => c.keyword).length))
    .map(({ term, weight, idf: i, field }) => ({ term, weight, idf: i, field }));
}
