// Shapes of the public API (PRODUCT.md), as the console uses them.

export type Role = 'member' | 'coordinator' | 'admin';
export type OrganizationKind =
  'enterprise' | 'university' | 'research_institute' | 'lab' | 'government' | 'intermediary' | 'investor';
export type MatchStatus =
  'suggested' | 'approved' | 'rejected' | 'introduced' | 'negotiating' | 'contracted' | 'closed_no_deal';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Contact {
  person: string | null;
  phone: string | null;
  email: string | null;
}

export interface Organization {
  id: string;
  kind: OrganizationKind;
  name: string;
  creditCode: string | null;
  district: string;
  contact: Contact;
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  organizationId: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Me {
  user: User;
  organization: Organization;
}

export interface TaxonomyCode {
  code: string;
  parent: string | null;
  nameZh: string;
  nameEn: string | null;
}

export interface Taxonomy {
  scheme: string;
  name: string;
  source: string | null;
  codes: TaxonomyCode[];
}

export interface TaxonomySummary {
  scheme: string;
  name: string;
  source: string | null;
  codeCount: number;
  updatedAt: string;
}

export interface Need {
  id: string;
  organizationId: string;
  organizationName: string;
  kind: string;
  title: string;
  description: string;
  sectors: string[];
  keywords: string[];
  cooperationModes: string[];
  budget: { min: number | null; max: number | null };
  deadline: string | null;
  district: string;
  visibility: 'public' | 'restricted';
  status: 'open' | 'paused' | 'closed';
  createdAt: string;
  updatedAt: string;
}

export interface Capability {
  id: string;
  organizationId: string;
  organizationName: string;
  kind: string;
  title: string;
  description: string;
  sectors: string[];
  keywords: string[];
  trl: number | null;
  ipStatus: string | null;
  cooperationModes: string[];
  district: string;
  maxActiveIntroductions: number | null;
  status: 'active' | 'withdrawn';
  createdAt: string;
  updatedAt: string;
}

/**
 * One side of a match. A restricted need seen from the capability side before the introduction is a placeholder:
 * empty description, sectors and keywords, and null district and organisation.
 */
export interface ListingSummary {
  id: string;
  /** Null, like status, for a restricted need the caller may not see yet. */
  kind: string | null;
  title: string;
  description: string;
  sectors: string[];
  keywords: string[];
  district: string | null;
  organizationId: string | null;
  organizationName: string | null;
  status: string | null;
}

export interface Factor {
  value: number;
  reason: string;
}

export type Band = 'high' | 'medium' | 'low';
export type RejectReason = 'not_relevant' | 'stage_mismatch' | 'unclear_need' | 'already_cooperating' | 'other';

export interface Bilingual {
  zh: string;
  en: string;
}

/** One feature's part in the ranker's verdict (positive pushes the pair up). */
export interface Contribution {
  feature: string;
  labelZh?: string;
  labelEn?: string;
  value: number;
  contribution: number;
}

/** What a band has meant, measured on judged pairs: the share worth introducing (strict) or at least related. */
export interface BandPrecision {
  strict: number;
  lenient?: number;
  pairs?: number;
}

/**
 * How a score was made. Matches scored before bands (issue 11) have only the keyword, sector and factor parts; the
 * others are optional.
 */
export interface Explanation {
  algorithmVersion: string;
  score: number;
  /** One sentence: why this pair, and why not higher. */
  summary?: Bilingual;
  band?: Band;
  /** The band's measured meaning, when the engine records it. */
  bandPrecision?: BandPrecision;
  ranker?: {
    version: string;
    probability: number;
    features?: Record<string, number>;
    contributions?: Contribution[];
    bandPrecision?: BandPrecision;
  };
  /** Vocabulary bridges between the need's and the capability's terms (电解液 ↔ 锂电池). */
  associations?: Array<{ needTerm: string; capabilityTerm: string; strength: number }>;
  /** Identical listings collapsed into this one. */
  duplicates?: { count: number; capabilityIds: string[] };
  keyword: { score: number; weight: number; terms: Array<{ term: string; weight: number; contribution: number }> };
  sector: {
    score: number | null;
    weight: number;
    factor: number;
    matched: Array<{ need: string; capability: string; relation: string; credit: number; inferred?: boolean }>;
    inferred: Array<{ ref: string; confidence: number }>;
  };
  factors: Record<string, Factor>;
}

/** A match as coordinators see it (the review queue): always explained. */
export interface Match {
  id: string;
  needId: string;
  capabilityId: string;
  score: number;
  rank: number;
  status: MatchStatus;
  /** Null on matches from before bands, and for the capability side of a restricted need before the introduction. */
  band?: Band | null;
  rejectReason?: RejectReason | null;
  explanation: Explanation;
  algorithmVersion: string;
  version: number;
  need: ListingSummary;
  capability: ListingSummary;
  counterpart?: { organizationName: string | null; contact: Contact | null };
  reviewedAt: string | null;
  capacity?: { max: number | null; active: number; full: boolean };
  introducedAt?: string | null;
  contract?: { mode: string; amountCny: number; signedOn: string; registrationNo: string | null } | null;
  closeReason?: string | null;
  closeNote?: string | null;
  closedAt?: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * A match as anyone may see it (GET /matches/:id, a listing's matches): for the capability side of a restricted
 * need before the introduction, no explanation and a placeholder need.
 */
export type MatchView = Omit<Match, 'explanation'> & { explanation: Explanation | null };

/** Where a need's matching stands (GET /needs/:id/matches). */
export interface NeedRanking {
  state: 'pending' | 'no_suitable_match' | 'suggested';
  rankedAt: string | null;
  suggestions: number;
  nearMisses: number;
  catalogueChangedAt: string | null;
}

export interface NeedMatches {
  items: MatchView[];
  /** Absent from servers before issue 11. */
  ranking?: NeedRanking;
}

export interface NearMiss {
  capabilityId: string;
  title: string;
  kind: string;
  organizationName: string;
  score: number;
  summary: Bilingual;
}

export interface InboxItem {
  id: string;
  type: string;
  title: string;
  body: string;
  matchId: string | null;
  needId: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface HistoryItem {
  at: string;
  actor: { id: string; name: string; role: string } | null;
  from: MatchStatus | null;
  to: MatchStatus;
  note: string | null;
  rejectReason?: RejectReason | null;
  kind?: 'status' | 'note';
  /** Whether the parties read the note; a coordinator's unshared note reaches them as null. */
  shared?: boolean;
}

/** A background job that did not finish (GET /admin/jobs). */
export type JobState = 'failed' | 'retrying' | 'pending';
export interface BackgroundJob {
  jobId: string;
  queue: string;
  name: string;
  state: JobState;
  error: string | null;
  redrives: number;
  data: Record<string, unknown>;
  createdAt: string;
  failedAt: string | null;
}

export type RankerModelStatus = 'active' | 'retired' | 'rejected' | 'candidate';
export interface HeldOutFigures {
  logLoss: number;
  auc: number;
  precisionAboveFloor: number | null;
  aboveFloor: number;
}
export interface DecisionTally {
  decisions: number;
  approvals: number;
  rejections: number;
  needs: number;
}
export interface RankerModelVersion {
  version: string;
  status: RankerModelStatus;
  base: string;
  activatable: boolean;
  decisions: number;
  /** A learned model's held-out comparison; a shipped one's `{ shipped: true, judged }`. */
  metrics: {
    shipped?: boolean;
    heldOut?: DecisionTally;
    training?: DecisionTally;
    candidate?: HeldOutFigures;
    current?: HeldOutFigures & { version: string };
    aucGainConfidence?: number;
    verdict?: string;
  };
  note: string | null;
  createdAt: string;
  activatedAt: string | null;
  activatedBy: { id: string; name: string } | null;
}
export interface RankerDecisionCounts {
  approvals: number;
  rejections: number;
  alreadyCooperating: number;
  minDecisions: number;
  minPerClass: number;
}
