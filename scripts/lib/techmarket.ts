// How the technology market's listings become the service's: one mapping, shared by the demo (which seeds them) and
// the eval (which measures the matcher on them), so both see the same catalogue.
import {
  ATTRIBUTION,
  cooperationModes,
  industrySectors,
  trlOf,
  usableKeywords,
  type TechmarketAchievement,
  type TechmarketNeed,
} from './datasets.js';

export type SectorCodes = ReadonlyArray<{ code: string; parent: string | null; nameZh: string }>;

/** An achievement as a capability (`POST /capabilities` body), attributed, its sectors from GB/T 4754-2017 codes. */
export function techmarketCapability(a: TechmarketAchievement, gb: SectorCodes, organizationId: string) {
  const patent = a.ipType.includes('专利');
  return {
    organizationId,
    kind: patent ? 'patent' : 'achievement',
    title: a.title.slice(0, 200),
    description: `${a.description || a.title}\n\n${ATTRIBUTION.techmarket}`,
    sectors: industrySectors(a.industry, gb),
    keywords: usableKeywords(a.field.split('-').filter((x) => x && x !== '其他')),
    trl: trlOf(a.maturity),
    ipStatus: patent ? 'patent_granted' : 'trade_secret',
    cooperationModes: cooperationModes(a.cooperation),
  };
}

/**
 * A need's words as the enterprise published them: the title (the description's start when it has none) and the
 * description (the title when it has none). Null for the one listing with neither.
 */
export function techmarketNeedText(n: TechmarketNeed): { title: string; description: string } | null {
  if (!(n.title || n.description).trim()) return null;
  return { title: (n.title || n.description).trim().slice(0, 60), description: n.description || n.title };
}
